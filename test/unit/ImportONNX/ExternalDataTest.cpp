//===- ExternalDataTest.cpp - Initializers stored beside the model --------===//

#include "ModelBuilder.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/IR/BuiltinAttributes.h"
#include "llvm/ADT/SmallString.h"
#include "llvm/Support/FileSystem.h"
#include "llvm/Support/Path.h"

#include <gtest/gtest.h>

using namespace mlir;
using namespace onnxc::test;
namespace ox = onnxc::onnx;

namespace {

/// A model directory holding `weights.bin` (floats 0..99), and a second
/// directory beside it that the model must not reach.
class ExternalDataTest : public ::testing::Test {
protected:
  void SetUp() override {
    ASSERT_FALSE(llvm::sys::fs::createUniqueDirectory("onnxc-ext", root));
    modelDir = root;
    llvm::sys::path::append(modelDir, "model");
    outsideDir = root;
    llvm::sys::path::append(outsideDir, "outside");
    ASSERT_FALSE(llvm::sys::fs::create_directory(modelDir));
    ASSERT_FALSE(llvm::sys::fs::create_directory(outsideDir));
    for (int i = 0; i < 100; ++i)
      weights.push_back(static_cast<float>(i));
    writeFile(modelDir, "weights.bin", weights);
    writeFile(outsideDir, "secret.bin", weights);
    modelPath = modelDir;
    llvm::sys::path::append(modelPath, "model.onnx");
  }

  void TearDown() override { llvm::sys::fs::remove_directories(root); }

  static void writeFile(StringRef dir, StringRef name,
                        const std::vector<float> &values) {
    llvm::SmallString<256> path(dir);
    llvm::sys::path::append(path, name);
    std::error_code ec;
    llvm::raw_fd_ostream os(path, ec);
    ASSERT_FALSE(ec);
    os.write(reinterpret_cast<const char *>(values.data()),
             values.size() * sizeof(float));
  }

  /// A model returning initializer `w` of `count` floats stored externally.
  static ModelBuilder
  model(int64_t count,
        const std::vector<std::pair<std::string, std::string>> &entries) {
    ModelBuilder b;
    TP &w = *b.graph().add_initializer();
    w.set_name("w");
    w.set_data_type(TP::FLOAT);
    w.add_dims(count);
    w.set_data_location(TP::EXTERNAL);
    for (const auto &[key, value] : entries) {
      auto *entry = w.add_external_data();
      entry->set_key(key);
      entry->set_value(value);
    }
    b.addOutput("w", TP::FLOAT, {count});
    return b;
  }

  ImportResult import(const ModelBuilder &b) {
    return importBytes(context, b.serialize(), modelPath.str().str());
  }

  void expectError(const ModelBuilder &b, const std::string &fragment) {
    ImportResult result = import(b);
    EXPECT_FALSE(result.module);
    EXPECT_TRUE(result.hasError(fragment))
        << "expected '" << fragment << "' among:\n"
        << result.allErrors();
  }

  MLIRContext context;
  llvm::SmallString<256> root, modelDir, outsideDir, modelPath;
  std::vector<float> weights;
};

ElementsAttr getConstantValue(ModuleOp module) {
  ElementsAttr value;
  module.walk([&](ox::ConstantOp op) { value = op.getValue(); });
  return value;
}

TEST_F(ExternalDataTest, ReadsSliceAtOffset) {
  ImportResult result = import(model(
      6, {{"location", "weights.bin"}, {"offset", "8"}, {"length", "24"}}));
  ASSERT_TRUE(result.module) << result.allErrors();
  auto dense = dyn_cast<DenseElementsAttr>(getConstantValue(*result.module));
  ASSERT_TRUE(dense);
  auto values = llvm::to_vector(dense.getValues<float>());
  EXPECT_EQ(std::vector<float>(values.begin(), values.end()),
            std::vector<float>(weights.begin() + 2, weights.begin() + 8));
}

TEST_F(ExternalDataTest, WholeFileBecomesResourceBlob) {
  // Written to disk so that importONNXModel resolves against its directory.
  ModelBuilder b = model(100, {{"location", "./weights.bin"}});
  {
    std::error_code ec;
    llvm::raw_fd_ostream os(modelPath, ec);
    ASSERT_FALSE(ec);
    os << b.serialize();
  }
  OwningOpRef<ModuleOp> module =
      onnxc::importONNXModel(&context, modelPath, onnxc::ImportOptions());
  ASSERT_TRUE(module);
  auto resource =
      dyn_cast<DenseF32ResourceElementsAttr>(getConstantValue(*module));
  ASSERT_TRUE(resource);
  std::optional<ArrayRef<float>> data = resource.tryGetAsArrayRef();
  ASSERT_TRUE(data);
  EXPECT_EQ(std::vector<float>(data->begin(), data->end()), weights);
}

TEST_F(ExternalDataTest, AbsolutePathRefused) {
  llvm::SmallString<256> secret(outsideDir);
  llvm::sys::path::append(secret, "secret.bin");
  expectError(model(100, {{"location", secret.str().str()}}),
              "has external data at the absolute path");
}

TEST_F(ExternalDataTest, DotDotRefused) {
  expectError(model(100, {{"location", "../outside/secret.bin"}}),
              "which contains '..'");
  expectError(model(100, {{"location", "sub\\..\\..\\outside\\secret.bin"}}),
              "which contains '..'");
}

TEST_F(ExternalDataTest, SymlinkOutOfModelDirectoryRefused) {
  llvm::SmallString<256> target(outsideDir), link(modelDir);
  llvm::sys::path::append(target, "secret.bin");
  llvm::sys::path::append(link, "link.bin");
  ASSERT_FALSE(llvm::sys::fs::create_link(target, link));
  expectError(model(100, {{"location", "link.bin"}}),
              "outside the model's directory");
}

TEST_F(ExternalDataTest, OffsetPastEndRefused) {
  expectError(model(1, {{"location", "weights.bin"}, {"offset", "401"}}),
              "has external data at offset 401, past the end of "
              "'weights.bin' (400 bytes)");
  expectError(model(2, {{"location", "weights.bin"},
                        {"offset", "396"},
                        {"length", "8"}}),
              "past the end of 'weights.bin'");
}

TEST_F(ExternalDataTest, LengthMustMatchShape) {
  expectError(model(6, {{"location", "weights.bin"}, {"length", "20"}}),
              "initializer 'w' has 20 bytes of external data, but its shape "
              "and data type need 24");
}

TEST_F(ExternalDataTest, MissingFileAndLocation) {
  expectError(model(6, {{"location", "nope.bin"}}),
              "cannot open external data file 'nope.bin'");
  expectError(model(6, {{"offset", "0"}}),
              "has external data without a 'location'");
  expectError(model(6, {{"location", "weights.bin"}, {"offset", "-4"}}),
              "'offset' = '-4', which is not a non-negative integer");
}

} // namespace
