//===- CompareTest.cpp - Tolerance comparison of tensors ------------------===//
#include "TestUtil.h"

#include <cmath>
#include <limits>

using namespace onnxc::test;
using namespace onnxc::tensorio;

namespace {

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();
constexpr float kInf = std::numeric_limits<float>::infinity();

CompareResult compareFloats(const std::vector<float> &actual,
                            const std::vector<float> &expected,
                            CompareOptions options = {}) {
  auto a = makeTensor<float>(ONNXC_DTYPE_FLOAT,
                             {static_cast<int64_t>(actual.size())}, actual);
  auto e = makeTensor<float>(ONNXC_DTYPE_FLOAT,
                             {static_cast<int64_t>(expected.size())}, expected);
  return compareTensors(*a, *e, options);
}

TEST(CompareTest, FloatsWithinTolerance) {
  // |a - b| <= atol + rtol * |b|: 1e-5 + 1e-5 * 100 = 1.01e-3.
  CompareResult r = compareFloats({100.001f, 0.0f}, {100.0f, 0.000005f});
  EXPECT_TRUE(r.match);
  EXPECT_EQ(r.numMismatches, 0u);
  EXPECT_EQ(r.numElements, 2u);
  EXPECT_NEAR(r.maxAbsError, 0.001, 1e-5);
  EXPECT_NEAR(r.maxRelError, 1.0, 1e-6); // 5e-6 / 5e-6
}

TEST(CompareTest, FloatsOutsideTolerance) {
  CompareResult r = compareFloats({1.0f, 2.5f, 3.0f, 0.5f}, {1.0f, 2.0f, 3.1f, 0.0f},
                                  {/*rtol=*/0.01, /*atol=*/0.0});
  EXPECT_FALSE(r.match);
  EXPECT_EQ(r.numMismatches, 3u);
  EXPECT_NEAR(r.maxAbsError, 0.5, 1e-6);
  EXPECT_TRUE(std::isinf(r.maxRelError)); // expected 0, actual 0.5
  // Element 3 has zero tolerance and so is the worst.
  EXPECT_EQ(r.worstIndex, 3);
  EXPECT_EQ(r.worstActual, 0.5);
  EXPECT_EQ(r.worstExpected, 0.0);
}

TEST(CompareTest, WorstIsFarthestOutsideTolerance) {
  // Element 0 is off by 1 on 1000 (rtol allows 1), element 1 by 0.5 on 1.
  CompareResult r = compareFloats({1001.0f, 1.5f}, {1000.0f, 1.0f},
                                  {/*rtol=*/0.001, /*atol=*/0.0});
  EXPECT_EQ(r.numMismatches, 1u);
  EXPECT_EQ(r.worstIndex, 1);
  EXPECT_NEAR(r.maxAbsError, 1.0, 1e-9);
}

TEST(CompareTest, NaNAndInfinity) {
  EXPECT_TRUE(compareFloats({kNaN, kInf, -kInf}, {kNaN, kInf, -kInf}).match);
  CompareResult r = compareFloats({kNaN, 1.0f, kInf, 1.0f},
                                  {1.0f, kNaN, -kInf, kInf});
  EXPECT_EQ(r.numMismatches, 4u);
  EXPECT_TRUE(std::isinf(r.maxAbsError));
  EXPECT_EQ(r.worstIndex, 0);
}

TEST(CompareTest, IntegersAreExact) {
  const int64_t big = int64_t(1) << 60;
  auto a = makeTensor<int64_t>(ONNXC_DTYPE_INT64, {3}, {big, 5, -7});
  auto same = makeTensor<int64_t>(ONNXC_DTYPE_INT64, {3}, {big, 5, -7});
  auto off = makeTensor<int64_t>(ONNXC_DTYPE_INT64, {3}, {big + 1, 5, -9});
  EXPECT_TRUE(compareTensors(*a, *same).match);
  // Tolerances do not apply to integers, and 2^60 vs 2^60 + 1 differ even
  // though they are the same double.
  CompareResult r = compareTensors(*a, *off, {1.0, 10.0});
  EXPECT_FALSE(r.match);
  EXPECT_EQ(r.numMismatches, 2u);
  EXPECT_EQ(r.worstIndex, 2);
  EXPECT_EQ(r.maxAbsError, 2.0);
}

TEST(CompareTest, Bools) {
  auto a = makeTensor<uint8_t>(ONNXC_DTYPE_BOOL, {3}, {1, 0, 1});
  auto b = makeTensor<uint8_t>(ONNXC_DTYPE_BOOL, {3}, {1, 1, 1});
  CompareResult r = compareTensors(*a, *b);
  EXPECT_EQ(r.numMismatches, 1u);
  EXPECT_EQ(r.worstIndex, 1);
}

TEST(CompareTest, Float16UsesFloatSemantics) {
  // 1.0 and 1.0009765625 (next float16) are within rtol 1e-3.
  auto a = makeTensor<uint16_t>(ONNXC_DTYPE_FLOAT16, {2}, {0x3c00, 0x7e00});
  auto b = makeTensor<uint16_t>(ONNXC_DTYPE_FLOAT16, {2}, {0x3c01, 0x7e00});
  EXPECT_TRUE(compareTensors(*a, *b, {1e-3, 0}).match);
  EXPECT_FALSE(compareTensors(*a, *b, {1e-4, 0}).match);
}

TEST(CompareTest, ShapeAndDTypeMismatches) {
  auto f23 = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2, 3}, std::vector<float>(6));
  auto f32 = makeTensor<float>(ONNXC_DTYPE_FLOAT, {3, 2}, std::vector<float>(6));
  auto i23 = makeTensor<int32_t>(ONNXC_DTYPE_INT32, {2, 3}, std::vector<int32_t>(6));
  CompareResult r = compareTensors(*f23, *f32);
  EXPECT_FALSE(r.match);
  EXPECT_EQ(r.shapeError, "shape is [2,3], expected [3,2]");
  r = compareTensors(*f23, *i23);
  EXPECT_FALSE(r.match);
  EXPECT_EQ(r.shapeError, "dtype is float, expected int32");
}

TEST(CompareTest, EmptyTensorsMatch) {
  CompareResult r = compareFloats({}, {});
  EXPECT_TRUE(r.match);
  EXPECT_EQ(r.worstIndex, -1);
}

TEST(ValuesTest, HalfConversions) {
  EXPECT_EQ(halfToFloat(0x3c00), 1.0f);
  EXPECT_EQ(halfToFloat(0xc000), -2.0f);
  EXPECT_EQ(halfToFloat(0x7bff), 65504.0f);
  EXPECT_EQ(halfToFloat(0x0001), std::ldexp(1.0f, -24)); // smallest subnormal
  EXPECT_TRUE(std::isinf(halfToFloat(0x7c00)));
  EXPECT_TRUE(std::isnan(halfToFloat(0x7e00)));
  EXPECT_TRUE(std::signbit(halfToFloat(0x8000)));
  EXPECT_EQ(bfloat16ToFloat(0x3f80), 1.0f);
  EXPECT_EQ(bfloat16ToFloat(0xc040), -3.0f);
}

TEST(ValuesTest, UnravelIndex) {
  auto t = makeTensor<float>(ONNXC_DTYPE_FLOAT, {2, 3, 4}, std::vector<float>(24));
  EXPECT_EQ(unravelIndex(23, *t), (std::vector<int64_t>{1, 2, 3}));
  EXPECT_EQ(unravelIndex(5, *t), (std::vector<int64_t>{0, 1, 1}));
  EXPECT_EQ(formatShape(*t), "[2,3,4]");
}

} // namespace
