//===- Text.cpp - TfIdfVectorizer to linalg -------------------------------===//
//
// The pool is known at compile time, so matching is a count per pool n-gram
// over every start position and skip distance (one linalg.generic, the
// n-gram's tokens unrolled up to the longest counted size), then a sum of
// those counts into their output indexes, then the weighting.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

Value createI64Table(OpBuilder &b, Location loc, ArrayRef<int64_t> values) {
  auto type = RankedTensorType::get({static_cast<int64_t>(values.size())},
                                    b.getI64Type());
  return arith::ConstantOp::create(b, loc,
                                   DenseIntElementsAttr::get(type, values));
}

/// counts[b, p]: how often pool n-gram p occurs in row b of `tokens`
/// ([B, C]) with its tokens `distance` apart, for every distance in
/// [1, maxSkip + 1]; a 1-gram is counted at distance 1 only.
Value createNGramCounts(OpBuilder &b, Location loc, Value tokens,
                        ArrayRef<onnx::TfIdfVectorizerOp::NGram> ngrams,
                        int64_t maxSkip) {
  MLIRContext *context = b.getContext();
  Type i64 = b.getI64Type();
  int64_t numNGrams = ngrams.size();
  size_t maxSize = 0;
  for (const auto &ngram : ngrams)
    maxSize = std::max(maxSize, ngram.tokens.size());
  // Tables over the pool: each n-gram's size, then its j-th token (0 past
  // its end) for each j.
  SmallVector<int64_t> lengths;
  SmallVector<SmallVector<int64_t>> columns(maxSize);
  for (const auto &ngram : ngrams) {
    lengths.push_back(ngram.tokens.size());
    for (size_t j = 0; j < maxSize; ++j)
      columns[j].push_back(j < ngram.tokens.size() ? ngram.tokens[j] : 0);
  }
  SmallVector<int64_t> distances =
      llvm::to_vector(llvm::seq<int64_t>(1, maxSkip + 2));

  // Loops (row, n-gram, start, distance); the last two are reductions. The
  // first token is read through the indexing maps, the others in the body.
  auto dims = [&](ArrayRef<unsigned> positions) {
    return AffineMap::getMultiDimMapWithTargets(4, positions, context);
  };
  SmallVector<Value> inputs{tokens, createI64Table(b, loc, distances),
                            createI64Table(b, loc, lengths)};
  SmallVector<AffineMap> maps{dims({0, 2}), dims({3}), dims({1})};
  for (const auto &column : columns) {
    inputs.push_back(createI64Table(b, loc, column));
    maps.push_back(dims({1}));
  }
  maps.push_back(dims({0, 1}));

  OpFoldResult rows = tensor::getMixedSizes(b, loc, tokens)[0];
  Value rowSize = tensor::DimOp::create(b, loc, tokens, 1);
  auto countsType = RankedTensorType::get(
      {cast<RankedTensorType>(tokens.getType()).getDimSize(0), numNGrams}, i64);
  Value init =
      createFilledTensor(b, loc, countsType, {rows, b.getIndexAttr(numNGrams)},
                         createZero(b, loc, i64));
  SmallVector<utils::IteratorType> iterators(2, utils::IteratorType::parallel);
  iterators.append(2, utils::IteratorType::reduction);
  return linalg::GenericOp::create(
             b, loc, TypeRange{countsType}, inputs, ValueRange{init}, maps,
             iterators,
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value distance = args[1], length = args[2];
               ValueRange poolTokens = args.slice(3, maxSize);
               auto i64Const = [&](int64_t value) {
                 return arith::ConstantIntOp::create(nb, l, i64, value);
               };
               auto toI64 = [&](Value token) {
                 return convertScalarToDtype(nb, l, token, i64,
                                             /*isUnsignedCast=*/false);
               };
               Value row = linalg::IndexOp::create(nb, l, 0);
               Value start = linalg::IndexOp::create(nb, l, 2);
               Value step = arith::IndexCastOp::create(nb, l, nb.getIndexType(),
                                                       distance);
               Value match =
                   arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                         toI64(args[0]), poolTokens[0]);
               for (size_t j = 1; j < maxSize; ++j) {
                 Value position = arith::AddIOp::create(
                     nb, l, start,
                     arith::MulIOp::create(
                         nb, l, step,
                         arith::ConstantIndexOp::create(nb, l, j)));
                 Value inRow = arith::CmpIOp::create(
                     nb, l, arith::CmpIPredicate::slt, position, rowSize);
                 Value token = tensor::ExtractOp::create(
                     nb, l, tokens,
                     ValueRange{row, clampIndex(nb, l, position, rowSize)});
                 Value equal =
                     arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                           toI64(token), poolTokens[j]);
                 Value beyondNGram = arith::CmpIOp::create(
                     nb, l, arith::CmpIPredicate::sle, length, i64Const(j));
                 match = arith::AndIOp::create(
                     nb, l, match,
                     arith::OrIOp::create(
                         nb, l, beyondNGram,
                         arith::AndIOp::create(nb, l, inRow, equal)));
               }
               // ONNX counts 1-grams once: skips do not change them.
               Value counted = arith::OrIOp::create(
                   nb, l,
                   arith::CmpIOp::create(nb, l, arith::CmpIPredicate::ne,
                                         length, i64Const(1)),
                   arith::CmpIOp::create(nb, l, arith::CmpIPredicate::eq,
                                         distance, i64Const(1)));
               Value hit = arith::ExtUIOp::create(
                   nb, l, i64, arith::AndIOp::create(nb, l, match, counted));
               linalg::YieldOp::create(
                   nb, l,
                   ValueRange{arith::AddIOp::create(nb, l, args.back(), hit)});
             })
      .getResult(0);
}

/// frequencies[b, o]: the sum of counts[b, p] over the n-grams p whose
/// output index is o.
Value createFrequencies(OpBuilder &b, Location loc, Value counts,
                        ArrayRef<onnx::TfIdfVectorizerOp::NGram> ngrams,
                        int64_t outputSize) {
  MLIRContext *context = b.getContext();
  Type i64 = b.getI64Type();
  SmallVector<int64_t> outputIndexes;
  for (const auto &ngram : ngrams)
    outputIndexes.push_back(ngram.outputIndex);
  auto type = RankedTensorType::get(
      {cast<RankedTensorType>(counts.getType()).getDimSize(0), outputSize},
      i64);
  Value init = createFilledTensor(
      b, loc, type,
      {tensor::getMixedSizes(b, loc, counts)[0], b.getIndexAttr(outputSize)},
      createZero(b, loc, i64));
  auto map = [&](ArrayRef<unsigned> positions) {
    return AffineMap::getMultiDimMapWithTargets(3, positions, context);
  };
  // Loops (row, output index, n-gram); the last is a reduction.
  return linalg::GenericOp::create(
             b, loc, TypeRange{type},
             ValueRange{counts, createI64Table(b, loc, outputIndexes)},
             ValueRange{init},
             ArrayRef<AffineMap>{map({0, 2}), map({2}), map({0, 1})},
             ArrayRef<utils::IteratorType>{utils::IteratorType::parallel,
                                           utils::IteratorType::parallel,
                                           utils::IteratorType::reduction},
             [&](OpBuilder &nb, Location l, ValueRange args) {
               Value output = arith::IndexCastOp::create(
                   nb, l, i64, linalg::IndexOp::create(nb, l, 1));
               Value mine = arith::CmpIOp::create(
                   nb, l, arith::CmpIPredicate::eq, args[1], output);
               Value count = arith::SelectOp::create(nb, l, mine, args[0],
                                                     createZero(nb, l, i64));
               linalg::YieldOp::create(
                   nb, l,
                   ValueRange{arith::AddIOp::create(nb, l, args[2], count)});
             })
      .getResult(0);
}

/// ONNX TfIdfVectorizer on integer tokens. A 1-D input is the one row of a
/// [1, C] input.
struct LowerTfIdfVectorizer : OpConversionPattern<onnx::TfIdfVectorizerOp> {
  using OpConversionPattern::OpConversionPattern;

  LogicalResult
  matchAndRewrite(onnx::TfIdfVectorizerOp op, OpAdaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op.getLoc();
    Value tokens = adaptor.getX();
    auto type = dyn_cast<RankedTensorType>(tokens.getType());
    if (!type)
      return emitUnsupported(op, "its input must be a ranked tensor");
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    bool batched = type.getRank() == 2;
    if (!batched)
      tokens = insertUnitDim(rewriter, loc, tokens, 0);
    int64_t outputSize = op.getOutputSize();
    OpFoldResult rows = tensor::getMixedSizes(rewriter, loc, tokens)[0];
    int64_t numRows = cast<RankedTensorType>(tokens.getType()).getDimSize(0);
    Type i64 = rewriter.getI64Type();

    SmallVector<onnx::TfIdfVectorizerOp::NGram> ngrams = op.getCountedNGrams();
    Value frequencies;
    if (ngrams.empty()) {
      frequencies = createFilledTensor(
          rewriter, loc, RankedTensorType::get({numRows, outputSize}, i64),
          {rows, rewriter.getIndexAttr(outputSize)},
          createZero(rewriter, loc, i64));
    } else {
      Value counts = createNGramCounts(rewriter, loc, tokens, ngrams,
                                       op.getMaxSkipCount());
      frequencies =
          createFrequencies(rewriter, loc, counts, ngrams, outputSize);
    }

    // ONNX weights are read per output index; absent, they are all 1.
    Type f32 = rewriter.getF32Type();
    SmallVector<float> weights(outputSize, 1.0f);
    if (std::optional<ArrayAttr> attr = op.getWeights(); attr && !attr->empty())
      for (int64_t index = 0; index < outputSize; ++index)
        weights[index] =
            cast<FloatAttr>((*attr)[index]).getValue().convertToFloat();
    Value weightTable = arith::ConstantOp::create(
        rewriter, loc,
        DenseFPElementsAttr::get(RankedTensorType::get({outputSize}, f32),
                                 ArrayRef<float>(weights)));
    StringRef mode = op.getMode();
    auto outputType = RankedTensorType::get({numRows, outputSize}, f32);
    Value init = createEmptyTensor(rewriter, loc, outputType,
                                   {rows, rewriter.getIndexAttr(outputSize)});
    MLIRContext *context = rewriter.getContext();
    AffineMap identity = AffineMap::getMultiDimIdentityMap(2, context);
    AffineMap column =
        AffineMap::get(2, 0, {getAffineDimExpr(1, context)}, context);
    Value result =
        linalg::GenericOp::create(
            rewriter, loc, TypeRange{outputType},
            ValueRange{frequencies, weightTable}, ValueRange{init},
            ArrayRef<AffineMap>{identity, column, identity},
            SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
            [&](OpBuilder &b, Location l, ValueRange args) {
              Value frequency = args[0], weight = args[1];
              Value count = arith::SIToFPOp::create(b, l, f32, frequency);
              Value value = count;
              if (mode == "IDF") {
                Value seen =
                    arith::CmpIOp::create(b, l, arith::CmpIPredicate::sgt,
                                          frequency, createZero(b, l, i64));
                value = arith::SelectOp::create(b, l, seen, weight,
                                                createZero(b, l, f32));
              } else if (mode == "TFIDF") {
                value = arith::MulFOp::create(b, l, count, weight);
              }
              linalg::YieldOp::create(b, l, ValueRange{value});
            })
            .getResult(0);
    if (!batched)
      result = dropUnitDim(rewriter, loc, result, 0);
    rewriter.replaceOp(op, castTo(rewriter, loc, result, *resultType));
    return success();
  }
};

} // namespace

void populateTextPatterns(const TypeConverter &typeConverter,
                          RewritePatternSet &patterns) {
  patterns.add<LowerTfIdfVectorizer>(typeConverter, patterns.getContext());
}

} // namespace onnxc::detail
