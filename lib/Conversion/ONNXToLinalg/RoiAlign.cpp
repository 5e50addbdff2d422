//===- RoiAlign.cpp - RoiAlign to a linalg.generic with sampling loops ----===//
//
// One linalg.generic over Y (R x C x OH x OW). The body computes its bin of
// its region and, in two nested scf.for (the number of samples may depend
// on the region's size), averages or takes the maximum of the bilinear
// samples. The arithmetic follows ONNX's reference implementation, in f64
// as that computes coordinates. batch_indices and sample positions are
// clamped into X, so no region reads outside it.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

#include <limits>

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Builds the body of the pooling generic.
class RoiAlignBody {
public:
  RoiAlignBody(OpBuilder &b, Location loc, onnx::RoiAlignOp op, Value x,
               Value height, Value width)
      : b(b), loc(loc), op(op), x(x), height(height), width(width),
        f64(b.getF64Type()) {}

  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, b.getF64FloatAttr(value));
  }
  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value div(Value x, Value y) { return arith::DivFOp::create(b, loc, x, y); }
  Value less(Value x, Value y) {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, y);
  }
  Value toF64(Value value) {
    if (isa<IndexType>(value.getType()))
      return arith::SIToFPOp::create(
          b, loc, f64,
          arith::IndexCastOp::create(b, loc, b.getI64Type(), value));
    return value.getType() == f64 ? value
                                  : arith::ExtFOp::create(b, loc, f64, value);
  }
  /// A float known to lie in [0, 2^31], truncated to an index.
  Value toIndex(Value value) {
    return arith::IndexCastOp::create(
        b, loc, b.getIndexType(),
        arith::FPToSIOp::create(b, loc, b.getI64Type(), value));
  }

  /// ONNX RoiAlign: the number of samples along a bin, sampling_ratio or
  /// ceil(region size / output size). Bounded so that the conversion stays
  /// defined for absurd regions.
  Value samplesPerBin(Value regionSize, int64_t outputSize) {
    if (op.getSamplingRatio() > 0)
      return index(op.getSamplingRatio());
    Value adaptive =
        math::CeilOp::create(b, loc, div(regionSize, constant(outputSize)));
    return toIndex(arith::MinNumFOp::create(
        b, loc, arith::MaxNumFOp::create(b, loc, adaptive, constant(0.0)),
        constant(2147483648.0)));
  }

  /// The bilinear sample at (y, x) of plane (batch, channel): ONNX's
  /// reference gives 0 beyond one pixel outside the image, clamps
  /// coordinates below 0 to 0 and at or past the last row or column to it.
  /// In max mode the sample is the largest weighted corner, not their sum.
  Value sample(Value batch, Value channel, Value y, Value xc) {
    Value heightF = toF64(height), widthF = toF64(width);
    Value minusOne = constant(-1.0);
    Value outside = arith::OrIOp::create(
        b, loc,
        arith::OrIOp::create(b, loc, less(y, minusOne), less(heightF, y)),
        arith::OrIOp::create(b, loc, less(xc, minusOne), less(widthF, xc)));
    // Inside, the coordinates lie in [0, size]; NaN becomes 0.
    auto corners = [&](Value coordinate, Value size, Value sizeF) {
      coordinate = arith::MinNumFOp::create(
          b, loc, arith::MaxNumFOp::create(b, loc, coordinate, constant(0.0)),
          sizeF);
      Value last = arith::SubIOp::create(b, loc, size, index(1));
      Value low = toIndex(coordinate);
      Value atEnd =
          arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, low, last);
      Value clampedLow = clampIndex(b, loc, low, size);
      Value high = arith::SelectOp::create(
          b, loc, atEnd, clampedLow,
          clampIndex(b, loc, arith::AddIOp::create(b, loc, low, index(1)),
                     size));
      Value fraction = arith::SelectOp::create(b, loc, atEnd, constant(0.0),
                                               sub(coordinate, toF64(low)));
      return std::make_tuple(clampedLow, high, fraction);
    };
    auto [yLow, yHigh, ly] = corners(y, height, heightF);
    auto [xLow, xHigh, lx] = corners(xc, width, widthF);
    Value hy = sub(constant(1.0), ly), hx = sub(constant(1.0), lx);
    auto term = [&](Value weight, Value row, Value column) {
      return mul(weight,
                 toF64(tensor::ExtractOp::create(
                     b, loc, x, ValueRange{batch, channel, row, column})));
    };
    Value t1 = term(mul(hy, hx), yLow, xLow);
    Value t2 = term(mul(hy, lx), yLow, xHigh);
    Value t3 = term(mul(ly, hx), yHigh, xLow);
    Value t4 = term(mul(ly, lx), yHigh, xHigh);
    Value value;
    if (op.getMode() == "avg") {
      value = add(add(add(t1, t2), t3), t4);
    } else {
      auto max = [&](Value p, Value q) -> Value {
        return arith::MaximumFOp::create(b, loc, p, q);
      };
      value = max(max(max(t1, t2), t3), t4);
    }
    return arith::SelectOp::create(b, loc, outside, constant(0.0), value);
  }

  /// The element of Y at the generic's current index.
  Value build(Value rois, Value batchIndices, Value batches, Type elementType) {
    Value r = linalg::IndexOp::create(b, loc, 0);
    Value c = linalg::IndexOp::create(b, loc, 1);
    Value ph = linalg::IndexOp::create(b, loc, 2);
    Value pw = linalg::IndexOp::create(b, loc, 3);
    Value batch = clampIndex(
        b, loc,
        arith::IndexCastOp::create(
            b, loc, b.getIndexType(),
            tensor::ExtractOp::create(
                b, loc, batchIndices,
                ValueRange{clampIndex(
                    b, loc, r,
                    tensor::DimOp::create(b, loc, batchIndices, 0))})),
        batches);
    // rois holds (x1, y1, x2, y2); its dims may be smaller than Y's and
    // its names say when dynamic, so reads clamp.
    Value roi = clampIndex(b, loc, r, tensor::DimOp::create(b, loc, rois, 0));
    Value columns = tensor::DimOp::create(b, loc, rois, 1);
    bool halfPixel = op.getCoordinateTransformationMode() == "half_pixel";
    auto corner = [&](int64_t k) {
      Value value = toF64(tensor::ExtractOp::create(
          b, loc, rois,
          ValueRange{roi, clampIndex(b, loc, index(k), columns)}));
      value = mul(value, constant(op.getSpatialScale().convertToDouble()));
      return halfPixel ? sub(value, constant(0.5)) : value;
    };
    Value startW = corner(0), startH = corner(1);
    Value roiW = sub(corner(2), startW), roiH = sub(corner(3), startH);
    if (!halfPixel) {
      // ONNX RoiAlign: without half_pixel, regions are at least 1 x 1.
      roiW = arith::MaximumFOp::create(b, loc, roiW, constant(1.0));
      roiH = arith::MaximumFOp::create(b, loc, roiH, constant(1.0));
    }
    int64_t outH = op.getOutputHeight(), outW = op.getOutputWidth();
    Value binH = div(roiH, constant(outH)), binW = div(roiW, constant(outW));
    Value gridH = samplesPerBin(roiH, outH), gridW = samplesPerBin(roiW, outW);
    bool avg = op.getMode() == "avg";
    Value init = avg ? constant(0.0)
                     : constant(-std::numeric_limits<double>::infinity());
    Value binStartH = add(startH, mul(toF64(ph), binH));
    Value binStartW = add(startW, mul(toF64(pw), binW));
    Value stepH = div(binH, toF64(gridH)), stepW = div(binW, toF64(gridW));
    // Sample (iy, ix) of the bin lies at its start + (i + 0.5) * step.
    auto position = [&](Value start, Value step, Value i) {
      return add(start, mul(add(toF64(i), constant(0.5)), step));
    };
    auto rows = scf::ForOp::create(
        b, loc, index(0), gridH, index(1), ValueRange{init},
        [&](OpBuilder &, Location, Value iy, ValueRange rowArgs) {
          Value y = position(binStartH, stepH, iy);
          auto columnsLoop = scf::ForOp::create(
              b, loc, index(0), gridW, index(1), ValueRange{rowArgs[0]},
              [&](OpBuilder &, Location, Value ix, ValueRange args) {
                Value value =
                    sample(batch, c, y, position(binStartW, stepW, ix));
                Value next =
                    avg ? add(args[0], value)
                        : arith::MaximumFOp::create(b, loc, args[0], value)
                              .getResult();
                scf::YieldOp::create(b, loc, next);
              });
          scf::YieldOp::create(b, loc, columnsLoop.getResult(0));
        });
    Value count = arith::MulIOp::create(b, loc, gridH, gridW);
    Value result = rows.getResult(0);
    if (avg) {
      Value divisor = toF64(arith::MaxSIOp::create(b, loc, count, index(1)));
      result = div(result, divisor);
    } else {
      // A bin without samples is 0, as the reference leaves it.
      Value none = arith::CmpIOp::create(b, loc, arith::CmpIPredicate::eq,
                                         count, index(0));
      result = arith::SelectOp::create(b, loc, none, constant(0.0), result);
    }
    if (elementType != f64)
      result = arith::TruncFOp::create(b, loc, elementType, result);
    return result;
  }

private:
  OpBuilder &b;
  Location loc;
  onnx::RoiAlignOp op;
  Value x, height, width;
  Type f64;
};

struct LowerRoiAlign : OpConversionPattern<onnx::RoiAlignOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::RoiAlignOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value x = adaptor.getX(), rois = adaptor.getRois(),
          batchIndices = adaptor.getBatchIndices();
    auto xType = dyn_cast<RankedTensorType>(x.getType());
    if (!xType || !isa<RankedTensorType>(rois.getType()) ||
        !isa<RankedTensorType>(batchIndices.getType()))
      return emitUnsupported(op, "its operands must be ranked tensors");
    Type elementType = resultType->getElementType();

    SmallVector<OpFoldResult> sizes{
        tensor::getMixedSize(rewriter, loc, rois, 0),
        tensor::getMixedSize(rewriter, loc, x, 1),
        rewriter.getIndexAttr(op.getOutputHeight()),
        rewriter.getIndexAttr(op.getOutputWidth())};
    Value batches = tensor::DimOp::create(rewriter, loc, x, 0);
    Value height = tensor::DimOp::create(rewriter, loc, x, 2);
    Value width = tensor::DimOp::create(rewriter, loc, x, 3);
    auto buildPooling = [&](OpBuilder &b, Location l) -> Value {
      Value init = createEmptyTensor(b, l, *resultType, sizes);
      AffineMap identity = b.getMultiDimIdentityMap(4);
      return linalg::GenericOp::create(
                 b, l, TypeRange{init.getType()}, ValueRange{},
                 ValueRange{init}, ArrayRef<AffineMap>{identity},
                 SmallVector<utils::IteratorType>(
                     4, utils::IteratorType::parallel),
                 [&](OpBuilder &bb, Location bl, ValueRange) {
                   RoiAlignBody body(bb, bl, op, x, height, width);
                   linalg::YieldOp::create(
                       bb, bl,
                       body.build(rois, batchIndices, batches, elementType));
                 })
          .getResult(0);
    };
    // Every element reads X, batch_indices and rois, so where one is empty
    // Y is zeros.
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, x);
    inputSizes.push_back(tensor::getMixedSize(rewriter, loc, batchIndices, 0));
    inputSizes.push_back(tensor::getMixedSize(rewriter, loc, rois, 0));
    inputSizes.push_back(tensor::getMixedSize(rewriter, loc, rois, 1));
    rewriter.replaceOp(
        op,
        createIfNonEmpty(rewriter, loc, inputSizes, *resultType, sizes,
                         createZero(rewriter, loc, elementType), buildPooling));
    return success();
  }
};

} // namespace

void populateRoiAlignPatterns(const TypeConverter &typeConverter,
                              RewritePatternSet &patterns) {
  patterns.add<LowerRoiAlign>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
