//===- ModelHeader.h - The C header of a statically linked model -*- C++ -*-===//
//
// `onnxc --emit=header` writes, for an object built with `--emit=obj` and the
// same symbol prefix, a C header (C99 and C++) that declares the object's
// exported functions and states the model's signature as constants, so that
// an application can link several models and check buffer sizes at compile
// time. docs/user-guide.md shows one.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_COMPILER_MODELHEADER_H
#define ONNXC_COMPILER_MODELHEADER_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/raw_ostream.h"

#include <string>

namespace onnxc {

/// Writes the header for the model whose text signature (ModelABI.h) is
/// `signature` and whose exported symbols start with `prefix`, a C
/// identifier. Fails, with a message in `error`, on a malformed signature.
mlir::LogicalResult writeModelHeader(llvm::StringRef signature,
                                     llvm::StringRef prefix,
                                     llvm::raw_ostream &os, std::string &error);

} // namespace onnxc

#endif // ONNXC_COMPILER_MODELHEADER_H
