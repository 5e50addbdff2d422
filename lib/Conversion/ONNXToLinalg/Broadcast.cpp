//===- Broadcast.cpp - ONNX multidirectional broadcasting in linalg -------===//
//
// ONNX broadcasting aligns shapes at their trailing dim; a dim of size 1
// stretches to the size of the others. Where sizes are known at compile time
// an operand is read through an indexing map: the loop index, or 0 for a
// stretched 1. A dynamic size that is not provably the result's may be a 1
// that stretches at run time; such an operand is read in the generic's body
// at index min(i, size - 1), which is 0 for a 1 and i for the result's size.
//
// Sizes known only at run time that do not broadcast (neither is 1 and they
// differ) fail the run (checkBroadcastable). The result's size is then the
// smaller one and reads are clamped, so the discarded results are computed
// without reading out of bounds -- except from an empty operand where the
// result's size is static.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Interfaces/DestinationStyleOpInterface.h"

using namespace mlir;

namespace onnxc::detail {

/// Whether dim `dim` of `value` has the size `size` by construction: a
/// tensor.dim of that dim, or the same size given to the tensor.empty that
/// `value` was computed into (through destination-passing ops).
static bool isSizeOf(OpFoldResult size, Value value, int64_t dim) {
  auto type = cast<RankedTensorType>(value.getType());
  std::optional<int64_t> constant = getConstantIntValue(size);
  if (!type.isDynamicDim(dim))
    return constant == type.getDimSize(dim);
  if (constant)
    return false;
  auto sizeValue = cast<Value>(size);
  if (auto dimOp = sizeValue.getDefiningOp<tensor::DimOp>())
    if (dimOp.getSource() == value &&
        getConstantIntValue(dimOp.getIndex()) == dim)
      return true;
  while (auto result = dyn_cast<OpResult>(value)) {
    if (auto empty = dyn_cast<tensor::EmptyOp>(result.getOwner()))
      return empty.getMixedSizes()[dim] == size;
    auto dps = dyn_cast<DestinationStyleOpInterface>(result.getOwner());
    if (!dps)
      return false;
    value = dps.getTiedOpOperand(result)->get();
  }
  return false;
}

SmallVector<BroadcastRead> classifyBroadcastDims(Value operand,
                                                 ArrayRef<OpFoldResult> sizes,
                                                 std::optional<int64_t> count) {
  auto type = cast<RankedTensorType>(operand.getType());
  int64_t numDims = count.value_or(type.getRank());
  int64_t offset = sizes.size() - numDims;
  SmallVector<BroadcastRead> reads;
  for (int64_t dim = 0; dim < numDims; ++dim) {
    OpFoldResult size = sizes[dim + offset];
    if (type.getDimSize(dim) == 1)
      reads.push_back(isConstantIntValue(size, 1) ? BroadcastRead::Loop
                                                  : BroadcastRead::Zero);
    else if (!type.isDynamicDim(dim) || isSizeOf(size, operand, dim))
      reads.push_back(BroadcastRead::Loop);
    else
      reads.push_back(BroadcastRead::RunTime);
  }
  return reads;
}

AffineMap getBroadcastMap(ArrayRef<BroadcastRead> reads,
                          ArrayRef<int64_t> loops, unsigned numLoops,
                          MLIRContext *context) {
  SmallVector<AffineExpr> exprs;
  for (auto [read, loop] : llvm::zip_equal(reads, loops)) {
    assert(read != BroadcastRead::RunTime && "not expressible as a map");
    exprs.push_back(read == BroadcastRead::Zero
                        ? getAffineConstantExpr(0, context)
                        : getAffineDimExpr(loop, context));
  }
  return AffineMap::get(numLoops, 0, exprs, context);
}

OpFoldResult getBroadcastSize(OpBuilder &b, Location loc, ValueRange operands,
                              ArrayRef<int64_t> resultShape, int64_t dim) {
  if (!ShapedType::isDynamic(resultShape[dim]))
    return b.getIndexAttr(resultShape[dim]);
  int64_t rank = resultShape.size();
  SmallVector<std::pair<Value, int64_t>> dynamicDims;
  for (Value operand : operands) {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t operandDim = dim - (rank - type.getRank());
    if (operandDim < 0 || type.getDimSize(operandDim) == 1)
      continue;
    // A valid model has this size wherever another operand's is not 1.
    if (!type.isDynamicDim(operandDim))
      return b.getIndexAttr(type.getDimSize(operandDim));
    if (!llvm::is_contained(dynamicDims, std::make_pair(operand, operandDim)))
      dynamicDims.emplace_back(operand, operandDim);
  }
  if (dynamicDims.empty())
    return b.getIndexAttr(1);
  Value size;
  for (auto [operand, operandDim] : dynamicDims) {
    Value next = tensor::DimOp::create(b, loc, operand, operandDim);
    if (!size) {
      size = next;
      continue;
    }
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    // ONNX: out = a == 1 ? b : a (and b == 1 ? a : b). Sizes that do not
    // broadcast give the smaller one, see the file comment.
    Value smaller = arith::MinUIOp::create(b, loc, size, next);
    Value nextIsOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, next, one);
    Value sizeIsOne =
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, size, one);
    size = arith::SelectOp::create(
        b, loc, sizeIsOne, next,
        arith::SelectOp::create(b, loc, nextIsOne, size, smaller));
  }
  return size;
}

void checkBroadcastable(OpBuilder &b, Location loc, Operation *op,
                        ValueRange operands, ArrayRef<OpFoldResult> sizes) {
  int64_t rank = sizes.size();
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  for (auto [number, operand] : llvm::enumerate(operands)) {
    auto type = cast<RankedTensorType>(operand.getType());
    int64_t offset = rank - type.getRank();
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      OpFoldResult size = sizes[dim + offset];
      int64_t staticSize = type.getDimSize(dim);
      if (staticSize == 1 || isSizeOf(size, operand, dim) ||
          (!ShapedType::isDynamic(staticSize) &&
           getConstantIntValue(size) == staticSize))
        continue;
      Value actual = tensor::DimOp::create(b, loc, operand, dim);
      Value expected = getValueOrCreateConstantIndexOp(b, loc, size);
      Value fits = arith::OrIOp::create(
          b, loc,
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, actual, one),
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq, actual,
                                expected));
      emitCheck(b, loc, op, fits,
                "the shapes of its inputs do not broadcast: dim " + Twine(dim) +
                    " of input #" + Twine(number) +
                    " is neither 1 nor the size of the others");
    }
  }
}

SmallVector<OpFoldResult> getBroadcastSizes(OpBuilder &b, Location loc,
                                            ValueRange operands,
                                            ArrayRef<int64_t> resultShape) {
  SmallVector<OpFoldResult> sizes;
  for (int64_t dim = 0, e = resultShape.size(); dim < e; ++dim)
    sizes.push_back(getBroadcastSize(b, loc, operands, resultShape, dim));
  return sizes;
}

Value createBroadcastingGeneric(OpBuilder &b, Location loc,
                                RankedTensorType resultType,
                                ArrayRef<OpFoldResult> sizes,
                                ValueRange operands,
                                BroadcastBodyBuilder bodyBuilder) {
  MLIRContext *context = b.getContext();
  int64_t rank = resultType.getRank();
  Value init = createEmptyTensor(b, loc, resultType, sizes);

  // Operands read through an indexing map are the generic's inputs; the
  // others are read in its body, at indices clamped by `lastIndex`.
  struct BodyRead {
    Value operand;
    SmallVector<BroadcastRead> reads;
    SmallVector<Value> lastIndex;
  };
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  // Per operand: its input number, or its position in `bodyReads` below
  // encoded as ~position.
  SmallVector<int64_t> sources;
  SmallVector<BodyRead> bodyReads;
  for (Value operand : operands) {
    auto type = cast<RankedTensorType>(operand.getType());
    SmallVector<BroadcastRead> reads = classifyBroadcastDims(operand, sizes);
    if (!llvm::is_contained(reads, BroadcastRead::RunTime)) {
      SmallVector<int64_t> loops =
          llvm::to_vector(llvm::seq<int64_t>(rank - type.getRank(), rank));
      sources.push_back(inputs.size());
      inputs.push_back(operand);
      maps.push_back(getBroadcastMap(reads, loops, rank, context));
      continue;
    }
    BodyRead bodyRead{operand, reads, {}};
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    for (auto [dim, read] : llvm::enumerate(reads))
      bodyRead.lastIndex.push_back(
          read == BroadcastRead::RunTime
              ? arith::SubIOp::create(
                    b, loc, tensor::DimOp::create(b, loc, operand, dim), one)
                    .getResult()
              : Value());
    sources.push_back(~static_cast<int64_t>(bodyReads.size()));
    bodyReads.push_back(std::move(bodyRead));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  auto generic = linalg::GenericOp::create(
      b, loc, TypeRange{resultType}, inputs, ValueRange{init}, maps, iterators,
      [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
        SmallVector<Value> elements;
        for (int64_t source : sources) {
          if (source >= 0) {
            elements.push_back(args[source]);
            continue;
          }
          const BodyRead &bodyRead = bodyReads[~source];
          int64_t offset = rank - bodyRead.reads.size();
          SmallVector<Value> indices;
          for (auto [dim, read] : llvm::enumerate(bodyRead.reads)) {
            if (read == BroadcastRead::Zero) {
              indices.push_back(
                  arith::ConstantIndexOp::create(nested, nestedLoc, 0));
              continue;
            }
            Value index =
                linalg::IndexOp::create(nested, nestedLoc, dim + offset);
            if (read == BroadcastRead::RunTime)
              index = arith::MinUIOp::create(nested, nestedLoc, index,
                                             bodyRead.lastIndex[dim]);
            indices.push_back(index);
          }
          elements.push_back(tensor::ExtractOp::create(
              nested, nestedLoc, bodyRead.operand, indices));
        }
        linalg::YieldOp::create(nested, nestedLoc,
                                bodyBuilder(nested, nestedLoc, elements));
      });
  return generic.getResult(0);
}

Value materializeBroadcast(OpBuilder &b, Location loc, Value operand,
                           RankedTensorType type,
                           ArrayRef<OpFoldResult> sizes) {
  return createBroadcastingGeneric(
      b, loc, type, sizes, operand,
      [](OpBuilder &, Location, ValueRange elements) { return elements[0]; });
}

} // namespace onnxc::detail
