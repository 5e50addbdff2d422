//===- MaxUnpool.cpp - MaxUnpool to a scatter loop ------------------------===//
//
// Y starts as zeros; an scf.for over the flattened X and I inserts each
// X element at its index into the flattened Y. Indices outside Y are
// skipped, so a bad index drops a value but never writes out of bounds; a
// repeated index keeps the last value written, as ONNX's reference does.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/NN.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "llvm/ADT/Sequence.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The one group of every dim of a tensor of rank `rank`.
ReassociationIndices allDims(int64_t rank) {
  return llvm::to_vector<2>(llvm::seq<int64_t>(0, rank));
}

/// `value` (a ranked tensor) as a vector of all its elements.
Value flatten(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  return tensor::CollapseShapeOp::create(
      b, loc, value, ArrayRef<ReassociationIndices>{allDims(type.getRank())});
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
    if (!xType)
      return emitUnsupported(op, "X must be a ranked tensor");
    std::string error;
    FailureOr<onnx::MaxUnpoolGeometry> geometry =
        onnx::computeMaxUnpoolGeometry(op, error);
    if (failed(geometry))
      return emitUnsupported(op, error);
    int64_t rank = xType.getRank();

    SmallVector<OpFoldResult> sizes;
    if (Value outputShape = adaptor.getOutputShape()) {
      // A negative size read at run time becomes 0 rather than an invalid
      // allocation.
      Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
      for (OpFoldResult size : getIndexElements(
               rewriter, loc, op.getOutputShape(), outputShape, rank))
        sizes.push_back(isa<Value>(size) ? OpFoldResult(arith::MaxSIOp::create(
                                               rewriter, loc, cast<Value>(size),
                                               zero))
                                         : size);
    } else {
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (!resultType->isDynamicDim(dim)) {
          sizes.push_back(rewriter.getIndexAttr(resultType->getDimSize(dim)));
          continue;
        }
        Value input = tensor::DimOp::create(rewriter, loc, x, dim);
        if (dim < 2) {
          sizes.push_back(input);
          continue;
        }
        // (input - 1) * stride + kernel - pads, as computeMaxUnpoolGeometry
        // states it, with the constant terms folded.
        size_t spatial = dim - 2;
        int64_t stride = geometry->strides[spatial];
        int64_t offset = geometry->kernel[spatial] - stride -
                         geometry->pads[spatial] -
                         geometry->pads[spatial + rank - 2];
        Value scaled = arith::MulIOp::create(
            rewriter, loc, input,
            arith::ConstantIndexOp::create(rewriter, loc, stride));
        sizes.push_back(
            arith::AddIOp::create(
                rewriter, loc, scaled,
                arith::ConstantIndexOp::create(rewriter, loc, offset))
                .getResult());
      }
    }

    // Y is built flat and expanded at the end: collapsing a tensor of
    // several dynamic dims trips upstream's strided-metadata expansion.
    Value total = arith::createProduct(
        rewriter, loc, getValueOrCreateConstantIndexOp(rewriter, loc, sizes));
    Value zero = createZero(rewriter, loc, resultType->getElementType());
    Value flatInit = createFilledTensor(
        rewriter, loc,
        RankedTensorType::get({onnx::productOfDims(resultType->getShape())},
                              resultType->getElementType()),
        {OpFoldResult(total)}, zero);
    Value flatX = flatten(rewriter, loc, x);
    Value flatIndices = flatten(rewriter, loc, adaptor.getI());
    Value c0 = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value c1 = arith::ConstantIndexOp::create(rewriter, loc, 1);
    Value count = tensor::DimOp::create(rewriter, loc, flatX, 0);
    Value outCount = tensor::DimOp::create(rewriter, loc, flatInit, 0);
    auto loop = scf::ForOp::create(
        rewriter, loc, c0, count, c1, ValueRange{flatInit},
        [&](OpBuilder &b, Location l, Value i, ValueRange args) {
          Value acc = args[0];
          Value index = arith::IndexCastOp::create(
              b, l, b.getIndexType(),
              tensor::ExtractOp::create(b, l, flatIndices, ValueRange{i}));
          Value inside = arith::AndIOp::create(
              b, l,
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::sge, index,
                                    c0),
              arith::CmpIOp::create(b, l, arith::CmpIPredicate::slt, index,
                                    outCount));
          auto ifOp = scf::IfOp::create(
              b, l, inside,
              [&](OpBuilder &tb, Location tl) {
                Value element =
                    tensor::ExtractOp::create(tb, tl, flatX, ValueRange{i});
                Value updated = tensor::InsertOp::create(tb, tl, element, acc,
                                                         ValueRange{index});
                scf::YieldOp::create(tb, tl, updated);
              },
              [&](OpBuilder &eb, Location el) {
                scf::YieldOp::create(eb, el, acc);
              });
          scf::YieldOp::create(b, l, ifOp.getResult(0));
        });
    rewriter.replaceOp(op, createExpandShape(rewriter, loc, *resultType,
                                             loop.getResult(0),
                                             {allDims(rank)}, sizes));
    return success();
  }
};

} // namespace

void populateMaxUnpoolPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns) {
  patterns.add<LowerMaxUnpool>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
