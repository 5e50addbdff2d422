//===- TensorProto.cpp - ONNX TensorProto files ---------------------------===//
//
// ONNX stores tensor data either in raw_data (little-endian bytes) or in one
// typed repeated field chosen by data_type (onnx.proto, TensorProto):
// int32_data also carries int8, uint8, int16, uint16, bool, float16 and
// bfloat16 (the latter two as their 16-bit patterns), uint64_data carries
// uint32 and uint64.
//
//===----------------------------------------------------------------------===//
#include "Status.h"

// onnx_pb.h defines ONNX_API and then includes onnx-ml.pb.h (onnx_proto
// sets ONNX_ML=1); including onnx-ml.pb.h directly does not compile.
#include <onnx/onnx_pb.h>

#include <climits>
#include <cstring>

using namespace onnxc::tensorio;

namespace {

bool isSupported(int32_t dataType) {
  return dataType > 0 && onnxc_dtype_size(static_cast<onnxc_dtype>(dataType));
}

template <typename Dst, typename Field>
void copyField(const Field &field, void *data) {
  Dst *out = static_cast<Dst *>(data);
  for (int i = 0; i < field.size(); ++i)
    out[i] = static_cast<Dst>(field.Get(i));
}

/// Number of values in the typed field that holds `dtype`.
int typedFieldSize(const onnx::TensorProto &proto, onnxc_dtype dtype) {
  switch (dtype) {
  case ONNXC_DTYPE_FLOAT:
    return proto.float_data_size();
  case ONNXC_DTYPE_DOUBLE:
    return proto.double_data_size();
  case ONNXC_DTYPE_INT64:
    return proto.int64_data_size();
  case ONNXC_DTYPE_UINT32:
  case ONNXC_DTYPE_UINT64:
    return proto.uint64_data_size();
  default:
    return proto.int32_data_size();
  }
}

const char *typedFieldName(onnxc_dtype dtype) {
  switch (dtype) {
  case ONNXC_DTYPE_FLOAT:
    return "float_data";
  case ONNXC_DTYPE_DOUBLE:
    return "double_data";
  case ONNXC_DTYPE_INT64:
    return "int64_data";
  case ONNXC_DTYPE_UINT32:
  case ONNXC_DTYPE_UINT64:
    return "uint64_data";
  default:
    return "int32_data";
  }
}

void copyTypedField(const onnx::TensorProto &proto, onnxc_dtype dtype,
                    void *data) {
  switch (dtype) {
  case ONNXC_DTYPE_FLOAT:
    return copyField<float>(proto.float_data(), data);
  case ONNXC_DTYPE_DOUBLE:
    return copyField<double>(proto.double_data(), data);
  case ONNXC_DTYPE_INT64:
    return copyField<int64_t>(proto.int64_data(), data);
  case ONNXC_DTYPE_UINT32:
    return copyField<uint32_t>(proto.uint64_data(), data);
  case ONNXC_DTYPE_UINT64:
    return copyField<uint64_t>(proto.uint64_data(), data);
  case ONNXC_DTYPE_INT32:
    return copyField<int32_t>(proto.int32_data(), data);
  case ONNXC_DTYPE_INT16:
    return copyField<int16_t>(proto.int32_data(), data);
  case ONNXC_DTYPE_INT8:
    return copyField<int8_t>(proto.int32_data(), data);
  case ONNXC_DTYPE_UINT16:
  case ONNXC_DTYPE_FLOAT16:
  case ONNXC_DTYPE_BFLOAT16:
    return copyField<uint16_t>(proto.int32_data(), data);
  case ONNXC_DTYPE_UINT8:
    return copyField<uint8_t>(proto.int32_data(), data);
  case ONNXC_DTYPE_BOOL: {
    uint8_t *out = static_cast<uint8_t *>(data);
    for (int i = 0; i < proto.int32_data_size(); ++i)
      out[i] = proto.int32_data(i) != 0;
    return;
  }
  case ONNXC_DTYPE_UNDEFINED:
    return;
  }
}

} // namespace

StatusPtr onnxc::tensorio::parseTensorProto(const void *bytes, size_t size,
                                            TensorPtr &tensor,
                                            std::string *name) {
  try {
    onnx::TensorProto proto;
    if (size > static_cast<size_t>(INT_MAX))
      return makeError("TensorProto of " + std::to_string(size) +
                       " bytes is larger than protobuf can parse");
    if (!proto.ParseFromArray(bytes, static_cast<int>(size)))
      return makeError("not a valid ONNX TensorProto");
    std::string what = "TensorProto '" + proto.name() + "'";
    if (!isSupported(proto.data_type()))
      return makeError(what + " has data_type " +
                       std::to_string(proto.data_type()) +
                       ", which onnxc does not support");
    if (proto.data_location() == onnx::TensorProto::EXTERNAL)
      return makeError(what + " uses external data, which is not supported");
    if (proto.has_segment())
      return makeError(what + " is segmented, which is not supported");
    auto dtype = static_cast<onnxc_dtype>(proto.data_type());
    std::vector<int64_t> dims(proto.dims().begin(), proto.dims().end());
    TensorPtr result;
    if (StatusPtr st = createTensor(dtype, dims, what, result))
      return st;
    size_t nbytes = onnxc_tensor_nbytes(result.get());
    size_t count = onnxc_tensor_num_elements(result.get());
    if (proto.has_raw_data()) {
      if (proto.raw_data().size() != nbytes)
        return makeError(what + ": raw_data has " +
                         std::to_string(proto.raw_data().size()) +
                         " bytes, but shape " + formatShape(*result) + " of " +
                         onnxc_dtype_name(dtype) + " needs " +
                         std::to_string(nbytes));
      if (nbytes)
        std::memcpy(onnxc_tensor_data(result.get()), proto.raw_data().data(),
                    nbytes);
    } else {
      size_t have = static_cast<size_t>(typedFieldSize(proto, dtype));
      if (have != count)
        return makeError(what + ": " + typedFieldName(dtype) + " has " +
                         std::to_string(have) + " values, but shape " +
                         formatShape(*result) + " needs " +
                         std::to_string(count));
      copyTypedField(proto, dtype, onnxc_tensor_data(result.get()));
    }
    if (name)
      *name = proto.name();
    tensor = std::move(result);
    return nullptr;
  } catch (...) {
    return makeError("out of memory reading a TensorProto",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}

StatusPtr onnxc::tensorio::serializeTensorProto(const onnxc_tensor &tensor,
                                                const std::string &name,
                                                std::string &bytes) {
  try {
    onnx::TensorProto proto;
    if (!name.empty())
      proto.set_name(name);
    proto.set_data_type(onnxc_tensor_dtype(&tensor));
    const int64_t *dims = onnxc_tensor_dims(&tensor);
    for (int32_t i = 0; i < onnxc_tensor_rank(&tensor); ++i)
      proto.add_dims(dims[i]);
    size_t nbytes = onnxc_tensor_nbytes(&tensor);
    if (nbytes)
      proto.set_raw_data(static_cast<const char *>(onnxc_tensor_data(&tensor)),
                         nbytes);
    else
      proto.set_raw_data("");
    if (!proto.SerializeToString(&bytes))
      return makeError("cannot serialize TensorProto '" + name +
                       "' (too large for protobuf?)");
    return nullptr;
  } catch (...) {
    return makeError("out of memory writing a TensorProto",
                     ONNXC_ERR_OUT_OF_MEMORY);
  }
}
