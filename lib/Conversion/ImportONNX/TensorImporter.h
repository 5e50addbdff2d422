//===- TensorImporter.h - ONNX tensors and types to MLIR --------*- C++ -*-===//
//
// Converts TensorProto data (inline, typed fields or external files) into
// elements attributes and TypeProto into tensor types. Everything a model
// can get wrong here is reported at the location given by the caller.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_LIB_CONVERSION_IMPORTONNX_TENSORIMPORTER_H
#define ONNXC_LIB_CONVERSION_IMPORTONNX_TENSORIMPORTER_H

#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "mlir/IR/BuiltinAttributeInterfaces.h"
#include "mlir/IR/BuiltinTypes.h"
#include "mlir/IR/Location.h"
#include "llvm/ADT/SmallVector.h"
#include "llvm/Support/MemoryBuffer.h"

#include <onnx/onnx_pb.h>

#include <memory>
#include <string>

namespace onnxc::importer {

class TensorImporter {
public:
  /// `modelPath` anchors external data: locations are resolved relative to
  /// its directory and may not leave it.
  TensorImporter(mlir::MLIRContext *context, llvm::StringRef modelPath,
                 const ImportOptions &options);

  /// The value of `tensor`. `what` names it in diagnostics ("initializer
  /// 'w'"); `blobName` names the resource blob when the value is large.
  mlir::FailureOr<mlir::ElementsAttr>
  importTensor(const ::onnx::TensorProto &tensor, mlir::Location loc,
               llvm::StringRef what, llvm::StringRef blobName);

  /// An elements attribute of `type` holding `bytes` (little-endian, one byte
  /// per bool): a dense_resource blob above the inline limit.
  mlir::ElementsAttr createElementsAttr(mlir::ShapedType type,
                                        llvm::ArrayRef<char> bytes,
                                        llvm::StringRef blobName);

private:
  mlir::LogicalResult
  readExternalData(const ::onnx::TensorProto &tensor, mlir::Location loc,
                   llvm::StringRef what, uint64_t expectedBytes,
                   std::unique_ptr<llvm::MemoryBuffer> &data);

  mlir::MLIRContext *context;
  std::string modelDirectory;
  const ImportOptions &options;
};

/// The tensor type a TypeProto describes: dim_value gives a static size,
/// dim_param or nothing a dynamic one, and a missing shape an unranked
/// tensor. `dimParams` receives each dimension's dim_param ("" when none).
/// Non-tensor and unsupported element types are reported naming `what`.
mlir::FailureOr<mlir::TensorType>
importTensorType(mlir::MLIRContext *context, const ::onnx::TypeProto &type,
                 mlir::Location loc, llvm::StringRef what,
                 llvm::SmallVectorImpl<std::string> &dimParams);

/// The name of an ONNX TensorProto.DataType, for diagnostics.
llvm::StringRef getDataTypeName(int64_t dataType);

} // namespace onnxc::importer

#endif // ONNXC_LIB_CONVERSION_IMPORTONNX_TENSORIMPORTER_H
