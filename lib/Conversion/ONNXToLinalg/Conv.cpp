//===- Conv.cpp - Conv to linalg convolutions, Col2Im ---------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
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

/// ONNX Col2Im: a generic over (n, c, y..., k...) summing into the image
/// at (n, c, y...) the input column c * prod(block) + k (row-major) at the
/// window position b whose element k lands on y: y = b * stride - pad_begin
/// + k * dilation. Positions that are not whole or lie outside the windows
/// read nothing.
struct LowerCol2Im : OpConversionPattern<onnx::Col2ImOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::Col2ImOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getInput();
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    if (!inputType || inputType.getRank() != 3)
      return emitUnsupported(op, "its input must be a 3-D tensor");
    std::string error;
    FailureOr<onnx::WindowGeometry> geometry = op.computeGeometry(error);
    if (failed(geometry))
      return emitUnsupported(op, error.empty()
                                     ? "image_shape and block_shape must be "
                                       "constants"
                                     : error);
    Type elementType = resultType->getElementType();
    bool isFloat = isa<FloatType>(elementType);
    if (!isFloat && elementType.getIntOrFloatBitWidth() == 1)
      return emitUnsupported(op, "bool elements cannot be summed");
    int64_t spatial = geometry->kernel.size();
    int64_t rank = 2 + spatial, numLoops = rank + spatial;
    int64_t blockSize = onnx::productOfDims(geometry->kernel);
    MLIRContext *context = rewriter.getContext();

    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        rewriter.createOrFold<arith::DivSIOp>(
            loc, tensor::DimOp::create(rewriter, loc, input, 1),
            arith::ConstantIndexOp::create(rewriter, loc, blockSize))};
    for (int64_t dim = 2; dim < rank; ++dim)
      sizes.push_back(rewriter.getIndexAttr(resultType->getDimSize(dim)));
    Value init = createFilledTensor(rewriter, loc, *resultType, sizes,
                                    createZero(rewriter, loc, elementType));
    Value window = tensor::EmptyOp::create(rewriter, loc, geometry->kernel,
                                           elementType);
    Value positions = tensor::DimOp::create(rewriter, loc, input, 2);
    SmallVector<AffineExpr> windowExprs;
    for (int64_t k = rank; k < numLoops; ++k)
      windowExprs.push_back(getAffineDimExpr(k, context));
    SmallVector<AffineMap> maps{
        AffineMap::get(numLoops, 0, windowExprs, context),
        AffineMap::getMultiDimIdentityMap(numLoops, context).getMajorSubMap(
            rank)};
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    iterators.append(spatial, utils::IteratorType::reduction);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{init.getType()}, ValueRange{window},
            ValueRange{init}, maps, iterators,
            [&](OpBuilder &b, Location l, ValueRange args) {
              auto constant = [&](int64_t value) -> Value {
                return arith::ConstantIndexOp::create(b, l, value);
              };
              auto cmp = [&](arith::CmpIPredicate predicate, Value lhs,
                             Value rhs) -> Value {
                return arith::CmpIOp::create(b, l, predicate, lhs, rhs);
              };
              auto both = [&](Value lhs, Value rhs) -> Value {
                return arith::AndIOp::create(b, l, lhs, rhs);
              };
              Value column = linalg::IndexOp::create(b, l, 1);
              Value position = constant(0);
              Value valid;
              for (int64_t dim = 0; dim < spatial; ++dim) {
                Value y = linalg::IndexOp::create(b, l, 2 + dim);
                Value k = linalg::IndexOp::create(b, l, rank + dim);
                column = arith::AddIOp::create(
                    b, l,
                    arith::MulIOp::create(b, l, column,
                                          constant(geometry->kernel[dim])),
                    k);
                Value offset = arith::SubIOp::create(
                    b, l,
                    arith::AddIOp::create(b, l, y,
                                          constant(geometry->pads[dim])),
                    arith::MulIOp::create(b, l, k,
                                          constant(geometry->dilations[dim])));
                Value stride = constant(geometry->strides[dim]);
                Value block = arith::DivSIOp::create(b, l, offset, stride);
                Value whole = both(
                    cmp(arith::CmpIPredicate::sge, offset, constant(0)),
                    cmp(arith::CmpIPredicate::eq,
                        arith::RemSIOp::create(b, l, offset, stride),
                        constant(0)));
                Value dimValid = both(
                    whole, cmp(arith::CmpIPredicate::slt, block,
                               constant(geometry->outputSizes[dim])));
                valid = valid ? both(valid, dimValid) : dimValid;
                position = arith::AddIOp::create(
                    b, l,
                    arith::MulIOp::create(b, l, position,
                                          constant(geometry->outputSizes[dim])),
                    block);
              }
              valid = both(valid,
                           cmp(arith::CmpIPredicate::slt, position, positions));
              Value n = linalg::IndexOp::create(b, l, 0);
              auto read = [&](OpBuilder &nb, Location nl) {
                scf::YieldOp::create(
                    nb, nl,
                    tensor::ExtractOp::create(nb, nl, input,
                                              ValueRange{n, column, position})
                        .getResult());
              };
              auto skip = [&](OpBuilder &nb, Location nl) {
                scf::YieldOp::create(nb, nl, createZero(nb, nl, elementType));
              };
              Value element =
                  scf::IfOp::create(b, l, valid, read, skip).getResult(0);
              Value sum =
                  isFloat ? arith::AddFOp::create(b, l, args[1], element)
                                .getResult()
                          : arith::AddIOp::create(b, l, args[1], element)
                                .getResult();
              linalg::YieldOp::create(b, l, sum);
            })
            .getResult(0);
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
  patterns.add<LowerCol2Im, LowerConv>(typeConverter, patterns.getContext());
  populateConvTransposePatterns(typeConverter, patterns);
}

} // namespace onnxc::detail
