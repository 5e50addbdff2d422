//===- MaxUnpool.cpp - MaxUnpool to a scatter loop ------------------------===//
//
// Y starts as zeros; an scf.for over the positions of X and I inserts each
// X element where its index points: a position in the flattened output of
// the default shape, at the same multi-index in Y. Indices outside either
// are skipped, so a bad index drops a value but never writes out of
// bounds; a repeated index keeps the last value written, as ONNX's
// reference does.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The row-major multi-index of position `flat` in a tensor of `sizes`.
SmallVector<Value> delinearize(OpBuilder &b, Location loc, Value flat,
                               ArrayRef<Value> sizes) {
  SmallVector<Value> indices(sizes.size());
  for (int64_t dim = sizes.size() - 1; dim >= 0; --dim) {
    indices[dim] = arith::RemUIOp::create(b, loc, flat, sizes[dim]);
    flat = arith::DivUIOp::create(b, loc, flat, sizes[dim]);
  }
  return indices;
}

struct LowerMaxUnpool : OpConversionPattern<onnx::MaxUnpoolOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::MaxUnpoolOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX();
    auto xType = dyn_cast<RankedTensorType>(x.getType());
    if (!xType || !isa<RankedTensorType>(adaptor.getI().getType()))
      return emitUnsupported(op, "X and I must be ranked tensors");
    std::string error;
    FailureOr<onnx::MaxUnpoolGeometry> geometry =
        onnx::computeMaxUnpoolGeometry(op, error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    int64_t rank = xType.getRank();

    // ONNX MaxUnpool: I indexes the flattened output of the default shape
    // ((input - 1) * stride + kernel - pads); output_shape, when given, pads
    // (or crops) that output at the end of each dim. Sizes read or computed
    // at run time are kept from going negative.
    Value zeroIndex = arith::ConstantIndexOp::create(rewriter, loc, 0);
    auto nonNegative = [&](Value size) -> OpFoldResult {
      return arith::MaxSIOp::create(rewriter, loc, size, zeroIndex).getResult();
    };
    SmallVector<OpFoldResult> inferred;
    for (int64_t dim = 0; dim < rank; ++dim) {
      int64_t input = xType.getDimSize(dim);
      int64_t known = dim < 2 ? input : geometry->getOutputSize(dim - 2, input);
      if (!ShapedType::isDynamic(known)) {
        inferred.push_back(rewriter.getIndexAttr(std::max<int64_t>(known, 0)));
        continue;
      }
      Value size = tensor::DimOp::create(rewriter, loc, x, dim);
      if (dim < 2) {
        inferred.push_back(size);
        continue;
      }
      // input * stride + (kernel - stride - pads).
      size_t spatial = dim - 2;
      int64_t stride = geometry->strides[spatial];
      int64_t offset = geometry->kernel[spatial] - stride -
                       geometry->pads[spatial] -
                       geometry->pads[spatial + rank - 2];
      Value scaled = arith::MulIOp::create(
          rewriter, loc, size,
          arith::ConstantIndexOp::create(rewriter, loc, stride));
      inferred.push_back(nonNegative(arith::AddIOp::create(
          rewriter, loc, scaled,
          arith::ConstantIndexOp::create(rewriter, loc, offset))));
    }
    SmallVector<OpFoldResult> sizes = inferred;
    if (Value outputShape = adaptor.getOutputShape()) {
      sizes.clear();
      for (OpFoldResult size : getIndexElements(
               rewriter, loc, op.getOutputShape(), outputShape, rank))
        sizes.push_back(isa<Value>(size) ? nonNegative(cast<Value>(size))
                                         : size);
    }

    // Y, X and I are indexed through their multi-indices rather than
    // reshaped: expanding or collapsing several dynamic dims trips
    // upstream's strided-metadata expansion.
    Value zero = createZero(rewriter, loc, resultType->getElementType());
    Value init = createFilledTensor(rewriter, loc, *resultType, sizes, zero);
    Value indices = adaptor.getI();
    auto indicesType = cast<RankedTensorType>(indices.getType());
    SmallVector<Value> ySizes =
        getValueOrCreateConstantIndexOp(rewriter, loc, sizes);
    SmallVector<Value> xSizes, iSizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      xSizes.push_back(tensor::DimOp::create(rewriter, loc, x, dim));
      iSizes.push_back(tensor::DimOp::create(rewriter, loc, indices, dim));
    }
    Value c0 = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> inferredSizes =
        getValueOrCreateConstantIndexOp(rewriter, loc, inferred);
    Value count = arith::createProduct(rewriter, loc, xSizes);
    Value inferredCount = arith::createProduct(rewriter, loc, inferredSizes);
    auto buildScatter = [&](OpBuilder &b, Location l) -> Value {
      auto loop = scf::ForOp::create(
          b, l, c0, count, c1, ValueRange{init},
          [&](OpBuilder &, Location, Value i, ValueRange args) {
            Value acc = args[0];
            SmallVector<Value> position = delinearize(b, l, i, xSizes);
            // I's shape is X's, but only the runtime can tell where a size
            // is dynamic.
            SmallVector<Value> iPosition;
            for (auto [dim, index, size] : llvm::enumerate(position, iSizes))
              iPosition.push_back(xType.isDynamicDim(dim) ||
                                          indicesType.isDynamicDim(dim)
                                      ? clampIndex(b, l, index, size)
                                      : index);
            Value target = arith::IndexCastOp::create(
                b, l, b.getIndexType(),
                tensor::ExtractOp::create(b, l, indices, iPosition));
            Value valid = arith::AndIOp::create(
                b, l,
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, target,
                                      c0),
                arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, target,
                                      inferredCount));
            auto yield = [&](Value value) {
              scf::YieldOp::create(b, l, value);
            };
            auto ifValid = scf::IfOp::create(
                b, l, valid,
                [&](OpBuilder &, Location) {
                  SmallVector<Value> place =
                      delinearize(b, l, target, inferredSizes);
                  Value inside = arith::ConstantIntOp::create(b, l, 1, 1);
                  for (auto [index, size] : llvm::zip(place, ySizes))
                    inside = arith::AndIOp::create(
                        b, l, inside,
                        arith::CmpIOp::create(b, l, arith::CmpIPredicate::ult,
                                              index, size));
                  auto ifInside = scf::IfOp::create(
                      b, l, inside,
                      [&](OpBuilder &, Location) {
                        Value element =
                            tensor::ExtractOp::create(b, l, x, position);
                        yield(tensor::InsertOp::create(b, l, element, acc,
                                                       place));
                      },
                      [&](OpBuilder &, Location) { yield(acc); });
                  yield(ifInside.getResult(0));
                },
                [&](OpBuilder &, Location) { yield(acc); });
            yield(ifValid.getResult(0));
          });
      return loop.getResult(0);
    };
    // An empty I cannot be read even when X is not.
    rewriter.replaceOp(
        op,
        createIfNonEmpty(rewriter, loc, getAsOpFoldResult(ValueRange(iSizes)),
                         *resultType, sizes, zero, buildScatter));
    return success();
  }
};

} // namespace

void populateMaxUnpoolPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns) {
  patterns.add<LowerMaxUnpool>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
