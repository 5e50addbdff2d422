//===- ConvTranspose.cpp - ConvTranspose to a linalg convolution ----------===//
//
// A transposed convolution is the convolution, with unit strides, of the
// input spread out by the strides (stride - 1 zeros between elements) and
// padded by dilation * (kernel - 1) on each side, with the kernel flipped and
// its in/out channel dims swapped within each group. ONNX's pads then cut
// from that padding (or, negative, extend it); output_padding extends its
// end.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Index arithmetic that folds where its operands are constants.
struct IndexMath {
  OpBuilder &b;
  Location loc;

  OpFoldResult fold(Value value) { return getAsOpFoldResult(value); }
  Value v(OpFoldResult value) {
    return getValueOrCreateConstantIndexOp(b, loc, value);
  }
  OpFoldResult add(OpFoldResult x, OpFoldResult y) {
    return fold(b.createOrFold<arith::AddIOp>(loc, v(x), v(y)));
  }
  OpFoldResult sub(OpFoldResult x, OpFoldResult y) {
    return fold(b.createOrFold<arith::SubIOp>(loc, v(x), v(y)));
  }
  OpFoldResult mul(OpFoldResult x, int64_t y) {
    return fold(b.createOrFold<arith::MulIOp>(loc, v(x), v(b.getIndexAttr(y))));
  }
  OpFoldResult floorDiv(OpFoldResult x, int64_t y) {
    return fold(
        b.createOrFold<arith::FloorDivSIOp>(loc, v(x), v(b.getIndexAttr(y))));
  }
  OpFoldResult max(OpFoldResult x, int64_t y) {
    return fold(
        b.createOrFold<arith::MaxSIOp>(loc, v(x), v(b.getIndexAttr(y))));
  }
  OpFoldResult constant(int64_t value) { return b.getIndexAttr(value); }
};

bool isZero(OpFoldResult value) { return isConstantIntValue(value, 0); }

/// `input` (N x C x D...) with stride - 1 zeros inserted between the elements
/// of each spatial dim.
Value spreadByStrides(OpBuilder &b, Location loc, Value input,
                      ArrayRef<int64_t> strides) {
  if (llvm::all_of(strides, [](int64_t s) { return s == 1; }))
    return input;
  IndexMath m{b, loc};
  auto type = cast<RankedTensorType>(input.getType());
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, input);
  SmallVector<int64_t> shape(type.getShape());
  SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0)),
      steps(type.getRank(), b.getIndexAttr(1));
  SmallVector<OpFoldResult> spreadSizes(sizes);
  for (auto [i, stride] : llvm::enumerate(strides)) {
    int64_t dim = 2 + i;
    spreadSizes[dim] =
        m.add(m.mul(m.sub(sizes[dim], m.constant(1)), stride), m.constant(1));
    if (!ShapedType::isDynamic(shape[dim]))
      shape[dim] = (shape[dim] - 1) * stride + 1;
    steps[dim] = b.getIndexAttr(stride);
  }
  Value zeros = createFilledTensor(b, loc, type.clone(shape), spreadSizes,
                                   createZero(b, loc, type.getElementType()));
  return tensor::InsertSliceOp::create(b, loc, input, zeros, offsets, sizes,
                                       steps);
}

/// W (C x M/groups x K...) as a convolution filter (M x C/groups x K...):
/// within each group the channel dims swap, and the kernel is flipped.
/// `kernel` holds the K..., which W's type may not know.
Value createFlippedFilter(OpBuilder &b, Location loc, Value filter,
                          ArrayRef<int64_t> kernel, int64_t groups) {
  MLIRContext *context = b.getContext();
  auto filterType = cast<RankedTensorType>(filter.getType());
  SmallVector<int64_t> filterShape(filterType.getShape().take_front(2));
  llvm::append_range(filterShape, kernel);
  filter = castTo(b, loc, filter, filterType.clone(filterShape));
  Value grouped = splitGroups(b, loc, filter, 0, groups);
  auto type = cast<RankedTensorType>(grouped.getType());
  int64_t rank = type.getRank(), spatial = rank - 3;
  ArrayRef<int64_t> shape = type.getShape();
  // Loops (g, m, c, k...) over the result (G x M/G x C/G x K...).
  SmallVector<int64_t> resultShape{shape[0], shape[2], shape[1]};
  llvm::append_range(resultShape, shape.drop_front(3));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, grouped);
  std::swap(sizes[1], sizes[2]);
  auto dim = [&](int64_t i) { return getAffineDimExpr(i, context); };
  SmallVector<AffineExpr> inputExprs{dim(0), dim(2), dim(1)};
  for (int64_t i = 0; i < spatial; ++i)
    inputExprs.push_back(shape[3 + i] - 1 - dim(3 + i));
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  Value init = createEmptyTensor(b, loc, type.clone(resultShape), sizes);
  Value flipped =
      linalg::GenericOp::create(
          b, loc, TypeRange{init.getType()}, ValueRange{grouped},
          ValueRange{init},
          SmallVector<AffineMap>{AffineMap::get(rank, 0, inputExprs, context),
                                 identity},
          SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel),
          [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
            linalg::YieldOp::create(nested, nestedLoc, args[0]);
          })
          .getResult(0);
  SmallVector<ReassociationIndices> reassociation{{0, 1}};
  for (int64_t d = 2; d < rank; ++d)
    reassociation.push_back({d});
  return tensor::CollapseShapeOp::create(b, loc, flipped, reassociation);
}

/// ONNX ConvTranspose, lowered as described at the top of the file.
struct LowerConvTranspose : OpConversionPattern<onnx::ConvTransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvTransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getX(), filter = adaptor.getW(),
          bias = adaptor.getB();
    if (!isa<RankedTensorType>(input.getType()) ||
        !isa<RankedTensorType>(filter.getType()) ||
        (bias && !isa<RankedTensorType>(bias.getType())))
      return emitUnsupported(op, "its operands must be ranked tensors");
    std::string error;
    FailureOr<onnx::ConvTransposeGeometry> geometry =
        onnx::computeConvTransposeGeometry(op, error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    int64_t spatial = geometry->kernel.size();
    int64_t groups = op.getGroup();
    IndexMath m{rewriter, loc};

    // The pads of the spread input: dilation * (kernel - 1) less ONNX's
    // pads, plus output_padding at the end. Negative ones cut instead.
    SmallVector<OpFoldResult> padLow, padHigh, cutLow, cutHigh;
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t reach = geometry->dilations[i] * (geometry->kernel[i] - 1);
      OpFoldResult begin = m.constant(geometry->pads[i]);
      OpFoldResult end = m.constant(geometry->pads[spatial + i]);
      if (ShapedType::isDynamic(geometry->pads[i])) {
        // ONNX: pads from output_shape and the input size at run time.
        OpFoldResult in = tensor::getMixedSize(rewriter, loc, input, 2 + i);
        OpFoldResult total =
            m.sub(m.add(m.mul(m.sub(in, m.constant(1)), geometry->strides[i]),
                        m.constant(reach + 1 + geometry->outputPadding[i])),
                  m.constant(geometry->targetSizes[i]));
        OpFoldResult half = m.floorDiv(total, 2);
        bool upper = op.getAutoPad() == "SAME_UPPER";
        begin = upper ? half : m.sub(total, half);
        end = upper ? m.sub(total, half) : half;
      }
      OpFoldResult low = m.sub(m.constant(reach), begin);
      OpFoldResult high =
          m.sub(m.constant(reach + geometry->outputPadding[i]), end);
      padLow.push_back(m.max(low, 0));
      padHigh.push_back(m.max(high, 0));
      cutLow.push_back(m.max(m.sub(m.constant(0), low), 0));
      cutHigh.push_back(m.max(m.sub(m.constant(0), high), 0));
    }

    Value spread = spreadByStrides(rewriter, loc, input, geometry->strides);
    if (!llvm::all_of(cutLow, isZero) || !llvm::all_of(cutHigh, isZero)) {
      auto type = cast<RankedTensorType>(spread.getType());
      SmallVector<OpFoldResult> offsets(type.getRank(),
                                        rewriter.getIndexAttr(0));
      SmallVector<OpFoldResult> sizes =
          tensor::getMixedSizes(rewriter, loc, spread);
      SmallVector<OpFoldResult> steps(type.getRank(), rewriter.getIndexAttr(1));
      for (int64_t i = 0; i < spatial; ++i) {
        offsets[2 + i] = cutLow[i];
        sizes[2 + i] = m.sub(m.sub(sizes[2 + i], cutLow[i]), cutHigh[i]);
      }
      spread = tensor::ExtractSliceOp::create(rewriter, loc, spread, offsets,
                                              sizes, steps);
    }
    Value padded =
        padSpatialDims(rewriter, loc, spread, padLow, padHigh,
                       createZero(rewriter, loc, resultType->getElementType()));

    Value flipped =
        createFlippedFilter(rewriter, loc, filter, geometry->kernel, groups);
    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        tensor::getMixedSize(rewriter, loc, flipped, 0)};
    SmallVector<int64_t> shape{resultType->getDimSize(0),
                               resultType->getDimSize(1)};
    for (int64_t i = 0; i < spatial; ++i) {
      int64_t reach = geometry->dilations[i] * (geometry->kernel[i] - 1);
      OpFoldResult size =
          m.sub(tensor::getMixedSize(rewriter, loc, padded, 2 + i),
                m.constant(reach));
      sizes.push_back(size);
      std::optional<int64_t> known = getConstantIntValue(size);
      shape.push_back(known ? *known : resultType->getDimSize(2 + i));
    }
    auto convType = resultType->clone(shape);
    Value init = createConvInit(rewriter, loc, convType, sizes, bias);
    SmallVector<int64_t> unitStrides(spatial, 1);
    Value result = createConvolution(rewriter, loc, padded, flipped, init,
                                     unitStrides, geometry->dilations, groups);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

} // namespace

void populateConvTransposePatterns(const TypeConverter &typeConverter,
                                   RewritePatternSet &patterns) {
  patterns.add<LowerConvTranspose>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
