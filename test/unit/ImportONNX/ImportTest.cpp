//===- ImportTest.cpp - What the importer builds from valid models --------===//

#include "ModelBuilder.h"

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;
namespace ox = onnxc::onnx;

namespace {

std::string str(Type type) {
  std::string text;
  llvm::raw_string_ostream os(text);
  type.print(os);
  return text;
}

std::string str(Attribute attr) {
  std::string text;
  llvm::raw_string_ostream os(text);
  attr.print(os);
  return text;
}

/// The ops of the entry function, in order, by name.
std::vector<std::string> opNames(func::FuncOp func) {
  std::vector<std::string> names;
  for (Operation &op : func.getBody().front())
    names.push_back(op.getName().getStringRef().str());
  return names;
}

template <typename OpTy>
OpTy firstOp(ModuleOp module) {
  OpTy found;
  module.walk([&](OpTy op) {
    if (!found)
      found = op;
  });
  return found;
}

class ImportTest : public ::testing::Test {
protected:
  MLIRContext context;
};

TEST_F(ImportTest, MlpSignatureOpsAndTypes) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {"N", 3});
  b.addInitializer("W", {3, 4}, std::vector<float>(12, 0.5f));
  b.addInitializer("B", {4}, {1, 2, 3, 4});
  b.addNode("MatMul", {"x", "W"}, {"xw"}, "matmul");
  b.addNode("Add", {"xw", "B"}, {"h"}, "add");
  b.addNode("Relu", {"h"}, {"y"}, "relu");
  b.addOutput("y", TP::FLOAT, {"N", 4});
  b.addOpset("com.example", 2);

  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  ModuleOp module = *result.module;

  EXPECT_EQ(str(module->getAttr(ox::kModelNameAttr)), "\"test_graph\"");
  auto opsets = module->getAttrOfType<DictionaryAttr>(ox::kOpsetImportsAttr);
  ASSERT_TRUE(opsets);
  EXPECT_EQ(str(opsets.get("ai.onnx")), "13 : i64");
  EXPECT_EQ(str(opsets.get("com.example")), "2 : i64");

  func::FuncOp func = ox::getEntryFunction(module);
  ASSERT_TRUE(func);
  EXPECT_EQ(func.getSymName(), "main_graph");
  EXPECT_EQ(str(func.getFunctionType()),
            "(tensor<?x3xf32>) -> tensor<?x4xf32>");
  EXPECT_EQ(str(func.getArgAttr(0, ox::kNameAttr)), "\"x\"");
  EXPECT_EQ(str(func.getArgAttr(0, ox::kDimParamsAttr)), "[\"N\", \"\"]");
  EXPECT_EQ(str(func.getResultAttr(0, ox::kNameAttr)), "\"y\"");
  EXPECT_EQ(str(func.getResultAttr(0, ox::kDimParamsAttr)), "[\"N\", \"\"]");

  EXPECT_EQ(opNames(func),
            (std::vector<std::string>{"onnx.Constant", "onnx.Constant",
                                      "onnx.MatMul", "onnx.Add", "onnx.Relu",
                                      "func.return"}));
  EXPECT_EQ(str(firstOp<ox::AddOp>(module).getType()), "tensor<?x4xf32>");
  auto bias = cast<ox::ConstantOp>(firstOp<ox::AddOp>(module)
                                         .getB()
                                         .getDefiningOp());
  EXPECT_EQ(str(bias.getValue()), "dense<[1.000000e+00, 2.000000e+00, "
                                  "3.000000e+00, 4.000000e+00]> : "
                                  "tensor<4xf32>");
}

TEST_F(ImportTest, LocationsNameNodeAndFile) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("Relu", {"x"}, {"a"}, "first");
  b.addNode("Relu", {"a"}, {"y"});
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize(), "dir/m.onnx");
  ASSERT_TRUE(result.module) << result.allErrors();
  std::vector<std::string> locs;
  result.module->walk([&](ox::ReluOp op) {
    std::string text;
    llvm::raw_string_ostream os(text);
    op.getLoc().print(os);
    locs.push_back(text);
  });
  EXPECT_EQ(locs, (std::vector<std::string>{
                      "loc(\"first\"(\"dir/m.onnx\":0:0))",
                      "loc(\"Relu#1\"(\"dir/m.onnx\":0:0))"}));
}

TEST_F(ImportTest, ModelNameFallsBackToFileStem) {
  ModelBuilder b;
  b.graph().clear_name();
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("Relu", {"x"}, {"y"});
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize(), "/m/resnet.onnx");
  ASSERT_TRUE(result.module) << result.allErrors();
  EXPECT_EQ(str((*result.module)->getAttr(ox::kModelNameAttr)),
            "\"resnet\"");
}

TEST_F(ImportTest, LargeInitializerBecomesNamedResourceBlob) {
  ModelBuilder b;
  std::vector<float> weights(100);
  for (size_t i = 0; i < weights.size(); ++i)
    weights[i] = static_cast<float>(i);
  b.addInput("x", TP::FLOAT, {10, 10});
  b.addInitializer("weights", {10, 10}, weights);
  b.addNode("Add", {"x", "weights"}, {"y"});
  b.addOutput("y", TP::FLOAT, {10, 10});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto constant = firstOp<ox::ConstantOp>(*result.module);
  auto resource = dyn_cast<DenseF32ResourceElementsAttr>(constant.getValue());
  ASSERT_TRUE(resource) << str(constant.getValue());
  EXPECT_EQ(resource.getRawHandle().getKey(), "weights");
  std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
  ASSERT_TRUE(data);
  EXPECT_EQ(std::vector<float>(data->begin(), data->end()), weights);
  EXPECT_EQ(reinterpret_cast<uintptr_t>(data->data()) % 64, 0u);
  EXPECT_NE(result.ir().find("dense_resource<weights>"), std::string::npos);

  // The limit is an option.
  onnxc::ImportOptions options;
  options.inlineConstantLimit = 1000;
  ImportResult inlined =
      importBytes(context, b.serialize(), "test.onnx", options);
  ASSERT_TRUE(inlined.module) << inlined.allErrors();
  EXPECT_TRUE(isa<DenseElementsAttr>(
      firstOp<ox::ConstantOp>(*inlined.module).getValue()));
}

/// Every supported data type through its typed field (not raw_data).
TEST_F(ImportTest, TypedFieldsOfEveryDataType) {
  ModelBuilder b;
  auto add = [&](const std::string &name, int dataType) -> TP & {
    TP &tensor = *b.graph().add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(dataType);
    tensor.add_dims(2);
    b.addOutput(name, dataType, {2});
    return tensor;
  };
  TP &f32 = add("f32", TP::FLOAT);
  f32.add_float_data(1.5f);
  f32.add_float_data(-2.0f);
  TP &f64 = add("f64", TP::DOUBLE);
  f64.add_double_data(0.25);
  f64.add_double_data(8.0);
  TP &i8 = add("i8", TP::INT8);
  i8.add_int32_data(-128);
  i8.add_int32_data(127);
  TP &u8 = add("u8", TP::UINT8);
  u8.add_int32_data(255);
  u8.add_int32_data(1);
  TP &i16 = add("i16", TP::INT16);
  i16.add_int32_data(-300);
  i16.add_int32_data(300);
  TP &u16 = add("u16", TP::UINT16);
  u16.add_int32_data(65535);
  u16.add_int32_data(2);
  TP &i32 = add("i32", TP::INT32);
  i32.add_int32_data(-70000);
  i32.add_int32_data(70000);
  TP &i64 = add("i64", TP::INT64);
  i64.add_int64_data(-5000000000);
  i64.add_int64_data(7);
  TP &u32 = add("u32", TP::UINT32);
  u32.add_uint64_data(4000000000u);
  u32.add_uint64_data(3);
  TP &u64 = add("u64", TP::UINT64);
  u64.add_uint64_data(18000000000000000000u);
  u64.add_uint64_data(4);
  TP &boolean = add("bool", TP::BOOL);
  boolean.add_int32_data(1);
  boolean.add_int32_data(0);
  TP &f16 = add("f16", TP::FLOAT16);
  f16.add_int32_data(0x3C00); // 1.0
  f16.add_int32_data(0xC000); // -2.0
  TP &bf16 = add("bf16", TP::BFLOAT16);
  bf16.add_int32_data(0x3F80); // 1.0
  bf16.add_int32_data(0x4040); // 3.0

  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  std::vector<std::string> values;
  result.module->walk([&](ox::ConstantOp op) {
    values.push_back(str(op.getValue()));
  });
  EXPECT_EQ(values,
            (std::vector<std::string>{
                "dense<[1.500000e+00, -2.000000e+00]> : tensor<2xf32>",
                "dense<[2.500000e-01, 8.000000e+00]> : tensor<2xf64>",
                "dense<[-128, 127]> : tensor<2xi8>",
                "dense<[255, 1]> : tensor<2xui8>",
                "dense<[-300, 300]> : tensor<2xi16>",
                "dense<[65535, 2]> : tensor<2xui16>",
                "dense<[-70000, 70000]> : tensor<2xi32>",
                "dense<[-5000000000, 7]> : tensor<2xi64>",
                "dense<[4000000000, 3]> : tensor<2xui32>",
                "dense<[18000000000000000000, 4]> : tensor<2xui64>",
                "dense<[true, false]> : tensor<2xi1>",
                "dense<[1.000000e+00, -2.000000e+00]> : tensor<2xf16>",
                "dense<[1.000000e+00, 3.000000e+00]> : tensor<2xbf16>"}));
}

TEST_F(ImportTest, InitializerListedAsInputIsAConstant) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2});
  b.addInput("w", TP::FLOAT, {2});
  b.addInitializer("w", {2}, {1, 2});
  b.addNode("Mul", {"x", "w"}, {"y"});
  b.addOutput("y", TP::FLOAT, {2});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  EXPECT_EQ(str(ox::getEntryFunction(*result.module).getFunctionType()),
            "(tensor<2xf32>) -> tensor<2xf32>");
}

TEST_F(ImportTest, InputWithoutShapeIsUnranked) {
  ModelBuilder b;
  b.addInput("x", TP::INT64, {}, /*ranked=*/false);
  b.addNode("Identity", {"x"}, {"y"});
  b.addOutput("y", TP::INT64, {}, /*ranked=*/false);
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  func::FuncOp func = ox::getEntryFunction(*result.module);
  EXPECT_EQ(str(func.getFunctionType()), "(tensor<*xi64>) -> tensor<*xi64>");
  EXPECT_FALSE(func.getArgAttr(0, ox::kDimParamsAttr));
}

TEST_F(ImportTest, SoftmaxVersionsPickTheirOp) {
  for (int64_t opset : {1, 11, 13, 23}) {
    ModelBuilder b(opset);
    b.addInput("x", TP::FLOAT, {2, 3});
    b.addNode("Softmax", {"x"}, {"y"});
    b.addOutput("y", TP::FLOAT, {2, 3});
    ImportResult result = importBytes(context, b.serialize());
    ASSERT_TRUE(result.module) << result.allErrors();
    bool v1 = firstOp<ox::SoftmaxV1Op>(*result.module) != nullptr;
    EXPECT_EQ(v1, opset < 13) << "opset " << opset;
  }
}

TEST_F(ImportTest, ReshapeV1ShapeAttributeBecomesConstantOperand) {
  ModelBuilder b(4);
  b.addInput("x", TP::FLOAT, {2, 3});
  setInts(b.addNode("Reshape", {"x"}, {"y"}), "shape", {3, -1});
  b.addOutput("y", TP::FLOAT, {3, 2});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto reshape = firstOp<ox::ReshapeOp>(*result.module);
  ASSERT_TRUE(reshape);
  EXPECT_EQ(str(reshape.getType()), "tensor<3x2xf32>");
  auto shape = reshape.getShape().getDefiningOp<ox::ConstantOp>();
  ASSERT_TRUE(shape);
  EXPECT_EQ(str(shape.getValue()), "dense<[3, -1]> : tensor<2xi64>");
}

TEST_F(ImportTest, LegacyBroadcastWithAxisReshapesB) {
  ModelBuilder b(6);
  b.addInput("a", TP::FLOAT, {2, 3, 4, 5});
  b.addInput("b", TP::FLOAT, {3});
  auto &add = b.addNode("Add", {"a", "b"}, {"y"});
  setInt(add, "broadcast", 1);
  setInt(add, "axis", 1);
  b.addOutput("y", TP::FLOAT, {2, 3, 4, 5});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto reshape = firstOp<ox::ReshapeOp>(*result.module);
  ASSERT_TRUE(reshape);
  EXPECT_EQ(str(reshape.getType()), "tensor<3x1x1xf32>");
  EXPECT_EQ(str(firstOp<ox::AddOp>(*result.module).getType()),
            "tensor<2x3x4x5xf32>");
}

TEST_F(ImportTest, ConstantValueForms) {
  ModelBuilder b(13);
  setInts(b.addNode("Constant", {}, {"ints"}), "value_ints", {1, 2, 3});
  setFloat(b.addNode("Constant", {}, {"float"}), "value_float", 0.5f);
  setInt(b.addNode("Constant", {}, {"int"}), "value_int", 7);
  auto &tensorNode = b.addNode("Constant", {}, {"tensor"});
  TP *tensor = addAttr(tensorNode, "value", AP::TENSOR).mutable_t();
  tensor->set_data_type(TP::INT32);
  tensor->add_dims(1);
  tensor->add_int32_data(42);
  for (const char *name : {"ints", "float", "int", "tensor"})
    b.graph().add_output()->set_name(name);
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  std::vector<std::string> values;
  result.module->walk(
      [&](ox::ConstantOp op) { values.push_back(str(op.getValue())); });
  EXPECT_EQ(values, (std::vector<std::string>{
                        "dense<[1, 2, 3]> : tensor<3xi64>",
                        "dense<5.000000e-01> : tensor<f32>",
                        "dense<7> : tensor<i64>",
                        "dense<42> : tensor<1xi32>"}));
}

TEST_F(ImportTest, VersionedAttributesAndOptionalOperands) {
  ModelBuilder b(15);
  b.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  b.addInput("a", TP::FLOAT, {2, 3});
  b.addInput("w", TP::FLOAT, {3, 4});
  auto &pool = b.addNode("MaxPool", {"x"}, {"pooled", "indices"});
  setInts(pool, "kernel_shape", {2, 2});
  setInts(pool, "strides", {2, 2});
  setInt(pool, "ceil_mode", 0);
  auto &shape = b.addNode("Shape", {"x"}, {"dims"});
  setInt(shape, "start", 1);
  setInt(shape, "end", -1);
  setFloat(b.addNode("Gemm", {"a", "w"}, {"gemm"}), "alpha", 2.0f);
  b.addNode("Dropout", {"a"}, {"dropped", "unused_mask"});
  for (const char *name : {"pooled", "indices", "dims", "gemm", "dropped"})
    b.graph().add_output()->set_name(name);
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  auto maxPool = firstOp<ox::MaxPoolOp>(*result.module);
  EXPECT_EQ(maxPool->getNumResults(), 2u);
  EXPECT_EQ(str(maxPool.getIndices().getType()), "tensor<1x1x2x2xi64>");
  EXPECT_EQ(str(firstOp<ox::ShapeOp>(*result.module).getType()),
            "tensor<2xi64>");
  auto gemm = firstOp<ox::GemmOp>(*result.module);
  EXPECT_FALSE(gemm.getC());
  EXPECT_EQ(gemm.getAlpha().convertToFloat(), 2.0f);
  EXPECT_EQ(str(gemm.getType()), "tensor<2x4xf32>");
  EXPECT_TRUE(firstOp<ox::IdentityOp>(*result.module));
}

// GridSample-16's mode names become opset 20's; RoiAlign-10 computes what
// RoiAlign-16 calls output_half_pixel.
TEST_F(ImportTest, VisionOpVersionsNormalise) {
  ModelBuilder b(16);
  b.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  b.addInput("grid", TP::FLOAT, {1, 2, 3, 2});
  auto &sample = b.addNode("GridSample", {"x", "grid"}, {"y"});
  addAttr(sample, "mode", AP::STRING).set_s("bicubic");
  b.addOutput("y", TP::FLOAT, {1, 1, 2, 3});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  EXPECT_EQ(firstOp<ox::GridSampleOp>(*result.module).getMode(), "cubic");

  ModelBuilder roi(10);
  roi.addInput("x", TP::FLOAT, {1, 1, 4, 4});
  roi.addInput("rois", TP::FLOAT, {2, 4});
  roi.addInput("batch", TP::INT64, {2});
  roi.addNode("RoiAlign", {"x", "rois", "batch"}, {"y"});
  roi.addOutput("y", TP::FLOAT, {2, 1, 1, 1});
  result = importBytes(context, roi.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  EXPECT_EQ(
      firstOp<ox::RoiAlignOp>(*result.module).getCoordinateTransformationMode(),
      "output_half_pixel");
}

// Declarations more precise than what the inputs imply are not trusted: the
// generated code must stay in bounds even when a model's claim is wrong.
TEST_F(ImportTest, DeclaredTypesDoNotRefineInferredOnes) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2, 3});
  b.addInput("shape", TP::INT64, {2});
  b.addNode("Reshape", {"x", "shape"}, {"r"});
  b.addValueInfo("r", TP::FLOAT, {6, 1});
  b.addNode("Relu", {"r"}, {"y"});
  b.addInput("z", TP::FLOAT, {"N"});
  b.addOutput("y", TP::FLOAT, {6, 1});
  b.addOutput("z", TP::FLOAT, {5});
  ImportResult result = importBytes(context, b.serialize());
  ASSERT_TRUE(result.module) << result.allErrors();
  EXPECT_EQ(str(firstOp<ox::ReshapeOp>(*result.module).getType()),
            "tensor<?x?xf32>");
  func::FuncOp func = ox::getEntryFunction(*result.module);
  EXPECT_EQ(str(func.getFunctionType()),
            "(tensor<2x3xf32>, tensor<2xi64>, tensor<?xf32>) -> "
            "(tensor<?x?xf32>, tensor<?xf32>)");
}

TEST_F(ImportTest, ImportsFromFile) {
  ModelBuilder b;
  b.addInput("x", TP::FLOAT, {2});
  b.addNode("Sigmoid", {"x"}, {"y"});
  b.addOutput("y", TP::FLOAT, {2});
  llvm::SmallString<128> path;
  ASSERT_FALSE(llvm::sys::fs::createTemporaryFile("import", "onnx", path));
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os << b.serialize();
  }
  auto module = onnxc::importONNXModel(&context, path, onnxc::ImportOptions());
  llvm::sys::fs::remove(path);
  ASSERT_TRUE(module);
  EXPECT_TRUE(firstOp<ox::SigmoidOp>(*module));
}

} // namespace
