//===- Det.cpp - Det to scf loops -----------------------------------------===//
//
// Each matrix is brought to upper triangular form by Gaussian elimination
// with partial pivoting (LU decomposition); the determinant is the product of
// the pivots, negated once per row swap. The elimination works in place on a
// copy of the input that the loops carry.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The determinant of the matrix at batch position `batch` of `matrices`
/// (..., M, M), of size `m`, and `matrices` after elimination of that matrix.
std::pair<Value, Value> createLUDeterminant(OpBuilder &b, Location loc,
                                            Value matrices, ValueRange batch,
                                            Value m) {
  Type elementType =
      cast<RankedTensorType>(matrices.getType()).getElementType();
  auto at = [&](Value row, Value column) {
    SmallVector<Value> indices = llvm::to_vector(batch);
    indices.append({row, column});
    return indices;
  };
  auto read = [&](OpBuilder &b, Location l, Value a, Value row, Value column) {
    return tensor::ExtractOp::create(b, l, a, at(row, column)).getResult();
  };
  auto write = [&](OpBuilder &b, Location l, Value a, Value value, Value row,
                   Value column) {
    return tensor::InsertOp::create(b, l, value, a, at(row, column))
        .getResult();
  };
  Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0);
  Value one = arith::ConstantIndexOp::create(b, loc, 1);
  Value zero = createZero(b, loc, elementType);
  Value unit =
      arith::ConstantOp::create(b, loc, b.getFloatAttr(elementType, 1.0));

  auto columns = scf::ForOp::create(
      b, loc, zeroIndex, m, one, ValueRange{matrices, unit},
      [&](OpBuilder &b, Location l, Value k, ValueRange carried) {
        Value a = carried[0], det = carried[1];
        Value next = arith::AddIOp::create(b, l, k, one);
        // The row at or below k with the largest |a[i, k]|.
        auto search = scf::ForOp::create(
            b, l, next, m, one,
            ValueRange{k, math::AbsFOp::create(b, l, read(b, l, a, k, k))},
            [&](OpBuilder &b, Location l, Value i, ValueRange best) {
              Value size = math::AbsFOp::create(b, l, read(b, l, a, i, k));
              Value better = arith::CmpFOp::create(
                  b, l, arith::CmpFPredicate::OGT, size, best[1]);
              scf::YieldOp::create(
                  b, l,
                  ValueRange{arith::SelectOp::create(b, l, better, i, best[0]),
                             arith::SelectOp::create(b, l, better, size,
                                                     best[1])});
            });
        Value pivotRow = search.getResult(0);
        // Columns before k are no longer read: swap from k on.
        auto swap = scf::ForOp::create(
            b, l, k, m, one, ValueRange{a},
            [&](OpBuilder &b, Location l, Value j, ValueRange carried) {
              Value upper = read(b, l, carried[0], k, j);
              Value lower = read(b, l, carried[0], pivotRow, j);
              Value swapped = write(b, l, carried[0], lower, k, j);
              swapped = write(b, l, swapped, upper, pivotRow, j);
              scf::YieldOp::create(b, l, ValueRange{swapped});
            });
        a = swap.getResult(0);
        Value swappedRows = arith::CmpIOp::create(
            b, l, arith::CmpIPredicate::ne, pivotRow, k);
        det = arith::SelectOp::create(b, l, swappedRows,
                                      arith::NegFOp::create(b, l, det), det);
        Value pivot = read(b, l, a, k, k);
        det = arith::MulFOp::create(b, l, det, pivot);
        // A zero pivot makes the determinant 0; the column below it is zero
        // too, so elimination has nothing to do (and must not divide by 0).
        Value singular = arith::CmpFOp::create(
            b, l, arith::CmpFPredicate::OEQ, pivot, zero);
        auto rows = scf::ForOp::create(
            b, l, next, m, one, ValueRange{a},
            [&](OpBuilder &b, Location l, Value i, ValueRange carried) {
              Value factor = arith::SelectOp::create(
                  b, l, singular, zero,
                  arith::DivFOp::create(b, l, read(b, l, carried[0], i, k),
                                        pivot));
              auto update = scf::ForOp::create(
                  b, l, next, m, one, ValueRange{carried[0]},
                  [&](OpBuilder &b, Location l, Value j, ValueRange row) {
                    Value product = arith::MulFOp::create(
                        b, l, factor, read(b, l, row[0], k, j));
                    Value value = arith::SubFOp::create(
                        b, l, read(b, l, row[0], i, j), product);
                    scf::YieldOp::create(
                        b, l, ValueRange{write(b, l, row[0], value, i, j)});
                  });
              scf::YieldOp::create(b, l, update.getResults());
            });
        scf::YieldOp::create(b, l, ValueRange{rows.getResult(0), det});
      });
  return {columns.getResult(1), columns.getResult(0)};
}

struct LowerDet : OpConversionPattern<onnx::DetOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DetOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    int64_t batchRank = type.getRank() - 2;
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, input);
    Value init = createEmptyTensor(rewriter, loc, *resultType,
                                   ArrayRef(sizes).take_front(batchRank));
    Value m = tensor::DimOp::create(rewriter, loc, input, batchRank + 1);
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<Value> lbs(batchRank, zero), steps(batchRank, one), ubs;
    for (int64_t dim = 0; dim < batchRank; ++dim)
      ubs.push_back(tensor::DimOp::create(rewriter, loc, input, dim));
    scf::LoopNest nest = scf::buildLoopNest(
        rewriter, loc, lbs, ubs, steps, ValueRange{input, init},
        [&](OpBuilder &b, Location l, ValueRange ivs,
            ValueRange carried) -> scf::ValueVector {
          auto [det, matrices] =
              createLUDeterminant(b, l, carried[0], ivs, m);
          Value result = tensor::InsertOp::create(b, l, det, carried[1], ivs);
          return {matrices, result};
        });
    rewriter.replaceOp(op, nest.results[1]);
    return success();
  }
};

} // namespace

void populateDetPatterns(const TypeConverter &typeConverter,
                         RewritePatternSet &patterns) {
  patterns.add<LowerDet>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
