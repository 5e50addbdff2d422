//===- GatherScatter.cpp - Indexing ops to linalg/scf ---------------------===//
//
// Gathers are a linalg.generic over the result that reads the data with
// tensor.extract at indices computed in the body. Scatters update elements in
// an order the indices decide, so they are an scf.for nest carrying the
// tensor. Every index is wrapped (negative counts from the end), checked to
// lie in its dim (an error of the run otherwise) and clamped into it, so that
// even a failing run stays inside its buffers.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// An index element (of any integer or float type) as an index value.
Value toIndex(OpBuilder &b, Location loc, Value value, bool isUnsigned) {
  Type type = value.getType();
  if (isa<FloatType>(type))
    value = arith::FPToSIOp::create(b, loc, b.getI64Type(), value);
  if (isUnsigned)
    return arith::IndexCastUIOp::create(b, loc, b.getIndexType(), value);
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
}

/// A linalg.generic producing `resultType` (sized `sizes`) from `inputs` read
/// through `maps`; `body` gets the inputs' elements and the loop indices.
Value createIndexingGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType,
    ArrayRef<OpFoldResult> sizes, ValueRange inputs, ArrayRef<AffineMap> maps,
    function_ref<Value(OpBuilder &, Location, ValueRange, ArrayRef<Value>)>
        body) {
  int64_t rank = resultType.getRank();
  Value init = createEmptyTensor(b, loc, resultType, sizes);
  SmallVector<AffineMap> allMaps(maps);
  allMaps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, inputs, ValueRange{init}, allMaps, iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               SmallVector<Value> loops;
               for (int64_t dim = 0; dim < rank; ++dim)
                 loops.push_back(linalg::IndexOp::create(b, loc, dim));
               linalg::YieldOp::create(b, loc,
                                       body(b, loc, args.drop_back(), loops));
             })
      .getResult(0);
}

/// The size of `dim` of `value` as an index value.
Value dimSize(OpBuilder &b, Location loc, Value value, int64_t dim) {
  return getValueOrCreateConstantIndexOp(
      b, loc, tensor::getMixedSize(b, loc, value, dim));
}

/// ONNX Gather: result[i..., j..., k...] = data[i..., indices[j...], k...].
struct LowerGather : OpConversionPattern<onnx::GatherOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GatherOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    if (!dataType || !indicesType)
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), dataType.getRank());
    int64_t q = indicesType.getRank();
    SmallVector<OpFoldResult> dataSizes =
        tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> sizes(ArrayRef(dataSizes).take_front(axis));
    llvm::append_range(sizes, tensor::getMixedSizes(rewriter, loc, indices));
    llvm::append_range(sizes, ArrayRef(dataSizes).drop_front(axis + 1));
    SmallVector<AffineExpr> indexExprs;
    for (int64_t dim = 0; dim < q; ++dim)
      indexExprs.push_back(rewriter.getAffineDimExpr(axis + dim));
    AffineMap indicesMap =
        AffineMap::get(rank, 0, indexExprs, rewriter.getContext());
    Value axisSize = dimSize(rewriter, loc, data, axis);
    checkIndicesInRange(
        rewriter, loc, op, indices,
        [&](OpBuilder &, Location, ArrayRef<Value>) { return axisSize; },
        "an element of 'indices' is out of range (each must lie in [-s, s), "
        "s the size of axis " + Twine(axis) + " of 'data')");
    rewriter.replaceOp(
        op, createIndexingGeneric(
                rewriter, loc, *resultType, sizes, {indices}, {indicesMap},
                [&](OpBuilder &b, Location loc, ValueRange args,
                    ArrayRef<Value> loops) -> Value {
                  Value index = wrapAndClampIndex(
                      b, loc, toIndex(b, loc, args[0], false), axisSize);
                  SmallVector<Value> at(loops.take_front(axis));
                  at.push_back(index);
                  llvm::append_range(at, loops.drop_front(axis + q));
                  return tensor::ExtractOp::create(b, loc, data, at);
                }));
    return success();
  }
};

/// The loop indices of an elements-wise gather or scatter as indices into
/// `data`: `axis` replaced by `index`, the others clamped where `data` may be
/// smaller than the iteration space.
SmallVector<Value> elementCoordinates(OpBuilder &b, Location loc, Value data,
                                      RankedTensorType spaceType,
                                      ArrayRef<Value> loops, int64_t axis,
                                      Value index) {
  auto dataType = cast<RankedTensorType>(data.getType());
  SmallVector<Value> at;
  for (auto [dim, loop] : llvm::enumerate(loops)) {
    if (static_cast<int64_t>(dim) == axis) {
      at.push_back(index);
      continue;
    }
    int64_t dataSize = dataType.getDimSize(dim);
    int64_t spaceSize = spaceType.getDimSize(dim);
    if (!ShapedType::isDynamic(dataSize) && !ShapedType::isDynamic(spaceSize) &&
        spaceSize <= dataSize) {
      at.push_back(loop);
      continue;
    }
    at.push_back(clampIndex(b, loc, loop, dimSize(b, loc, data, dim)));
  }
  return at;
}

/// The run-time conditions of GatherElements and ScatterElements: `indices`
/// is no larger than `data` outside `axis`, and its elements lie in axis.
void checkElementsIndices(OpBuilder &b, Location loc, Operation *op,
                          Value data, Value indices, int64_t axis,
                          Value axisSize) {
  auto indicesType = cast<RankedTensorType>(indices.getType());
  for (int64_t dim = 0; dim < indicesType.getRank(); ++dim) {
    if (dim == axis)
      continue;
    Value fits = b.createOrFold<arith::CmpIOp>(
        loc, arith::CmpIPredicate::ule, dimSize(b, loc, indices, dim),
        dimSize(b, loc, data, dim));
    emitCheck(b, loc, op, fits,
              "dim " + Twine(dim) + " of 'indices' is larger than that of "
              "'data'");
  }
  checkIndicesInRange(
      b, loc, op, indices,
      [&](OpBuilder &, Location, ArrayRef<Value>) { return axisSize; },
      "an element of 'indices' is out of range (each must lie in [-s, s), s "
      "the size of axis " + Twine(axis) + " of 'data')");
}

/// The run-time conditions of GatherND and ScatterND: each index vector
/// (the last dim of `indices`, `m` long) addresses dims batchDims.. of
/// `data`, and the batch dims agree.
void checkNDIndices(OpBuilder &b, Location loc, Operation *op, Value data,
                    Value indices, int64_t batchDims,
                    ArrayRef<Value> indexedSizes) {
  for (int64_t dim = 0; dim < batchDims; ++dim)
    checkSizesEqual(b, loc, op, tensor::getMixedSize(b, loc, indices, dim),
                    tensor::getMixedSize(b, loc, data, dim),
                    "batch dim " + Twine(dim) + " of 'indices' and 'data' "
                    "differ");
  int64_t last = cast<RankedTensorType>(indices.getType()).getRank() - 1;
  checkIndicesInRange(
      b, loc, op, indices,
      [&](OpBuilder &b, Location loc, ArrayRef<Value> loops) -> Value {
        // The bound of component k is the size of dim batchDims + k.
        Value size = indexedSizes.back();
        for (int64_t k = indexedSizes.size() - 1; k-- > 0;) {
          Value isK = arith::CmpIOp::create(
              b, loc, arith::CmpIPredicate::eq, loops[last],
              arith::ConstantIndexOp::create(b, loc, k));
          size = arith::SelectOp::create(b, loc, isK, indexedSizes[k], size);
        }
        return size;
      },
      "an index in 'indices' is out of range (component k must lie in "
      "[-s, s), s the size of dim " + Twine(batchDims) + " + k of 'data')");
}

/// ONNX GatherElements: result[i] = data[i with i[axis] = indices[i]].
struct LowerGatherElements : OpConversionPattern<onnx::GatherElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GatherElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    if (!dataType || !indicesType)
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = dataType.getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), rank);
    Value axisSize = dimSize(rewriter, loc, data, axis);
    checkElementsIndices(rewriter, loc, op, data, indices, axis, axisSize);
    rewriter.replaceOp(
        op, createIndexingGeneric(
                rewriter, loc, *resultType,
                tensor::getMixedSizes(rewriter, loc, indices), {indices},
                {rewriter.getMultiDimIdentityMap(rank)},
                [&](OpBuilder &b, Location loc, ValueRange args,
                    ArrayRef<Value> loops) -> Value {
                  Value index = wrapAndClampIndex(
                      b, loc, toIndex(b, loc, args[0], false), axisSize);
                  return tensor::ExtractOp::create(
                      b, loc, data,
                      elementCoordinates(b, loc, data, indicesType, loops, axis,
                                         index));
                }));
    return success();
  }
};

/// ONNX GatherND: result[b..., i..., k...] = data[b..., indices[b..., i...,
/// :], k...].
struct LowerGatherND : OpConversionPattern<onnx::GatherNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::GatherNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData(), indices = adaptor.getIndices();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    if (!dataType || !indicesType ||
        indicesType.isDynamicDim(indicesType.getRank() - 1))
      return emitUnsupported(op, "its operands must be ranked tensors, the "
                                 "last dim of indices static");
    int64_t batchDims = op.getBatchDims();
    int64_t q = indicesType.getRank();
    int64_t m = indicesType.getDimSize(q - 1);
    SmallVector<OpFoldResult> sizes(
        ArrayRef(tensor::getMixedSizes(rewriter, loc, indices)).drop_back());
    llvm::append_range(sizes,
                       ArrayRef(tensor::getMixedSizes(rewriter, loc, data))
                           .drop_front(batchDims + m));
    SmallVector<Value> indexedSizes;
    for (int64_t k = 0; k < m; ++k)
      indexedSizes.push_back(dimSize(rewriter, loc, data, batchDims + k));
    checkNDIndices(rewriter, loc, op, data, indices, batchDims, indexedSizes);
    rewriter.replaceOp(
        op, createIndexingGeneric(
                rewriter, loc, *resultType, sizes, {}, {},
                [&](OpBuilder &b, Location loc, ValueRange,
                    ArrayRef<Value> loops) -> Value {
                  SmallVector<Value> at(loops.take_front(batchDims));
                  SmallVector<Value> position(loops.take_front(q - 1));
                  position.push_back(Value());
                  for (int64_t k = 0; k < m; ++k) {
                    position.back() = arith::ConstantIndexOp::create(b, loc, k);
                    Value index =
                        tensor::ExtractOp::create(b, loc, indices, position);
                    at.push_back(
                        wrapAndClampIndex(b, loc, toIndex(b, loc, index, false),
                                          indexedSizes[k]));
                  }
                  llvm::append_range(at, loops.drop_front(q - 1));
                  return tensor::ExtractOp::create(b, loc, data, at);
                }));
    return success();
  }
};

/// ONNX OneHot: on_value where the index along `axis` equals the index in
/// `indices` (negative ones counted from depth), off_value elsewhere.
struct LowerOneHot : OpConversionPattern<onnx::OneHotOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::OneHotOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value indices = adaptor.getIndices(), values = adaptor.getValues();
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    auto depthType = dyn_cast<RankedTensorType>(adaptor.getDepth().getType());
    auto valuesType = dyn_cast<RankedTensorType>(values.getType());
    if (!indicesType || !depthType || !valuesType)
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = resultType->getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), rank);
    bool unsignedIndices = isUnsignedElement(op.getIndices().getType());
    SmallVector<Value> zeros(depthType.getRank(),
                             arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value depth = toIndex(
        rewriter, loc,
        tensor::ExtractOp::create(rewriter, loc, adaptor.getDepth(), zeros),
        isUnsignedElement(op.getDepth().getType()));
    SmallVector<Value> first(valuesType.getRank(),
                             arith::ConstantIndexOp::create(rewriter, loc, 0));
    Value off = tensor::ExtractOp::create(rewriter, loc, values, first);
    first.back() = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value on = tensor::ExtractOp::create(rewriter, loc, values, first);

    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, indices);
    sizes.insert(sizes.begin() + axis, depth);
    SmallVector<AffineExpr> exprs;
    for (int64_t dim = 0; dim < rank; ++dim)
      if (dim != axis)
        exprs.push_back(rewriter.getAffineDimExpr(dim));
    AffineMap indicesMap =
        AffineMap::get(rank, 0, exprs, rewriter.getContext());
    rewriter.replaceOp(
        op, createIndexingGeneric(
                rewriter, loc, *resultType, sizes, {indices}, {indicesMap},
                [&](OpBuilder &b, Location loc, ValueRange args,
                    ArrayRef<Value> loops) -> Value {
                  Value index = wrapIndex(
                      b, loc, toIndex(b, loc, args[0], unsignedIndices), depth);
                  Value hot = arith::CmpIOp::create(
                      b, loc, arith::CmpIPredicate::eq, index, loops[axis]);
                  return arith::SelectOp::create(b, loc, hot, on, off);
                }));
    return success();
  }
};

/// `current` combined with `update` by ONNX's scatter `reduction`.
Value combine(OpBuilder &b, Location loc, StringRef reduction, Value current,
              Value update, bool isUnsigned) {
  bool isFloat = isa<FloatType>(update.getType());
  if (reduction == "add")
    return isFloat ? arith::AddFOp::create(b, loc, current, update).getResult()
                   : arith::AddIOp::create(b, loc, current, update).getResult();
  if (reduction == "mul")
    return isFloat ? arith::MulFOp::create(b, loc, current, update).getResult()
                   : arith::MulIOp::create(b, loc, current, update).getResult();
  if (reduction == "max")
    return createMax(b, loc, current, update, isUnsigned);
  if (reduction == "min") {
    if (isFloat)
      return arith::MinimumFOp::create(b, loc, current, update);
    if (isUnsigned)
      return arith::MinUIOp::create(b, loc, current, update);
    return arith::MinSIOp::create(b, loc, current, update);
  }
  return update;
}

/// An scf.for nest over [0, ubs) carrying `init`; `body` gets the induction
/// variables and the carried tensor and returns its next value.
Value createScatterLoops(
    OpBuilder &b, Location loc, ArrayRef<Value> ubs, Value init,
    function_ref<Value(OpBuilder &, Location, ValueRange, Value)> body) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  SmallVector<Value> lbs(ubs.size(), zero), steps(ubs.size(), one);
  scf::LoopNest nest =
      scf::buildLoopNest(b, loc, lbs, ubs, steps, ValueRange{init},
                         [&](OpBuilder &b, Location loc, ValueRange ivs,
                             ValueRange carried) -> scf::ValueVector {
                           return {body(b, loc, ivs, carried[0])};
                         });
  return nest.results[0];
}

/// ONNX ScatterElements: for each position i of `indices`, in row-major
/// order, data[i with i[axis] = indices[i]] becomes (or is combined with)
/// updates[i].
struct LowerScatterElements : OpConversionPattern<onnx::ScatterElementsOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ScatterElementsOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(),
          updates = adaptor.getUpdates();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    if (!dataType || !indicesType || !isa<RankedTensorType>(updates.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t rank = dataType.getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), rank);
    StringRef reduction = op.getReduction();
    bool isUnsigned = isUnsignedElement(op.getData().getType());
    SmallVector<Value> ubs;
    for (int64_t dim = 0; dim < rank; ++dim)
      ubs.push_back(dimSize(rewriter, loc, indices, dim));
    Value axisSize = dimSize(rewriter, loc, data, axis);
    checkElementsIndices(rewriter, loc, op, data, indices, axis, axisSize);
    for (int64_t dim = 0; dim < rank; ++dim)
      checkSizesEqual(rewriter, loc, op,
                      tensor::getMixedSize(rewriter, loc, updates, dim),
                      tensor::getMixedSize(rewriter, loc, indices, dim),
                      "dim " + Twine(dim) + " of 'updates' and 'indices' "
                      "differ");
    Value result = createScatterLoops(
        rewriter, loc, ubs, data,
        [&](OpBuilder &b, Location loc, ValueRange ivs, Value current) {
          Value index = wrapAndClampIndex(
              b, loc,
              toIndex(b, loc, tensor::ExtractOp::create(b, loc, indices, ivs),
                      false),
              axisSize);
          Value update = tensor::ExtractOp::create(b, loc, updates, ivs);
          SmallVector<Value> at = elementCoordinates(
              b, loc, current, indicesType, llvm::to_vector(ivs), axis, index);
          if (reduction != "none")
            update = combine(b, loc, reduction,
                             tensor::ExtractOp::create(b, loc, current, at),
                             update, isUnsigned);
          return tensor::InsertOp::create(b, loc, update, current, at)
              .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX ScatterND: for each position p of indices[..., 0], in row-major
/// order, the slice data[indices[p, :]] becomes (or is combined with)
/// updates[p].
struct LowerScatterND : OpConversionPattern<onnx::ScatterNDOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ScatterNDOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData(), indices = adaptor.getIndices(),
          updates = adaptor.getUpdates();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto indicesType = dyn_cast<RankedTensorType>(indices.getType());
    auto updatesType = dyn_cast<RankedTensorType>(updates.getType());
    if (!dataType || !indicesType || !updatesType)
      return emitUnsupported(op, "its operands must be ranked tensors");
    int64_t q = indicesType.getRank();
    int64_t rank = dataType.getRank();
    // The ranks fix m, the length of each index: updates has rank
    // (q - 1) + (rank - m).
    int64_t m = q - 1 + rank - updatesType.getRank();
    if (m < 1 || m > rank)
      return emitUnsupported(op, "the ranks of its operands do not fit");
    StringRef reduction = op.getReduction();
    bool isUnsigned = isUnsignedElement(op.getData().getType());
    SmallVector<Value> ubs;
    for (int64_t dim = 0; dim < q - 1; ++dim)
      ubs.push_back(dimSize(rewriter, loc, indices, dim));
    for (int64_t dim = m; dim < rank; ++dim)
      ubs.push_back(dimSize(rewriter, loc, data, dim));
    SmallVector<Value> indexedSizes;
    for (int64_t k = 0; k < m; ++k)
      indexedSizes.push_back(dimSize(rewriter, loc, data, k));
    checkNDIndices(rewriter, loc, op, data, indices, /*batchDims=*/0,
                   indexedSizes);
    for (auto [dim, ub] : llvm::enumerate(ubs))
      checkSizesEqual(rewriter, loc, op,
                      tensor::getMixedSize(rewriter, loc, updates, dim), ub,
                      "dim " + Twine(dim) + " of 'updates' does not match "
                      "'indices' and 'data'");
    Value result = createScatterLoops(
        rewriter, loc, ubs, data,
        [&](OpBuilder &b, Location loc, ValueRange ivs, Value current) {
          SmallVector<Value> position(ivs.take_front(q - 1));
          position.push_back(Value());
          SmallVector<Value> at;
          for (int64_t k = 0; k < m; ++k) {
            position.back() = arith::ConstantIndexOp::create(b, loc, k);
            Value index = tensor::ExtractOp::create(b, loc, indices, position);
            at.push_back(wrapAndClampIndex(
                b, loc, toIndex(b, loc, index, false), indexedSizes[k]));
          }
          llvm::append_range(at, ivs.drop_front(q - 1));
          Value update = tensor::ExtractOp::create(b, loc, updates, ivs);
          if (reduction != "none")
            update = combine(b, loc, reduction,
                             tensor::ExtractOp::create(b, loc, current, at),
                             update, isUnsigned);
          return tensor::InsertOp::create(b, loc, update, current, at)
              .getResult();
        });
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populateGatherScatterPatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns) {
  patterns.add<LowerGather, LowerGatherElements, LowerGatherND, LowerOneHot,
               LowerScatterElements, LowerScatterND>(typeConverter,
                                                     patterns.getContext());
}

} // namespace onnxc::detail
