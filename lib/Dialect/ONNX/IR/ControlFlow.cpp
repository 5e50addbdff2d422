//===- ControlFlow.cpp - If, Loop and Scan --------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/Builders.h"

using namespace mlir;

namespace onnxc::onnx {

static YieldOp getRegionYield(Region &region) {
  return cast<YieldOp>(region.front().getTerminator());
}

/// Whether a bool condition tensor can hold exactly one element, as ONNX
/// If and Loop require.
static LogicalResult verifySingleElement(Operation *op, Value cond,
                                         StringRef what) {
  auto type = dyn_cast<RankedTensorType>(cond.getType());
  if (type && type.hasStaticShape() && type.getNumElements() != 1)
    return op->emitOpError() << what << " must have one element, got "
                             << type;
  return success();
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

YieldOp IfOp::getThenYield() { return getRegionYield(getThenBranch()); }
YieldOp IfOp::getElseYield() { return getRegionYield(getElseBranch()); }

LogicalResult IfOp::verify() {
  if (failed(verifySingleElement(*this, getCond(), "the condition")))
    return failure();
  for (auto [name, yield] : {std::pair<StringRef, YieldOp>("then_branch",
                                                            getThenYield()),
                             {"else_branch", getElseYield()}})
    if (yield.getNumOperands() != getNumResults())
      return emitOpError() << name << " yields " << yield.getNumOperands()
                           << " values, but the op has " << getNumResults()
                           << " results";
  return success();
}

LogicalResult IfOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  YieldOp thenYield = getThenYield(), elseYield = getElseYield();
  if (thenYield.getNumOperands() != elseYield.getNumOperands())
    return emitOpError() << "then_branch yields " << thenYield.getNumOperands()
                         << " values, else_branch "
                         << elseYield.getNumOperands();
  // ONNX If: both branches' outputs must be of the same type and rank; the
  // result holds either branch's value, so it keeps only the sizes both
  // branches agree on.
  for (auto [index, thenType, elseType] :
       llvm::enumerate(thenYield.getOperandTypes(),
                       elseYield.getOperandTypes())) {
    auto lhs = cast<TensorType>(thenType), rhs = cast<TensorType>(elseType);
    if (lhs.getElementType() != rhs.getElementType() ||
        (lhs.hasRank() && rhs.hasRank() && lhs.getRank() != rhs.getRank()))
      return emitOpError() << "output #" << index << " is " << thenType
                           << " in then_branch but " << elseType
                           << " in else_branch (element types and ranks "
                              "must agree)";
    inferred.push_back(joinTensorTypes(thenType, elseType));
  }
  return success();
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

YieldOp LoopOp::getYield() { return getRegionYield(getBody()); }

/// Checks that `value`'s type fits block argument `arg` of a loop body: the
/// argument must hold every value it takes, so its type may only be more
/// general.
static LogicalResult verifyCarriedType(Operation *op, Type value,
                                       BlockArgument arg, StringRef what) {
  if (isTensorTypeRefinementOf(value, arg.getType()))
    return success();
  return op->emitOpError() << what << " has type " << value
                           << ", which the body's argument #"
                           << arg.getArgNumber() << " of type "
                           << arg.getType() << " does not hold";
}

LogicalResult LoopOp::verify() {
  if (getCond() && failed(verifySingleElement(*this, getCond(),
                                              "the condition")))
    return failure();
  if (getM() && failed(verifySingleElement(*this, getM(),
                                           "the trip count M")))
    return failure();
  Block &body = getBody().front();
  unsigned numCarried = getNumCarried();
  if (body.getNumArguments() != 2 + numCarried)
    return emitOpError() << "body has " << body.getNumArguments()
                         << " arguments, expected 2 + " << numCarried
                         << " (iteration number, condition, loop-carried "
                            "values)";
  auto isScalarOf = [](Type type, Type elementType) {
    auto tensor = cast<TensorType>(type);
    return tensor.getElementType() == elementType &&
           (!tensor.hasRank() || tensor.getNumElements() == 1);
  };
  Builder b(getContext());
  if (!isScalarOf(body.getArgument(0).getType(), b.getI64Type()) ||
      !isScalarOf(body.getArgument(1).getType(), b.getI1Type()))
    return emitOpError("body's first arguments must be the iteration number "
                       "(one i64) and the condition (one i1)");
  YieldOp yield = getYield();
  if (yield.getNumOperands() < 1 + numCarried)
    return emitOpError() << "body yields " << yield.getNumOperands()
                         << " values, expected at least 1 + " << numCarried;
  if (!isScalarOf(yield.getOperand(0).getType(), b.getI1Type()))
    return emitOpError("body's first output must be the condition (one i1)");
  if (getNumResults() != yield.getNumOperands() - 1)
    return emitOpError() << "has " << getNumResults()
                         << " results, but its body yields "
                         << yield.getNumOperands() - 1
                         << " loop-carried values and scan outputs";
  for (unsigned i = 0; i < numCarried; ++i) {
    BlockArgument arg = body.getArgument(2 + i);
    if (failed(verifyCarriedType(*this, getVInitial()[i].getType(), arg,
                                 "initial value #" + std::to_string(i))) ||
        failed(verifyCarriedType(*this, yield.getOperand(1 + i).getType(),
                                 arg,
                                 "loop-carried output #" + std::to_string(i))))
      return failure();
  }
  return success();
}

/// `type` with a dimension of `size` inserted at `axis`; unranked stays
/// unranked.
static Type insertDim(Type type, int64_t axis, int64_t size) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return type;
  SmallVector<int64_t> shape(ranked.getShape());
  shape.insert(shape.begin() + axis, size);
  return ranked.clone(shape);
}

LogicalResult LoopOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  YieldOp yield = getYield();
  unsigned numCarried = getNumCarried();
  if (yield.getNumOperands() < 1 + numCarried)
    return emitOpError() << "body yields " << yield.getNumOperands()
                         << " values, expected at least 1 + " << numCarried;
  // A loop-carried result is the initial value when the body never runs,
  // else the body's last output.
  for (unsigned i = 0; i < numCarried; ++i) {
    Type joined = joinTensorTypes(getVInitial()[i].getType(),
                                  yield.getOperand(1 + i).getType());
    if (!joined)
      return emitOpError() << "loop-carried value #" << i << " starts as "
                           << getVInitial()[i].getType()
                           << " but the body yields "
                           << yield.getOperand(1 + i).getType();
    inferred.push_back(joined);
  }
  // ONNX Loop: without `cond` the body's condition output is ignored, so a
  // constant M is the exact number of iterations.
  int64_t iterations = ShapedType::kDynamic;
  if (getM() && !getCond()) {
    FailureOr<SmallVector<int64_t>> tripCount = getConstantIntValues(getM());
    if (succeeded(tripCount) && tripCount->size() == 1)
      iterations = std::max<int64_t>(0, tripCount->front());
  }
  for (Value scanOutput : yield.getOperands().drop_front(1 + numCarried))
    inferred.push_back(insertDim(scanOutput.getType(), 0, iterations));
  return success();
}

//===----------------------------------------------------------------------===//
// Scan
//===----------------------------------------------------------------------===//

YieldOp ScanOp::getYield() { return getRegionYield(getBody()); }

/// Entry `index` of an optional INTS attribute, or `defaultValue`.
static int64_t getOrDefault(std::optional<ArrayAttr> attr, unsigned index,
                            int64_t defaultValue) {
  if (!attr || index >= attr->size())
    return defaultValue;
  return cast<IntegerAttr>((*attr)[index]).getInt();
}

FailureOr<int64_t> ScanOp::getScanInputAxis(unsigned index) {
  Value input = getInitialStateAndScanInputs()[getNumStates() + index];
  auto type = dyn_cast<RankedTensorType>(input.getType());
  if (!type)
    return failure();
  return normalizeAxis(getOrDefault(getScanInputAxes(), index, 0),
                       type.getRank());
}

FailureOr<int64_t> ScanOp::getScanOutputAxis(unsigned index) {
  Value output = getYield().getOperand(getNumStates() + index);
  auto type = dyn_cast<RankedTensorType>(output.getType());
  if (!type)
    return failure();
  return normalizeAxis(getOrDefault(getScanOutputAxes(), index, 0),
                       type.getRank() + 1);
}

bool ScanOp::isScanInputReversed(unsigned index) {
  return getOrDefault(getScanInputDirections(), index, 0) != 0;
}

bool ScanOp::isScanOutputReversed(unsigned index) {
  return getOrDefault(getScanOutputDirections(), index, 0) != 0;
}

LogicalResult ScanOp::verify() {
  int64_t numScanInputs = getNumScanInputs();
  int64_t numOperands = getInitialStateAndScanInputs().size();
  if (numScanInputs < 1 || numScanInputs > numOperands)
    return emitOpError() << "num_scan_inputs is " << numScanInputs
                         << ", expected 1 to " << numOperands;
  unsigned numStates = getNumStates();
  Block &body = getBody().front();
  if (body.getNumArguments() != numOperands)
    return emitOpError() << "body has " << body.getNumArguments()
                         << " arguments, expected one per operand ("
                         << numOperands << ")";
  YieldOp yield = getYield();
  if (yield.getNumOperands() != getNumResults() ||
      getNumResults() < numStates)
    return emitOpError() << "body yields " << yield.getNumOperands()
                         << " values for " << getNumResults()
                         << " results, expected " << numStates
                         << " states and then the scan outputs";
  auto checkLength = [&](std::optional<ArrayAttr> attr, StringRef name,
                         unsigned expected) -> LogicalResult {
    if (attr && attr->size() != expected)
      return emitOpError() << name << " has " << attr->size()
                           << " entries, expected " << expected;
    return success();
  };
  unsigned numScanOutputs = getNumScanOutputs();
  if (failed(checkLength(getScanInputAxes(), "scan_input_axes",
                         numScanInputs)) ||
      failed(checkLength(getScanInputDirections(), "scan_input_directions",
                         numScanInputs)) ||
      failed(checkLength(getScanOutputAxes(), "scan_output_axes",
                         numScanOutputs)) ||
      failed(checkLength(getScanOutputDirections(), "scan_output_directions",
                         numScanOutputs)))
    return failure();
  for (unsigned i = 0; i < numStates; ++i) {
    BlockArgument arg = body.getArgument(i);
    if (failed(verifyCarriedType(*this,
                                 getInitialStateAndScanInputs()[i].getType(),
                                 arg, "initial state #" + std::to_string(i))) ||
        failed(verifyCarriedType(*this, yield.getOperand(i).getType(), arg,
                                 "state output #" + std::to_string(i))))
      return failure();
  }
  for (unsigned j = 0; j < numScanInputs; ++j) {
    Value input = getInitialStateAndScanInputs()[numStates + j];
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      continue;
    FailureOr<int64_t> axis = getScanInputAxis(j);
    if (failed(axis))
      return emitOpError() << "scan_input_axes entry #" << j
                           << " is out of range for " << type;
    SmallVector<int64_t> shape(type.getShape());
    shape.erase(shape.begin() + *axis);
    if (failed(verifyCarriedType(*this, type.clone(shape),
                                 body.getArgument(numStates + j),
                                 "a slice of scan input #" +
                                     std::to_string(j))))
      return failure();
  }
  return success();
}

LogicalResult ScanOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  YieldOp yield = getYield();
  unsigned numStates = getNumStates();
  if (yield.getNumOperands() < numStates)
    return emitOpError() << "body yields " << yield.getNumOperands()
                         << " values, expected at least " << numStates;
  for (unsigned i = 0; i < numStates; ++i) {
    Type joined = joinTensorTypes(getInitialStateAndScanInputs()[i].getType(),
                                  yield.getOperand(i).getType());
    if (!joined)
      return emitOpError() << "state #" << i << " starts as "
                           << getInitialStateAndScanInputs()[i].getType()
                           << " but the body yields "
                           << yield.getOperand(i).getType();
    inferred.push_back(joined);
  }
  // ONNX Scan: every scan input has the same length along its axis; any of
  // them that knows it statically gives the number of iterations.
  int64_t length = ShapedType::kDynamic;
  for (unsigned j = 0, e = getNumScanInputs(); j < e; ++j) {
    FailureOr<int64_t> axis = getScanInputAxis(j);
    if (failed(axis))
      continue;
    auto type = cast<RankedTensorType>(
        getInitialStateAndScanInputs()[numStates + j].getType());
    int64_t size = type.getDimSize(*axis);
    if (ShapedType::isDynamic(size))
      continue;
    if (!ShapedType::isDynamic(length) && length != size)
      return emitOpError() << "scan inputs have lengths " << length << " and "
                           << size << " along their axes";
    length = size;
  }
  for (unsigned k = 0, e = yield.getNumOperands() - numStates; k < e; ++k) {
    Type type = yield.getOperand(numStates + k).getType();
    FailureOr<int64_t> axis = getScanOutputAxis(k);
    if (failed(axis)) {
      if (isa<RankedTensorType>(type))
        return emitOpError() << "scan_output_axes entry #" << k
                             << " is out of range for " << type;
      inferred.push_back(type);
      continue;
    }
    inferred.push_back(insertDim(type, *axis, length));
  }
  return success();
}

} // namespace onnxc::onnx
