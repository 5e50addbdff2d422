//===- Options.h - What a compilation produces and how ----------*- C++ -*-===//

#ifndef ONNXC_COMPILER_OPTIONS_H
#define ONNXC_COMPILER_OPTIONS_H

#include "mlir/Support/LLVM.h"
#include "llvm/ADT/StringRef.h"
#include "llvm/Support/LogicalResult.h"

#include <functional>
#include <optional>
#include <string>

namespace mlir {
class PassManager;
class TimingScope;
} // namespace mlir

namespace onnxc {

/// The stage after which `onnxc --emit=` stops, in pipeline order.
enum class EmitKind {
  ONNX,        ///< onnx dialect after shape inference
  Linalg,      ///< linalg/tensor/arith on tensors
  LLVMDialect, ///< MLIR LLVM dialect, with the model's entry point
  LLVMIR,      ///< LLVM IR after LLVM's optimisations
  Assembly,    ///< target assembly
  Object,      ///< relocatable object for static linking
  SharedObject, ///< shared object for onnxc_model_load()
  /// C header declaring the entry points of an object built with the same
  /// symbol prefix, with the model's signature as constants (needs only the
  /// onnx phase).
  Header
};

/// Parses an --emit value; nullopt when unknown.
std::optional<EmitKind> parseEmitKind(llvm::StringRef name);
/// The name --emit uses for `kind`.
llvm::StringRef getEmitKindName(EmitKind kind);

struct CompileOptions {
  EmitKind emit = EmitKind::SharedObject;
  /// LLVM target triple; empty means the host.
  std::string targetTriple;
  /// CPU name (`-mcpu`); empty means the host CPU when compiling for the
  /// host, else the triple's generic CPU.
  std::string cpu;
  /// Extra target features (`+avx2,-fma`), added to the CPU's.
  std::string features;
  /// 0..3, as -O.
  unsigned optLevel = 3;
  /// Prefix of exported symbols; a C identifier (see makeSymbolPrefix).
  std::string symbolPrefix = "model";
  /// Print each stage with its wall time.
  bool verbose = false;
  /// For tests: when positive, tile linalg ops into scf.forall loops of this
  /// many iterations before bufferization (onnx-test-parallel-tiling), so
  /// that real models have parallel loops.
  int64_t testParallelTiles = 0;
  /// Called on every pass manager before it runs, e.g. to apply MLIR's
  /// command-line options for IR printing, statistics or crash reproducers.
  /// A failure stops the compilation.
  std::function<mlir::LogicalResult(mlir::PassManager &)> configurePassManager;
  /// When set, each stage is timed in a scope nested under this one, and
  /// each pass within its phase (`--mlir-timing`).
  mlir::TimingScope *timing = nullptr;
};

/// A C identifier derived from `name` (e.g. a model file's stem): other
/// characters become '_', and a leading digit gets a '_' before it.
std::string makeSymbolPrefix(llvm::StringRef name);

} // namespace onnxc

#endif // ONNXC_COMPILER_OPTIONS_H
