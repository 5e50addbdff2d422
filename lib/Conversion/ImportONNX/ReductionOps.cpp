//===- ReductionOps.cpp - Importing reductions, scans and softmax ---------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

//===----------------------------------------------------------------------===//
// Reduce*
//===----------------------------------------------------------------------===//

/// Reduce*-1, 11 and 13 (ReduceSum-1 and 11): `axes` is an attribute, which
/// the onnx op takes as a constant operand. Versions 11 and 13 only allowed
/// negative axes and more types.
template <typename OpTy> LogicalResult importReduceWithAxesAttr(NodeBinder &b) {
  Value data;
  std::optional<SmallVector<int64_t>> axes;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.optionalIntsAttr("axes", axes)) ||
      failed(b.copyIntAttr(attrs, "keepdims")))
    return failure();
  SmallVector<Value> operands{data};
  if (axes) {
    FailureOr<Value> axesValue = b.createI64Constant(*axes);
    if (failed(axesValue))
      return failure();
    operands.push_back(*axesValue);
  }
  return b.createAndBind<OpTy>(operands, attrs.getAttrs());
}

/// Reduce*-18 (ReduceSum-13): `axes` became an optional input, and
/// noop_with_empty_axes appeared.
template <typename OpTy>
LogicalResult importReduceWithAxesInput(NodeBinder &b) {
  Value data, axes;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.optionalInput(1, axes)) ||
      failed(b.copyIntAttr(attrs, "keepdims")) ||
      failed(b.copyIntAttr(attrs, "noop_with_empty_axes")))
    return failure();
  SmallVector<Value> operands{data};
  if (axes)
    operands.push_back(axes);
  return b.createAndBind<OpTy>(operands, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// ArgMax, ArgMin
//===----------------------------------------------------------------------===//

/// ArgMax/ArgMin-1 and 11 (which allowed negative axes).
template <typename OpTy> LogicalResult importArgReduceV1(NodeBinder &b) {
  Value data;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "keepdims")))
    return failure();
  return b.createAndBind<OpTy>({data}, attrs.getAttrs());
}

/// ArgMax/ArgMin-12 added select_last_index; 13 only added types.
template <typename OpTy> LogicalResult importArgReduceV12(NodeBinder &b) {
  Value data;
  NamedAttrList attrs;
  if (failed(b.input(0, data)) || failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "keepdims")) ||
      failed(b.copyIntAttr(attrs, "select_last_index")))
    return failure();
  return b.createAndBind<OpTy>({data}, attrs.getAttrs());
}

//===----------------------------------------------------------------------===//
// CumSum, TopK
//===----------------------------------------------------------------------===//

/// CumSum-11 and 14 (which only added types).
LogicalResult importCumSum(NodeBinder &b) {
  Value x, axis;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, axis)) ||
      failed(b.copyIntAttr(attrs, "exclusive")) ||
      failed(b.copyIntAttr(attrs, "reverse")))
    return failure();
  return b.createAndBind<onnx::CumSumOp>({x, axis}, attrs.getAttrs());
}

/// TopK-1: `k` is an attribute, the largest elements along `axis` (which
/// may not be negative yet).
LogicalResult importTopKV1(NodeBinder &b) {
  Value x;
  int64_t k;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  if (!b.hasAttr("k"))
    return b.emitError() << "required attribute 'k' (INT) is missing";
  if (failed(b.intAttr("k", k, 0)))
    return failure();
  FailureOr<Value> kValue = b.createI64Constant({k});
  if (failed(kValue))
    return failure();
  return b.createAndBind<onnx::TopKOp>({x, *kValue}, attrs.getAttrs(),
                                       /*numResults=*/2);
}

/// TopK-10: K became an input.
LogicalResult importTopKV10(NodeBinder &b) {
  Value x, k;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, k)) ||
      failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<onnx::TopKOp>({x, k}, attrs.getAttrs(),
                                       /*numResults=*/2);
}

/// TopK-11 added `largest` and `sorted`, and allowed a negative axis.
LogicalResult importTopKV11(NodeBinder &b) {
  Value x, k;
  NamedAttrList attrs;
  if (failed(b.input(0, x)) || failed(b.input(1, k)) ||
      failed(b.copyIntAttr(attrs, "axis")) ||
      failed(b.copyIntAttr(attrs, "largest")) ||
      failed(b.copyIntAttr(attrs, "sorted")))
    return failure();
  return b.createAndBind<onnx::TopKOp>({x, k}, attrs.getAttrs(),
                                       /*numResults=*/2);
}

//===----------------------------------------------------------------------===//
// Softmax, LogSoftmax, Hardmax
//===----------------------------------------------------------------------===//

/// Versions 1 and 11 coerce the input to 2-D at `axis` (default 1), the V1
/// ops; version 13 works along `axis` alone (default -1). The op's default
/// is the version's, so an absent `axis` stays absent.
template <typename OpTy> LogicalResult importSoftmaxLike(NodeBinder &b) {
  Value input;
  NamedAttrList attrs;
  if (failed(b.input(0, input)) || failed(b.copyIntAttr(attrs, "axis")))
    return failure();
  return b.createAndBind<OpTy>({input}, attrs.getAttrs());
}

template <typename OpTy>
void registerReduce(OpRegistry &registry, StringRef name,
                    int64_t axesInputSince) {
  registry.add(name, 1, importReduceWithAxesAttr<OpTy>);
  registry.add(name, axesInputSince, importReduceWithAxesInput<OpTy>);
}

} // namespace

void registerReductionHandlers(OpRegistry &registry) {
  registry.add("ArgMax", 1, importArgReduceV1<onnx::ArgMaxOp>);
  registry.add("ArgMax", 12, importArgReduceV12<onnx::ArgMaxOp>);
  registry.add("ArgMin", 1, importArgReduceV1<onnx::ArgMinOp>);
  registry.add("ArgMin", 12, importArgReduceV12<onnx::ArgMinOp>);

  registry.add("CumSum", 11, importCumSum);

  registry.add("Hardmax", 1, importSoftmaxLike<onnx::HardmaxV1Op>);
  registry.add("Hardmax", 13, importSoftmaxLike<onnx::HardmaxOp>);
  registry.add("LogSoftmax", 1, importSoftmaxLike<onnx::LogSoftmaxV1Op>);
  registry.add("LogSoftmax", 13, importSoftmaxLike<onnx::LogSoftmaxOp>);
  registry.add("Softmax", 1, importSoftmaxLike<onnx::SoftmaxV1Op>);
  registry.add("Softmax", 13, importSoftmaxLike<onnx::SoftmaxOp>);

  registerReduce<onnx::ReduceL1Op>(registry, "ReduceL1", 18);
  registerReduce<onnx::ReduceL2Op>(registry, "ReduceL2", 18);
  registerReduce<onnx::ReduceLogSumOp>(registry, "ReduceLogSum", 18);
  registerReduce<onnx::ReduceLogSumExpOp>(registry, "ReduceLogSumExp", 18);
  registerReduce<onnx::ReduceMaxOp>(registry, "ReduceMax", 18);
  registerReduce<onnx::ReduceMeanOp>(registry, "ReduceMean", 18);
  registerReduce<onnx::ReduceMinOp>(registry, "ReduceMin", 18);
  registerReduce<onnx::ReduceProdOp>(registry, "ReduceProd", 18);
  registerReduce<onnx::ReduceSumOp>(registry, "ReduceSum", 13);
  registerReduce<onnx::ReduceSumSquareOp>(registry, "ReduceSumSquare", 18);

  registry.add("TopK", 1, importTopKV1);
  registry.add("TopK", 10, importTopKV10);
  registry.add("TopK", 11, importTopKV11);
}

} // namespace onnxc::importer
