//===- SequenceTest.cpp - Importing sequence operators --------------------===//

#include "ModelBuilder.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;

namespace {

class SequenceTest : public ::testing::Test {
protected:
  MLIRContext context;
};

TEST_F(SequenceTest, InsertIntoEmptyTakesTheTensorsType) {
  ModelBuilder b(12);
  b.addInput("x", TP::FLOAT, {2, 3});
  b.addInput("y", TP::FLOAT, {1, 3});
  b.addNode("SequenceEmpty", {}, {"s0"});
  b.addNode("SequenceInsert", {"s0", "x"}, {"s1"});
  b.addNode("SequenceInsert", {"s1", "y"}, {"s2"});
  b.addNode("SequenceLength", {"s2"}, {"n"});
  b.addOutput("n", TP::INT64, {});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  std::string ir = result.ir();
  EXPECT_NE(ir.find("SequenceEmpty {dtype = f32} : !onnx.seq<tensor<*xf32>>"),
            std::string::npos)
      << ir;
  EXPECT_NE(ir.find("-> !onnx.seq<tensor<2x3xf32>>"), std::string::npos) << ir;
  EXPECT_NE(ir.find("-> !onnx.seq<tensor<?x3xf32>>"), std::string::npos) << ir;
}

TEST_F(SequenceTest, SequenceGraphInputsAndOutputsAreReported) {
  ModelBuilder b(12);
  ::onnx::ValueInfoProto &input = *b.graph().add_input();
  input.set_name("s");
  input.mutable_type()
      ->mutable_sequence_type()
      ->mutable_elem_type()
      ->mutable_tensor_type()
      ->set_elem_type(TP::FLOAT);
  b.addNode("Identity", {"s"}, {"t"});
  ::onnx::ValueInfoProto &output = *b.graph().add_output();
  output.set_name("t");
  *output.mutable_type() = input.type();
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("graph input 's' has sequence type; "
                              "sequence-typed graph inputs and outputs are "
                              "not supported yet"))
      << result.allErrors();
  EXPECT_TRUE(result.hasError("graph output 't' has sequence type"))
      << result.allErrors();
}

TEST_F(SequenceTest, SequenceWhereATensorIsExpected) {
  ModelBuilder b(12);
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("SequenceConstruct", {"x"}, {"s"});
  b.addNode("Relu", {"s"}, {"y"}, "relu");
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("input #0 's' is a sequence, where Relu takes "
                              "a tensor"))
      << result.allErrors();
}

TEST_F(SequenceTest, TensorWhereASequenceIsExpected) {
  ModelBuilder b(12);
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("SequenceLength", {"x"}, {"n"}, "length");
  b.addOutput("n", TP::INT64, {});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("input #0 'x' is a tensor, where SequenceLength "
                              "takes a sequence"))
      << result.allErrors();
}

TEST_F(SequenceTest, SubgraphYieldingASequenceIsReported) {
  ModelBuilder b(13);
  b.addInput("c", TP::BOOL, {});
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("SequenceConstruct", {"x"}, {"s"});
  auto &node = b.addNode("If", {"c"}, {"r"}, "if");
  for (const char *name : {"then_branch", "else_branch"}) {
    ::onnx::GraphProto &branch = *addAttr(node, name, AP::GRAPH).mutable_g();
    branch.add_output()->set_name("s");
  }
  b.addNode("SequenceAt", {"r", "c"}, {"y"});
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("output 's' is a sequence; subgraphs that "
                              "yield sequences are not supported yet"))
      << result.allErrors();
}

} // namespace
