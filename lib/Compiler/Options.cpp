//===- Options.cpp - What a compilation produces and how ------------------===//

#include "onnxc/Compiler/Options.h"

#include "llvm/ADT/StringExtras.h"
#include "llvm/ADT/StringSwitch.h"

namespace onnxc {

std::optional<EmitKind> parseEmitKind(llvm::StringRef name) {
  return llvm::StringSwitch<std::optional<EmitKind>>(name)
      .Case("onnx", EmitKind::ONNX)
      .Case("linalg", EmitKind::Linalg)
      .Case("llvm-dialect", EmitKind::LLVMDialect)
      .Case("llvm-ir", EmitKind::LLVMIR)
      .Case("asm", EmitKind::Assembly)
      .Case("obj", EmitKind::Object)
      .Case("so", EmitKind::SharedObject)
      .Case("header", EmitKind::Header)
      .Default(std::nullopt);
}

llvm::StringRef getEmitKindName(EmitKind kind) {
  switch (kind) {
  case EmitKind::ONNX: return "onnx";
  case EmitKind::Linalg: return "linalg";
  case EmitKind::LLVMDialect: return "llvm-dialect";
  case EmitKind::LLVMIR: return "llvm-ir";
  case EmitKind::Assembly: return "asm";
  case EmitKind::Object: return "obj";
  case EmitKind::SharedObject: return "so";
  case EmitKind::Header: return "header";
  }
  return "so";
}

std::string makeSymbolPrefix(llvm::StringRef name) {
  std::string prefix;
  for (char c : name)
    prefix += llvm::isAlnum(c) ? c : '_';
  if (prefix.empty() || llvm::isDigit(prefix[0]))
    prefix.insert(prefix.begin(), '_');
  return prefix;
}

} // namespace onnxc
