//===- ControlFlowTest.cpp - Importing If, Loop and Scan subgraphs --------===//

#include "ModelBuilder.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;

namespace {

/// Adds a GRAPH attribute `name` to `node` and returns its subgraph.
::onnx::GraphProto &addGraph(::onnx::NodeProto &node, const std::string &name) {
  return *addAttr(node, name, AP::GRAPH).mutable_g();
}

/// A subgraph node (the builder only adds nodes to the main graph).
::onnx::NodeProto &addNodeTo(::onnx::GraphProto &graph,
                             const std::string &opType,
                             const std::vector<std::string> &inputs,
                             const std::vector<std::string> &outputs) {
  ::onnx::NodeProto &node = *graph.add_node();
  node.set_op_type(opType);
  for (const std::string &input : inputs)
    node.add_input(input);
  for (const std::string &output : outputs)
    node.add_output(output);
  return node;
}

void addGraphOutput(::onnx::GraphProto &graph, const std::string &name) {
  graph.add_output()->set_name(name);
}

class ControlFlowTest : public ::testing::Test {
protected:
  MLIRContext context;
};

TEST_F(ControlFlowTest, IfBranchesCaptureAndShadowOuterValues) {
  ModelBuilder b;
  b.addInput("c", TP::BOOL, {});
  b.addInput("x", TP::FLOAT, {2});
  auto &node = b.addNode("If", {"c"}, {"y"}, "if");
  // then: a value named like the outer input shadows it.
  ::onnx::GraphProto &thenBranch = addGraph(node, "then_branch");
  addNodeTo(thenBranch, "Neg", {"x"}, {"x"});
  addGraphOutput(thenBranch, "x");
  // else: reads the outer input.
  ::onnx::GraphProto &elseBranch = addGraph(node, "else_branch");
  addNodeTo(elseBranch, "Relu", {"x"}, {"r"});
  addGraphOutput(elseBranch, "r");
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  std::string ir = result.ir();
  EXPECT_NE(ir.find("onnx.If %arg0 : tensor<i1> -> tensor<2xf32>"),
            std::string::npos)
      << ir;
  EXPECT_NE(ir.find("onnx.Neg %arg1"), std::string::npos) << ir;
  EXPECT_NE(ir.find("onnx.Relu %arg1"), std::string::npos) << ir;
}

TEST_F(ControlFlowTest, LoopBodyGeneralisedWhenShapeChanges) {
  // The carried value grows by one element per iteration: the body is
  // imported again with a dynamic size.
  ModelBuilder b;
  b.addInput("m", TP::INT64, {});
  b.addInput("v", TP::FLOAT, {1});
  auto &node = b.addNode("Loop", {"m", "", "v"}, {"out"}, "loop");
  ::onnx::GraphProto &body = addGraph(node, "body");
  for (const char *name : {"i", "cond", "acc"})
    body.add_input()->set_name(name);
  addNodeTo(body, "Identity", {"cond"}, {"cond_out"});
  setInt(addNodeTo(body, "Concat", {"acc", "acc"}, {"acc_out"}), "axis", 0);
  addGraphOutput(body, "cond_out");
  addGraphOutput(body, "acc_out");
  b.addOutput("out", TP::FLOAT, {Dim(-1)});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  std::string ir = result.ir();
  EXPECT_NE(ir.find("%arg4: tensor<?xf32>"), std::string::npos) << ir;
}

TEST_F(ControlFlowTest, NestingDepthIsLimited) {
  ModelBuilder b;
  b.addInput("c", TP::BOOL, {});
  b.addInput("x", TP::FLOAT, {2});
  ::onnx::GraphProto *graph = &b.graph();
  std::string output = "y";
  for (int depth = 0; depth < 70; ++depth) {
    ::onnx::NodeProto &node = addNodeTo(*graph, "If", {"c"}, {output});
    ::onnx::GraphProto &elseBranch = addGraph(node, "else_branch");
    addNodeTo(elseBranch, "Relu", {"x"}, {"r"});
    addGraphOutput(elseBranch, "r");
    graph = &addGraph(node, "then_branch");
    output = "t";
    addGraphOutput(*graph, "t");
  }
  addNodeTo(*graph, "Relu", {"x"}, {"t"});
  b.addOutput("y", TP::FLOAT, {2});
  // protobuf's own recursion limit (100 messages, about 32 levels of
  // subgraphs) may refuse the model first; either way it is refused cleanly.
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("nests subgraphs more than 64 levels deep") ||
              result.hasError("protobuf parsing failed"))
      << result.allErrors();
}

TEST_F(ControlFlowTest, UnsupportedOpInSubgraphIsReported) {
  ModelBuilder b;
  b.addInput("c", TP::BOOL, {});
  b.addInput("x", TP::FLOAT, {2});
  auto &node = b.addNode("If", {"c"}, {"y"}, "if");
  ::onnx::GraphProto &thenBranch = addGraph(node, "then_branch");
  addNodeTo(thenBranch, "Foo", {"x"}, {"t"});
  addGraphOutput(thenBranch, "t");
  ::onnx::GraphProto &elseBranch = addGraph(node, "else_branch");
  addGraphOutput(elseBranch, "x");
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  EXPECT_FALSE(result.module);
  EXPECT_TRUE(result.hasError("unsupported operator 'Foo'"))
      << result.allErrors();
}

} // namespace
