//===- NonMaxSuppression.cpp - NonMaxSuppression to scf loops on tensors --===//
//
// A linalg.generic first ranks each box among its class's scores (how many
// boxes come before it: a higher score, or an equal one and a lower index),
// which orders every class as ONNX's reference sorts it. Then scf.for loops
// over batches, classes and ranked boxes append (batch, class, box) rows to
// an i64 tensor with room for every box of every class, keeping a box
// unless its IoU with one already kept in its class exceeds the threshold;
// the result is the filled rows, whose number is known only at run time.
// Box and score reads use indices clamped to the operands' actual sizes.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// The first element of `tensor` (ONNX's scalar inputs come as scalars or
/// one-element vectors), or `fallback` when it has none.
Value readScalar(OpBuilder &b, Location loc, Value tensor, Value fallback) {
  auto type = cast<RankedTensorType>(tensor.getType());
  SmallVector<Value> zeros(type.getRank(),
                           arith::ConstantIndexOp::create(b, loc, 0));
  if (type.hasStaticShape() && type.getNumElements() > 0)
    return tensor::ExtractOp::create(b, loc, tensor, zeros);
  Value nonEmpty = arith::ConstantIntOp::create(b, loc, 1, 1);
  for (int64_t dim = 0; dim < type.getRank(); ++dim)
    nonEmpty = arith::AndIOp::create(
        b, loc, nonEmpty,
        arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sgt,
                              tensor::DimOp::create(b, loc, tensor, dim),
                              zeros.front()));
  return scf::IfOp::create(
             b, loc, nonEmpty,
             [&](OpBuilder &tb, Location tl) {
               scf::YieldOp::create(
                   tb, tl,
                   tensor::ExtractOp::create(tb, tl, tensor, zeros)
                       .getResult());
             },
             [&](OpBuilder &eb, Location el) {
               scf::YieldOp::create(eb, el, fallback);
             })
      .getResult(0);
}

/// Builds the selection loops.
class Selection {
public:
  Selection(OpBuilder &b, Location loc, onnx::NonMaxSuppressionOp op,
            Value boxes, Value scores, FloatType type)
      : b(b), loc(loc), op(op), boxes(boxes), scores(scores), type(type) {}

  Value index(int64_t value) {
    return arith::ConstantIndexOp::create(b, loc, value);
  }
  Value constant(double value) {
    return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
  }
  Value add(Value x, Value y) { return arith::AddFOp::create(b, loc, x, y); }
  Value sub(Value x, Value y) { return arith::SubFOp::create(b, loc, x, y); }
  Value mul(Value x, Value y) { return arith::MulFOp::create(b, loc, x, y); }
  Value cmp(arith::CmpFPredicate predicate, Value x, Value y) {
    return arith::CmpFOp::create(b, loc, predicate, x, y);
  }
  Value widen(Value value) {
    return value.getType() == type ? value
                                   : arith::ExtFOp::create(b, loc, type, value);
  }

  /// The extent of a box along one axis as (min, max), from coordinates
  /// `k` and `k + 2` of box `box` in batch `batch`: corners in either
  /// order, or centre and size with center_point_box.
  std::pair<Value, Value> extent(Value batch, Value box, int64_t k) {
    auto read = [&](int64_t coordinate) {
      return widen(tensor::ExtractOp::create(
          b, loc, boxes, ValueRange{batch, box, index(coordinate)}));
    };
    Value first = read(k), second = read(k + 2);
    if (op.getCenterPointBox()) {
      Value half = mul(second, constant(0.5));
      return {sub(first, half), add(first, half)};
    }
    return {arith::MinimumFOp::create(b, loc, first, second),
            arith::MaximumFOp::create(b, loc, first, second)};
  }

  /// ONNX NonMaxSuppression: whether the IoU of boxes `lhs` and `rhs`
  /// exceeds `threshold`; boxes that do not overlap, or of no area, never
  /// suppress each other.
  Value suppresses(Value batch, Value lhs, Value rhs, Value threshold) {
    // Corners are (y1, x1, y2, x2), centre boxes (x, y, w, h).
    int64_t xAxis = op.getCenterPointBox() ? 0 : 1;
    int64_t yAxis = 1 - xAxis;
    auto [x1Min, x1Max] = extent(batch, lhs, xAxis);
    auto [x2Min, x2Max] = extent(batch, rhs, xAxis);
    auto [y1Min, y1Max] = extent(batch, lhs, yAxis);
    auto [y2Min, y2Max] = extent(batch, rhs, yAxis);
    auto max = [&](Value p, Value q) -> Value {
      return arith::MaximumFOp::create(b, loc, p, q);
    };
    auto min = [&](Value p, Value q) -> Value {
      return arith::MinimumFOp::create(b, loc, p, q);
    };
    Value width = sub(min(x1Max, x2Max), max(x1Min, x2Min));
    Value height = sub(min(y1Max, y2Max), max(y1Min, y2Min));
    Value intersection = mul(width, height);
    Value area1 = mul(sub(x1Max, x1Min), sub(y1Max, y1Min));
    Value area2 = mul(sub(x2Max, x2Min), sub(y2Max, y2Min));
    Value uni = sub(add(area1, area2), intersection);
    Value zero = constant(0.0);
    Value valid = cmp(arith::CmpFPredicate::OGT, width, zero);
    for (Value positive : {height, intersection, area1, area2, uni})
      valid = arith::AndIOp::create(
          b, loc, valid, cmp(arith::CmpFPredicate::OGT, positive, zero));
    Value iou = arith::DivFOp::create(b, loc, intersection, uni);
    return arith::AndIOp::create(
        b, loc, valid, cmp(arith::CmpFPredicate::OGT, iou, threshold));
  }

  /// For each (batch, class, box) of `scores`, the number of boxes of the
  /// class that come before it, as an index tensor.
  Value rankBoxes(ArrayRef<OpFoldResult> sizes) {
    MLIRContext *context = b.getContext();
    auto rankType = RankedTensorType::get(
        SmallVector<int64_t>(3, ShapedType::kDynamic), b.getIndexType());
    Value init = createFilledTensor(b, loc, rankType, sizes, index(0));
    AffineExpr d0, d1, d2, d3;
    bindDims(context, d0, d1, d2, d3);
    auto own = AffineMap::get(4, 0, {d0, d1, d2}, context);
    auto other = AffineMap::get(4, 0, {d0, d1, d3}, context);
    return linalg::GenericOp::create(
               b, loc, TypeRange{rankType}, ValueRange{scores, scores},
               ValueRange{init}, ArrayRef<AffineMap>{own, other, own},
               {utils::IteratorType::parallel, utils::IteratorType::parallel,
                utils::IteratorType::parallel, utils::IteratorType::reduction},
               [&](OpBuilder &gb, Location gl, ValueRange args) {
                 Value i = linalg::IndexOp::create(gb, gl, 2);
                 Value j = linalg::IndexOp::create(gb, gl, 3);
                 Value higher = arith::CmpFOp::create(
                     gb, gl, arith::CmpFPredicate::OGT, args[1], args[0]);
                 Value tie = arith::AndIOp::create(
                     gb, gl,
                     arith::CmpFOp::create(gb, gl, arith::CmpFPredicate::OEQ,
                                           args[1], args[0]),
                     arith::CmpIOp::create(gb, gl, arith::CmpIPredicate::ult, j,
                                           i));
                 Value before = arith::OrIOp::create(gb, gl, higher, tie);
                 Value next = arith::AddIOp::create(
                     gb, gl, args[2],
                     arith::IndexCastOp::create(
                         gb, gl, gb.getIndexType(),
                         arith::ExtUIOp::create(gb, gl, gb.getI64Type(),
                                                before)));
                 linalg::YieldOp::create(gb, gl, next);
               })
        .getResult(0);
  }

private:
  OpBuilder &b;
  Location loc;
  onnx::NonMaxSuppressionOp op;
  Value boxes, scores;
  FloatType type;
};

struct LowerNonMaxSuppression : OpConversionPattern<onnx::NonMaxSuppressionOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::NonMaxSuppressionOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    Value boxes = adaptor.getBoxes(), scores = adaptor.getScores();
    auto scoresType = dyn_cast<RankedTensorType>(scores.getType());
    if (!scoresType || !isa<RankedTensorType>(boxes.getType()))
      return emitUnsupported(op, "boxes and scores must be ranked tensors");
    for (Value scalar :
         {adaptor.getMaxOutputBoxesPerClass(), adaptor.getIouThreshold(),
          adaptor.getScoreThreshold()})
      if (scalar && !isa<RankedTensorType>(scalar.getType()))
        return emitUnsupported(op, "its scalar inputs must be ranked tensors");
    auto scoreElement = cast<FloatType>(scoresType.getElementType());
    FloatType type =
        scoreElement.getWidth() < 32 ? rewriter.getF32Type() : scoreElement;
    Selection selection(rewriter, loc, op, boxes, scores, type);
    auto dim = [&](Value value, int64_t d) -> Value {
      return tensor::DimOp::create(rewriter, loc, value, d);
    };
    Value c0 = selection.index(0), c1 = selection.index(1);

    // ONNX: max_output_boxes_per_class defaults to 0 (nothing is kept) and
    // counts negative values as 0; iou_threshold defaults to 0; without a
    // score_threshold every box is a candidate.
    Value maxOutput = c0;
    if (Value value = adaptor.getMaxOutputBoxesPerClass())
      maxOutput = arith::MaxSIOp::create(
          rewriter, loc,
          arith::IndexCastOp::create(
              rewriter, loc, rewriter.getIndexType(),
              readScalar(rewriter, loc, value,
                         arith::ConstantIntOp::create(rewriter, loc, 0, 64))),
          c0);
    auto readThreshold = [&](Value value) -> Value {
      auto element = cast<RankedTensorType>(value.getType()).getElementType();
      Value read =
          readScalar(rewriter, loc, value,
                     arith::ConstantOp::create(
                         rewriter, loc, rewriter.getFloatAttr(element, 0.0)));
      return read.getType() == type
                 ? read
                 : arith::ExtFOp::create(rewriter, loc, type, read);
    };
    Value iouThreshold = adaptor.getIouThreshold()
                             ? readThreshold(adaptor.getIouThreshold())
                             : selection.constant(0.0);
    Value scoreThreshold, hasScoreThreshold;
    if (Value value = adaptor.getScoreThreshold()) {
      scoreThreshold = readThreshold(value);
      // ONNX's reference ignores an empty score_threshold.
      auto type = cast<RankedTensorType>(value.getType());
      hasScoreThreshold = arith::ConstantIntOp::create(rewriter, loc, 1, 1);
      for (int64_t d = 0; d < type.getRank(); ++d)
        hasScoreThreshold = arith::AndIOp::create(
            rewriter, loc, hasScoreThreshold,
            arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sgt,
                                  dim(value, d), c0));
    }

    // Batches and boxes that both operands hold; none when boxes has fewer
    // than 4 coordinates (possible only when its last dim is dynamic).
    Value numClasses = dim(scores, 1), numScores = dim(scores, 2);
    Value hasCoordinates =
        arith::CmpIOp::create(rewriter, loc, arith::CmpIPredicate::sge,
                              dim(boxes, 2), selection.index(4));
    Value numBatches = arith::SelectOp::create(
        rewriter, loc, hasCoordinates,
        arith::MinSIOp::create(rewriter, loc, dim(scores, 0), dim(boxes, 0)),
        c0);
    Value numBoxes =
        arith::MinSIOp::create(rewriter, loc, numScores, dim(boxes, 1));

    Value ranks = selection.rankBoxes({dim(scores, 0), numClasses, numScores});
    Value capacity = arith::MulIOp::create(
        rewriter, loc,
        arith::MulIOp::create(rewriter, loc, numBatches, numClasses),
        numScores);
    auto rowsType =
        RankedTensorType::get({ShapedType::kDynamic, 3}, rewriter.getI64Type());
    Value rows = tensor::EmptyOp::create(rewriter, loc, rowsType.getShape(),
                                         rowsType.getElementType(),
                                         ValueRange{capacity});
    auto orderType =
        RankedTensorType::get({ShapedType::kDynamic}, rewriter.getIndexType());

    auto batchLoop = scf::ForOp::create(
        rewriter, loc, c0, numBatches, c1, ValueRange{rows, c0},
        [&](OpBuilder &b, Location l, Value batch, ValueRange batchArgs) {
          auto classLoop = scf::ForOp::create(
              b, l, c0, numClasses, c1, batchArgs,
              [&](OpBuilder &, Location, Value cls, ValueRange classArgs) {
                // The boxes of this class in selection order.
                Value order =
                    createFilledTensor(b, l, orderType, {numScores}, c0);
                auto scatter = scf::ForOp::create(
                    b, l, c0, numScores, c1, ValueRange{order},
                    [&](OpBuilder &, Location, Value box, ValueRange args) {
                      Value rank = clampIndex(
                          b, l,
                          tensor::ExtractOp::create(
                              b, l, ranks, ValueRange{batch, cls, box}),
                          numScores);
                      scf::YieldOp::create(
                          b, l,
                          tensor::InsertOp::create(b, l, box, args[0],
                                                   ValueRange{rank})
                              .getResult());
                    });
                order = scatter.getResult(0);
                Value classStart = classArgs[1];
                auto boxLoop = scf::ForOp::create(
                    b, l, c0, numScores, c1, classArgs,
                    [&](OpBuilder &, Location, Value k, ValueRange args) {
                      Value selected = args[0], count = args[1];
                      Value box =
                          tensor::ExtractOp::create(b, l, order, ValueRange{k});
                      Value inBounds = arith::CmpIOp::create(
                          b, l, arith::CmpIPredicate::ult, box, numBoxes);
                      Value readBox = clampIndex(b, l, box, numScores);
                      Value score = selection.widen(tensor::ExtractOp::create(
                          b, l, scores, ValueRange{batch, cls, readBox}));
                      Value room = arith::CmpIOp::create(
                          b, l, arith::CmpIPredicate::slt,
                          arith::SubIOp::create(b, l, count, classStart),
                          maxOutput);
                      Value take = arith::AndIOp::create(b, l, inBounds, room);
                      if (scoreThreshold) {
                        // ONNX: candidates score strictly above it.
                        Value above = selection.cmp(arith::CmpFPredicate::OGT,
                                                    score, scoreThreshold);
                        Value noThreshold = arith::XOrIOp::create(
                            b, l, hasScoreThreshold,
                            arith::ConstantIntOp::create(b, l, 1, 1));
                        take = arith::AndIOp::create(
                            b, l, take,
                            arith::OrIOp::create(b, l, above, noThreshold));
                      }
                      auto consider = scf::IfOp::create(
                          b, l, take,
                          [&](OpBuilder &, Location) {
                            auto check = scf::ForOp::create(
                                b, l, classStart, count, c1,
                                ValueRange{
                                    arith::ConstantIntOp::create(b, l, 0, 1)},
                                [&](OpBuilder &, Location, Value row,
                                    ValueRange flags) {
                                  Value kept = arith::IndexCastOp::create(
                                      b, l, b.getIndexType(),
                                      tensor::ExtractOp::create(
                                          b, l, selected,
                                          ValueRange{row, selection.index(2)}));
                                  Value hit = selection.suppresses(
                                      batch, readBox, kept, iouThreshold);
                                  scf::YieldOp::create(
                                      b, l,
                                      arith::OrIOp::create(b, l, flags[0], hit)
                                          .getResult());
                                });
                            Value suppressed = check.getResult(0);
                            auto keep = scf::IfOp::create(
                                b, l, suppressed,
                                [&](OpBuilder &, Location) {
                                  scf::YieldOp::create(
                                      b, l, ValueRange{selected, count});
                                },
                                [&](OpBuilder &, Location) {
                                  Value updated = selected;
                                  SmallVector<Value> row{batch, cls, readBox};
                                  for (auto [column, value] :
                                       llvm::enumerate(row))
                                    updated = tensor::InsertOp::create(
                                        b, l,
                                        arith::IndexCastOp::create(
                                            b, l, b.getI64Type(), value),
                                        updated,
                                        ValueRange{count,
                                                   selection.index(column)});
                                  scf::YieldOp::create(
                                      b, l,
                                      ValueRange{updated, arith::AddIOp::create(
                                                              b, l, count, c1)
                                                              .getResult()});
                                });
                            scf::YieldOp::create(b, l, keep.getResults());
                          },
                          [&](OpBuilder &, Location) {
                            scf::YieldOp::create(b, l,
                                                 ValueRange{selected, count});
                          });
                      scf::YieldOp::create(b, l, consider.getResults());
                    });
                scf::YieldOp::create(b, l, boxLoop.getResults());
              });
          scf::YieldOp::create(b, l, classLoop.getResults());
        });

    Value count = batchLoop.getResult(1);
    Value result = tensor::ExtractSliceOp::create(
        rewriter, loc, rowsType, batchLoop.getResult(0),
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(0),
                               rewriter.getIndexAttr(0)},
        ArrayRef<OpFoldResult>{count, rewriter.getIndexAttr(3)},
        ArrayRef<OpFoldResult>{rewriter.getIndexAttr(1),
                               rewriter.getIndexAttr(1)});
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

} // namespace

void populateNonMaxSuppressionPatterns(const TypeConverter &typeConverter,
                                       RewritePatternSet &patterns) {
  patterns.add<LowerNonMaxSuppression>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
