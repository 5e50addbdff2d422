//===- Pooling.cpp - MaxPool to linalg pooling ----------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Max pooling over N-D windows as a linalg.generic, for the shapes and
/// element types no named op covers. Loops (n, c, o..., k...); like the named
/// pooling ops, an operand of the window's shape bounds the k loops.
Value createMaxPool(OpBuilder &b, Location loc, Value input, Value window,
                    Value init, const onnx::WindowGeometry &geometry,
                    bool isUnsigned) {
  MLIRContext *context = b.getContext();
  int64_t spatial = geometry.kernel.size();
  int64_t numLoops = 2 + 2 * spatial;
  SmallVector<AffineExpr> inputExprs{getAffineDimExpr(0, context),
                                     getAffineDimExpr(1, context)};
  SmallVector<AffineExpr> outputExprs(inputExprs), windowExprs;
  for (int64_t i = 0; i < spatial; ++i) {
    AffineExpr o = getAffineDimExpr(2 + i, context);
    AffineExpr k = getAffineDimExpr(2 + spatial + i, context);
    inputExprs.push_back(o * geometry.strides[i] + k * geometry.dilations[i]);
    windowExprs.push_back(k);
    outputExprs.push_back(o);
  }
  SmallVector<AffineMap> maps{
      AffineMap::get(numLoops, 0, inputExprs, context),
      AffineMap::get(numLoops, 0, windowExprs, context),
      AffineMap::get(numLoops, 0, outputExprs, context)};
  SmallVector<utils::IteratorType> iterators(2 + spatial,
                                             utils::IteratorType::parallel);
  iterators.append(spatial, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{init.getType()}, ValueRange{input, window},
             ValueRange{init}, maps, iterators,
             [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
               linalg::YieldOp::create(
                   nested, nestedLoc,
                   createMax(nested, nestedLoc, args[0], args[2], isUnsigned));
             })
      .getResult(0);
}

/// ONNX MaxPool: the input is padded with the element type's lowest value
/// (-inf for floats), which never wins, and the output starts there too.
/// 1-D and 2-D pooling of floats and signed integers become the named
/// linalg.pooling_ncw_max/pooling_nchw_max; the rest a linalg.generic.
struct LowerMaxPool : OpConversionPattern<onnx::MaxPoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MaxPoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    if (op.getIndices())
      return emitUnsupported(op, "not yet supported: MaxPool Indices output");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getX();
    if (!isa<RankedTensorType>(input.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    std::string error;
    FailureOr<onnx::WindowGeometry> geometry = op.computeGeometry(error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    int64_t spatial = geometry->kernel.size();
    Type elementType = resultType->getElementType();
    bool isUnsigned = isUnsignedElement(op.getX().getType());

    WindowSizes window =
        computeWindowSizes(rewriter, loc, input, *geometry, op.getAutoPad(),
                           op.getCeilMode() != 0);
    Value lowest = createLowest(rewriter, loc, elementType, isUnsigned);
    input = padSpatialDims(rewriter, loc, input, window.padLow, window.padHigh,
                           lowest);
    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, input, 0),
        tensor::getMixedSize(rewriter, loc, input, 1)};
    llvm::append_range(sizes, window.outputSizes);
    Value init = createFilledTensor(rewriter, loc, *resultType, sizes, lowest);

    Value windowShape =
        tensor::EmptyOp::create(rewriter, loc, geometry->kernel, elementType);
    Value result;
    // The named ops compare as signed (or as floats).
    if (!isUnsigned && (spatial == 1 || spatial == 2)) {
      SmallVector<Type> resultTypes{*resultType};
      SmallVector<Value> inputs{input, windowShape}, outputs{init};
      Attribute strides = rewriter.getI64TensorAttr(geometry->strides);
      Attribute dilations = rewriter.getI64TensorAttr(geometry->dilations);
      if (spatial == 1)
        result =
            linalg::PoolingNcwMaxOp::create(rewriter, loc, resultTypes, inputs,
                                            outputs, strides, dilations)
                .getResult(0);
      else
        result =
            linalg::PoolingNchwMaxOp::create(rewriter, loc, resultTypes, inputs,
                                             outputs, strides, dilations)
                .getResult(0);
    } else {
      result = createMaxPool(rewriter, loc, input, windowShape, init, *geometry,
                             isUnsigned);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

} // namespace

void populatePoolingPatterns(const TypeConverter &typeConverter,
                             RewritePatternSet &patterns) {
  patterns.add<LowerMaxPool>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
