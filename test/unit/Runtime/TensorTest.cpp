//===- TensorTest.cpp - Tensors, dtypes and statuses ----------------------===//
#include "TestUtil.h"

#include <cstdint>
#include <limits>

using namespace onnxc::test;

namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAddressSanitizer = true;
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAddressSanitizer = true;
#else
constexpr bool kUnderAddressSanitizer = false;
#endif
#else
constexpr bool kUnderAddressSanitizer = false;
#endif

TEST(StatusTest, NullIsSuccess) {
  EXPECT_EQ(onnxc_status_code(nullptr), ONNXC_OK);
  EXPECT_STREQ(onnxc_status_message(nullptr), "");
  onnxc_status_free(nullptr);
  EXPECT_EQ(onnxc_status_create(ONNXC_OK, "ignored"), nullptr);
}

TEST(StatusTest, CarriesCodeAndMessage) {
  onnxc_status *status = onnxc_status_create(ONNXC_ERR_RUN, "it broke");
  ASSERT_NE(status, nullptr);
  EXPECT_EQ(onnxc_status_code(status), ONNXC_ERR_RUN);
  EXPECT_STREQ(onnxc_status_message(status), "it broke");
  onnxc_status_free(status);
}

TEST(DTypeTest, SizesAndNames) {
  EXPECT_EQ(onnxc_dtype_size(ONNXC_DTYPE_FLOAT), 4u);
  EXPECT_EQ(onnxc_dtype_size(ONNXC_DTYPE_BOOL), 1u);
  EXPECT_EQ(onnxc_dtype_size(ONNXC_DTYPE_BFLOAT16), 2u);
  EXPECT_EQ(onnxc_dtype_size(ONNXC_DTYPE_UINT64), 8u);
  EXPECT_EQ(onnxc_dtype_size(static_cast<onnxc_dtype>(8)), 0u); // string
  EXPECT_EQ(onnxc_dtype_size(static_cast<onnxc_dtype>(-3)), 0u);
  EXPECT_STREQ(onnxc_dtype_name(ONNXC_DTYPE_FLOAT16), "float16");
  EXPECT_STREQ(onnxc_dtype_name(ONNXC_DTYPE_INT64), "int64");
  EXPECT_STREQ(onnxc_dtype_name(static_cast<onnxc_dtype>(42)), "undefined");
}

TEST(TensorTest, CreateIsZeroedAlignedAndOwned) {
  int64_t dims[] = {2, 3, 5};
  onnxc_tensor *raw = nullptr;
  ASSERT_TRUE(isOk(onnxc_tensor_create(ONNXC_DTYPE_INT16, 3, dims, &raw)));
  TensorPtr tensor(raw);
  dims[0] = 100; // the tensor keeps its own copy
  EXPECT_EQ(dimsOf(raw), (std::vector<int64_t>{2, 3, 5}));
  EXPECT_EQ(onnxc_tensor_dtype(raw), ONNXC_DTYPE_INT16);
  EXPECT_EQ(onnxc_tensor_rank(raw), 3);
  EXPECT_EQ(onnxc_tensor_num_elements(raw), 30u);
  EXPECT_EQ(onnxc_tensor_nbytes(raw), 60u);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(onnxc_tensor_data(raw)) % 64, 0u);
  for (int16_t v : valuesOf<int16_t>(raw))
    EXPECT_EQ(v, 0);
}

TEST(TensorTest, ScalarsAndEmptyTensors) {
  onnxc_tensor *raw = nullptr;
  ASSERT_TRUE(isOk(onnxc_tensor_create(ONNXC_DTYPE_DOUBLE, 0, nullptr, &raw)));
  TensorPtr scalar(raw);
  EXPECT_EQ(onnxc_tensor_num_elements(raw), 1u);
  EXPECT_EQ(onnxc_tensor_nbytes(raw), 8u);

  int64_t dims[] = {4, 0, 1000000000000};
  ASSERT_TRUE(isOk(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 3, dims, &raw)));
  TensorPtr empty(raw);
  EXPECT_EQ(onnxc_tensor_num_elements(raw), 0u);
  EXPECT_EQ(onnxc_tensor_nbytes(raw), 0u);
  EXPECT_NE(onnxc_tensor_data(raw), nullptr);
}

TEST(TensorTest, CreateRejectsBadShapes) {
  onnxc_tensor *raw = nullptr;
  int64_t negative[] = {2, -1};
  EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 2, negative, &raw),
                      ONNXC_ERR_INVALID_ARGUMENT, "dimension 1 is negative"));
  int64_t dims[] = {2};
  EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, -1, dims, &raw),
                      ONNXC_ERR_INVALID_ARGUMENT, "negative"));
  EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 1, nullptr, &raw),
                      ONNXC_ERR_INVALID_ARGUMENT, "NULL"));
  EXPECT_TRUE(isError(onnxc_tensor_create(static_cast<onnxc_dtype>(8), 1, dims,
                                          &raw),
                      ONNXC_ERR_INVALID_ARGUMENT, "unsupported dtype 8"));
  EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 1, dims, nullptr),
                      ONNXC_ERR_INVALID_ARGUMENT));
  EXPECT_EQ(raw, nullptr);
}

TEST(TensorTest, CreateRejectsOverflow) {
  onnxc_tensor *raw = nullptr;
  const int64_t max = std::numeric_limits<int64_t>::max();
  int64_t countOverflow[] = {max, 2};
  EXPECT_TRUE(isError(
      onnxc_tensor_create(ONNXC_DTYPE_UINT8, 2, countOverflow, &raw),
      ONNXC_ERR_INVALID_ARGUMENT, "element count overflows"));
  int64_t cubes[] = {int64_t(1) << 31, int64_t(1) << 31, int64_t(1) << 31};
  EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_UINT8, 3, cubes, &raw),
                      ONNXC_ERR_INVALID_ARGUMENT, "overflows"));
  int64_t byteOverflow[] = {int64_t(1) << 62};
  EXPECT_TRUE(isError(
      onnxc_tensor_create(ONNXC_DTYPE_FLOAT, 1, byteOverflow, &raw),
      ONNXC_ERR_INVALID_ARGUMENT, "byte size"));
  // Representable but far more than any machine has. AddressSanitizer
  // aborts on such a request unless allocator_may_return_null=1.
  if (!kUnderAddressSanitizer) {
    int64_t huge[] = {int64_t(1) << 60};
    EXPECT_TRUE(isError(onnxc_tensor_create(ONNXC_DTYPE_UINT8, 1, huge, &raw),
                        ONNXC_ERR_OUT_OF_MEMORY, "cannot allocate"));
  }
  EXPECT_EQ(raw, nullptr);
}

TEST(TensorTest, WrapBorrows) {
  std::vector<float> buffer(12, 1.5f);
  int64_t dims[] = {3, 4};
  onnxc_tensor *raw = nullptr;
  ASSERT_TRUE(isOk(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, dims, buffer.data(),
                                     buffer.size() * sizeof(float), &raw)));
  EXPECT_EQ(onnxc_tensor_data(raw), buffer.data());
  EXPECT_EQ(onnxc_tensor_nbytes(raw), 48u);
  onnxc_tensor_free(raw); // must not free `buffer`
  EXPECT_EQ(buffer[11], 1.5f);

  // A larger buffer is fine; nbytes reports what the shape needs.
  ASSERT_TRUE(isOk(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 1, dims, buffer.data(),
                                     buffer.size() * sizeof(float), &raw)));
  EXPECT_EQ(onnxc_tensor_nbytes(raw), 12u);
  onnxc_tensor_free(raw);
}

TEST(TensorTest, WrapRejectsShortOrMissingBuffers) {
  std::vector<float> buffer(12);
  int64_t dims[] = {3, 4};
  onnxc_tensor *raw = nullptr;
  EXPECT_TRUE(isError(onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, dims,
                                        buffer.data(), 47, &raw),
                      ONNXC_ERR_INVALID_ARGUMENT,
                      "buffer of 47 bytes is too small: the shape needs 48"));
  EXPECT_TRUE(isError(
      onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 2, dims, nullptr, 48, &raw),
      ONNXC_ERR_INVALID_ARGUMENT, "NULL"));
  int64_t emptyDims[] = {0};
  ASSERT_TRUE(isOk(
      onnxc_tensor_wrap(ONNXC_DTYPE_FLOAT, 1, emptyDims, nullptr, 0, &raw)));
  onnxc_tensor_free(raw);
}

TEST(TensorTest, AccessorsAcceptNull) {
  EXPECT_EQ(onnxc_tensor_dtype(nullptr), ONNXC_DTYPE_UNDEFINED);
  EXPECT_EQ(onnxc_tensor_rank(nullptr), 0);
  EXPECT_EQ(onnxc_tensor_data(nullptr), nullptr);
  EXPECT_EQ(onnxc_tensor_nbytes(nullptr), 0u);
  onnxc_tensor_free(nullptr);
  onnxc_model_free(nullptr);
}

} // namespace
