//===- TensorProtoTest.cpp - Reading and writing ONNX TensorProto ---------===//
#include "TestUtil.h"

#include <onnx/onnx_pb.h>

#include <cstdio>
#include <filesystem>

#include <unistd.h>

using namespace onnxc::test;
using namespace onnxc::tensorio;

namespace {

std::string serialize(const onnx::TensorProto &proto) {
  std::string bytes;
  EXPECT_TRUE(proto.SerializeToString(&bytes));
  return bytes;
}

TensorPtr parseOk(const onnx::TensorProto &proto, std::string *name = nullptr) {
  std::string bytes = serialize(proto);
  TensorPtr tensor;
  StatusPtr status = parseTensorProto(bytes.data(), bytes.size(), tensor, name);
  EXPECT_EQ(status, nullptr) << onnxc_status_message(status.get());
  return tensor;
}

::testing::AssertionResult parseFails(const onnx::TensorProto &proto,
                                      const std::string &needle) {
  std::string bytes = serialize(proto);
  TensorPtr tensor;
  return isError(parseTensorProto(bytes.data(), bytes.size(), tensor).release(),
                 ONNXC_ERR_INVALID_ARGUMENT, needle);
}

onnx::TensorProto makeProto(int32_t dataType, std::vector<int64_t> dims) {
  onnx::TensorProto proto;
  proto.set_name("t");
  proto.set_data_type(dataType);
  for (int64_t d : dims)
    proto.add_dims(d);
  return proto;
}

TEST(TensorProtoTest, RawDataRoundTripsForEveryDType) {
  const onnxc_dtype dtypes[] = {
      ONNXC_DTYPE_FLOAT,  ONNXC_DTYPE_UINT8,   ONNXC_DTYPE_INT8,
      ONNXC_DTYPE_UINT16, ONNXC_DTYPE_INT16,   ONNXC_DTYPE_INT32,
      ONNXC_DTYPE_INT64,  ONNXC_DTYPE_BOOL,    ONNXC_DTYPE_FLOAT16,
      ONNXC_DTYPE_DOUBLE, ONNXC_DTYPE_UINT32,  ONNXC_DTYPE_UINT64,
      ONNXC_DTYPE_BFLOAT16};
  for (onnxc_dtype dtype : dtypes) {
    int64_t dims[] = {2, 3};
    onnxc_tensor *raw = nullptr;
    ASSERT_TRUE(isOk(onnxc_tensor_create(dtype, 2, dims, &raw)));
    TensorPtr original(raw);
    auto *bytes = static_cast<unsigned char *>(onnxc_tensor_data(raw));
    for (size_t i = 0; i < onnxc_tensor_nbytes(raw); ++i)
      bytes[i] = dtype == ONNXC_DTYPE_BOOL ? i % 2 : static_cast<unsigned char>(i * 7 + 1);

    std::string encoded, name;
    ASSERT_EQ(serializeTensorProto(*original, "my tensor", encoded), nullptr);
    TensorPtr decoded;
    StatusPtr st = parseTensorProto(encoded.data(), encoded.size(), decoded,
                                    &name);
    ASSERT_EQ(st, nullptr) << onnxc_status_message(st.get());
    EXPECT_EQ(name, "my tensor");
    EXPECT_EQ(onnxc_tensor_dtype(decoded.get()), dtype);
    EXPECT_EQ(dimsOf(decoded.get()), (std::vector<int64_t>{2, 3}));
    ASSERT_EQ(onnxc_tensor_nbytes(decoded.get()), onnxc_tensor_nbytes(raw));
    EXPECT_EQ(std::memcmp(onnxc_tensor_data(decoded.get()), bytes,
                          onnxc_tensor_nbytes(raw)),
              0)
        << onnxc_dtype_name(dtype);

    // The writer uses raw_data, as ONNX's numpy_helper.from_array does.
    onnx::TensorProto proto;
    ASSERT_TRUE(proto.ParseFromString(encoded));
    EXPECT_TRUE(proto.has_raw_data());
    EXPECT_EQ(proto.data_type(), dtype);
  }
}

TEST(TensorProtoTest, ReadsTypedFields) {
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT, {2});
    proto.add_float_data(1.5f);
    proto.add_float_data(-2.0f);
    EXPECT_EQ(valuesOf<float>(parseOk(proto).get()),
              (std::vector<float>{1.5f, -2.0f}));
  }
  {
    auto proto = makeProto(onnx::TensorProto::DOUBLE, {1});
    proto.add_double_data(0.1);
    EXPECT_EQ(valuesOf<double>(parseOk(proto).get()), std::vector<double>{0.1});
  }
  {
    auto proto = makeProto(onnx::TensorProto::INT64, {3});
    for (int64_t v : {int64_t(-1), int64_t(1) << 40, int64_t(7)})
      proto.add_int64_data(v);
    EXPECT_EQ(valuesOf<int64_t>(parseOk(proto).get()),
              (std::vector<int64_t>{-1, int64_t(1) << 40, 7}));
  }
  {
    auto proto = makeProto(onnx::TensorProto::UINT64, {1});
    proto.add_uint64_data(~uint64_t(0));
    EXPECT_EQ(valuesOf<uint64_t>(parseOk(proto).get()),
              std::vector<uint64_t>{~uint64_t(0)});
  }
  {
    auto proto = makeProto(onnx::TensorProto::UINT32, {1});
    proto.add_uint64_data(4000000000u);
    EXPECT_EQ(valuesOf<uint32_t>(parseOk(proto).get()),
              std::vector<uint32_t>{4000000000u});
  }
  {
    auto proto = makeProto(onnx::TensorProto::INT32, {2});
    proto.add_int32_data(-5);
    proto.add_int32_data(1 << 30);
    EXPECT_EQ(valuesOf<int32_t>(parseOk(proto).get()),
              (std::vector<int32_t>{-5, 1 << 30}));
  }
  {
    auto proto = makeProto(onnx::TensorProto::INT8, {2});
    proto.add_int32_data(-128);
    proto.add_int32_data(127);
    EXPECT_EQ(valuesOf<int8_t>(parseOk(proto).get()),
              (std::vector<int8_t>{-128, 127}));
  }
  {
    auto proto = makeProto(onnx::TensorProto::UINT8, {2});
    proto.add_int32_data(255);
    proto.add_int32_data(0);
    EXPECT_EQ(valuesOf<uint8_t>(parseOk(proto).get()),
              (std::vector<uint8_t>{255, 0}));
  }
  {
    auto proto = makeProto(onnx::TensorProto::INT16, {1});
    proto.add_int32_data(-30000);
    EXPECT_EQ(valuesOf<int16_t>(parseOk(proto).get()),
              std::vector<int16_t>{-30000});
  }
  {
    auto proto = makeProto(onnx::TensorProto::UINT16, {1});
    proto.add_int32_data(60000);
    EXPECT_EQ(valuesOf<uint16_t>(parseOk(proto).get()),
              std::vector<uint16_t>{60000});
  }
  {
    auto proto = makeProto(onnx::TensorProto::BOOL, {3});
    for (int v : {1, 0, 1})
      proto.add_int32_data(v);
    EXPECT_EQ(valuesOf<uint8_t>(parseOk(proto).get()),
              (std::vector<uint8_t>{1, 0, 1}));
  }
  {
    // float16 and bfloat16 travel as their bit patterns.
    auto proto = makeProto(onnx::TensorProto::FLOAT16, {2});
    proto.add_int32_data(0x3c00); // 1.0
    proto.add_int32_data(0xc000); // -2.0
    TensorPtr t = parseOk(proto);
    EXPECT_EQ(valuesOf<uint16_t>(t.get()),
              (std::vector<uint16_t>{0x3c00, 0xc000}));
    EXPECT_EQ(elementAsDouble(*t, 1), -2.0);
  }
  {
    auto proto = makeProto(onnx::TensorProto::BFLOAT16, {1});
    proto.add_int32_data(0x3fc0); // 1.5
    EXPECT_EQ(elementAsDouble(*parseOk(proto), 0), 1.5);
  }
  {
    // A scalar.
    auto proto = makeProto(onnx::TensorProto::FLOAT, {});
    proto.add_float_data(3.0f);
    TensorPtr t = parseOk(proto);
    EXPECT_EQ(onnxc_tensor_rank(t.get()), 0);
    EXPECT_EQ(valuesOf<float>(t.get()), std::vector<float>{3.0f});
  }
  {
    // An empty tensor needs no data at all.
    auto proto = makeProto(onnx::TensorProto::FLOAT, {0, 4});
    EXPECT_EQ(onnxc_tensor_num_elements(parseOk(proto).get()), 0u);
  }
}

TEST(TensorProtoTest, RejectsInconsistentData) {
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT, {2, 3});
    proto.set_raw_data(std::string(20, '\0'));
    EXPECT_TRUE(parseFails(proto, "raw_data has 20 bytes, but shape [2,3] of "
                                  "float needs 24"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT, {3});
    proto.add_float_data(1);
    EXPECT_TRUE(parseFails(proto, "float_data has 1 values, but shape [3] "
                                  "needs 3"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::INT64, {2});
    proto.add_int32_data(1); // wrong field for int64
    proto.add_int32_data(2);
    EXPECT_TRUE(parseFails(proto, "int64_data has 0 values"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT, {2, -1});
    EXPECT_TRUE(parseFails(proto, "dimension 1 is negative"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT,
                           {int64_t(1) << 40, int64_t(1) << 40});
    EXPECT_TRUE(parseFails(proto, "overflows"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::STRING, {1});
    proto.add_string_data("hello");
    EXPECT_TRUE(parseFails(proto, "data_type 8, which onnxc does not support"));
  }
  {
    auto proto = makeProto(onnx::TensorProto::FLOAT, {1});
    proto.set_data_location(onnx::TensorProto::EXTERNAL);
    auto *entry = proto.add_external_data();
    entry->set_key("location");
    entry->set_value("weights.bin");
    EXPECT_TRUE(parseFails(proto, "external data"));
  }
  {
    TensorPtr tensor;
    const char garbage[] = "\xff\xff\xff\xff";
    EXPECT_TRUE(isError(parseTensorProto(garbage, 4, tensor).release(),
                        ONNXC_ERR_INVALID_ARGUMENT, "not a valid ONNX TensorProto"));
  }
}

TEST(TensorProtoTest, FilesNameThemselvesInErrors) {
  auto dir = std::filesystem::temp_directory_path() /
             ("onnxc-tensorproto-test-" + std::to_string(::getpid()));
  std::filesystem::create_directories(dir);
  std::string path = (dir / "x.pb").string();

  auto tensor = makeTensor<int32_t>(ONNXC_DTYPE_INT32, {2, 2}, {1, 2, 3, 4});
  ASSERT_EQ(writeTensorFile(path, *tensor, "x", FileFormat::TensorProto),
            nullptr);
  TensorPtr back;
  std::string name;
  ASSERT_EQ(readTensorFile(path, back, &name), nullptr);
  EXPECT_EQ(name, "x");
  EXPECT_EQ(valuesOf<int32_t>(back.get()), (std::vector<int32_t>{1, 2, 3, 4}));

  std::string missing = (dir / "missing.pb").string();
  EXPECT_TRUE(isError(readTensorFile(missing, back).release(),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "cannot open '" + missing + "'"));

  FILE *file = std::fopen(path.c_str(), "wb");
  // dims: [2], data_type: FLOAT, raw_data: 3 bytes.
  std::fputs("\x08\x02\x10\x01\x4a\x03" "abc", file);
  std::fclose(file);
  EXPECT_TRUE(isError(readTensorFile(path, back).release(),
                      ONNXC_ERR_INVALID_ARGUMENT, "'" + path + "': "));
  std::filesystem::remove_all(dir);
}

} // namespace
