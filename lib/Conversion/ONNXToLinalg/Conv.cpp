//===- Conv.cpp - Conv to linalg convolutions -----------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {

Value splitGroups(OpBuilder &b, Location loc, Value value, int64_t dim,
                  int64_t groups) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<int64_t> shape(type.getShape());
  int64_t size = shape[dim];
  shape[dim] = ShapedType::isDynamic(size) ? size : size / groups;
  shape.insert(shape.begin() + dim, groups);
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  if (ShapedType::isDynamic(size))
    sizes[dim] =
        arith::DivSIOp::create(
            b, loc, getValueOrCreateConstantIndexOp(b, loc, sizes[dim]),
            arith::ConstantIndexOp::create(b, loc, groups))
            .getResult();
  else
    sizes[dim] = b.getIndexAttr(size / groups);
  sizes.insert(sizes.begin() + dim, b.getIndexAttr(groups));
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0; d < type.getRank(); ++d) {
    if (d < dim)
      reassociation.push_back({d});
    else if (d == dim)
      reassociation.push_back({d, d + 1});
    else
      reassociation.push_back({d + 1});
  }
  return createExpandShape(b, loc, type.clone(shape), value, reassociation,
                           sizes);
}

namespace {

/// Merges dims `dim` and `dim + 1` of `value`, undoing splitGroups.
Value mergeGroups(OpBuilder &b, Location loc, Value value, int64_t dim) {
  auto type = cast<RankedTensorType>(value.getType());
  SmallVector<ReassociationIndices> reassociation;
  for (int64_t d = 0; d < type.getRank() - 1; ++d) {
    if (d < dim)
      reassociation.push_back({d});
    else if (d == dim)
      reassociation.push_back({d, d + 1});
    else
      reassociation.push_back({d + 1});
  }
  return tensor::CollapseShapeOp::create(b, loc, value, reassociation);
}

/// Grouped N-D convolution as a linalg.generic, for the shapes no named op
/// covers. Layout as linalg.conv_2d_ngchw_gfchw: input (N, G, C, D...),
/// filter (G, F, C, K...), output (N, G, F, O...). Loops
/// (n, g, f, o..., c, k...).
Value createGroupedConv(OpBuilder &b, Location loc, Value input, Value filter,
                        Value init, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> dilations) {
  MLIRContext *context = b.getContext();
  int64_t spatial = strides.size();
  int64_t numLoops = 4 + 2 * spatial;
  auto dim = [&](int64_t i) { return getAffineDimExpr(i, context); };
  AffineExpr n = dim(0), g = dim(1), f = dim(2), c = dim(3 + spatial);
  SmallVector<AffineExpr> inputExprs{n, g, c}, filterExprs{g, f, c},
      outputExprs{n, g, f};
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = dim(3 + i), k = dim(4 + spatial + i);
    inputExprs.push_back(o * strides[i] + k * dilations[i]);
    filterExprs.push_back(k);
    outputExprs.push_back(o);
  }
  SmallVector<AffineMap> maps{
      AffineMap::get(numLoops, 0, inputExprs, context),
      AffineMap::get(numLoops, 0, filterExprs, context),
      AffineMap::get(numLoops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(3 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(1 + spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input, filter},
             ValueRange{init}, maps, iterators,
             [](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               Value product =
                   arith::MulFOp::create(nested, nestedLoc, args[0], args[1]);
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   arith::AddFOp::create(nested, nestedLoc, args[2], product)
                       .getResult());
             })
      .getResult(0);
}

/// ONNX Conv: the input is zero-padded with tensor.pad and the output starts
/// as the bias broadcast along the channel dim (or zero), onto which the
/// convolution accumulates. Ungrouped 1-, 2- and 3-D convolutions and
/// grouped 2-D ones become named linalg convolutions; the rest a
/// linalg.generic.
struct LowerConv : OpConversionPattern<onnx::ConvOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConvOp op, OpAdaptor adaptor,
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
    FailureOr<onnx::WindowGeometry> geometry = op.computeGeometry(error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    int64_t groups = op.getGroup();
    Type elementType = resultType->getElementType();

    WindowSizes window = computeWindowSizes(
        rewriter, loc, input, *geometry, op.getAutoPad(), /*ceilMode=*/false);
    // ONNX Conv pads with zeros.
    Value zero = createZero(rewriter, loc, elementType);
    input = padSpatialDims(rewriter, loc, input, window.padLow, window.padHigh,
                           zero);

    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        tensor::getMixedSize(rewriter, loc, filter, 0)};
    llvm::append_range(sizes, window.outputSizes);
    Value init = createConvInit(rewriter, loc, *resultType, sizes, bias);
    Value result =
        createConvolution(rewriter, loc, input, filter, init, geometry->strides,
                          geometry->dilations, groups);
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

Value createConvInit(OpBuilder &b, Location loc, RankedTensorType type,
                     ArrayRef<OpFoldResult> sizes, Value bias) {
  if (!bias)
    return createFilledTensor(b, loc, type, sizes,
                              createZero(b, loc, type.getElementType()));
  Value empty = createEmptyTensor(b, loc, type, sizes);
  SmallVector<int64_t> broadcastDims{0};
  for (int64_t i = 2; i < type.getRank(); ++i)
    broadcastDims.push_back(i);
  return linalg::BroadcastOp::create(b, loc, bias, empty, broadcastDims)
      .getResult()[0];
}

Value createConvolution(OpBuilder &b, Location loc, Value input, Value filter,
                        Value init, ArrayRef<int64_t> strides,
                        ArrayRef<int64_t> dilations, int64_t groups) {
  int64_t spatial = strides.size();
  Attribute stridesAttr = b.getI64TensorAttr(strides);
  Attribute dilationsAttr = b.getI64TensorAttr(dilations);
  SmallVector<Type> resultTypes{init.getType()};
  SmallVector<Value> inputs{input, filter}, outputs{init};
  if (groups == 1 && spatial == 1)
    return linalg::Conv1DNcwFcwOp::create(b, loc, resultTypes, inputs, outputs,
                                          stridesAttr, dilationsAttr)
        .getResult(0);
  if (groups == 1 && spatial == 2)
    return linalg::Conv2DNchwFchwOp::create(b, loc, resultTypes, inputs,
                                            outputs, stridesAttr, dilationsAttr)
        .getResult(0);
  if (groups == 1 && spatial == 3)
    return linalg::Conv3DNcdhwFcdhwOp::create(
               b, loc, resultTypes, inputs, outputs, stridesAttr, dilationsAttr)
        .getResult(0);
  // ONNX Conv with groups: input channels and filters split into `group`
  // equal parts, part g of the filters reading part g of the channels.
  Value groupedInput = splitGroups(b, loc, input, 1, groups);
  Value groupedFilter = splitGroups(b, loc, filter, 0, groups);
  Value groupedInit = splitGroups(b, loc, init, 1, groups);
  Value grouped;
  if (spatial == 2)
    grouped = linalg::Conv2DNgchwGfchwOp::create(
                  b, loc, TypeRange{groupedInit.getType()},
                  ValueRange{groupedInput, groupedFilter},
                  ValueRange{groupedInit}, stridesAttr, dilationsAttr)
                  .getResult(0);
  else
    grouped = createGroupedConv(b, loc, groupedInput, groupedFilter,
                                groupedInit, strides, dilations);
  return mergeGroups(b, loc, grouped, 1);
}

void populateConvPatterns(const TypeConverter &typeConverter,
                          RewritePatternSet &patterns) {
  patterns.add<LowerConv>(typeConverter, patterns.getContext());
  populateConvTransposePatterns(typeConverter, patterns);
}

} // namespace onnxc::detail
