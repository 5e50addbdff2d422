//===- ControlFlow.cpp - If, Loop and Scan to scf -------------------------===//
//
// The regions of onnx control-flow ops move into scf ops; the onnx ops in
// them are converted by the same conversion, and onnx.Yield becomes
// scf.yield of the enclosing scf op. Loop and Scan bodies go into an
// scf.execute_region inside the loop, so that their onnx.Yield lowers like
// an If branch's and the loop's bookkeeping (iteration number, condition,
// stacking scan outputs) follows it; canonicalisation inlines the region.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The element of a one-element tensor: a bool condition or a trip count.
FailureOr<Value> extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = dyn_cast<RankedTensorType>(tensor.getType());
  if (!type)
    return failure();
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  return tensor::ExtractOp::create(b, loc, tensor,
                                   SmallVector<Value>(type.getRank(), zero))
      .getResult();
}

/// Collects scan outputs: the slice of each iteration goes at its position
/// along `axis`. With the number of iterations and every slice size known
/// before the loop, the result is allocated once and each slice inserted;
/// otherwise the result grows by one slice per iteration (a copy each time).
struct ScanAccumulator {
  RankedTensorType resultType;
  int64_t axis;
  bool reverse;
  /// The number of iterations, when known before the loop.
  Value length;

  bool isPreallocated() const { return resultType.hasStaticShape(); }

  /// The type the accumulator has inside the loop.
  RankedTensorType getLoopType() const {
    if (isPreallocated())
      return resultType;
    SmallVector<int64_t> shape(resultType.getShape());
    shape[axis] = ShapedType::kDynamic;
    return resultType.clone(shape);
  }

  RankedTensorType getSliceType() const {
    SmallVector<int64_t> shape(getLoopType().getShape());
    shape.erase(shape.begin() + axis);
    return resultType.clone(shape);
  }

  /// The accumulator before the first iteration. Growing, it is `zero`
  /// long along every dynamic dim; the first slice sets the other sizes.
  Value createInitial(OpBuilder &b, Location loc, Value zero) const {
    RankedTensorType type = getLoopType();
    if (isPreallocated())
      return createEmptyTensor(b, loc, type, {});
    SmallVector<OpFoldResult> sizes(type.getRank(), zero);
    return createEmptyTensor(b, loc, type, sizes);
  }

  /// Adds `slice`, the output of iteration `index` (of `count` so far,
  /// including this one).
  Value add(OpBuilder &b, Location loc, Value acc, Value slice, Value index,
            Value count) const {
    RankedTensorType type = getLoopType();
    slice = castTo(b, loc, slice, getSliceType());
    int64_t rank = type.getRank();
    SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
    SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
    SmallVector<OpFoldResult> sliceSizes = tensor::getMixedSizes(b, loc, slice);
    sliceSizes.insert(sliceSizes.begin() + axis, b.getIndexAttr(1));
    if (isPreallocated()) {
      // ONNX Scan: a reversed scan output is filled from the end.
      Value position = index;
      if (reverse) {
        Value last = arith::SubIOp::create(
            b, loc, length, arith::ConstantIndexOp::create(b, loc, 1));
        position = arith::SubIOp::create(b, loc, last, index);
      }
      offsets[axis] = position;
      return tensor::InsertSliceOp::create(b, loc, slice, acc, offsets,
                                           sliceSizes, strides);
    }
    SmallVector<OpFoldResult> sizes(sliceSizes);
    sizes[axis] = count;
    Value grown = createEmptyTensor(b, loc, type, sizes);
    // Forward: the earlier slices, then this one; reversed: this one first.
    Value one = arith::ConstantIndexOp::create(b, loc, 1);
    SmallVector<OpFoldResult> accOffsets(offsets);
    SmallVector<OpFoldResult> sliceOffsets(offsets);
    if (reverse)
      accOffsets[axis] = one;
    else
      sliceOffsets[axis] = index;
    grown = tensor::InsertSliceOp::create(
        b, loc, acc, grown, accOffsets, tensor::getMixedSizes(b, loc, acc),
        strides);
    return tensor::InsertSliceOp::create(b, loc, slice, grown, sliceOffsets,
                                         sliceSizes, strides);
  }
};

/// Moves a loop body's block into an scf.execute_region at `b`'s insertion
/// point, its arguments replaced by `arguments`; returns the region's
/// results (the body's outputs, converted).
FailureOr<scf::ExecuteRegionOp>
inlineBody(ConversionPatternRewriter &rewriter, Location loc, Block *body,
           TypeRange outputTypes, ValueRange arguments) {
  auto region = scf::ExecuteRegionOp::create(rewriter, loc, outputTypes);
  OpBuilder::InsertionGuard guard(rewriter);
  Block *dest = rewriter.createBlock(&region.getRegion());
  rewriter.mergeBlocks(body, dest, arguments);
  return region;
}

struct ConvertYield : OpConversionPattern<onnx::YieldOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::YieldOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Operation *parent = op->getParentOp();
    if (!isa<scf::IfOp, scf::ExecuteRegionOp>(parent))
      return failure();
    // A branch's output may be more precise than the If's result.
    SmallVector<Value> values;
    for (auto [value, type] :
         llvm::zip_equal(adaptor.getOutputs(), parent->getResultTypes()))
      values.push_back(castTo(rewriter, op.getLoc(), value, type));
    rewriter.replaceOpWithNewOp<scf::YieldOp>(op, values);
    return success();
  }
};

struct ConvertIf : OpConversionPattern<onnx::IfOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::IfOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    SmallVector<Type> types;
    if (failed(getTypeConverter()->convertTypes(op.getResultTypes(), types)))
      return failure();
    FailureOr<Value> cond =
        extractScalar(rewriter, op.getLoc(), adaptor.getCond());
    if (failed(cond))
      return emitUnsupported(op, "the condition must be a ranked tensor");
    auto ifOp = scf::IfOp::create(rewriter, op.getLoc(), types, *cond,
                                  /*addThenBlock=*/false,
                                  /*addElseBlock=*/false);
    rewriter.inlineRegionBefore(op.getThenBranch(), ifOp.getThenRegion(),
                                ifOp.getThenRegion().end());
    rewriter.inlineRegionBefore(op.getElseBranch(), ifOp.getElseRegion(),
                                ifOp.getElseRegion().end());
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

struct ConvertLoop : OpConversionPattern<onnx::LoopOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::LoopOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    const TypeConverter &converter = *getTypeConverter();
    unsigned numCarried = op.getNumCarried();
    unsigned numScan = op.getNumScanOutputs();
    SmallVector<Type> resultTypes, outputTypes;
    if (failed(converter.convertTypes(op.getResultTypes(), resultTypes)) ||
        failed(converter.convertTypes(op.getYield().getOperandTypes(),
                                      outputTypes)))
      return failure();

    Value maxTripCount;
    if (adaptor.getM()) {
      FailureOr<Value> scalar = extractScalar(rewriter, loc, adaptor.getM());
      if (failed(scalar))
        return emitUnsupported(op, "M must be a ranked tensor");
      maxTripCount = *scalar;
    }
    Value condInit = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
    if (adaptor.getCond()) {
      FailureOr<Value> scalar =
          extractScalar(rewriter, loc, adaptor.getCond());
      if (failed(scalar))
        return emitUnsupported(op, "cond must be a ranked tensor");
      condInit = *scalar;
    }

    FailureOr<Block *> body =
        rewriter.convertRegionTypes(&op.getBody(), converter);
    if (failed(body))
      return failure();
    SmallVector<ScanAccumulator> accumulators;
    for (unsigned k = 0; k < numScan; ++k) {
      auto type = dyn_cast<RankedTensorType>(resultTypes[numCarried + k]);
      if (!type)
        return emitUnsupported(op, "its scan outputs must be ranked");
      accumulators.push_back({type, /*axis=*/0, /*reverse=*/false, {}});
    }

    // Loop state: iteration number, condition, loop-carried values, scan
    // outputs so far.
    SmallVector<Value> inits = {
        arith::ConstantIntOp::create(rewriter, loc, 0, 64), condInit};
    for (unsigned i = 0; i < numCarried; ++i)
      inits.push_back(castTo(rewriter, loc, adaptor.getVInitial()[i],
                             (*body)->getArgument(2 + i).getType()));
    Value zeroSize = arith::ConstantIndexOp::create(rewriter, loc, 0);
    for (const ScanAccumulator &acc : accumulators)
      inits.push_back(acc.createInitial(rewriter, loc, zeroSize));
    SmallVector<Type> stateTypes(ValueRange(inits).getTypes());

    bool hasCond = static_cast<bool>(adaptor.getCond());
    LogicalResult status = success();
    auto whileOp = scf::WhileOp::create(
        rewriter, loc, stateTypes, inits,
        [&](OpBuilder &b, Location loc, ValueRange state) {
          // ONNX Loop: run while i < M (when given) and cond (when given).
          Value go = state[1];
          if (maxTripCount) {
            Value below = arith::CmpIOp::create(
                b, loc, arith::CmpIPredicate::slt, state[0], maxTripCount);
            go = arith::AndIOp::create(b, loc, below, go);
          }
          scf::ConditionOp::create(b, loc, go, state);
        },
        [&](OpBuilder &b, Location loc, ValueRange state) {
          Value iteration = state[0];
          SmallVector<Value> arguments = {
              tensor::FromElementsOp::create(
                  b, loc, (*body)->getArgument(0).getType(), iteration),
              tensor::FromElementsOp::create(
                  b, loc, (*body)->getArgument(1).getType(), state[1])};
          llvm::append_range(arguments, state.slice(2, numCarried));
          FailureOr<scf::ExecuteRegionOp> region =
              inlineBody(rewriter, loc, *body, outputTypes, arguments);
          if (failed(region)) {
            status = failure();
            return;
          }
          ValueRange outputs = region->getResults();

          // Without `cond`, ONNX ignores the body's condition output.
          Value next = state[1];
          if (hasCond)
            next = *extractScalar(b, loc, outputs[0]);
          SmallVector<Value> nextState = {
              arith::AddIOp::create(
                  b, loc, iteration,
                  arith::ConstantIntOp::create(b, loc, 1, 64)),
              next};
          for (unsigned i = 0; i < numCarried; ++i)
            nextState.push_back(
                castTo(b, loc, outputs[1 + i], stateTypes[2 + i]));
          Value index =
              arith::IndexCastOp::create(b, loc, b.getIndexType(), iteration);
          Value count = arith::AddIOp::create(
              b, loc, index, arith::ConstantIndexOp::create(b, loc, 1));
          for (auto [k, acc] : llvm::enumerate(accumulators))
            nextState.push_back(acc.add(b, loc, state[2 + numCarried + k],
                                        outputs[1 + numCarried + k], index,
                                        count));
          scf::YieldOp::create(b, loc, nextState);
        });
    if (failed(status))
      return failure();

    SmallVector<Value> results;
    for (unsigned i = 0; i < numCarried + numScan; ++i)
      results.push_back(
          castTo(rewriter, loc, whileOp.getResult(2 + i), resultTypes[i]));
    rewriter.replaceOp(op, results);
    return success();
  }
};

struct ConvertScan : OpConversionPattern<onnx::ScanOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ScanOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    const TypeConverter &converter = *getTypeConverter();
    unsigned numStates = op.getNumStates();
    unsigned numScanInputs = op.getNumScanInputs();
    SmallVector<Type> resultTypes, outputTypes;
    if (failed(converter.convertTypes(op.getResultTypes(), resultTypes)) ||
        failed(converter.convertTypes(op.getYield().getOperandTypes(),
                                      outputTypes)))
      return failure();
    ValueRange operands = adaptor.getInitialStateAndScanInputs();
    ValueRange scanInputs = operands.drop_front(numStates);

    // ONNX Scan: every scan input has the same length along its axis.
    SmallVector<int64_t> inputAxes;
    for (unsigned j = 0; j < numScanInputs; ++j) {
      FailureOr<int64_t> axis = op.getScanInputAxis(j);
      if (failed(axis) || !isa<RankedTensorType>(scanInputs[j].getType()))
        return emitUnsupported(op, "its scan inputs must be ranked");
      inputAxes.push_back(*axis);
    }
    Value length = tensor::DimOp::create(rewriter, loc, scanInputs[0],
                                         inputAxes[0]);

    FailureOr<Block *> body =
        rewriter.convertRegionTypes(&op.getBody(), converter);
    if (failed(body))
      return failure();
    SmallVector<ScanAccumulator> accumulators;
    for (unsigned k = 0, e = op.getNumScanOutputs(); k < e; ++k) {
      auto type = dyn_cast<RankedTensorType>(resultTypes[numStates + k]);
      FailureOr<int64_t> axis = op.getScanOutputAxis(k);
      if (!type || failed(axis))
        return emitUnsupported(op, "its scan outputs must be ranked");
      accumulators.push_back({type, *axis, op.isScanOutputReversed(k), length});
    }

    SmallVector<Value> inits;
    for (unsigned i = 0; i < numStates; ++i)
      inits.push_back(castTo(rewriter, loc, operands[i],
                             (*body)->getArgument(i).getType()));
    // A growing accumulator changes sizes from one iteration to the next.
    // Were its initial sizes constants, canonicalisation would make the
    // initial tensor static and fold that type into scf.for's iteration
    // argument (scf.for's tensor.cast folder), which is wrong here; so the 0
    // is min(length, 0), which only the run time knows to be 0.
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value zeroSize = arith::MinSIOp::create(rewriter, loc, length, zero);
    for (const ScanAccumulator &acc : accumulators)
      inits.push_back(acc.createInitial(rewriter, loc, zeroSize));

    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    LogicalResult status = success();
    auto forOp = scf::ForOp::create(
        rewriter, loc, zero, length, one, inits,
        [&](OpBuilder &b, Location loc, Value index, ValueRange state) {
          SmallVector<Value> arguments(state.take_front(numStates));
          for (unsigned j = 0; j < numScanInputs; ++j) {
            // ONNX Scan: a reversed scan input is read from the end.
            Value position = index;
            if (op.isScanInputReversed(j))
              position = arith::SubIOp::create(
                  b, loc, arith::SubIOp::create(b, loc, length, one), index);
            auto type = cast<RankedTensorType>(scanInputs[j].getType());
            int64_t rank = type.getRank();
            SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
            offsets[inputAxes[j]] = position;
            SmallVector<OpFoldResult> sizes =
                tensor::getMixedSizes(b, loc, scanInputs[j]);
            sizes[inputAxes[j]] = b.getIndexAttr(1);
            SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
            auto sliceType = cast<RankedTensorType>(
                (*body)->getArgument(numStates + j).getType());
            SmallVector<int64_t> sliceShape(type.getShape());
            sliceShape.erase(sliceShape.begin() + inputAxes[j]);
            Value slice = tensor::ExtractSliceOp::create(
                b, loc, type.clone(sliceShape), scanInputs[j], offsets, sizes,
                strides);
            arguments.push_back(castTo(b, loc, slice, sliceType));
          }
          FailureOr<scf::ExecuteRegionOp> region =
              inlineBody(rewriter, loc, *body, outputTypes, arguments);
          if (failed(region)) {
            status = failure();
            return;
          }
          ValueRange outputs = region->getResults();
          SmallVector<Value> nextState;
          for (unsigned i = 0; i < numStates; ++i)
            nextState.push_back(castTo(b, loc, outputs[i], inits[i].getType()));
          Value count = arith::AddIOp::create(b, loc, index, one);
          for (auto [k, acc] : llvm::enumerate(accumulators))
            nextState.push_back(acc.add(b, loc, state[numStates + k],
                                        outputs[numStates + k], index, count));
          scf::YieldOp::create(b, loc, nextState);
        });
    if (failed(status))
      return failure();

    SmallVector<Value> results;
    for (auto [index, type] : llvm::enumerate(resultTypes))
      results.push_back(
          castTo(rewriter, loc, forOp.getResult(index), type));
    rewriter.replaceOp(op, results);
    return success();
  }
};

} // namespace

void populateControlFlowPatterns(const TypeConverter &typeConverter,
                                 RewritePatternSet &patterns) {
  patterns.add<ConvertIf, ConvertLoop, ConvertScan, ConvertYield>(
      typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
