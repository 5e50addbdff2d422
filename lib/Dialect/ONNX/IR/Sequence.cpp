//===- Sequence.cpp - Shape rules of the sequence operators ---------------===//
//
// A sequence's type holds the type of every tensor it may contain
// (`!onnx.seq<element type>`); the rules below keep that type as precise as
// the operands allow.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "mlir/IR/PatternMatch.h"

using namespace mlir;

namespace onnxc::onnx {

namespace {

TensorType getSeqElementType(Value sequence) {
  return cast<SeqType>(sequence.getType()).getElementType();
}

/// The type of a sequence that may hold tensors of `a` and of `b`; fails
/// when their element types differ.
FailureOr<TensorType> joinElementTypes(Operation *op, TensorType a,
                                       TensorType b) {
  Type joined = joinTensorTypes(a, b);
  if (!joined)
    return op->emitOpError("cannot hold tensors of ")
           << a.getElementType() << " and " << b.getElementType()
           << " in one sequence";
  return cast<TensorType>(joined);
}

/// Checks that a position operand is a scalar.
LogicalResult verifyScalarPosition(Operation *op, Value position) {
  auto type = cast<TensorType>(position.getType());
  if (type.hasRank() && type.getRank() != 0)
    return op->emitOpError("'position' must be a scalar, got ") << type;
  return success();
}

} // namespace

//===----------------------------------------------------------------------===//
// SequenceEmpty, SequenceConstruct, SequenceInsert, SequenceErase
//===----------------------------------------------------------------------===//

LogicalResult
SequenceEmptyOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  Type elementType = getDtype();
  if (!elementType.isIntOrFloat())
    return emitOpError("'dtype' must be an integer or float type, got ")
           << elementType;
  inferred.push_back(SeqType::get(UnrankedTensorType::get(elementType)));
  return success();
}

LogicalResult
SequenceConstructOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  auto elementType = cast<TensorType>(getInputs()[0].getType());
  for (Value input : getInputs().drop_front()) {
    FailureOr<TensorType> joined =
        joinElementTypes(*this, elementType, cast<TensorType>(input.getType()));
    if (failed(joined))
      return failure();
    elementType = *joined;
  }
  inferred.push_back(SeqType::get(elementType));
  return success();
}

LogicalResult
SequenceInsertOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getPosition() && failed(verifyScalarPosition(*this, getPosition())))
    return failure();
  auto tensorType = cast<TensorType>(getTensor().getType());
  TensorType sequenceType = getSeqElementType(getInputSequence());
  // An empty sequence's unranked element type only says what it may hold
  // once something is inserted.
  if (getInputSequence().getDefiningOp<SequenceEmptyOp>()) {
    if (sequenceType.getElementType() != tensorType.getElementType())
      return emitOpError("inserts a tensor of ")
             << tensorType.getElementType() << " into a sequence of "
             << sequenceType.getElementType();
    inferred.push_back(SeqType::get(tensorType));
    return success();
  }
  FailureOr<TensorType> joined =
      joinElementTypes(*this, sequenceType, tensorType);
  if (failed(joined))
    return failure();
  inferred.push_back(SeqType::get(*joined));
  return success();
}

namespace {
/// Inserting into an empty sequence gives a sequence of one element whatever
/// the position: 0 is the only valid one, and the lowering clamps any other
/// to it. Rewriting it lets the element type come from the tensor, so the
/// unranked element type of SequenceEmpty does not reach the lowering.
struct InsertIntoEmptyAsConstruct : OpRewritePattern<SequenceInsertOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(SequenceInsertOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.getInputSequence().getDefiningOp<SequenceEmptyOp>())
      return failure();
    rewriter.replaceOpWithNewOp<SequenceConstructOp>(
        op, op.getType(), ValueRange{op.getTensor()});
    return success();
  }
};
} // namespace

void SequenceInsertOp::getCanonicalizationPatterns(RewritePatternSet &patterns,
                                                   MLIRContext *context) {
  patterns.add<InsertIntoEmptyAsConstruct>(context);
}

LogicalResult
SequenceEraseOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getPosition() && failed(verifyScalarPosition(*this, getPosition())))
    return failure();
  inferred.push_back(getInputSequence().getType());
  return success();
}

//===----------------------------------------------------------------------===//
// SequenceAt, SequenceLength
//===----------------------------------------------------------------------===//

LogicalResult SequenceAtOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (failed(verifyScalarPosition(*this, getPosition())))
    return failure();
  inferred.push_back(getSeqElementType(getInputSequence()));
  return success();
}

LogicalResult
SequenceLengthOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  inferred.push_back(
      RankedTensorType::get({}, IntegerType::get(getContext(), 64)));
  return success();
}

//===----------------------------------------------------------------------===//
// SplitToSequence
//===----------------------------------------------------------------------===//

LogicalResult
SplitToSequenceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getInput().getType());
  Type elementType = type.getElementType();
  std::optional<int64_t> splitRank;
  if (Value split = getSplit()) {
    auto splitType = cast<TensorType>(split.getType());
    if (splitType.hasRank()) {
      if (splitType.getRank() > 1)
        return emitOpError("'split' must be a scalar or 1-D, got ")
               << splitType;
      splitRank = splitType.getRank();
    }
  }
  if (!type.hasRank()) {
    inferred.push_back(SeqType::get(UnrankedTensorType::get(elementType)));
    return success();
  }
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), type.getRank());
  if (failed(axis))
    return emitOpError("axis ")
           << getAxis() << " is out of range for an input of rank "
           << type.getRank();
  SmallVector<int64_t> shape(type.getShape());
  if (!getSplit()) {
    if (getKeepdims())
      shape[*axis] = 1;
    else
      shape.erase(shape.begin() + *axis);
    inferred.push_back(SeqType::get(RankedTensorType::get(shape, elementType)));
    return success();
  }
  // Elements share their size along the axis only when `split` is a
  // constant that cuts the input evenly (a scalar that divides the size, or
  // equal sizes that add up to it).
  int64_t inputSize = shape[*axis];
  int64_t size = ShapedType::kDynamic;
  FailureOr<SmallVector<int64_t>> values = getConstantIntValues(getSplit());
  if (succeeded(values) && !values->empty() &&
      !ShapedType::isDynamic(inputSize)) {
    int64_t first = values->front();
    bool equal = llvm::all_of(*values, [&](int64_t v) { return v == first; });
    if (first < 0 || (splitRank == 0 && first == 0))
      return emitOpError("'split' has a size of ") << first;
    if (splitRank == 0 && inputSize % first == 0)
      size = first;
    if (splitRank == 1 && equal &&
        first * static_cast<int64_t>(values->size()) == inputSize)
      size = first;
  }
  shape[*axis] = size;
  inferred.push_back(SeqType::get(RankedTensorType::get(shape, elementType)));
  return success();
}

//===----------------------------------------------------------------------===//
// ConcatFromSequence
//===----------------------------------------------------------------------===//

LogicalResult
ConcatFromSequenceOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  TensorType type = getSeqElementType(getInputSequence());
  if (getNewAxis() != 0 && getNewAxis() != 1)
    return emitOpError("'new_axis' must be 0 or 1, got ") << getNewAxis();
  if (!type.hasRank()) {
    inferred.push_back(type);
    return success();
  }
  bool newAxis = getNewAxis() == 1;
  int64_t rank = type.getRank() + (newAxis ? 1 : 0);
  FailureOr<int64_t> axis = normalizeAxis(getAxis(), rank);
  if (failed(axis))
    return emitOpError("axis ")
           << getAxis() << " is out of range for elements of rank "
           << type.getRank();
  // The number of elements, and so the size along the axis, is only known
  // at run time.
  SmallVector<int64_t> shape(type.getShape());
  if (newAxis)
    shape.insert(shape.begin() + *axis, ShapedType::kDynamic);
  else
    shape[*axis] = ShapedType::kDynamic;
  inferred.push_back(RankedTensorType::get(shape, type.getElementType()));
  return success();
}

} // namespace onnxc::onnx
