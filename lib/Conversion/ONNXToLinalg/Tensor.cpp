//===- Tensor.cpp - Constants and shape manipulation to tensor/linalg -----===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/Matchers.h"

#include <limits>

using namespace mlir;

namespace onnxc::detail {

//===----------------------------------------------------------------------===//
// Index arithmetic shared by the tensor family
//===----------------------------------------------------------------------===//

SmallVector<OpFoldResult> getIndexElements(OpBuilder &b, Location loc,
                                           Value original, Value converted,
                                           std::optional<int64_t> count) {
  SmallVector<OpFoldResult> elements;
  if (FailureOr<SmallVector<int64_t>> constants =
          onnx::getConstantIntValues(original);
      succeeded(constants)) {
    for (int64_t value : *constants)
      elements.push_back(b.getIndexAttr(value));
    return elements;
  }
  auto type = cast<RankedTensorType>(converted.getType());
  int64_t length = type.isDynamicDim(0) ? *count : type.getDimSize(0);
  for (int64_t index = 0; index < length; ++index) {
    Value position = arith::ConstantIndexOp::create(b, loc, index);
    Value element = tensor::ExtractOp::create(b, loc, converted, position);
    elements.push_back(
        arith::IndexCastOp::create(b, loc, b.getIndexType(), element)
            .getResult());
  }
  return elements;
}

Value wrapIndex(OpBuilder &b, Location loc, Value index, Value size) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value negative = b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::slt,
                                                 index, zero);
  return b.createOrFold<arith::SelectOp>(
      loc, negative, b.createOrFold<arith::AddIOp>(loc, index, size), index);
}

Value clampIndex(OpBuilder &b, Location loc, Value index, Value size) {
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value last = b.createOrFold<arith::SubIOp>(
      loc, size, arith::ConstantIndexOp::create(b, loc, 1));
  return b.createOrFold<arith::MaxSIOp>(
      loc, zero, b.createOrFold<arith::MinSIOp>(loc, index, last));
}

Value wrapAndClampIndex(OpBuilder &b, Location loc, Value index, Value size) {
  return clampIndex(b, loc, wrapIndex(b, loc, index, size), size);
}

Value createExtractSlice(OpBuilder &b, Location loc, Value source,
                         ArrayRef<OpFoldResult> offsets,
                         ArrayRef<OpFoldResult> sizes,
                         ArrayRef<OpFoldResult> strides) {
  auto type = cast<RankedTensorType>(source.getType());
  // A slice starting at or past the end of a static dim is empty.
  bool empty = false;
  for (auto [dim, offset, size] : llvm::enumerate(offsets, sizes)) {
    std::optional<int64_t> start = getConstantIntValue(offset);
    empty |= isConstantIntValue(size, 0) || (start && !type.isDynamicDim(dim) &&
                                             *start >= type.getDimSize(dim));
  }
  if (empty) {
    SmallVector<int64_t> shape;
    SmallVector<Value> dynamicSizes;
    for (auto [dim, offset, size] : llvm::enumerate(offsets, sizes)) {
      std::optional<int64_t> start = getConstantIntValue(offset);
      bool pastEnd =
          start && !type.isDynamicDim(dim) && *start >= type.getDimSize(dim);
      std::optional<int64_t> constant =
          pastEnd ? std::optional<int64_t>(0) : getConstantIntValue(size);
      shape.push_back(constant ? *constant : ShapedType::kDynamic);
      if (!constant)
        dynamicSizes.push_back(cast<Value>(size));
    }
    return tensor::EmptyOp::create(b, loc, shape, type.getElementType(),
                                   dynamicSizes);
  }
  return tensor::ExtractSliceOp::create(b, loc, source, offsets, sizes,
                                        strides);
}

Value extractScalar(OpBuilder &b, Location loc, Value tensor) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> indices(type.getRank(),
                             arith::ConstantIndexOp::create(b, loc, 0));
  return tensor::ExtractOp::create(b, loc, tensor, indices);
}

Value reshapeToSizes(OpBuilder &b, Location loc, Value value,
                     RankedTensorType type, ArrayRef<OpFoldResult> sizes) {
  SmallVector<Value> values;
  for (OpFoldResult size : sizes)
    values.push_back(getValueOrCreateConstantIndexOp(b, loc, size));
  Value shape = tensor::FromElementsOp::create(
      b, loc, RankedTensorType::get({type.getRank()}, b.getIndexType()),
      values);
  return tensor::ReshapeOp::create(b, loc, type, value, shape);
}

OpFoldResult addIndices(OpBuilder &b, Location loc, OpFoldResult lhs,
                        OpFoldResult rhs) {
  std::optional<int64_t> a = getConstantIntValue(lhs);
  std::optional<int64_t> c = getConstantIntValue(rhs);
  if (a && c)
    return b.getIndexAttr(*a + *c);
  return arith::AddIOp::create(b, loc,
                               getValueOrCreateConstantIndexOp(b, loc, lhs),
                               getValueOrCreateConstantIndexOp(b, loc, rhs))
      .getResult();
}

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

/// ONNX Shape: the sizes of dims [start, end) of `data` as i64 (see
/// ShapeOp::getSlice). Static sizes become constants, dynamic ones tensor.dim.
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
    auto [start, end] = op.getSlice(dataType.getRank());
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
        rewriter.replaceOp(
            op, expand(rewriter, loc, op, data, *resultType, *groups));
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

    Value isValid;
    Value shape = computeShape(rewriter, loc, op, data, adaptor.getShape(),
                               resultType->getRank(), isValid);
    if (matchPattern(isValid, m_One())) {
      rewriter.replaceOpWithNewOp<tensor::ReshapeOp>(op, *resultType, data,
                                                     shape);
      return success();
    }
    // With a shape that does not fit (the run fails), the result is zeros
    // with 1 for each dynamic size, which reads nothing of the input.
    auto ifOp = scf::IfOp::create(
        rewriter, loc, isValid,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(
              b, loc,
              ValueRange{tensor::ReshapeOp::create(b, loc, *resultType, data,
                                                   shape)});
        },
        [&](OpBuilder &b, Location loc) {
          // Reshaped from 1-D like the other branch, so that both yield a
          // buffer of the result's type with no layout: a static tensor cast
          // to it gave the scf.if a fully dynamic layout, and every read of
          // the result a dynamic innermost stride (gathers).
          SmallVector<int64_t> sizes;
          for (int64_t size : resultType->getShape())
            sizes.push_back(ShapedType::isDynamic(size) ? 1 : size);
          int64_t count = 1;
          for (int64_t size : sizes)
            count *= size;
          Value zeros = createFilledTensor(
              b, loc,
              RankedTensorType::get({count}, resultType->getElementType()),
              {b.getIndexAttr(count)},
              createZero(b, loc, resultType->getElementType()));
          auto shapeType = RankedTensorType::get(
              {static_cast<int64_t>(sizes.size())}, b.getI64Type());
          Value ones = arith::ConstantOp::create(
              b, loc, DenseIntElementsAttr::get(shapeType, sizes));
          scf::YieldOp::create(
              b, loc,
              ValueRange{tensor::ReshapeOp::create(b, loc, *resultType, zeros,
                                                   ones)});
        });
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }

private:
  /// tensor.expand_shape of `data` to `type`; a group's one dynamic size is
  /// the group's input size divided by its static sizes.
  static Value expand(OpBuilder &b, Location loc, Operation *op, Value data,
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
        Value divisor = arith::ConstantIndexOp::create(b, loc, staticProduct);
        checkSizesEqual(
            b, loc, op,
            b.createOrFold<arith::RemUIOp>(loc, size, divisor),
            b.getIndexAttr(0),
            "the input's element count is not a multiple of the requested "
            "shape's known sizes");
        sizes[dim] = b.createOrFold<arith::DivSIOp>(loc, size, divisor);
      }
    }
    return createExpandShape(b, loc, type, data, groups, sizes);
  }

  /// The result sizes as a tensor of i64, following ONNX Reshape's rules at
  /// run time; `isValid` is whether they fit the input.
  static Value computeShape(OpBuilder &b, Location loc, onnx::ReshapeOp op,
                            Value data, Value shape, int64_t rank,
                            Value &isValid) {
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
    // A product of 0 with a -1 is invalid; the divisor of 1 only keeps the
    // division defined until the check below reports it.
    Value divisor = b.createOrFold<arith::MaxSIOp>(loc, product, constant(1));
    Value inferred = b.createOrFold<arith::DivSIOp>(loc, total, divisor);
    for (Value &size : requested) {
      Value isInferred = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, size, minusOne);
      size = b.createOrFold<arith::SelectOp>(loc, isInferred, inferred, size);
    }

    // Valid sizes are non-negative and multiply, without overflowing, to
    // the input's element count.
    isValid = arith::ConstantOp::create(b, loc, b.getBoolAttr(true));
    Value count = constant(1);
    Value maxValue = constant(std::numeric_limits<int64_t>::max());
    for (Value size : requested) {
      Value nonNegative = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sge, size, constant(0));
      Value limit = b.createOrFold<arith::DivSIOp>(
          loc, maxValue, b.createOrFold<arith::MaxSIOp>(loc, size, constant(1)));
      Value noOverflow = b.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::sle, count, limit);
      isValid = b.createOrFold<arith::AndIOp>(
          loc, isValid,
          b.createOrFold<arith::AndIOp>(loc, nonNegative, noOverflow));
      count = b.createOrFold<arith::MulIOp>(loc, count, size);
    }
    isValid = b.createOrFold<arith::AndIOp>(
        loc, isValid,
        b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, count,
                                      total));
    emitCheck(b, loc, op, isValid,
              "the requested shape does not fit the input: its sizes must be "
              "non-negative (0 and -1 as ONNX defines them) and multiply to "
              "the input's element count");
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

/// ONNX Size: the product of the sizes, as a 0-D i64.
struct LowerSize : OpConversionPattern<onnx::SizeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SizeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value data = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(data.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    Value size = arith::ConstantOp::create(
        rewriter, loc, rewriter.getI64IntegerAttr(productOfDimsOrOne(type)));
    for (int64_t dim = 0; dim < type.getRank(); ++dim) {
      if (!type.isDynamicDim(dim))
        continue;
      Value dimSize = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getI64Type(),
          tensor::DimOp::create(rewriter, loc, data, dim));
      size = arith::MulIOp::create(rewriter, loc, size, dimSize);
    }
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(
        op, RankedTensorType::get({}, rewriter.getI64Type()), size);
    return success();
  }
};

/// Groups the dims of a tensor of rank `largeRank` so that collapsing them
/// removes the unit dims `unitDims` (sorted): each other dim starts a group,
/// and unit dims join the group before them (the first group when leading).
SmallVector<ReassociationIndices> unitDimGroups(int64_t largeRank,
                                                ArrayRef<int64_t> unitDims) {
  SmallVector<ReassociationIndices> groups;
  ReassociationIndices leading;
  for (int64_t dim = 0; dim < largeRank; ++dim) {
    if (llvm::is_contained(unitDims, dim)) {
      if (groups.empty())
        leading.push_back(dim);
      else
        groups.back().push_back(dim);
      continue;
    }
    groups.push_back(leading);
    groups.back().push_back(dim);
    leading.clear();
  }
  return groups;
}

/// The axes of `original` (an onnx operand listing axes of a rank-`rank`
/// tensor) at run time, negative ones counted from the end.
SmallVector<Value> getRunTimeAxes(OpBuilder &b, Location loc, Value original,
                                  Value converted, int64_t rank) {
  SmallVector<Value> axes;
  Value rankValue = arith::ConstantIndexOp::create(b, loc, rank);
  for (OpFoldResult axis : getIndexElements(b, loc, original, converted)) {
    Value value = getValueOrCreateConstantIndexOp(b, loc, axis);
    axes.push_back(wrapIndex(b, loc, value, rankValue));
  }
  return axes;
}

/// Whether `dim` is one of `axes`, at run time.
Value isOneOf(OpBuilder &b, Location loc, ArrayRef<Value> axes, int64_t dim) {
  Value dimValue = arith::ConstantIndexOp::create(b, loc, dim);
  Value result = arith::ConstantIntOp::create(b, loc, 0, 1);
  for (Value axis : axes)
    result = b.createOrFold<arith::OrIOp>(
        loc, result,
        b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::eq, axis,
                                      dimValue));
  return result;
}

/// ONNX Squeeze. With the squeezed dims known it is a
/// tensor.collapse_shape; with axes known only at run time, the result's
/// sizes are computed then and fed to tensor.reshape.
struct LowerSqueeze : OpConversionPattern<onnx::SqueezeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    auto type = dyn_cast<RankedTensorType>(data.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    FailureOr<SmallVector<int64_t>> dims = op.getSqueezedDims();
    if (succeeded(dims)) {
      // Squeezed dims have size 1, whatever the input's type says.
      SmallVector<int64_t> shape(type.getShape());
      for (int64_t dim : *dims)
        shape[dim] = 1;
      Value unit = castTo(rewriter, loc, data, type.clone(shape));
      Value result = tensor::CollapseShapeOp::create(
          rewriter, loc, unit, unitDimGroups(rank, *dims));
      rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
      return success();
    }
    if (!op.getAxes())
      return emitUnsupported(op, "dims of unknown size to squeeze");
    SmallVector<Value> axes =
        getRunTimeAxes(rewriter, loc, op.getAxes(), adaptor.getAxes(), rank);
    // Result dim j is the input dim i that is kept and has j kept dims
    // before it.
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, data);
    SmallVector<Value> kept, positions;
    Value position = zero;
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value isKept = arith::XOrIOp::create(
          rewriter, loc, isOneOf(rewriter, loc, axes, dim),
          arith::ConstantIntOp::create(rewriter, loc, 1, 1));
      kept.push_back(isKept);
      positions.push_back(position);
      position = arith::AddIOp::create(
          rewriter, loc, position,
          arith::SelectOp::create(rewriter, loc, isKept, one, zero));
    }
    SmallVector<OpFoldResult> sizes;
    for (int64_t result = 0; result < resultType->getRank(); ++result) {
      Value size = one;
      Value resultIndex = arith::ConstantIndexOp::create(rewriter, loc, result);
      for (int64_t dim = 0; dim < rank; ++dim) {
        Value here = arith::AndIOp::create(
            rewriter, loc, kept[dim],
            arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::eq,
                                  positions[dim], resultIndex));
        size = arith::SelectOp::create(
            rewriter, loc, here,
            getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[dim]),
            size);
      }
      sizes.push_back(size);
    }
    rewriter.replaceOp(op,
                       reshapeToSizes(rewriter, loc, data, *resultType, sizes));
    return success();
  }
};

/// ONNX Unsqueeze: a tensor.expand_shape when the axes are known; otherwise
/// the result's sizes are computed at run time and fed to tensor.reshape.
struct LowerUnsqueeze : OpConversionPattern<onnx::UnsqueezeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::UnsqueezeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value data = adaptor.getData();
    if (!isa<RankedTensorType>(data.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = resultType->getRank();
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, data);
    FailureOr<SmallVector<int64_t>> dims = op.getInsertedDims();
    if (succeeded(dims)) {
      SmallVector<OpFoldResult> sizes;
      ArrayRef<OpFoldResult> rest = inputSizes;
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (llvm::is_contained(*dims, dim)) {
          sizes.push_back(rewriter.getIndexAttr(1));
          continue;
        }
        sizes.push_back(rest.front());
        rest = rest.drop_front();
      }
      if (inputSizes.empty()) {
        rewriter.replaceOp(
            op, createExpandShape(rewriter, loc, *resultType, data, {}, sizes));
        return success();
      }
      rewriter.replaceOp(op,
                         createExpandShape(rewriter, loc, *resultType, data,
                                           unitDimGroups(rank, *dims), sizes));
      return success();
    }
    SmallVector<Value> axes =
        getRunTimeAxes(rewriter, loc, op.getAxes(), adaptor.getAxes(), rank);
    // Result dim j is 1 where inserted, else input dim j - (dims inserted
    // before j).
    Value zero = arith::ConstantIndexOp::create(rewriter, loc, 0);
    Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
    SmallVector<OpFoldResult> sizes;
    Value inserted = zero;
    for (int64_t dim = 0; dim < rank; ++dim) {
      Value isInserted = isOneOf(rewriter, loc, axes, dim);
      Value source = arith::SubIOp::create(
          rewriter, loc, arith::ConstantIndexOp::create(rewriter, loc, dim),
          inserted);
      Value size = one;
      for (auto [index, inputSize] : llvm::enumerate(inputSizes)) {
        Value here = arith::CmpIOp::create(
            rewriter, loc, arith::CmpIPredicate::eq, source,
            arith::ConstantIndexOp::create(rewriter, loc, index));
        size = arith::SelectOp::create(
            rewriter, loc, here,
            getValueOrCreateConstantIndexOp(rewriter, loc, inputSize), size);
      }
      sizes.push_back(
          arith::SelectOp::create(rewriter, loc, isInserted, one, size)
              .getResult());
      inserted = arith::AddIOp::create(
          rewriter, loc, inserted,
          arith::SelectOp::create(rewriter, loc, isInserted, one, zero));
    }
    rewriter.replaceOp(op,
                       reshapeToSizes(rewriter, loc, data, *resultType, sizes));
    return success();
  }
};

/// ONNX Concat: each input inserted into the result at its offset along the
/// axis.
struct LowerConcat : OpConversionPattern<onnx::ConcatOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConcatOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    for (Value input : adaptor.getInputs())
      if (!isa<RankedTensorType>(input.getType()))
        return emitUnsupported(op, "its inputs must be ranked tensors");
    int64_t rank = resultType->getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), rank);
    ValueRange inputs = adaptor.getInputs();
    SmallVector<OpFoldResult> sizes =
        tensor::getMixedSizes(rewriter, loc, inputs.front());
    for (int64_t dim = 0; dim < rank; ++dim)
      if (!resultType->isDynamicDim(dim))
        sizes[dim] = rewriter.getIndexAttr(resultType->getDimSize(dim));
    SmallVector<OpFoldResult> offsets;
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (Value input : inputs) {
      offsets.push_back(offset);
      offset = addIndices(rewriter, loc, offset,
                          tensor::getMixedSize(rewriter, loc, input, axis));
    }
    if (resultType->isDynamicDim(axis))
      sizes[axis] = offset;
    Value result = createEmptyTensor(rewriter, loc, *resultType, sizes);
    SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
    for (auto [number, input, inputOffset] :
         llvm::enumerate(inputs, offsets)) {
      SmallVector<OpFoldResult> at(rank, rewriter.getIndexAttr(0));
      at[axis] = inputOffset;
      // Dims other than the axis must agree; where only the run can tell,
      // it checks, and the insert is clamped to the result meanwhile.
      SmallVector<OpFoldResult> inputSizes =
          tensor::getMixedSizes(rewriter, loc, input);
      bool clamped = false;
      for (int64_t dim = 0; dim < rank; ++dim) {
        if (dim == axis || isEqualConstantIntOrValue(inputSizes[dim],
                                                     sizes[dim]))
          continue;
        checkSizesEqual(rewriter, loc, op, inputSizes[dim], sizes[dim],
                        "dim " + Twine(dim) + " of input #" + Twine(number) +
                            " differs from that of input #0");
        inputSizes[dim] = rewriter.createOrFold<arith::MinUIOp>(
            loc, getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[dim]),
            getValueOrCreateConstantIndexOp(rewriter, loc, sizes[dim]));
        clamped = true;
      }
      Value part = input;
      if (clamped)
        part = tensor::ExtractSliceOp::create(
            rewriter, loc, input, SmallVector<OpFoldResult>(
                                      rank, rewriter.getIndexAttr(0)),
            inputSizes, strides);
      result = tensor::InsertSliceOp::create(rewriter, loc, part, result, at,
                                             inputSizes, strides);
    }
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// ONNX Split: each result a tensor.extract_slice along the axis, the sizes
/// computed at run time where unknown.
struct LowerSplit : OpConversionPattern<onnx::SplitOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SplitOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t rank = type.getRank();
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), rank);
    int64_t count = op.getNumResults();
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<OpFoldResult> parts;
    if (op.getSplit()) {
      parts = getIndexElements(rewriter, loc, op.getSplit(), adaptor.getSplit(),
                               count);
    } else {
      // ONNX Split-18: ceil(size / count) each, the last taking the rest.
      Value size =
          getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[axis]);
      Value chunk = rewriter.createOrFold<arith::CeilDivSIOp>(
          loc, size, arith::ConstantIndexOp::create(rewriter, loc, count));
      Value last = rewriter.createOrFold<arith::SubIOp>(
          loc, size,
          rewriter.createOrFold<arith::MulIOp>(
              loc, chunk,
              arith::ConstantIndexOp::create(rewriter, loc, count - 1)));
      parts.assign(count - 1, getAsOpFoldResult(chunk));
      parts.push_back(getAsOpFoldResult(last));
    }
    SmallVector<Value> results;
    OpFoldResult offset = rewriter.getIndexAttr(0);
    for (auto [index, part] : llvm::enumerate(parts)) {
      FailureOr<RankedTensorType> resultType =
          getConvertedResultType(op, index, *getTypeConverter());
      if (failed(resultType))
        return failure();
      SmallVector<OpFoldResult> offsets(rank, rewriter.getIndexAttr(0));
      offsets[axis] = offset;
      SmallVector<OpFoldResult> sizes(inputSizes);
      sizes[axis] = part;
      SmallVector<OpFoldResult> strides(rank, rewriter.getIndexAttr(1));
      Value slice =
          createExtractSlice(rewriter, loc, input, offsets, sizes, strides);
      results.push_back(castTo(rewriter, loc, slice, *resultType));
      offset = addIndices(rewriter, loc, offset, part);
    }
    rewriter.replaceOp(op, results);
    return success();
  }
};

/// ONNX Expand: the input broadcast to sizes computed by ONNX's rule (the
/// requested size where the input's is 1, else the input's).
struct LowerExpand : OpConversionPattern<onnx::ExpandOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ExpandOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getInput();
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type ||
        !cast<RankedTensorType>(adaptor.getShape().getType()).hasStaticShape())
      return emitUnsupported(op, "its input and a shape of static length "
                                 "must be ranked tensors");
    SmallVector<OpFoldResult> requested =
        getIndexElements(rewriter, loc, op.getShape(), adaptor.getShape());
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    int64_t rank = resultType->getRank();
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < rank; ++dim) {
      if (!resultType->isDynamicDim(dim)) {
        sizes.push_back(rewriter.getIndexAttr(resultType->getDimSize(dim)));
        continue;
      }
      int64_t inputDim = dim - (rank - type.getRank());
      int64_t requestedDim = dim - (rank - requested.size());
      OpFoldResult s = requestedDim >= 0 ? requested[requestedDim]
                                         : rewriter.getIndexAttr(1);
      if (inputDim < 0) {
        sizes.push_back(s);
        continue;
      }
      Value a =
          getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes[inputDim]);
      Value one = arith::ConstantIndexOp::create(rewriter, loc, 1);
      Value isOne = rewriter.createOrFold<arith::CmpIOp>(
          loc, arith::CmpIPredicate::eq, a, one);
      Value requestedSize = getValueOrCreateConstantIndexOp(rewriter, loc, s);
      // Either side may be the 1 that stretches; otherwise they must agree.
      emitCheck(rewriter, loc, op,
                rewriter.createOrFold<arith::OrIOp>(
                    loc, isOne,
                    rewriter.createOrFold<arith::OrIOp>(
                        loc,
                        rewriter.createOrFold<arith::CmpIOp>(
                            loc, arith::CmpIPredicate::eq, requestedSize, one),
                        rewriter.createOrFold<arith::CmpIOp>(
                            loc, arith::CmpIPredicate::eq, requestedSize, a))),
                "dim " + Twine(inputDim) + " of the input does not broadcast "
                "to the requested shape");
      OpFoldResult stretched = checkSizeInRange(
          rewriter, loc, op, s, OpFoldResult(),
          "the requested shape has a negative size");
      sizes.push_back(getAsOpFoldResult(rewriter.createOrFold<arith::SelectOp>(
          loc, isOne, getValueOrCreateConstantIndexOp(rewriter, loc, stretched),
          a)));
    }
    rewriter.replaceOp(
        op, materializeBroadcast(rewriter, loc, input, *resultType, sizes));
    return success();
  }
};

/// ONNX Tile: a linalg.generic over (repeat0, size0, repeat1, size1, ...)
/// reading the input at (size0, size1, ...), then collapsed pairwise.
struct LowerTile : OpConversionPattern<onnx::TileOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TileOp op, OpAdaptor adaptor,
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
    if (rank == 0) {
      rewriter.replaceOp(op, castTo(rewriter, loc, input, *resultType));
      return success();
    }
    SmallVector<OpFoldResult> repeats = getIndexElements(
        rewriter, loc, op.getRepeats(), adaptor.getRepeats(), rank);
    for (OpFoldResult &repeat : repeats)
      repeat = checkSizeInRange(rewriter, loc, op, repeat, OpFoldResult(),
                                "an element of 'repeats' is negative");
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<int64_t> shape;
    SmallVector<OpFoldResult> sizes;
    SmallVector<AffineExpr> inputExprs;
    SmallVector<ReassociationIndices> groups;
    for (int64_t dim = 0; dim < rank; ++dim) {
      for (OpFoldResult size : {repeats[dim], inputSizes[dim]}) {
        std::optional<int64_t> constant = getConstantIntValue(size);
        shape.push_back(constant ? *constant : ShapedType::kDynamic);
        sizes.push_back(size);
      }
      inputExprs.push_back(rewriter.getAffineDimExpr(2 * dim + 1));
      groups.push_back({2 * dim, 2 * dim + 1});
    }
    auto tiledType = RankedTensorType::get(shape, type.getElementType());
    Value init = createEmptyTensor(rewriter, loc, tiledType, sizes);
    SmallVector<AffineMap> maps{
        AffineMap::get(2 * rank, 0, inputExprs, rewriter.getContext()),
        rewriter.getMultiDimIdentityMap(2 * rank)};
    SmallVector<utils::IteratorType> iterators(2 * rank,
                                               utils::IteratorType::parallel);
    Value tiled = linalg::GenericOp::create(
                      rewriter, loc, tiledType, ValueRange{input},
                      ValueRange{init}, maps, iterators,
                      [](OpBuilder &b, Location loc, ValueRange args) {
                        linalg::YieldOp::create(b, loc, args[0]);
                      })
                      .getResult(0);
    Value result =
        tensor::CollapseShapeOp::create(rewriter, loc, tiled, groups);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

/// The quotient of a size by `divisor`.
OpFoldResult divideSize(OpBuilder &b, Location loc, OpFoldResult size,
                        int64_t divisor) {
  if (std::optional<int64_t> constant = getConstantIntValue(size))
    return b.getIndexAttr(*constant / divisor);
  return arith::DivSIOp::create(b, loc,
                                getValueOrCreateConstantIndexOp(b, loc, size),
                                arith::ConstantIndexOp::create(b, loc, divisor))
      .getResult();
}

/// DepthToSpace and SpaceToDepth: `input` expanded into blocks of
/// `expandedSizes`, transposed by `perm` and collapsed again.
Value rearrangeBlocks(OpBuilder &b, Location loc, Value input,
                      RankedTensorType resultType,
                      ArrayRef<OpFoldResult> expandedSizes,
                      ArrayRef<ReassociationIndices> expandGroups,
                      ArrayRef<int64_t> perm,
                      ArrayRef<ReassociationIndices> collapseGroups) {
  Type elementType = resultType.getElementType();
  auto staticShape = [](ArrayRef<OpFoldResult> sizes) {
    return llvm::to_vector(llvm::map_range(sizes, [](OpFoldResult size) {
      std::optional<int64_t> constant = getConstantIntValue(size);
      return constant ? *constant : ShapedType::kDynamic;
    }));
  };
  auto expandedType =
      RankedTensorType::get(staticShape(expandedSizes), elementType);
  Value expanded = createExpandShape(b, loc, expandedType, input, expandGroups,
                                     expandedSizes);
  SmallVector<OpFoldResult> permutedSizes;
  for (int64_t dim : perm)
    permutedSizes.push_back(expandedSizes[dim]);
  auto permutedType =
      RankedTensorType::get(staticShape(permutedSizes), elementType);
  Value init = createEmptyTensor(b, loc, permutedType, permutedSizes);
  Value permuted =
      linalg::TransposeOp::create(b, loc, expanded, init, perm).getResult()[0];
  Value collapsed =
      tensor::CollapseShapeOp::create(b, loc, permuted, collapseGroups);
  return castTo(b, loc, collapsed, resultType);
}

/// ONNX DepthToSpace: DCR reads channels as (block row, block column,
/// channel), CRD as (channel, block row, block column).
struct LowerDepthToSpace : OpConversionPattern<onnx::DepthToSpaceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::DepthToSpaceOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getInput();
    if (!isa<RankedTensorType>(input.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t blocksize = op.getBlocksize();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);
    OpFoldResult block = rewriter.getIndexAttr(blocksize);
    OpFoldResult channels =
        divideSize(rewriter, loc, in[1], blocksize * blocksize);
    bool dcr = op.getMode() == "DCR";
    SmallVector<OpFoldResult> sizes =
        dcr ? SmallVector<OpFoldResult>{in[0],    block, block,
                                        channels, in[2], in[3]}
            : SmallVector<OpFoldResult>{in[0], channels, block,
                                        block, in[2],    in[3]};
    SmallVector<int64_t> perm = dcr ? SmallVector<int64_t>{0, 3, 4, 1, 5, 2}
                                    : SmallVector<int64_t>{0, 1, 4, 2, 5, 3};
    rewriter.replaceOp(op, rearrangeBlocks(rewriter, loc, input, *resultType,
                                           sizes, {{0}, {1, 2, 3}, {4}, {5}},
                                           perm, {{0}, {1}, {2, 3}, {4, 5}}));
    return success();
  }
};

/// ONNX SpaceToDepth: channels become (block row, block column, channel).
struct LowerSpaceToDepth : OpConversionPattern<onnx::SpaceToDepthOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SpaceToDepthOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value input = adaptor.getInput();
    if (!isa<RankedTensorType>(input.getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t blocksize = op.getBlocksize();
    SmallVector<OpFoldResult> in = tensor::getMixedSizes(rewriter, loc, input);
    OpFoldResult block = rewriter.getIndexAttr(blocksize);
    SmallVector<OpFoldResult> sizes{in[0],
                                    in[1],
                                    divideSize(rewriter, loc, in[2], blocksize),
                                    block,
                                    divideSize(rewriter, loc, in[3], blocksize),
                                    block};
    rewriter.replaceOp(op, rearrangeBlocks(rewriter, loc, input, *resultType,
                                           sizes, {{0}, {1}, {2, 3}, {4, 5}},
                                           {0, 3, 5, 1, 2, 4},
                                           {{0}, {1, 2, 3}, {4}, {5}}));
    return success();
  }
};

/// The signless form of a scalar attribute of an ONNX element type.
TypedAttr toSignlessAttr(Attribute value, Type signlessType) {
  if (auto integer = dyn_cast<IntegerAttr>(value))
    return IntegerAttr::get(signlessType, integer.getValue());
  return cast<TypedAttr>(value);
}

/// ONNX ConstantOfShape: a tensor of the requested sizes filled with the
/// value.
struct LowerConstantOfShape : OpConversionPattern<onnx::ConstantOfShapeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConstantOfShapeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Type elementType = resultType->getElementType();
    TypedAttr fill = cast<TypedAttr>(rewriter.getZeroAttr(elementType));
    if (std::optional<ElementsAttr> value = op.getValue()) {
      auto elements = dyn_cast<DenseElementsAttr>(*value);
      if (!elements)
        return emitUnsupported(op, "its value must be a dense attribute");
      fill =
          toSignlessAttr(*elements.getValues<Attribute>().begin(), elementType);
    }
    SmallVector<OpFoldResult> sizes =
        getIndexElements(rewriter, loc, op.getInput(), adaptor.getInput(),
                         resultType->getRank());
    for (OpFoldResult &size : sizes)
      size = checkSizeInRange(rewriter, loc, op, size, OpFoldResult(),
                              "the requested shape has a negative size");
    Value scalar = arith::ConstantOp::create(rewriter, loc, fill);
    rewriter.replaceOp(
        op, createFilledTensor(rewriter, loc, *resultType, sizes, scalar));
    return success();
  }
};

/// ONNX Range: element i is start + i * delta; the count is
/// max(ceil((limit - start) / delta), 0), computed in the element type.
struct LowerRange : OpConversionPattern<onnx::RangeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::RangeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    for (Value operand : adaptor.getOperands())
      if (!isa<RankedTensorType>(operand.getType()))
        return emitUnsupported(op, "its operands must be ranked tensors");
    Type elementType = resultType->getElementType();
    bool isFloat = isa<FloatType>(elementType);
    Value start = extractScalar(rewriter, loc, adaptor.getStart());
    Value delta = extractScalar(rewriter, loc, adaptor.getDelta());
    SmallVector<OpFoldResult> sizes{
        rewriter.getIndexAttr(resultType->getDimSize(0))};
    if (resultType->isDynamicDim(0)) {
      Value limit = extractScalar(rewriter, loc, adaptor.getLimit());
      Value count;
      if (isFloat) {
        Value span = arith::SubFOp::create(rewriter, loc, limit, start);
        Value steps = math::CeilOp::create(
            rewriter, loc, arith::DivFOp::create(rewriter, loc, span, delta));
        // Beyond 2^62 elements (or NaN, from a zero delta) no allocation
        // can succeed; the run fails and the count is 0 meanwhile.
        Value limitCount = arith::ConstantOp::create(
            rewriter, loc, rewriter.getFloatAttr(elementType, 0x1p62));
        Value representable = arith::CmpFOp::create(
            rewriter, loc, arith::CmpFPredicate::OLE, steps, limitCount);
        emitCheck(rewriter, loc, op, representable,
                  "the number of elements is not finite or too large");
        steps = arith::SelectOp::create(
            rewriter, loc, representable, steps,
            arith::ConstantOp::create(rewriter, loc,
                                      rewriter.getFloatAttr(elementType, 0)));
        count = arith::FPToSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                        steps);
      } else {
        Value span = arith::SubIOp::create(rewriter, loc, limit, start);
        auto integer = [&](int64_t value) -> Value {
          return arith::ConstantOp::create(
              rewriter, loc, rewriter.getIntegerAttr(elementType, value));
        };
        auto compare = [&](arith::CmpIPredicate predicate, Value lhs,
                           Value rhs) -> Value {
          return arith::CmpIOp::create(rewriter, loc, predicate, lhs, rhs);
        };
        Value zero = integer(0);
        Value nonZero = compare(arith::CmpIPredicate::ne, delta, zero);
        emitCheck(rewriter, loc, op, nonZero, "'delta' is 0");
        // limit - start wraps when the operands' signs differ and the
        // difference's sign is not limit's; span / -1 traps for the most
        // negative span.
        Value noWrap = compare(
            arith::CmpIPredicate::sge,
            arith::AndIOp::create(
                rewriter, loc, arith::XOrIOp::create(rewriter, loc, limit, start),
                arith::XOrIOp::create(rewriter, loc, limit, span)),
            zero);
        Value noTrap = arith::OrIOp::create(
            rewriter, loc, compare(arith::CmpIPredicate::ne, delta, integer(-1)),
            compare(arith::CmpIPredicate::ne, span,
                    integer(llvm::APInt::getSignedMinValue(
                                elementType.getIntOrFloatBitWidth())
                                .getSExtValue())));
        Value fits = arith::AndIOp::create(rewriter, loc, noWrap, noTrap);
        emitCheck(rewriter, loc, op, fits,
                  "the number of elements does not fit in the element type");
        // Until the run reports it, an invalid range is empty: the division
        // is by 1 and the span 0.
        Value valid = arith::AndIOp::create(rewriter, loc, nonZero, fits);
        Value safeDelta =
            arith::SelectOp::create(rewriter, loc, valid, delta, integer(1));
        span = arith::SelectOp::create(rewriter, loc, valid, span, zero);
        count = arith::CeilDivSIOp::create(rewriter, loc, span, safeDelta);
        if (!elementType.isInteger(64))
          count = arith::ExtSIOp::create(rewriter, loc, rewriter.getI64Type(),
                                         count);
      }
      count = arith::MaxSIOp::create(
          rewriter, loc, count,
          arith::ConstantOp::create(rewriter, loc,
                                    rewriter.getI64IntegerAttr(0)));
      sizes[0] = arith::IndexCastOp::create(rewriter, loc,
                                            rewriter.getIndexType(), count)
                     .getResult();
    }
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);
    SmallVector<AffineMap> maps{rewriter.getMultiDimIdentityMap(1)};
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, *resultType, ValueRange{}, ValueRange{init}, maps,
            {utils::IteratorType::parallel},
            [&](OpBuilder &b, Location loc, ValueRange) {
              Value index = linalg::IndexOp::create(b, loc, 0);
              Value i =
                  arith::IndexCastOp::create(b, loc, b.getI64Type(), index);
              Value value;
              if (isFloat) {
                i = arith::SIToFPOp::create(b, loc, elementType, i);
                value = arith::AddFOp::create(
                    b, loc, start, arith::MulFOp::create(b, loc, i, delta));
              } else {
                if (!elementType.isInteger(64))
                  i = arith::TruncIOp::create(b, loc, elementType, i);
                value = arith::AddIOp::create(
                    b, loc, start, arith::MulIOp::create(b, loc, i, delta));
              }
              linalg::YieldOp::create(b, loc, value);
            })
            .getResult(0);
    rewriter.replaceOp(op, result);
    return success();
  }
};

/// A linalg.generic over `like`'s shape (of `resultType`) yielding
/// `body(input element or null, row, column)` for the last two dims.
Value createMatrixGeneric(
    OpBuilder &b, Location loc, RankedTensorType resultType, Value like,
    bool readInput,
    function_ref<Value(OpBuilder &, Location, Value, Value, Value)> body) {
  int64_t rank = resultType.getRank();
  Value init = createEmptyTensor(b, loc, resultType,
                                 tensor::getMixedSizes(b, loc, like));
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  if (readInput) {
    inputs.push_back(like);
    maps.push_back(b.getMultiDimIdentityMap(rank));
  }
  maps.push_back(b.getMultiDimIdentityMap(rank));
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::parallel);
  return linalg::GenericOp::create(
             b, loc, resultType, inputs, ValueRange{init}, maps, iterators,
             [&](OpBuilder &b, Location loc, ValueRange args) {
               Value row = linalg::IndexOp::create(b, loc, rank - 2);
               Value column = linalg::IndexOp::create(b, loc, rank - 1);
               linalg::YieldOp::create(
                   b, loc,
                   body(b, loc, readInput ? args[0] : Value(), row, column));
             })
      .getResult(0);
}

/// ONNX EyeLike: 1 where column - row == k, else 0.
struct LowerEyeLike : OpConversionPattern<onnx::EyeLikeOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::EyeLikeOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    if (!isa<RankedTensorType>(adaptor.getInput().getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    Type elementType = resultType->getElementType();
    Value one = arith::ConstantOp::create(rewriter, loc,
                                          rewriter.getOneAttr(elementType));
    Value zero = createZero(rewriter, loc, elementType);
    Value k = arith::ConstantIndexOp::create(rewriter, loc, op.getK());
    rewriter.replaceOp(
        op, createMatrixGeneric(
                rewriter, loc, *resultType, adaptor.getInput(),
                /*readInput=*/false,
                [&](OpBuilder &b, Location loc, Value, Value row,
                    Value column) -> Value {
                  Value diagonal = arith::SubIOp::create(b, loc, column, row);
                  Value onIt = arith::CmpIOp::create(
                      b, loc, arith::CmpIPredicate::eq, diagonal, k);
                  return arith::SelectOp::create(b, loc, onIt, one, zero);
                }));
    return success();
  }
};

/// ONNX Trilu: keeps (i, j) where j - i >= k (upper) or j - i <= k (lower).
struct LowerTrilu : OpConversionPattern<onnx::TriluOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TriluOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    if (!isa<RankedTensorType>(adaptor.getInput().getType()))
      return emitUnsupported(op, "its input must be a ranked tensor");
    Value k = arith::ConstantIndexOp::create(rewriter, loc, 0);
    if (adaptor.getK())
      k = arith::IndexCastOp::create(
          rewriter, loc, rewriter.getIndexType(),
          extractScalar(rewriter, loc, adaptor.getK()));
    Value zero = createZero(rewriter, loc, resultType->getElementType());
    bool upper = op.getUpper() != 0;
    rewriter.replaceOp(
        op, createMatrixGeneric(
                rewriter, loc, *resultType, adaptor.getInput(),
                /*readInput=*/true,
                [&](OpBuilder &b, Location loc, Value element, Value row,
                    Value column) -> Value {
                  Value diagonal = arith::SubIOp::create(b, loc, column, row);
                  Value keep =
                      arith::CmpIOp::create(b, loc,
                                            upper ? arith::CmpIPredicate::sge
                                                  : arith::CmpIPredicate::sle,
                                            diagonal, k);
                  return arith::SelectOp::create(b, loc, keep, element, zero);
                }));
    return success();
  }
};

} // namespace

void populateTensorPatterns(const TypeConverter &typeConverter,
                            RewritePatternSet &patterns) {
  patterns
      .add<LowerConcat, LowerConstant, LowerConstantOfShape, LowerDepthToSpace,
           LowerExpand, LowerEyeLike, LowerFlatten, LowerIdentity, LowerRange,
           LowerReshape, LowerShape, LowerSize, LowerSpaceToDepth, LowerSplit,
           LowerSqueeze, LowerTile, LowerTranspose, LowerTrilu, LowerUnsqueeze>(
          typeConverter, patterns.getContext());
  populateGatherScatterPatterns(typeConverter, patterns);
  populateSlicePatterns(typeConverter, patterns);
}

} // namespace onnxc::detail
