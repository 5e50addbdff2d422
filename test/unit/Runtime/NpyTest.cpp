//===- NpyTest.cpp - Reading and writing NumPy .npy -----------------------===//
#include "TestUtil.h"

using namespace onnxc::test;
using namespace onnxc::tensorio;

namespace {

/// A .npy image with `header` (padded as NumPy does) and `data`.
std::string makeNpy(int major, const std::string &header,
                    const std::string &data) {
  size_t prefix = major == 1 ? 10 : 12;
  std::string text = header;
  size_t total = prefix + text.size() + 1;
  text.append((64 - total % 64) % 64, ' ');
  text += '\n';
  std::string bytes = "\x93NUMPY";
  bytes += static_cast<char>(major);
  bytes += '\0';
  for (size_t i = 0; i < (major == 1 ? 2u : 4u); ++i)
    bytes += static_cast<char>((text.size() >> (8 * i)) & 0xff);
  return bytes + text + data;
}

std::string floatBytes(const std::vector<float> &values) {
  return std::string(reinterpret_cast<const char *>(values.data()),
                     values.size() * sizeof(float));
}

TEST(NpyTest, RoundTripsEveryNumPyDType) {
  const onnxc_dtype dtypes[] = {
      ONNXC_DTYPE_FLOAT,  ONNXC_DTYPE_UINT8,  ONNXC_DTYPE_INT8,
      ONNXC_DTYPE_UINT16, ONNXC_DTYPE_INT16,  ONNXC_DTYPE_INT32,
      ONNXC_DTYPE_INT64,  ONNXC_DTYPE_BOOL,   ONNXC_DTYPE_FLOAT16,
      ONNXC_DTYPE_DOUBLE, ONNXC_DTYPE_UINT32, ONNXC_DTYPE_UINT64};
  const std::vector<std::vector<int64_t>> shapes = {{}, {5}, {2, 3, 4}, {0, 2}};
  for (onnxc_dtype dtype : dtypes) {
    for (const auto &shape : shapes) {
      onnxc_tensor *raw = nullptr;
      ASSERT_TRUE(isOk(onnxc_tensor_create(
          dtype, static_cast<int32_t>(shape.size()), shape.data(), &raw)));
      TensorPtr original(raw);
      auto *bytes = static_cast<unsigned char *>(onnxc_tensor_data(raw));
      for (size_t i = 0; i < onnxc_tensor_nbytes(raw); ++i)
        bytes[i] = dtype == ONNXC_DTYPE_BOOL ? i % 2 : static_cast<unsigned char>(i + 3);

      std::string encoded;
      ASSERT_EQ(serializeNpy(*original, encoded), nullptr);
      // NumPy aligns the data to 64 bytes.
      EXPECT_EQ((encoded.size() - onnxc_tensor_nbytes(raw)) % 64, 0u);
      TensorPtr decoded;
      StatusPtr st = parseNpy(encoded.data(), encoded.size(), decoded);
      ASSERT_EQ(st, nullptr) << onnxc_status_message(st.get());
      EXPECT_EQ(onnxc_tensor_dtype(decoded.get()), dtype);
      EXPECT_EQ(dimsOf(decoded.get()), shape);
      ASSERT_EQ(onnxc_tensor_nbytes(decoded.get()), onnxc_tensor_nbytes(raw));
      if (onnxc_tensor_nbytes(raw)) {
        EXPECT_EQ(std::memcmp(onnxc_tensor_data(decoded.get()), bytes,
                              onnxc_tensor_nbytes(raw)),
                  0);
      }
    }
  }
}

TEST(NpyTest, WritesTheHeaderNumPyWrites) {
  auto t = makeTensor<float>(ONNXC_DTYPE_FLOAT, {3}, {1, 2, 3});
  std::string encoded;
  ASSERT_EQ(serializeNpy(*t, encoded), nullptr);
  EXPECT_EQ(encoded.substr(0, 8), std::string("\x93NUMPY\x01\x00", 8));
  EXPECT_NE(encoded.find("{'descr': '<f4', 'fortran_order': False, "
                         "'shape': (3,), }"),
            std::string::npos);
  // The header ends with a newline just before the data.
  EXPECT_EQ(encoded[encoded.size() - 12 - 1], '\n');
}

TEST(NpyTest, ReadsVersions2And3AndOtherSpellings) {
  std::string data = floatBytes({1, 2, 3, 4, 5, 6});
  for (int major : {1, 2, 3}) {
    std::string bytes = makeNpy(
        major, "{\"shape\": (2L, 3L), \"fortran_order\": False, \"descr\": \"=f4\"}",
        data);
    TensorPtr t;
    StatusPtr st = parseNpy(bytes.data(), bytes.size(), t);
    ASSERT_EQ(st, nullptr) << onnxc_status_message(st.get());
    EXPECT_EQ(dimsOf(t.get()), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(valuesOf<float>(t.get())[5], 6.0f);
  }
}

TEST(NpyTest, RejectsWhatItCannotRepresent) {
  struct Case {
    std::string bytes;
    std::string message;
  };
  std::string six = floatBytes({1, 2, 3, 4, 5, 6});
  const Case cases[] = {
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 3), }",
               six),
       "Fortran order"},
      {makeNpy(1, "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 3), }",
               six),
       "big-endian"},
      {makeNpy(1, "{'descr': '<c8', 'fortran_order': False, 'shape': (3,), }",
               six),
       "unsupported .npy dtype '<c8'"},
      {makeNpy(1, "{'descr': [('a', '<f4')], 'fortran_order': False, "
                  "'shape': (6,), }",
               six),
       "structured"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 4), }",
               six),
       ".npy data has 24 bytes, but shape [2,4] of float needs 32"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, -3), }",
               six),
       "'shape' is not a tuple"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, "
                  "'shape': (99999999999999999999,), }",
               six),
       "'shape' is not a tuple"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, "
                  "'shape': (4294967296, 4294967296), }",
               six),
       "overflows"},
      {makeNpy(1, "{'descr': '<f4', 'shape': (6,), }", six), "lacks"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), "
                  "'extra': 1}",
               six),
       "unexpected key 'extra'"},
      {makeNpy(1, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,)",
               six),
       "malformed .npy header"},
      {makeNpy(4, "{'descr': '<f4', 'fortran_order': False, 'shape': (6,), }",
               six),
       "unsupported .npy format version 4"},
      {std::string("\x93NUMPY\x01\x00\xff\x7f", 10), "truncated .npy header"},
      {std::string("PK\x03\x04 not npy"), "bad magic"},
  };
  for (const Case &c : cases) {
    TensorPtr t;
    EXPECT_TRUE(isError(parseNpy(c.bytes.data(), c.bytes.size(), t).release(),
                        ONNXC_ERR_INVALID_ARGUMENT, c.message))
        << c.message;
  }
  // Every truncation of a valid file fails cleanly.
  std::string good = makeNpy(
      1, "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }", six);
  for (size_t n = 0; n < good.size(); ++n) {
    TensorPtr t;
    EXPECT_NE(parseNpy(good.data(), n, t), nullptr) << n;
  }
}

TEST(NpyTest, HasNoBFloat16) {
  onnxc_tensor *raw = nullptr;
  int64_t dims[] = {2};
  ASSERT_TRUE(isOk(onnxc_tensor_create(ONNXC_DTYPE_BFLOAT16, 1, dims, &raw)));
  TensorPtr t(raw);
  std::string encoded;
  EXPECT_TRUE(isError(serializeNpy(*t, encoded).release(),
                      ONNXC_ERR_INVALID_ARGUMENT, "NumPy has no dtype for bfloat16"));
}

} // namespace
