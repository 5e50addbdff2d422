//===- ImportErrorsTest.cpp - What the importer reports for bad models ----===//

#include "ModelBuilder.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;

namespace {

class ImportErrorsTest : public ::testing::Test {
protected:
  /// Imports `b`, expecting failure with an error containing `fragment`.
  ImportResult expectError(const ModelBuilder &b, const std::string &fragment) {
    ImportResult result = importBytes(context, b.serialize());
    EXPECT_FALSE(result.module);
    EXPECT_TRUE(result.hasError(fragment))
        << "expected '" << fragment << "' among:\n"
        << result.allErrors();
    return result;
  }

  /// A model computing y = Relu(x) over a 2x3 float tensor.
  static ModelBuilder reluModel(int64_t opset = 13) {
    ModelBuilder b(opset);
    b.addInput("x", TP::FLOAT, {2, 3});
    b.addNode("Relu", {"x"}, {"y"}, "relu");
    b.addOutput("y", TP::FLOAT, {2, 3});
    return b;
  }

  MLIRContext context;
};

TEST_F(ImportErrorsTest, AllUnsupportedOpsReportedAtOnce) {
  ModelBuilder b;
  b.addOpset("com.example", 1);
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("Foo", {"x"}, {"a"}, "foo_node");
  b.addNode("Relu", {"a"}, {"r"});
  b.addNode("Bar", {"r"}, {"b"});
  auto &custom = b.addNode("Baz", {"b"}, {"y"}, "baz_node");
  custom.set_domain("com.example");
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_EQ(result.errors,
            (std::vector<std::string>{
                "unsupported operator 'Foo' (domain 'ai.onnx', opset 13) in "
                "node 'foo_node'",
                "unsupported operator 'Bar' (domain 'ai.onnx', opset 13) in "
                "node 'Bar#2'",
                "unsupported operator 'Baz' (domain 'com.example', opset 1) "
                "in node 'baz_node'"}));
  ASSERT_EQ(result.errorLocations.size(), 3u);
  EXPECT_EQ(result.errorLocations[0], "loc(\"foo_node\"(\"test.onnx\":0:0))");
}

TEST_F(ImportErrorsTest, DomainMissingFromOpsetImport) {
  ModelBuilder b = reluModel();
  b.graph().mutable_node(0)->set_domain("com.unknown");
  expectError(b, "domain 'com.unknown', which the model's opset_import does "
                 "not list");
}

TEST_F(ImportErrorsTest, OpsetNewerThanSupported) {
  expectError(reluModel(onnxc::getMaxSupportedOpset() + 1),
              "the model imports opset 24 of the default ONNX domain; onnxc "
              "supports opsets up to 23");
}

TEST_F(ImportErrorsTest, UndefinedValue) {
  ModelBuilder b = reluModel();
  b.graph().mutable_node(0)->set_input(0, "ghost");
  expectError(b, "node 'relu' (Relu-13): input #0 'ghost' is not defined");
}

TEST_F(ImportErrorsTest, CycleIsAnUndefinedValue) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("Add", {"x", "b"}, {"a"}, "first");
  b.addNode("Relu", {"a"}, {"b"}, "second");
  b.addOutput("b", TP::FLOAT, {2});
  expectError(b, "node 'first' (Add-13): input #1 'b' is not defined");
}

TEST_F(ImportErrorsTest, DuplicateOutputName) {
  ModelBuilder b = reluModel();
  b.addNode("Relu", {"x"}, {"y"}, "again");
  expectError(b, "value 'y' is defined more than once");
}

TEST_F(ImportErrorsTest, TruncatedBytes) {
  std::string bytes = reluModel().serialize();
  ImportResult result =
      importBytes(context, bytes.substr(0, bytes.size() - 7), "cut.onnx");
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("'cut.onnx' is not a valid ONNX model"))
      << result.allErrors();
}

TEST_F(ImportErrorsTest, RawDataSizeMismatch) {
  ModelBuilder b = reluModel();
  TP &w = b.addInitializer("w", {2, 3}, {1, 2, 3, 4, 5});
  (void)w;
  expectError(b, "initializer 'w' has 20 bytes of raw_data, but 6 elements of "
                 "FLOAT need 24");
}

TEST_F(ImportErrorsTest, TypedFieldCountMismatch) {
  ModelBuilder b = reluModel();
  TP &w = *b.graph().add_initializer();
  w.set_name("w");
  w.set_data_type(TP::INT64);
  w.add_dims(3);
  w.add_int64_data(1);
  expectError(b, "initializer 'w' has 1 values in int64_data, but its shape "
                 "has 3 elements");
}

TEST_F(ImportErrorsTest, NegativeDims) {
  ModelBuilder b = reluModel();
  b.addInitializer("w", {2, -3}, {});
  expectError(b, "initializer 'w' has a negative dimension (-3)");

  ModelBuilder input = reluModel();
  input.graph().mutable_input(0)->mutable_type()->mutable_tensor_type()
      ->mutable_shape()->mutable_dim(0)->set_dim_value(-1);
  expectError(input, "graph input 'x' has a negative dimension (-1)");
}

TEST_F(ImportErrorsTest, ElementCountOverflow) {
  ModelBuilder b = reluModel();
  b.addInitializer("w", {1ll << 40, 1ll << 40}, {});
  expectError(b, "initializer 'w' has more elements than fit in 64 bits");
}

TEST_F(ImportErrorsTest, UnsupportedDataTypes) {
  ModelBuilder b = reluModel();
  TP &s = *b.graph().add_initializer();
  s.set_name("s");
  s.set_data_type(TP::STRING);
  s.add_string_data("hello");
  expectError(b, "initializer 's' has data type STRING (8), which onnxc does "
                 "not support");

  ModelBuilder f8 = reluModel();
  TP &t = *f8.graph().add_initializer();
  t.set_name("f8");
  t.set_data_type(17);
  expectError(f8, "initializer 'f8' has data type FLOAT8E4M3FN (17)");
}

TEST_F(ImportErrorsTest, WrongAttributeType) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2, 3});
  setFloat(b.addNode("Flatten", {"x"}, {"y"}, "flat"), "axis", 1.0f);
  b.addOutput("y", TP::FLOAT, {2, 3});
  expectError(b, "node 'flat' (Flatten-13): attribute 'axis' must be INT, got "
                 "FLOAT");
}

TEST_F(ImportErrorsTest, MissingRequiredAttribute) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  b.addNode("MaxPool", {"x"}, {"y"}, "pool");
  b.addOutput("y", TP::FLOAT, {1, 1, 2, 2});
  expectError(b, "node 'pool' (MaxPool-13): required attribute "
                 "'kernel_shape' (INTS) is missing");
}

TEST_F(ImportErrorsTest, AttributeNotInThisOpset) {
  ModelBuilder b = reluModel();
  setFloat(*b.graph().mutable_node(0), "alpha", 0.1f);
  expectError(b, "node 'relu' (Relu-13): attribute 'alpha' is not an "
                 "attribute of Relu-13");

  // MaxPool-8 had no ceil_mode.
  ModelBuilder pool(8);
  pool.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  auto &node = pool.addNode("MaxPool", {"x"}, {"y"}, "pool");
  setInts(node, "kernel_shape", {2, 2});
  setInt(node, "ceil_mode", 1);
  pool.addOutput("y", TP::FLOAT, {1, 1, 2, 2});
  expectError(pool, "attribute 'ceil_mode' is not an attribute of MaxPool-8");
}

TEST_F(ImportErrorsTest, ExtraInput) {
  ModelBuilder b = reluModel();
  b.graph().mutable_node(0)->add_input("x");
  expectError(b, "has input #1 'x', but Relu-13 takes only 1 inputs");
}

TEST_F(ImportErrorsTest, SubgraphAttributesDoNotCrash) {
  ModelBuilder b;
  b.addInput("cond", TP::BOOL, {});
  auto &ifNode = b.addNode("If", {"cond"}, {"y"}, "branch");
  addAttr(ifNode, "then_branch", AP::GRAPH).mutable_g()->set_name("then");
  addAttr(ifNode, "else_branch", AP::GRAPH).mutable_g()->set_name("else");
  b.addOutput("y", TP::FLOAT, {2});
  expectError(b, "the branches have 0 outputs, but the node has 1");

  ModelBuilder relu = reluModel();
  addAttr(*relu.graph().mutable_node(0), "body", AP::GRAPHS)
      .add_graphs()
      ->set_name("g");
  expectError(relu, "attribute 'body' is not an attribute of Relu-13");
}

TEST_F(ImportErrorsTest, ShapeInferenceFailureStopsImport) {
  ModelBuilder b;
  b.addInput("a", TP::FLOAT, {2, 3});
  b.addInput("b", TP::FLOAT, {4, 5});
  b.addNode("MatMul", {"a", "b"}, {"y"}, "mm");
  b.addOutput("y", TP::FLOAT, {2, 5});
  ImportResult result =
      expectError(b, "contraction sizes differ: A has 3 columns but B has 4 "
                     "rows");
  EXPECT_EQ(result.errorLocations.front(), "loc(\"mm\"(\"test.onnx\":0:0))");
}

TEST_F(ImportErrorsTest, OperandTypeRejectedByVerifier) {
  ModelBuilder b;
  b.addInput("x", TP::INT32, {2});
  b.addNode("Sigmoid", {"x"}, {"y"}, "sig");
  b.addOutput("y", TP::INT32, {2});
  expectError(b, "'onnx.Sigmoid' op operand #0 must be");
}

// Before opset 14 training is asked for by using the running statistics;
// onnxc computes them from opset 14 on.
TEST_F(ImportErrorsTest, BatchNormalizationTrainingBeforeOpset14) {
  ModelBuilder b(9);
  b.addInput("x", TP::FLOAT, {2, 3});
  for (const char *name : {"scale", "bias", "mean", "var"})
    b.addInput(name, TP::FLOAT, {3});
  b.addNode("BatchNormalization", {"x", "scale", "bias", "mean", "var"},
            {"y", "running_mean"}, "bn");
  b.addOutput("y", TP::FLOAT, {2, 3});
  b.addOutput("running_mean", TP::FLOAT, {3});
  expectError(b, "BatchNormalization in training mode (computing batch "
                 "statistics) is supported from opset 14 on");
}

TEST_F(ImportErrorsTest, ConstantWithStringValue) {
  ModelBuilder b;
  auto &node = b.addNode("Constant", {}, {"y"}, "c");
  addAttr(node, "value_string", AP::STRING).set_s("hi");
  b.graph().add_output()->set_name("y");
  expectError(b, "Constant with 'value_string' is not supported");
}

TEST_F(ImportErrorsTest, GraphOutputContradictsValue) {
  ModelBuilder b = reluModel();
  b.graph().mutable_output(0)->mutable_type()->mutable_tensor_type()
      ->mutable_shape()->mutable_dim(1)->set_dim_value(4);
  expectError(b, "declares 'y' as 'tensor<2x4xf32>', but computes "
                 "'tensor<2x3xf32>'");
}

TEST_F(ImportErrorsTest, UnreadableFile) {
  ImportResult result;
  ScopedDiagnosticHandler handler(&context, [&](Diagnostic &diag) {
    result.errors.push_back(diag.str());
    return success();
  });
  result.module =
      onnxc::importONNXModel(&context, "/nonexistent/model.onnx", {});
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("cannot read '/nonexistent/model.onnx'"))
      << result.allErrors();
}

// GridSample-16 knows only its own mode names.
TEST_F(ImportErrorsTest, GridSampleV16ModeNames) {
  ModelBuilder b(16);
  b.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  b.addInput("grid", TP::FLOAT, {1, 2, 3, 2});
  auto &sample = b.addNode("GridSample", {"x", "grid"}, {"y"}, "sample");
  addAttr(sample, "mode", AP::STRING).set_s("linear");
  b.addOutput("y", TP::FLOAT, {1, 1, 2, 3});
  expectError(b, "node 'sample' (GridSample-16): unknown mode 'linear'");
}

} // namespace
