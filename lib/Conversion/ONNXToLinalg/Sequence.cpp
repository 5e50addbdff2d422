//===- Sequence.cpp - Sequence operators to tensor arithmetic -------------===//
//
// The type converter turns a sequence of rank-R tensors of T into two
// tensors (a 1:N conversion, so nothing after this lowering sees a sequence):
//   data:   tensor<?xT>, the elements' data back to back, each row-major;
//   shapes: tensor<?xRxi64>, row k the sizes of element k.
// The length is the number of rows, and element k starts in `data` at the
// sum of the sizes of the elements before it. Every sequence op becomes
// slices of these two tensors, with scf.for where a count is only known at
// run time.
//
// Positions are clamped into range, as generated code cannot report an
// error yet; an element read from an empty sequence is a tensor of zeros.
// Elements that contradict each other's sizes where ONNX requires them to
// agree (ConcatFromSequence) are cut to the common part, never read or
// written out of bounds.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// A sequence after type conversion.
struct Sequence {
  Value data;
  Value shapes;

  int64_t getElementRank() const {
    return cast<RankedTensorType>(shapes.getType()).getDimSize(1);
  }
};

Value createIndex(OpBuilder &b, Location loc, int64_t value) {
  return arith::ConstantIndexOp::create(b, loc, value);
}

/// The converted values of a sequence operand; fails, reporting on `op`,
/// when its element rank was unknown, which leaves it unconverted.
FailureOr<Sequence> getSequence(Operation *op, ValueRange converted) {
  if (converted.size() != 2)
    return emitUnsupported(op,
                           "the rank of the sequence's elements is unknown");
  return Sequence{converted[0], converted[1]};
}

/// The converted types of a sequence result: data, then shapes.
FailureOr<std::pair<RankedTensorType, RankedTensorType>>
getSequenceTypes(Operation *op, Type type, const TypeConverter &typeConverter) {
  SmallVector<Type, 2> types;
  if (failed(typeConverter.convertType(type, types)) || types.size() != 2)
    return emitUnsupported(op,
                           "the rank of the sequence's elements is unknown");
  return std::make_pair(cast<RankedTensorType>(types[0]),
                        cast<RankedTensorType>(types[1]));
}

/// The one tensor an operand that is not a sequence was converted to.
Value getTensor(ValueRange converted) { return converted.front(); }

Value getLength(OpBuilder &b, Location loc, const Sequence &sequence) {
  return tensor::DimOp::create(b, loc, sequence.shapes, 0);
}

/// The scalar tensor `scalar` (a position or a split size) as an index.
Value readScalar(OpBuilder &b, Location loc, Value scalar) {
  auto type = cast<TensorType>(scalar.getType());
  scalar =
      castTo(b, loc, scalar, RankedTensorType::get({}, type.getElementType()));
  Value value = tensor::ExtractOp::create(b, loc, scalar, ValueRange{});
  return arith::IndexCastOp::create(b, loc, b.getIndexType(), value);
}

/// The sizes of element `index`, as index values.
SmallVector<Value> readSizes(OpBuilder &b, Location loc,
                             const Sequence &sequence, Value index) {
  SmallVector<Value> sizes;
  for (int64_t dim = 0, rank = sequence.getElementRank(); dim < rank; ++dim) {
    Value size = tensor::ExtractOp::create(
        b, loc, sequence.shapes, ValueRange{index, createIndex(b, loc, dim)});
    sizes.push_back(arith::IndexCastOp::create(b, loc, b.getIndexType(), size));
  }
  return sizes;
}

Value multiplyAll(OpBuilder &b, Location loc, ValueRange values) {
  Value product = createIndex(b, loc, 1);
  for (Value value : values)
    product = b.createOrFold<arith::MulIOp>(loc, product, value);
  return product;
}

/// Where element `index` (at most the length) starts in the data.
Value getElementOffset(OpBuilder &b, Location loc, const Sequence &sequence,
                       Value index) {
  Value zero = createIndex(b, loc, 0);
  auto loop = scf::ForOp::create(
      b, loc, zero, index, createIndex(b, loc, 1), ValueRange{zero},
      [&](OpBuilder &nb, Location nloc, Value k, ValueRange offset) {
        Value size = multiplyAll(nb, nloc, readSizes(nb, nloc, sequence, k));
        scf::YieldOp::create(
            nb, nloc,
            ValueRange{arith::AddIOp::create(nb, nloc, offset[0], size)});
      });
  return loop.getResult(0);
}

/// A ranked `value` as a tensor<?xT> of its elements in row-major order.
Value flatten(OpBuilder &b, Location loc, Value value) {
  auto type = cast<RankedTensorType>(value.getType());
  auto flatType =
      RankedTensorType::get({ShapedType::kDynamic}, type.getElementType());
  int64_t rank = type.getRank();
  if (rank == 0)
    value = tensor::ExpandShapeOp::create(b, loc, type.clone({1}), value,
                                          ArrayRef<ReassociationIndices>{});
  else if (rank > 1)
    value = tensor::CollapseShapeOp::create(
        b, loc, value,
        ArrayRef<ReassociationIndices>{
            llvm::to_vector(llvm::seq<int64_t>(0, rank))});
  return castTo(b, loc, value, flatType);
}

/// Rows [start, start + count) of `value`.
Value sliceRows(OpBuilder &b, Location loc, Value value, OpFoldResult start,
                OpFoldResult count) {
  int64_t rank = cast<RankedTensorType>(value.getType()).getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, value);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  offsets[0] = start;
  sizes[0] = count;
  return tensor::ExtractSliceOp::create(b, loc, value, offsets, sizes, strides);
}

/// `pieces`, of one rank, joined along dim 0 into a tensor of `type`.
Value concatRows(OpBuilder &b, Location loc, RankedTensorType type,
                 ArrayRef<Value> pieces) {
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets;
  OpFoldResult total = b.getIndexAttr(0);
  for (Value piece : pieces) {
    offsets.push_back(total);
    total = addIndices(b, loc, total, tensor::getMixedSize(b, loc, piece, 0));
  }
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, pieces[0]);
  sizes[0] = total;
  Value result = createEmptyTensor(b, loc, type, sizes);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  for (auto [piece, offset] : llvm::zip_equal(pieces, offsets)) {
    SmallVector<OpFoldResult> at(rank, b.getIndexAttr(0));
    at[0] = offset;
    result = tensor::InsertSliceOp::create(b, loc, piece, result, at,
                                           tensor::getMixedSizes(b, loc, piece),
                                           strides);
  }
  return result;
}

/// The sizes of each of `tensors` (ranked, of rank R) as rows of a
/// tensor<?xRxi64>.
Value createShapeRows(OpBuilder &b, Location loc, RankedTensorType shapesType,
                      ValueRange tensors) {
  int64_t rank = shapesType.getDimSize(1);
  auto count = static_cast<int64_t>(tensors.size());
  auto rowsType = shapesType.clone({count, rank});
  if (rank == 0)
    return castTo(b, loc, createEmptyTensor(b, loc, rowsType, {}), shapesType);
  SmallVector<Value> sizes;
  for (Value tensor : tensors)
    for (int64_t dim = 0; dim < rank; ++dim)
      sizes.push_back(arith::IndexCastOp::create(
          b, loc, b.getI64Type(),
          getValueOrCreateConstantIndexOp(
              b, loc, tensor::getMixedSize(b, loc, tensor, dim))));
  return castTo(b, loc, tensor::FromElementsOp::create(b, loc, rowsType, sizes),
                shapesType);
}

/// Checks that `tensor`, to be held by a sequence of rank-`rank` elements,
/// is ranked and of that rank.
LogicalResult checkElementRank(Operation *op, Value tensor, int64_t rank) {
  auto type = dyn_cast<RankedTensorType>(tensor.getType());
  if (!type || type.getRank() != rank)
    return emitUnsupported(op, "its tensor operands must be ranked, of the "
                               "rank of the sequence's elements");
  return success();
}

//===----------------------------------------------------------------------===//
// Building sequences
//===----------------------------------------------------------------------===//

struct LowerSequenceEmpty : OpConversionPattern<onnx::SequenceEmptyOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceEmptyOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto types = getSequenceTypes(op, op.getType(), *getTypeConverter());
    if (failed(types))
      return failure();
    auto [dataType, shapesType] = *types;
    Value zero = createIndex(rewriter, loc, 0);
    Value data = createEmptyTensor(rewriter, loc, dataType, {zero});
    Value shapes = createEmptyTensor(rewriter, loc, shapesType,
                                     {zero, rewriter.getIndexAttr(0)});
    rewriter.replaceOpWithMultiple(op, {{data, shapes}});
    return success();
  }
};

struct LowerSequenceConstruct : OpConversionPattern<onnx::SequenceConstructOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceConstructOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto types = getSequenceTypes(op, op.getType(), *getTypeConverter());
    if (failed(types))
      return failure();
    auto [dataType, shapesType] = *types;
    SmallVector<Value> inputs, pieces;
    for (ValueRange input : adaptor.getInputs()) {
      inputs.push_back(getTensor(input));
      if (failed(checkElementRank(op, inputs.back(), shapesType.getDimSize(1))))
        return failure();
      pieces.push_back(flatten(rewriter, loc, inputs.back()));
    }
    Value data = concatRows(rewriter, loc, dataType, pieces);
    Value shapes = createShapeRows(rewriter, loc, shapesType, inputs);
    rewriter.replaceOpWithMultiple(op, {{data, shapes}});
    return success();
  }
};

/// ONNX SequenceInsert: position in [-n, n], the back by default.
struct LowerSequenceInsert : OpConversionPattern<onnx::SequenceInsertOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceInsertOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Sequence> sequence = getSequence(op, adaptor.getInputSequence());
    if (failed(sequence))
      return failure();
    auto types = getSequenceTypes(op, op.getType(), *getTypeConverter());
    if (failed(types))
      return failure();
    auto [dataType, shapesType] = *types;
    Value tensor = getTensor(adaptor.getTensor());
    if (failed(checkElementRank(op, tensor, sequence->getElementRank())))
      return failure();

    Value length = getLength(rewriter, loc, *sequence);
    Value position = length;
    if (!adaptor.getPosition().empty())
      position = wrapIndex(
          rewriter, loc,
          readScalar(rewriter, loc, getTensor(adaptor.getPosition())), length);
    Value one = createIndex(rewriter, loc, 1);
    position = clampIndex(rewriter, loc, position,
                          arith::AddIOp::create(rewriter, loc, length, one));

    Value offset = getElementOffset(rewriter, loc, *sequence, position);
    Value total = tensor::DimOp::create(rewriter, loc, sequence->data, 0);
    Value data = concatRows(
        rewriter, loc, dataType,
        {sliceRows(rewriter, loc, sequence->data, rewriter.getIndexAttr(0),
                   offset),
         flatten(rewriter, loc, tensor),
         sliceRows(
             rewriter, loc, sequence->data, offset,
             arith::SubIOp::create(rewriter, loc, total, offset).getResult())});
    Value shapes = concatRows(
        rewriter, loc, shapesType,
        {sliceRows(rewriter, loc, sequence->shapes, rewriter.getIndexAttr(0),
                   position),
         createShapeRows(rewriter, loc, shapesType, tensor),
         sliceRows(rewriter, loc, sequence->shapes, position,
                   arith::SubIOp::create(rewriter, loc, length, position)
                       .getResult())});
    rewriter.replaceOpWithMultiple(op, {{data, shapes}});
    return success();
  }
};

/// ONNX SequenceErase: position in [-n, n - 1], the last element by
/// default. Erasing from an empty sequence leaves it empty.
struct LowerSequenceErase : OpConversionPattern<onnx::SequenceEraseOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceEraseOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Sequence> sequence = getSequence(op, adaptor.getInputSequence());
    if (failed(sequence))
      return failure();
    auto types = getSequenceTypes(op, op.getType(), *getTypeConverter());
    if (failed(types))
      return failure();
    auto [dataType, shapesType] = *types;

    Value length = getLength(rewriter, loc, *sequence);
    Value one = createIndex(rewriter, loc, 1);
    Value position = arith::SubIOp::create(rewriter, loc, length, one);
    if (!adaptor.getPosition().empty())
      position = wrapIndex(
          rewriter, loc,
          readScalar(rewriter, loc, getTensor(adaptor.getPosition())), length);
    position = clampIndex(rewriter, loc, position, length);
    // With no element, position is 0 and so is `end`: nothing is erased.
    Value end = arith::MinSIOp::create(
        rewriter, loc, arith::AddIOp::create(rewriter, loc, position, one),
        length);

    Value start = getElementOffset(rewriter, loc, *sequence, position);
    Value stop = getElementOffset(rewriter, loc, *sequence, end);
    Value total = tensor::DimOp::create(rewriter, loc, sequence->data, 0);
    Value data = concatRows(
        rewriter, loc, dataType,
        {sliceRows(rewriter, loc, sequence->data, rewriter.getIndexAttr(0),
                   start),
         sliceRows(
             rewriter, loc, sequence->data, stop,
             arith::SubIOp::create(rewriter, loc, total, stop).getResult())});
    Value shapes = concatRows(
        rewriter, loc, shapesType,
        {sliceRows(rewriter, loc, sequence->shapes, rewriter.getIndexAttr(0),
                   position),
         sliceRows(
             rewriter, loc, sequence->shapes, end,
             arith::SubIOp::create(rewriter, loc, length, end).getResult())});
    rewriter.replaceOpWithMultiple(op, {{data, shapes}});
    return success();
  }
};

/// ONNX SplitToSequence. Element k is the slice of the input of size c_k
/// along the axis, at the sum of the sizes before it: 1 without `split`; a
/// scalar `split` s gives min(s, what remains); a 1-D `split` gives its
/// entry k, clamped into what remains of the input so that the data never
/// reads past it.
struct LowerSplitToSequence : OpConversionPattern<onnx::SplitToSequenceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SplitToSequenceOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    auto types = getSequenceTypes(op, op.getType(), *getTypeConverter());
    if (failed(types))
      return failure();
    auto [dataType, shapesType] = *types;
    Value input = getTensor(adaptor.getInput());
    auto inputType = dyn_cast<RankedTensorType>(input.getType());
    if (!inputType)
      return emitUnsupported(op, "its input must be a ranked tensor");
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), inputType.getRank());
    Value split;
    if (!adaptor.getSplit().empty()) {
      split = getTensor(adaptor.getSplit());
      if (!isa<RankedTensorType>(split.getType()))
        return emitUnsupported(op, "the rank of 'split' must be known");
    }
    bool splitList =
        split && cast<RankedTensorType>(split.getType()).getRank() == 1;
    bool dropAxis = !split && op.getKeepdims() == 0;

    Value zero = createIndex(rewriter, loc, 0);
    Value one = createIndex(rewriter, loc, 1);
    SmallVector<OpFoldResult> inputSizes =
        tensor::getMixedSizes(rewriter, loc, input);
    SmallVector<Value> inputSizeValues =
        getValueOrCreateConstantIndexOp(rewriter, loc, inputSizes);
    Value axisSize = inputSizeValues[axis];
    Value chunk, count;
    if (!split) {
      count = axisSize;
    } else if (splitList) {
      count = tensor::DimOp::create(rewriter, loc, split, 0);
    } else {
      // A size below 1 would never finish the input.
      chunk = arith::MaxSIOp::create(rewriter, loc,
                                     readScalar(rewriter, loc, split), one);
      count = arith::CeilDivSIOp::create(rewriter, loc, axisSize, chunk);
    }

    Value data = createEmptyTensor(
        rewriter, loc, dataType, {multiplyAll(rewriter, loc, inputSizeValues)});
    Value shapes = createEmptyTensor(
        rewriter, loc, shapesType,
        {count, rewriter.getIndexAttr(shapesType.getDimSize(1))});
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, count, one, ValueRange{data, shapes, zero, zero},
        [&](OpBuilder &b, Location loc, Value k, ValueRange state) {
          Value elementsData = state[0], elementsShapes = state[1],
                start = state[2], offset = state[3];
          Value remaining = arith::SubIOp::create(b, loc, axisSize, start);
          Value size = one;
          if (splitList) {
            Value entry = tensor::ExtractOp::create(b, loc, split, k);
            size = arith::MaxSIOp::create(
                b, loc, zero,
                arith::MinSIOp::create(
                    b, loc,
                    arith::IndexCastOp::create(b, loc, b.getIndexType(), entry),
                    remaining));
          } else if (split) {
            size = arith::MinSIOp::create(b, loc, chunk, remaining);
          }
          SmallVector<OpFoldResult> offsets(inputSizes.size(),
                                            b.getIndexAttr(0));
          SmallVector<OpFoldResult> sizes(inputSizes);
          SmallVector<OpFoldResult> strides(inputSizes.size(),
                                            b.getIndexAttr(1));
          offsets[axis] = start;
          sizes[axis] = size;
          Value slice = tensor::ExtractSliceOp::create(b, loc, input, offsets,
                                                       sizes, strides);
          SmallVector<Value> elementSizes(inputSizeValues);
          elementSizes[axis] = size;
          Value elementCount = multiplyAll(b, loc, elementSizes);
          elementsData = tensor::InsertSliceOp::create(
              b, loc, flatten(b, loc, slice), elementsData,
              SmallVector<OpFoldResult>{offset},
              SmallVector<OpFoldResult>{elementCount},
              SmallVector<OpFoldResult>{b.getIndexAttr(1)});
          if (dropAxis)
            elementSizes.erase(elementSizes.begin() + axis);
          for (auto [dim, elementSize] : llvm::enumerate(elementSizes))
            elementsShapes = tensor::InsertOp::create(
                b, loc,
                arith::IndexCastOp::create(b, loc, b.getI64Type(), elementSize),
                elementsShapes, ValueRange{k, createIndex(b, loc, dim)});
          scf::YieldOp::create(
              b, loc,
              ValueRange{elementsData, elementsShapes,
                         arith::AddIOp::create(b, loc, start, size),
                         arith::AddIOp::create(b, loc, offset, elementCount)});
        });
    // A 1-D `split` may cover only part of the input.
    data = sliceRows(rewriter, loc, loop.getResult(0), rewriter.getIndexAttr(0),
                     loop.getResult(3));
    rewriter.replaceOpWithMultiple(
        op, {{castTo(rewriter, loc, data, dataType), loop.getResult(1)}});
    return success();
  }
};

//===----------------------------------------------------------------------===//
// Reading sequences
//===----------------------------------------------------------------------===//

struct LowerSequenceLength : OpConversionPattern<onnx::SequenceLengthOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceLengthOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Sequence> sequence = getSequence(op, adaptor.getInputSequence());
    if (failed(sequence))
      return failure();
    Value length =
        arith::IndexCastOp::create(rewriter, loc, rewriter.getI64Type(),
                                   getLength(rewriter, loc, *sequence));
    rewriter.replaceOpWithNewOp<tensor::FromElementsOp>(
        op, RankedTensorType::get({}, rewriter.getI64Type()), length);
    return success();
  }
};

/// ONNX SequenceAt: position in [-n, n - 1].
struct LowerSequenceAt : OpConversionPattern<onnx::SequenceAtOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::SequenceAtOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Sequence> sequence = getSequence(op, adaptor.getInputSequence());
    if (failed(sequence))
      return failure();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    int64_t rank = resultType->getRank();
    if (rank != sequence->getElementRank())
      return emitUnsupported(op, "its result must have the rank of the "
                                 "sequence's elements");

    Value length = getLength(rewriter, loc, *sequence);
    Value position = wrapAndClampIndex(
        rewriter, loc,
        readScalar(rewriter, loc, getTensor(adaptor.getPosition())), length);
    Value zero = createIndex(rewriter, loc, 0);
    Value nonEmpty = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sgt, length, zero);
    auto ifOp = scf::IfOp::create(
        rewriter, loc, nonEmpty,
        [&](OpBuilder &b, Location loc) {
          SmallVector<Value> read = readSizes(b, loc, *sequence, position);
          SmallVector<OpFoldResult> sizes;
          SmallVector<Value> sizeValues;
          for (int64_t dim = 0; dim < rank; ++dim) {
            // A static size of the result type is the element's size.
            sizes.push_back(resultType->isDynamicDim(dim)
                                ? OpFoldResult(read[dim])
                                : b.getIndexAttr(resultType->getDimSize(dim)));
            sizeValues.push_back(
                getValueOrCreateConstantIndexOp(b, loc, sizes.back()));
          }
          Value offset = getElementOffset(b, loc, *sequence, position);
          Value flat = sliceRows(b, loc, sequence->data, offset,
                                 multiplyAll(b, loc, sizeValues));
          scf::YieldOp::create(
              b, loc, reshapeToSizes(b, loc, flat, *resultType, sizes));
        },
        [&](OpBuilder &b, Location loc) {
          SmallVector<OpFoldResult> sizes(rank, b.getIndexAttr(0));
          scf::YieldOp::create(
              b, loc,
              createFilledTensor(
                  b, loc, *resultType, sizes,
                  createZero(b, loc, resultType->getElementType())));
        });
    rewriter.replaceOp(op, ifOp.getResults());
    return success();
  }
};

/// ONNX ConcatFromSequence. The result takes its sizes other than along the
/// axis from the first element; each element is inserted cut to them.
struct LowerConcatFromSequence
    : OpConversionPattern<onnx::ConcatFromSequenceOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::ConcatFromSequenceOp op, OneToNOpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<Sequence> sequence = getSequence(op, adaptor.getInputSequence());
    if (failed(sequence))
      return failure();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    bool newAxis = op.getNewAxis() == 1;
    int64_t rank = sequence->getElementRank();
    if (resultType->getRank() != rank + (newAxis ? 1 : 0))
      return emitUnsupported(op, "its result rank does not match the "
                                 "sequence's elements");
    int64_t axis = *onnx::normalizeAxis(op.getAxis(), resultType->getRank());
    // The element dim that result dim `dim` (not the axis) comes from.
    auto getElementDim = [&](int64_t dim) {
      return newAxis && dim > axis ? dim - 1 : dim;
    };

    Value zero = createIndex(rewriter, loc, 0);
    Value one = createIndex(rewriter, loc, 1);
    Value length = getLength(rewriter, loc, *sequence);
    // The first element's sizes, zeros when there is none.
    Value nonEmpty = arith::CmpIOp::create(
        rewriter, loc, arith::CmpIPredicate::sgt, length, zero);
    auto firstSizes = scf::IfOp::create(
        rewriter, loc, nonEmpty,
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, readSizes(b, loc, *sequence, zero));
        },
        [&](OpBuilder &b, Location loc) {
          scf::YieldOp::create(b, loc, SmallVector<Value>(rank, zero));
        });
    SmallVector<Value> sizes;
    for (int64_t dim = 0, e = resultType->getRank(); dim < e; ++dim) {
      if (dim == axis)
        sizes.push_back(length);
      else if (resultType->isDynamicDim(dim))
        sizes.push_back(firstSizes.getResult(getElementDim(dim)));
      else
        sizes.push_back(
            createIndex(rewriter, loc, resultType->getDimSize(dim)));
    }
    if (!newAxis) {
      auto sum = scf::ForOp::create(
          rewriter, loc, zero, length, one, ValueRange{zero},
          [&](OpBuilder &b, Location loc, Value k, ValueRange total) {
            Value size = readSizes(b, loc, *sequence, k)[axis];
            scf::YieldOp::create(
                b, loc,
                ValueRange{arith::AddIOp::create(b, loc, total[0], size)});
          });
      sizes[axis] = sum.getResult(0);
    }
    // The result is allocated with the size along the axis computed here, so
    // that a static size in the result type cannot make the inserts write
    // past the end.
    SmallVector<int64_t> shape(resultType->getShape());
    shape[axis] = ShapedType::kDynamic;
    Value init = createEmptyTensor(rewriter, loc, resultType->clone(shape),
                                   getAsOpFoldResult(sizes));

    auto elementType =
        RankedTensorType::get(SmallVector<int64_t>(rank, ShapedType::kDynamic),
                              resultType->getElementType());
    auto loop = scf::ForOp::create(
        rewriter, loc, zero, length, one, ValueRange{init, zero, zero},
        [&](OpBuilder &b, Location loc, Value k, ValueRange state) {
          Value result = state[0], dataOffset = state[1], axisOffset = state[2];
          SmallVector<Value> own = readSizes(b, loc, *sequence, k);
          Value count = multiplyAll(b, loc, own);
          Value element = reshapeToSizes(
              b, loc, sliceRows(b, loc, sequence->data, dataOffset, count),
              elementType, getAsOpFoldResult(own));
          SmallVector<OpFoldResult> tileSizes;
          for (int64_t dim = 0; dim < rank; ++dim) {
            if (!newAxis && dim == axis)
              tileSizes.push_back(own[dim]);
            else
              tileSizes.push_back(
                  arith::MinSIOp::create(
                      b, loc, own[dim],
                      sizes[newAxis && dim >= axis ? dim + 1 : dim])
                      .getResult());
          }
          Value tile = tensor::ExtractSliceOp::create(
              b, loc, element,
              SmallVector<OpFoldResult>(rank, b.getIndexAttr(0)), tileSizes,
              SmallVector<OpFoldResult>(rank, b.getIndexAttr(1)));
          int64_t resultRank = resultType->getRank();
          SmallVector<OpFoldResult> offsets(resultRank, b.getIndexAttr(0));
          SmallVector<OpFoldResult> insertSizes;
          for (int64_t dim = 0; dim < resultRank; ++dim)
            insertSizes.push_back(newAxis && dim == axis
                                      ? b.getIndexAttr(1)
                                      : tileSizes[getElementDim(dim)]);
          offsets[axis] = newAxis ? k : axisOffset;
          result = tensor::InsertSliceOp::create(
              b, loc, tile, result, offsets, insertSizes,
              SmallVector<OpFoldResult>(resultRank, b.getIndexAttr(1)));
          Value nextAxisOffset =
              newAxis ? axisOffset
                      : arith::AddIOp::create(b, loc, axisOffset, own[axis])
                            .getResult();
          scf::YieldOp::create(
              b, loc,
              ValueRange{result,
                         arith::AddIOp::create(b, loc, dataOffset, count),
                         nextAxisOffset});
        });
    rewriter.replaceOp(op,
                       castTo(rewriter, loc, loop.getResult(0), *resultType));
    return success();
  }
};

} // namespace

void populateSequencePatterns(const TypeConverter &typeConverter,
                              RewritePatternSet &patterns) {
  patterns.add<LowerConcatFromSequence, LowerSequenceAt, LowerSequenceConstruct,
               LowerSequenceEmpty, LowerSequenceErase, LowerSequenceInsert,
               LowerSequenceLength, LowerSplitToSequence>(
      typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
