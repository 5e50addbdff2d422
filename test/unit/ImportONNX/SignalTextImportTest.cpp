//===- SignalTextImportTest.cpp - Importing signal and text operators -----===//
//
// How the importer normalises DFT's versions and output_datatype, and what it
// rejects of TfIdfVectorizer.
//
//===----------------------------------------------------------------------===//

#include "ModelBuilder.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;
namespace ox = onnxc::onnx;

namespace {

class SignalTextImportTest : public ::testing::Test {
protected:
  template <typename OpTy> OpTy findOp(ModuleOp module) {
    OpTy found;
    module.walk([&](OpTy op) { found = op; });
    return found;
  }

  /// y = DFT(x) over a [1, 8, 6, 1] signal at `opset`.
  static ModelBuilder dftModel(int64_t opset) {
    ModelBuilder b(opset);
    b.addInput("x", TP::FLOAT, {1, 8, 6, 1});
    b.addOutput("y", TP::FLOAT, {Dim("a"), Dim("b"), Dim("c"), 2});
    return b;
  }

  MLIRContext context;
};

TEST_F(SignalTextImportTest, DFT17AxisAttributeBecomesOperand) {
  ModelBuilder b = dftModel(17);
  b.addNode("DFT", {"x"}, {"y"}, "dft");
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto dft = findOp<ox::DFTOp>(*result.module);
  ASSERT_TRUE(dft);
  // DFT-17's default axis is 1, not DFT-20's -2.
  ASSERT_TRUE(dft.getAxis());
  EXPECT_EQ(*ox::getConstantIntValues(dft.getAxis()), SmallVector<int64_t>{1});
  EXPECT_EQ(cast<RankedTensorType>(dft.getType()).getShape(),
            (ArrayRef<int64_t>{1, 8, 6, 2}));
}

TEST_F(SignalTextImportTest, DFT20WithoutAxisTakesTheLastSignalDim) {
  ModelBuilder b = dftModel(20);
  auto &node = b.addNode("DFT", {"x"}, {"y"}, "dft");
  setInt(node, "onesided", 1);
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto dft = findOp<ox::DFTOp>(*result.module);
  ASSERT_TRUE(dft);
  EXPECT_FALSE(dft.getAxis());
  EXPECT_EQ(cast<RankedTensorType>(dft.getType()).getShape(),
            (ArrayRef<int64_t>{1, 8, 4, 2}));
}

TEST_F(SignalTextImportTest, WindowOutputDatatype) {
  ModelBuilder b(17);
  b.addInput("size", TP::INT64, {});
  auto &node = b.addNode("HannWindow", {"size"}, {"y"}, "hann");
  setInt(node, "output_datatype", TP::DOUBLE);
  b.addOutput("y", TP::DOUBLE, {Dim("n")});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto window = findOp<ox::HannWindowOp>(*result.module);
  ASSERT_TRUE(window);
  EXPECT_TRUE(cast<TensorType>(window.getType()).getElementType().isF64());
}

TEST_F(SignalTextImportTest, WindowBoolOutputIsRejected) {
  ModelBuilder b(17);
  b.addInput("size", TP::INT64, {});
  auto &node = b.addNode("BlackmanWindow", {"size"}, {"y"}, "blackman");
  setInt(node, "output_datatype", TP::BOOL);
  b.addOutput("y", TP::BOOL, {Dim("n")});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("node 'blackman' (BlackmanWindow-17): "
                              "output_datatype BOOL is not supported"))
      << result.allErrors();
}

TEST_F(SignalTextImportTest, TfIdfStringPoolIsRejected) {
  ModelBuilder b(9);
  b.addInput("x", TP::INT64, {4});
  auto &node = b.addNode("TfIdfVectorizer", {"x"}, {"y"}, "tfidf");
  setInt(node, "max_gram_length", 1);
  setInt(node, "min_gram_length", 1);
  setInt(node, "max_skip_count", 0);
  addAttr(node, "mode", AP::STRING).set_s("TF");
  setInts(node, "ngram_counts", {0});
  setInts(node, "ngram_indexes", {0});
  addAttr(node, "pool_strings", AP::STRINGS).add_strings("hello");
  b.addOutput("y", TP::FLOAT, {1});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("node 'tfidf' (TfIdfVectorizer-9): string "
                              "tensors are not supported (pool_strings)"))
      << result.allErrors();
}

} // namespace
