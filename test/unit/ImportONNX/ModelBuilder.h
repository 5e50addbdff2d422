//===- ModelBuilder.h - ONNX models built in C++ for tests ------*- C++ -*-===//

#ifndef ONNXC_TEST_UNIT_IMPORTONNX_MODELBUILDER_H
#define ONNXC_TEST_UNIT_IMPORTONNX_MODELBUILDER_H

#include "onnxc/Conversion/ImportONNX/ImportONNX.h"

#include "mlir/IR/Diagnostics.h"
#include "mlir/IR/MLIRContext.h"
#include "llvm/Support/raw_ostream.h"

#include <onnx/onnx_pb.h>

#include <cstring>
#include <string>
#include <vector>

namespace onnxc::test {

/// One dimension of a value's shape: a size or a dim_param name.
struct Dim {
  Dim(int64_t size) : size(size) {}
  Dim(const char *param) : param(param) {}
  int64_t size = -1;
  std::string param;
};

using TP = ::onnx::TensorProto;
using AP = ::onnx::AttributeProto;

/// Builds a ModelProto tersely: one graph, default domain at `opset`.
class ModelBuilder {
public:
  explicit ModelBuilder(int64_t opset = 13) {
    model.set_ir_version(8);
    addOpset("", opset);
    graph().set_name("test_graph");
  }

  ::onnx::ModelProto model;

  ::onnx::GraphProto &graph() { return *model.mutable_graph(); }

  void addOpset(const std::string &domain, int64_t version) {
    auto *opset = model.add_opset_import();
    opset->set_domain(domain);
    opset->set_version(version);
  }

  static void setType(::onnx::ValueInfoProto &info, int dataType,
                      const std::vector<Dim> &dims, bool ranked = true) {
    auto *tensor = info.mutable_type()->mutable_tensor_type();
    tensor->set_elem_type(dataType);
    if (!ranked)
      return;
    auto *shape = tensor->mutable_shape();
    for (const Dim &dim : dims) {
      auto *d = shape->add_dim();
      if (!dim.param.empty())
        d->set_dim_param(dim.param);
      else if (dim.size >= 0)
        d->set_dim_value(dim.size);
    }
  }

  ::onnx::ValueInfoProto &addInput(const std::string &name, int dataType,
                                   const std::vector<Dim> &dims,
                                   bool ranked = true) {
    auto *info = graph().add_input();
    info->set_name(name);
    setType(*info, dataType, dims, ranked);
    return *info;
  }

  ::onnx::ValueInfoProto &addOutput(const std::string &name, int dataType,
                                    const std::vector<Dim> &dims,
                                    bool ranked = true) {
    auto *info = graph().add_output();
    info->set_name(name);
    setType(*info, dataType, dims, ranked);
    return *info;
  }

  ::onnx::ValueInfoProto &addValueInfo(const std::string &name, int dataType,
                                       const std::vector<Dim> &dims) {
    auto *info = graph().add_value_info();
    info->set_name(name);
    setType(*info, dataType, dims);
    return *info;
  }

  ::onnx::NodeProto &addNode(const std::string &opType,
                             const std::vector<std::string> &inputs,
                             const std::vector<std::string> &outputs,
                             const std::string &name = "") {
    auto *node = graph().add_node();
    node->set_op_type(opType);
    node->set_name(name);
    for (const std::string &input : inputs)
      node->add_input(input);
    for (const std::string &output : outputs)
      node->add_output(output);
    return *node;
  }

  /// A float initializer stored as raw_data.
  TP &addInitializer(const std::string &name, const std::vector<int64_t> &dims,
                     const std::vector<float> &values) {
    TP &tensor = *graph().add_initializer();
    tensor.set_name(name);
    tensor.set_data_type(TP::FLOAT);
    for (int64_t dim : dims)
      tensor.add_dims(dim);
    tensor.set_raw_data(std::string(reinterpret_cast<const char *>(
                                        values.data()),
                                    values.size() * sizeof(float)));
    return tensor;
  }

  std::string serialize() const { return model.SerializeAsString(); }
};

inline AP &addAttr(::onnx::NodeProto &node, const std::string &name,
                   AP::AttributeType type) {
  AP &attr = *node.add_attribute();
  attr.set_name(name);
  attr.set_type(type);
  return attr;
}
inline void setInt(::onnx::NodeProto &node, const std::string &name,
                   int64_t value) {
  addAttr(node, name, AP::INT).set_i(value);
}
inline void setFloat(::onnx::NodeProto &node, const std::string &name,
                     float value) {
  addAttr(node, name, AP::FLOAT).set_f(value);
}
inline void setInts(::onnx::NodeProto &node, const std::string &name,
                    const std::vector<int64_t> &values) {
  AP &attr = addAttr(node, name, AP::INTS);
  for (int64_t value : values)
    attr.add_ints(value);
}

/// What one import produced: the module (null on failure) and every
/// diagnostic message, errors and warnings apart.
struct ImportResult {
  mlir::OwningOpRef<mlir::ModuleOp> module;
  std::vector<std::string> errors;
  std::vector<std::string> errorLocations;

  std::string ir() {
    std::string text;
    llvm::raw_string_ostream os(text);
    if (module)
      module->print(os);
    return text;
  }
  bool hasError(const std::string &fragment) const {
    for (const std::string &error : errors)
      if (error.find(fragment) != std::string::npos)
        return true;
    return false;
  }
  std::string allErrors() const {
    std::string all;
    for (const std::string &error : errors)
      all += error + "\n";
    return all;
  }
};

inline ImportResult importBytes(mlir::MLIRContext &context,
                                const std::string &bytes,
                                const std::string &path = "test.onnx",
                                const ImportOptions &options = {}) {
  ImportResult result;
  mlir::ScopedDiagnosticHandler handler(&context, [&](mlir::Diagnostic &diag) {
    if (diag.getSeverity() == mlir::DiagnosticSeverity::Error) {
      result.errors.push_back(diag.str());
      std::string loc;
      llvm::raw_string_ostream os(loc);
      diag.getLocation().print(os);
      result.errorLocations.push_back(loc);
    }
    return mlir::success();
  });
  result.module = importONNXModelFromBuffer(&context, bytes, path, options);
  return result;
}

} // namespace onnxc::test

#endif // ONNXC_TEST_UNIT_IMPORTONNX_MODELBUILDER_H
