//===- Tensor.cpp - Constants and shape manipulation to tensor/linalg -----===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// All dims of `value` folded into one, or `value` itself when of rank 0.
Value collapseAll(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  if (type.getRank() <= 1)
    return value;
  SmallVector<ReassociationIndices> all(1);
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    all[0].push_back(dim);
  return tensor::CollapseShapeOp::create(b, loc, value, all);
}

/// The product of the static sizes of `type`.
int64_t productOfDimsOrOne(RankedTensorType type) {
  int64_t product = 1;
  for (int64_t size : type.getShape())
    if (!ShapedType::isDynamic(size))
      product *= size;
  return product;
}

/// ONNX Constant becomes arith.constant of the same data. Unsigned element
/// types become signless by reinterpreting the same bits; a resource-backed
/// value keeps its blob handle, so weights are never copied.
struct LowerConstant : OpConversionPattern<onnx::ConstantOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConstantOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    FailureOr<RankedTensorType> type =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(type))
      return failure();
    Attribute value = op.getValue();
    TypedAttr converted;
    if (cast<TypedAttr>(value).getType() == *type)
      converted = cast<TypedAttr>(value);
    else if (auto dense = dyn_cast<DenseElementsAttr>(value))
      converted = dense.bitcast(type->getElementType());
    else if (auto resource = dyn_cast<DenseResourceElementsAttr>(value))
      converted =
          DenseResourceElementsAttr::get(*type, resource.getRawHandle());
    else
      return emitUnsupported(op, "unsupported constant attribute kind");
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(op, *type, converted);
    return success();
  }
};

struct LowerIdentity : OpConversionPattern<onnx::IdentityOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::IdentityOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    rewriter.replaceOp(op, adaptor.getInput());
    return success();
  }
};

/// ONNX Shape: the sizes of dims [start, end) of `data` as i64, start and end
/// clamped into [0, rank] after adding rank to negative values. Static sizes
/// become constants, dynamic ones tensor.dim.
struct LowerShape : OpConversionPattern<onnx::ShapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    if (!dataType)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = dataType.getRank();
    auto clampAxis = [rank](int64_t axis) {
      return std::clamp<int64_t>(axis < 0 ? axis + rank : axis, 0, rank);
    };
    int64_t start = clampAxis(op.getStart());
    int64_t end = std::max(start, clampAxis(op.getEnd().value_or(rank)));
    auto resultType =
        RankedTensorType::get({end - start}, rewriter.getIntegerType(64));

    ArrayRef<int64_t> dims = dataType.getShape().slice(start, end - start);
    if (llvm::none_of(dims, ShapedType::isDynamic)) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, resultType, DenseIntElementsAttr::get(resultType, dims));
      return success();
    }
    SmallVector<Value> sizes;
    for (int64_t dim = start; dim < end; ++dim) {
      if (!dataType.isDynamicDim(dim)) {
        sizes.push_back(arith::ConstantOp::create(
            rewriter, loc,
            rewriter.getI64IntegerAttr(dataType.getDimSize(dim))));
        continue;
      }
      Value size = tensor::DimOp::create(rewriter, loc, data, dim);
      sizes.push_back(arith::IndexCastOp::create(rewriter, loc,
                                                 rewriter.getI64Type(), size));
    }
    Value shape =
        tensor::FromElementsOp::create(rewriter, loc, resultType, sizes);
    rewriter.replaceOp(op,
                       castTo(rewriter, loc, shape,
                              getTypeConverter()->convertType(op.getType())));
    return success();
  }
};

/// ONNX Reshape. When the dims regroup (each result dim a product of
/// consecutive input dims, or the reverse) it is a tensor.collapse_shape or
/// tensor.expand_shape; other static reshapes go through 1-D. Otherwise the
/// sizes are computed at run time from `shape`, applying ONNX's rules (0
/// copies the input's size unless allowzero is set, -1 takes what is left of
/// the element count), and fed to tensor.reshape.
struct LowerReshape : OpConversionPattern<onnx::ReshapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ReshapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    auto dataType = dyn_cast<RankedTensorType>(data.getType());
    auto shapeType = dyn_cast<RankedTensorType>(adaptor.getShape().getType());
    if (!dataType || !shapeType || !shapeType.hasStaticShape())
      return emitUnsupported(op, "its input and a 1-D shape of static length "
                                 "must be ranked tensors");

    auto numDynamic = [](RankedTensorType type) {
      return llvm::count_if(type.getShape(), ShapedType::isDynamic);
    };
    if (dataType.getRank() != resultType->getRank() &&
        numDynamic(dataType) <= 1 && numDynamic(*resultType) <= 1) {
      // With at most one unknown size on either side, the static sizes fix
      // the grouping and the element count fixes the unknown size.
      if (dataType.getRank() > resultType->getRank()) {
        if (auto groups =
                getReassociationIndicesForReshape(dataType, *resultType)) {
          rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, *resultType,
                                                               data, *groups);
          return success();
        }
      } else if (auto groups =
                     getReassociationIndicesForReshape(dataType, *resultType)) {
        rewriter.replaceOp(op,
                           expand(rewriter, loc, data, *resultType, *groups));
        return success();
      }
    }
    if (dataType.hasStaticShape() && resultType->hasStaticShape()) {
      // Through the flat (or, for one element, scalar) form.
      Value flat = collapseAll(rewriter, loc, data);
      int64_t flatRank = cast<RankedTensorType>(flat.getType()).getRank();
      int64_t rank = resultType->getRank();
      SmallVector<ReassociationIndices> groups;
      if (flatRank == 1 && rank > 0)
        groups.push_back(llvm::to_vector(llvm::seq<int64_t>(0, rank)));
      if (rank == flatRank)
        rewriter.replaceOp(op, castTo(rewriter, loc, flat, *resultType));
      else if (rank > flatRank)
        rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(op, *resultType,
                                                           flat, groups);
      else
        rewriter.replaceOpWithNewOp<tensor::CollapseShapeOp>(op, *resultType,
                                                             flat, groups);
      return success();
    }

    Value shape = computeShape(rewriter, loc, op, data, adaptor.getShape(),
                               resultType->getRank());
    rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, *resultType, data,
                                                   shape);
    return success();
  }

private:
  /// tensor.expand_shape of `data` to `type`; a group's one dynamic size is
  /// the group's input size divided by its static sizes.
  static Value expand(OpBuilder &b, Location loc, Value data,
                      RankedTensorType type,
                      ArrayRef<ReassociationIndices> groups) {
    SmallVector<OpFoldResult> sizes(type.getRank());
    for (auto [source, group] : llvm::enumerate(groups)) {
      int64_t staticProduct = 1;
      for (int64_t dim : group)
        if (!type.isDynamicDim(dim))
          staticProduct *= type.getDimSize(dim);
      for (int64_t dim : group) {
        if (!type.isDynamicDim(dim)) {
          sizes[dim] = b.getIndexAttr(type.getDimSize(dim));
          continue;
        }
        Value size = tensor::DimOp::create(b, loc, data, source);
        sizes[dim] = b.createOrFold<arith::DivSIOp>(
            loc, size, arith::ConstantIndexOp::create(b, loc, staticProduct));
      }
    }
    return createExpandShape(b, loc, type, data, groups, sizes);
  }

  /// The result sizes as a tensor of i64, following ONNX Reshape's rules at
  /// run time.
  static Value computeShape(OpBuilder &b, Location loc, onnx::ReshapeOp op,
                            Value data, Value shape, int64_t rank) {
    auto dataType = cast<RankedTensorType>(data.getType());
    Type i64 = b.getI64Type();
    auto constant = [&](int64_t value) -> Value {
      return arith::ConstantOp::create(b, loc, b.getI64IntegerAttr(value));
    };
    FailureOr<SmallVector<int64_t>> known =
        onnx::getConstantIntValues(op.getShape());
    Value minusOne = constant(-1);

    auto inputSize = [&](int64_t dim) -> Value {
      if (!dataType.isDynamicDim(dim))
        return constant(dataType.getDimSize(dim));
      return arith::IndexCastOp::create(
          b, loc, i64, tensor::DimOp::create(b, loc, data, dim));
    };
    Value total = constant(productOfDimsOrOne(dataType));
    for (int64_t dim = 0; dim < dataType.getRank(); ++dim)
      if (dataType.isDynamicDim(dim))
        total = b.createOrFold<arith::MulIOp>(loc, total, inputSize(dim));

    SmallVector<Value> requested;
    Value product = constant(1);
    for (int64_t index = 0; index < rank; ++index) {
      Value size;
      if (succeeded(known)) {
        size = constant((*known)[index]);
      } else {
        Value position = arith::ConstantIndexOp::create(b, loc, index);
        size = tensor::ExtractOp::create(b, loc, shape, position);
      }
      if (!op.getAllowzero() && index < dataType.getRank()) {
        Value isZero = b.createOrFold<arith::CmpIOp>(
            loc, arith::CmpIPredicate::eq, size, constant(0));
        size = b.createOrFold<arith::SelectOp>(loc, isZero, inputSize(index),
                                               size);
      }
      requested.push_back(size);
      Value isInferred = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, size, minusOne);
      product = b.createOrFold<arith::MulIOp>(
          loc, product,
          b.createOrFold<arith::SelectOp>(loc, isInferred, constant(1), size));
    }
    Value inferred = b.createOrFold<arith::DivSIOp>(loc, total, product);
    for (Value &size : requested) {
      Value isInferred = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, size, minusOne);
      size = b.createOrFold<arith::SelectOp>(loc, isInferred, inferred, size);
    }
    return tensor::FromElementsOp::create(
        b, loc, RankedTensorType::get({rank}, i64), requested);
  }
};

/// ONNX Transpose: output dim i is input dim perm[i].
struct LowerTranspose : OpConversionPattern<onnx::TransposeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TransposeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    if (!isa<RankedTensorType>(data.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    SmallVector<int64_t> perm = op.getPermutation();
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<OpFoldResult> sizes;
    for (int64_t axis : perm)
      sizes.push_back(inputSizes[axis]);
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);
    rewriter.replaceOp(
        op, linalg::TransposeOp::create(rewriter, loc, data, init, perm)
                .getResult()[0]);
    return success();
  }
};

/// ONNX Flatten: dims [0, axis) fold into the first result dim and
/// [axis, rank) into the second; an empty side is a dim of size 1.
struct LowerFlatten : OpConversionPattern<onnx::FlattenOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::FlattenOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    int64_t axis = op.getAxis();
    if (axis < 0)
      axis += rank;
    Value result;
    if (axis == 0 || axis == rank) {
      result = insertUnitDim(rewriter, loc, collapseAll(rewriter, loc, input),
                             axis == 0 ? 0 : 1);
      if (rank == 0)
        result = insertUnitDim(rewriter, loc, result, 0);
    } else {
      SmallVector<ReassociationIndices> groups(2);
      for (int64_t dim = 0; dim < rank; ++dim)
        groups[dim < axis ? 0 : 1].push_back(dim);
      result = tensor::CollapseShapeOp::create(rewriter, loc, input, groups);
    }
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

} // namespace

void populateTensorPatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns.add<LowerConstant, LowerFlatten, LowerIdentity, LowerReshape,
               LowerShape, LowerTranspose>(typeConverter,
                                           patterns.getContext());
}

} // namespace onnxc::detail
