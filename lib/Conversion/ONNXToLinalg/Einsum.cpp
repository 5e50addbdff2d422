//===- Einsum.cpp - Einsum to linalg --------------------------------------===//
//
// Any Einsum is one linalg.generic with a loop per label of the equation:
// the result's labels are parallel loops, the others reduction loops. An
// operand reads each dim at its label's loop, so a label repeated within an
// operand reads a diagonal; a `...` dim of size 1 that stretches reads 0.
// The body multiplies the operands' elements and adds the product to the
// result, which starts at zero.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/Einsum.h"
#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

struct LowerEinsum : OpConversionPattern<onnx::EinsumOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::EinsumOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    MLIRContext *context = rewriter.getContext();
    SmallVector<Value> operands(adaptor.getInputs());
    SmallVector<int64_t> ranks;
    SmallVector<ArrayRef<int64_t>> shapes;
    for (Value operand : operands) {
      auto type = dyn_cast<RankedTensorType>(operand.getType());
      if (!type)
        return emitUnsupported(op, "its inputs must be ranked tensors");
      ranks.push_back(type.getRank());
      shapes.push_back(type.getShape());
    }
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    std::string error;
    FailureOr<onnx::EinsumEquation> equation =
        onnx::parseEinsumEquation(op.getEquation(), ranks, error);
    if (failed(equation))
      return emitUnsupported(op, error);
    FailureOr<SmallVector<int64_t>> staticSizes =
        onnx::computeEinsumLabelSizes(*equation, shapes, error);
    if (failed(staticSizes))
      return emitUnsupported(op, error);

    // The size of each label: a letter's from any dim it names, a `...`
    // dim's by ONNX broadcasting of the dims it names (out = a == 1 ? b : a).
    Value oneIndex = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<OpFoldResult> sizes(equation->numLabels);
    SmallVector<SmallVector<std::pair<size_t, int64_t>>> dimsOf(
        equation->numLabels);
    for (auto [index, labels] : llvm::enumerate(equation->operandLabels))
      for (auto [dim, label] : llvm::enumerate(labels))
        dimsOf[label].push_back({index, dim});
    for (int64_t label = 0; label < equation->numLabels; ++label) {
      if (!ShapedType::isDynamic((*staticSizes)[label])) {
        sizes[label] = rewriter.getIndexAttr((*staticSizes)[label]);
        continue;
      }
      if (!equation->isEllipsisLabel(label)) {
        auto [index, dim] = dimsOf[label].front();
        sizes[label] =
            tensor::DimOp::create(rewriter, loc, operands[index], dim)
                .getResult();
        continue;
      }
      Value size = oneIndex;
      for (auto [index, dim] : dimsOf[label]) {
        if (shapes[index][dim] == 1)
          continue;
        Value other =
            tensor::DimOp::create(rewriter, loc, operands[index], dim);
        Value isOne = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, other, oneIndex);
        size = arith::SelectOp::create(rewriter, loc, isOne, size, other);
      }
      sizes[label] = size;
    }

    // A dynamic `...` dim that shares its label with other dims may be a 1
    // that stretches at run time: such operands are broadcast first.
    for (auto [index, labels] : llvm::enumerate(equation->operandLabels)) {
      bool mayStretch = false;
      for (auto [dim, label] : llvm::enumerate(labels))
        mayStretch |= equation->isEllipsisLabel(label) &&
                      ShapedType::isDynamic(shapes[index][dim]) &&
                      dimsOf[label].size() > 1;
      if (!mayStretch)
        continue;
      auto type = cast<RankedTensorType>(operands[index].getType());
      SmallVector<int64_t> shape(type.getShape());
      SmallVector<OpFoldResult> targetSizes =
          tensor::getMixedSizes(rewriter, loc, operands[index]);
      for (auto [dim, label] : llvm::enumerate(labels)) {
        if (!equation->isEllipsisLabel(label))
          continue;
        shape[dim] = (*staticSizes)[label];
        targetSizes[dim] = sizes[label];
      }
      operands[index] = materializeBroadcast(
          rewriter, loc, operands[index],
          RankedTensorType::get(shape, type.getElementType()), targetSizes);
      shapes[index] =
          cast<RankedTensorType>(operands[index].getType()).getShape();
    }

    // Loops: the result's labels, then those summed over.
    SmallVector<int64_t> loopOf(equation->numLabels, -1);
    SmallVector<int64_t> loopLabels(equation->resultLabels);
    for (int64_t label = 0; label < equation->numLabels; ++label)
      if (!llvm::is_contained(equation->resultLabels, label) &&
          !dimsOf[label].empty())
        loopLabels.push_back(label);
    for (auto [loop, label] : llvm::enumerate(loopLabels))
      loopOf[label] = loop;
    unsigned numLoops = loopLabels.size();

    SmallVector<AffineMap> maps;
    for (auto [index, labels] : llvm::enumerate(equation->operandLabels)) {
      SmallVector<AffineExpr> exprs;
      for (auto [dim, label] : llvm::enumerate(labels)) {
        bool stretches = shapes[index][dim] == 1 &&
                         (*staticSizes)[label] != 1;
        exprs.push_back(stretches ? getAffineConstantExpr(0, context)
                                  : getAffineDimExpr(loopOf[label], context));
      }
      maps.push_back(AffineMap::get(numLoops, 0, exprs, context));
    }
    // The result's dims are the leading loops.
    SmallVector<AffineExpr> resultExprs;
    for (unsigned loop = 0; loop < equation->resultLabels.size(); ++loop)
      resultExprs.push_back(getAffineDimExpr(loop, context));
    maps.push_back(AffineMap::get(numLoops, 0, resultExprs, context));
    SmallVector<utils::IteratorType> iterators(
        equation->resultLabels.size(), utils::IteratorType::parallel);
    iterators.resize(numLoops, utils::IteratorType::reduction);

    SmallVector<OpFoldResult> resultSizes;
    for (int64_t label : equation->resultLabels)
      resultSizes.push_back(sizes[label]);
    Type elementType = resultType->getElementType();
    Value init = createFilledTensor(rewriter, loc, *resultType, resultSizes,
                                    createZero(rewriter, loc, elementType));
    bool isFloat = isa<FloatType>(elementType);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{*resultType}, operands, ValueRange{init},
        maps, iterators, [&](OpBuilder &b, Location l, ValueRange args) {
          Value product = args[0];
          for (Value factor : args.drop_front().drop_back())
            product = isFloat
                          ? arith::MulFOp::create(b, l, product, factor)
                                .getResult()
                          : arith::MulIOp::create(b, l, product, factor)
                                .getResult();
          Value sum =
              isFloat ? arith::AddFOp::create(b, l, args.back(), product)
                            .getResult()
                      : arith::AddIOp::create(b, l, args.back(), product)
                            .getResult();
          linalg::YieldOp::create(b, l, sum);
        });
    rewriter.replaceOp(op, generic.getResult(0));
    return success();
  }
};

} // namespace

void populateEinsumPatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerEinsum>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
