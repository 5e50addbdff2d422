//===- TensorImporter.cpp - ONNX tensors and types to MLIR ----------------===//

#include "TensorImporter.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/AsmState.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/Diagnostics.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/Endian.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/MemoryBuffer.h"
#include "llvm/Support/Path.h"

#include <cstring>

using namespace mlir;

namespace onnxc::importer {

/// Resource blobs are aligned for the widest vector loads the backends emit.
static constexpr size_t kBlobAlignment = 64;

StringRef getDataTypeName(int64_t dataType) {
  // ONNX TensorProto.DataType (onnx.proto), including types newer than the
  // protobuf headers onnxc builds against.
  static constexpr StringLiteral names[] = {
      "UNDEFINED",   "FLOAT",          "UINT8",      "INT8",
      "UINT16",      "INT16",          "INT32",      "INT64",
      "STRING",      "BOOL",           "FLOAT16",    "DOUBLE",
      "UINT32",      "UINT64",         "COMPLEX64",  "COMPLEX128",
      "BFLOAT16",    "FLOAT8E4M3FN",   "FLOAT8E4M3FNUZ", "FLOAT8E5M2",
      "FLOAT8E5M2FNUZ", "UINT4",       "INT4",       "FLOAT4E2M1"};
  if (dataType < 0 || dataType >= static_cast<int>(std::size(names)))
    return "an unknown data type";
  return names[dataType];
}

TensorImporter::TensorImporter(MLIRContext *context, StringRef modelPath,
                               const ImportOptions &options)
    : context(context), options(options) {
  StringRef directory = llvm::sys::path::parent_path(modelPath);
  modelDirectory = directory.empty() ? "." : directory.str();
}

//===----------------------------------------------------------------------===//
// Typed value fields
//===----------------------------------------------------------------------===//

namespace {
/// Where a tensor without raw_data keeps its values. ONNX TensorProto: bool,
/// 8/16-bit integers and 16-bit floats (as bit patterns) travel in
/// int32_data; uint32 and uint64 in uint64_data.
enum class TypedField { Float, Double, Int32, Int64, UInt64 };

struct TypedFieldInfo {
  TypedField field;
  StringLiteral name;
};
} // namespace

static std::optional<TypedFieldInfo> getTypedField(int dataType) {
  using TP = ::onnx::TensorProto;
  switch (dataType) {
  case TP::FLOAT:
    return TypedFieldInfo{TypedField::Float, "float_data"};
  case TP::DOUBLE:
    return TypedFieldInfo{TypedField::Double, "double_data"};
  case TP::INT64:
    return TypedFieldInfo{TypedField::Int64, "int64_data"};
  case TP::UINT32:
  case TP::UINT64:
    return TypedFieldInfo{TypedField::UInt64, "uint64_data"};
  case TP::INT32:
  case TP::INT16:
  case TP::INT8:
  case TP::UINT16:
  case TP::UINT8:
  case TP::BOOL:
  case TP::FLOAT16:
  case TP::BFLOAT16:
    return TypedFieldInfo{TypedField::Int32, "int32_data"};
  default:
    return std::nullopt;
  }
}

static int getTypedFieldSize(const ::onnx::TensorProto &tensor,
                             TypedField field) {
  switch (field) {
  case TypedField::Float:
    return tensor.float_data_size();
  case TypedField::Double:
    return tensor.double_data_size();
  case TypedField::Int32:
    return tensor.int32_data_size();
  case TypedField::Int64:
    return tensor.int64_data_size();
  case TypedField::UInt64:
    return tensor.uint64_data_size();
  }
  return 0;
}

/// Stores each of `values` as a little-endian `T`, truncating as ONNX's
/// packing of narrow types into wider fields requires.
template <typename T, typename Values>
static void appendAs(const Values &values, std::vector<char> &bytes) {
  size_t offset = bytes.size();
  bytes.resize(offset + values.size() * sizeof(T));
  for (auto value : values) {
    T converted = static_cast<T>(value);
    std::memcpy(bytes.data() + offset, &converted, sizeof(T));
    offset += sizeof(T);
  }
}

static void readTypedField(const ::onnx::TensorProto &tensor, int dataType,
                           std::vector<char> &bytes) {
  using TP = ::onnx::TensorProto;
  switch (dataType) {
  case TP::FLOAT:
    return appendAs<float>(tensor.float_data(), bytes);
  case TP::DOUBLE:
    return appendAs<double>(tensor.double_data(), bytes);
  case TP::INT64:
    return appendAs<int64_t>(tensor.int64_data(), bytes);
  case TP::UINT32:
    return appendAs<uint32_t>(tensor.uint64_data(), bytes);
  case TP::UINT64:
    return appendAs<uint64_t>(tensor.uint64_data(), bytes);
  case TP::INT32:
    return appendAs<int32_t>(tensor.int32_data(), bytes);
  case TP::INT16:
    return appendAs<int16_t>(tensor.int32_data(), bytes);
  case TP::INT8:
    return appendAs<int8_t>(tensor.int32_data(), bytes);
  case TP::UINT16:
  case TP::FLOAT16:
  case TP::BFLOAT16:
    return appendAs<uint16_t>(tensor.int32_data(), bytes);
  case TP::UINT8:
    return appendAs<uint8_t>(tensor.int32_data(), bytes);
  case TP::BOOL:
    for (int32_t value : tensor.int32_data())
      bytes.push_back(value != 0);
    return;
  default:
    return;
  }
}

//===----------------------------------------------------------------------===//
// External data
//===----------------------------------------------------------------------===//

/// ONNX external data: `location` is a path relative to the model's
/// directory. Absolute paths and `..` are refused outright, and the resolved
/// path (symlinks followed) must still lie inside that directory, so a model
/// cannot make the compiler read arbitrary files.
LogicalResult TensorImporter::readExternalData(
    const ::onnx::TensorProto &tensor, Location loc, StringRef what,
    uint64_t expectedBytes, std::unique_ptr<llvm::MemoryBuffer> &data) {
  namespace fs = llvm::sys::fs;
  namespace path = llvm::sys::path;
  std::string location;
  uint64_t offset = 0;
  std::optional<uint64_t> length;
  for (const ::onnx::StringStringEntryProto &entry : tensor.external_data()) {
    StringRef key = entry.key(), value = entry.value();
    if (key == "location") {
      location = value.str();
    } else if (key == "offset" || key == "length") {
      uint64_t number;
      if (value.getAsInteger(10, number))
        return emitError(loc) << what << " has external data '" << key
                              << "' = '" << value
                              << "', which is not a non-negative integer";
      if (key == "offset")
        offset = number;
      else
        length = number;
    }
  }
  if (location.empty())
    return emitError(loc) << what << " has external data without a 'location'";
  if (path::is_absolute(location, path::Style::posix) ||
      path::is_absolute(location, path::Style::windows) ||
      StringRef(location).starts_with("\\"))
    return emitError(loc) << what << " has external data at the absolute path '"
                          << location
                          << "'; locations must be relative to the model's "
                             "directory";
  // Windows style splits at both '/' and '\', so '..' hides behind neither.
  for (StringRef component : llvm::make_range(
           path::begin(location, path::Style::windows), path::end(location)))
    if (component == "..")
      return emitError(loc) << what << " has external data at '" << location
                            << "', which contains '..'; locations must stay "
                               "inside the model's directory";

  SmallString<256> realDirectory, realFile, joined(modelDirectory);
  path::append(joined, location);
  if (std::error_code ec = fs::real_path(modelDirectory, realDirectory))
    return emitError(loc) << "cannot resolve the model's directory '"
                          << modelDirectory << "' to read " << what
                          << "'s external data: " << ec.message();
  if (std::error_code ec = fs::real_path(joined, realFile))
    return emitError(loc) << "cannot open external data file '" << location
                          << "' of " << what << ": " << ec.message();
  SmallString<256> prefix(realDirectory);
  if (!path::is_separator(prefix.back()))
    prefix.push_back(path::get_separator().front());
  if (!StringRef(realFile).starts_with(prefix))
    return emitError(loc) << what << " has external data at '" << location
                          << "', which resolves to '" << realFile
                          << "' outside the model's directory";
  if (!fs::is_regular_file(realFile))
    return emitError(loc) << "external data file '" << location << "' of "
                          << what << " is not a regular file";
  uint64_t fileSize;
  if (std::error_code ec = fs::file_size(realFile, fileSize))
    return emitError(loc) << "cannot read the size of external data file '"
                          << location << "': " << ec.message();
  if (offset > fileSize)
    return emitError(loc) << what << " has external data at offset " << offset
                          << ", past the end of '" << location << "' ("
                          << fileSize << " bytes)";
  uint64_t available = fileSize - offset;
  if (length && *length > available)
    return emitError(loc) << what << " has external data of " << *length
                          << " bytes at offset " << offset
                          << ", past the end of '" << location << "' ("
                          << fileSize << " bytes)";
  uint64_t size = length.value_or(available);
  if (size != expectedBytes)
    return emitError(loc) << what << " has " << size
                          << " bytes of external data, but its shape and data "
                             "type need "
                          << expectedBytes;
  auto buffer = llvm::MemoryBuffer::getFileSlice(realFile, size, offset);
  if (!buffer)
    return emitError(loc) << "cannot read external data file '" << location
                          << "' of " << what << ": "
                          << buffer.getError().message();
  data = std::move(*buffer);
  return success();
}

//===----------------------------------------------------------------------===//
// Tensors
//===----------------------------------------------------------------------===//

ElementsAttr TensorImporter::createElementsAttr(ShapedType type,
                                                ArrayRef<char> bytes,
                                                StringRef blobName) {
  // ONNX stores a bool in one byte; any nonzero byte is true.
  SmallVector<char> boolBytes;
  if (type.getElementType().isInteger(1)) {
    boolBytes.reserve(bytes.size());
    for (char byte : bytes)
      boolBytes.push_back(byte != 0);
    bytes = boolBytes;
  }
  if (type.getNumElements() > options.inlineConstantLimit) {
    AsmResourceBlob blob =
        HeapAsmResourceBlob::allocateAndCopyWithAlign(bytes, kBlobAlignment);
    return DenseResourceElementsAttr::get(
        type, blobName.empty() ? StringRef("constant") : blobName,
        std::move(blob));
  }
  if (type.getElementType().isInteger(1)) {
    SmallVector<bool> values(bytes.begin(), bytes.end());
    return DenseElementsAttr::get(type, ArrayRef<bool>(values));
  }
  return DenseElementsAttr::getFromRawBuffer(type, bytes);
}

FailureOr<ElementsAttr>
TensorImporter::importTensor(const ::onnx::TensorProto &tensor, Location loc,
                             StringRef what, StringRef blobName) {
  if constexpr (llvm::endianness::native != llvm::endianness::little)
    return emitError(loc) << "onnxc reads ONNX tensor data only on "
                             "little-endian hosts";
  int dataType = tensor.data_type();
  Type elementType = onnx::getElementTypeForONNXDataType(context, dataType);
  if (!elementType)
    return emitError(loc) << what << " has data type "
                          << getDataTypeName(dataType) << " (" << dataType
                          << "), which onnxc does not support";
  if (tensor.has_segment())
    return emitError(loc) << what
                          << " is segmented, which onnxc does not support";

  SmallVector<int64_t> shape;
  int64_t numElements = 1;
  for (int64_t dim : tensor.dims()) {
    if (dim < 0)
      return emitError(loc) << what << " has a negative dimension (" << dim
                            << ")";
    if (llvm::MulOverflow(numElements, dim, numElements))
      return emitError(loc) << what << " has more elements than fit in 64 bits";
    shape.push_back(dim);
  }
  int64_t elementBytes = (elementType.getIntOrFloatBitWidth() + 7) / 8;
  int64_t byteCount;
  if (llvm::MulOverflow(numElements, elementBytes, byteCount))
    return emitError(loc) << what << " has more bytes than fit in 64 bits";
  auto type = RankedTensorType::get(shape, elementType);
  if (std::string error; failed(onnx::checkTensorTypeLimits(type, error)))
    return emitError(loc) << what << " " << error;

  if (tensor.data_location() == ::onnx::TensorProto::EXTERNAL) {
    std::unique_ptr<llvm::MemoryBuffer> data;
    if (failed(readExternalData(tensor, loc, what, byteCount, data)))
      return failure();
    return createElementsAttr(
        type, ArrayRef<char>(data->getBufferStart(), data->getBufferSize()),
        blobName);
  }

  if (tensor.has_raw_data()) {
    const std::string &raw = tensor.raw_data();
    if (static_cast<uint64_t>(raw.size()) != static_cast<uint64_t>(byteCount))
      return emitError(loc) << what << " has " << raw.size()
                            << " bytes of raw_data, but " << numElements
                            << " elements of " << getDataTypeName(dataType)
                            << " need " << byteCount;
    return createElementsAttr(type, ArrayRef<char>(raw.data(), raw.size()),
                              blobName);
  }

  std::optional<TypedFieldInfo> field = getTypedField(dataType);
  if (!field)
    return emitError(loc) << what << " has data type "
                          << getDataTypeName(dataType)
                          << ", which onnxc cannot read without raw_data";
  int count = getTypedFieldSize(tensor, field->field);
  if (count != numElements)
    return emitError(loc) << what << " has " << count << " values in "
                          << field->name << ", but its shape has "
                          << numElements << " elements";
  std::vector<char> bytes;
  bytes.reserve(byteCount);
  readTypedField(tensor, dataType, bytes);
  return createElementsAttr(type, bytes, blobName);
}

//===----------------------------------------------------------------------===//
// Types
//===----------------------------------------------------------------------===//

FailureOr<TensorType>
importTensorType(MLIRContext *context, const ::onnx::TypeProto &type,
                 Location loc, StringRef what,
                 SmallVectorImpl<std::string> &dimParams) {
  if (!type.has_tensor_type())
    return emitError(loc) << what
                          << " is not a dense tensor (sequence, map, optional "
                             "and sparse values are not supported)";
  const ::onnx::TypeProto::Tensor &tensorType = type.tensor_type();
  int dataType = tensorType.elem_type();
  Type elementType = onnx::getElementTypeForONNXDataType(context, dataType);
  if (!elementType)
    return emitError(loc) << what << " has element type "
                          << getDataTypeName(dataType) << " (" << dataType
                          << "), which onnxc does not support";
  dimParams.clear();
  if (!tensorType.has_shape())
    return TensorType(UnrankedTensorType::get(elementType));
  SmallVector<int64_t> shape;
  for (const auto &dim : tensorType.shape().dim()) {
    if (dim.has_dim_value()) {
      if (dim.dim_value() < 0)
        return emitError(loc) << what << " has a negative dimension ("
                              << dim.dim_value() << ")";
      shape.push_back(dim.dim_value());
      dimParams.push_back("");
      continue;
    }
    shape.push_back(ShapedType::kDynamic);
    dimParams.push_back(dim.has_dim_param() ? dim.dim_param() : "");
  }
  auto ranked = RankedTensorType::get(shape, elementType);
  if (std::string error; failed(onnx::checkTensorTypeLimits(ranked, error)))
    return emitError(loc) << what << " " << error;
  return TensorType(ranked);
}

} // namespace onnxc::importer
