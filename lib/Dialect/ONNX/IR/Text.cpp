//===- Text.cpp - Verifier and shape rule of TfIdfVectorizer --------------===//

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include <map>

using namespace mlir;

namespace onnxc::onnx {

static SmallVector<int64_t> getInts(ArrayAttr attr) {
  return llvm::map_to_vector(
      attr, [](Attribute value) { return cast<IntegerAttr>(value).getInt(); });
}

int64_t TfIdfVectorizerOp::getOutputSize() {
  SmallVector<int64_t> indexes = getInts(getNgramIndexes());
  return indexes.empty() ? 0 : *llvm::max_element(indexes) + 1;
}

SmallVector<TfIdfVectorizerOp::NGram> TfIdfVectorizerOp::getCountedNGrams() {
  SmallVector<int64_t> counts = getInts(getNgramCounts());
  SmallVector<int64_t> indexes = getInts(getNgramIndexes());
  SmallVector<int64_t> pool = getInts(getPoolInt64s());
  int64_t minLength = getMinGramLength(), maxLength = getMaxGramLength();
  SmallVector<NGram> ngrams;
  std::map<SmallVector<int64_t>, size_t> positions;
  // ONNX numbers the pool's n-grams across all sizes, counted or not.
  int64_t id = 0;
  for (auto [sizeIndex, start] : llvm::enumerate(counts)) {
    int64_t size = sizeIndex + 1;
    int64_t end = sizeIndex + 1 < counts.size()
                      ? counts[sizeIndex + 1]
                      : static_cast<int64_t>(pool.size());
    for (int64_t first = start; first + size <= end; first += size, ++id) {
      if (size < minLength || size > maxLength)
        continue;
      SmallVector<int64_t> tokens(pool.begin() + first,
                                  pool.begin() + first + size);
      auto [it, inserted] = positions.try_emplace(tokens, ngrams.size());
      if (inserted)
        ngrams.push_back({tokens, indexes[id]});
      else
        ngrams[it->second].outputIndex = indexes[id];
    }
  }
  return ngrams;
}

LogicalResult TfIdfVectorizerOp::verify() {
  StringRef mode = getMode();
  if (mode != "TF" && mode != "IDF" && mode != "TFIDF")
    return emitOpError("mode must be TF, IDF or TFIDF, got '") << mode << "'";
  int64_t minLength = getMinGramLength(), maxLength = getMaxGramLength();
  if (minLength < 1 || maxLength < minLength)
    return emitOpError("needs 1 <= min_gram_length <= max_gram_length, got ")
           << minLength << " and " << maxLength;
  if (static_cast<int64_t>(getMaxSkipCount()) < 0)
    return emitOpError("max_skip_count must not be negative");
  SmallVector<int64_t> counts = getInts(getNgramCounts());
  SmallVector<int64_t> indexes = getInts(getNgramIndexes());
  int64_t poolSize = getPoolInt64s().size();
  if (indexes.empty())
    return emitOpError("ngram_indexes must not be empty");
  if (llvm::any_of(indexes, [](int64_t index) { return index < 0; }))
    return emitOpError("ngram_indexes must not be negative");
  int64_t numNGrams = 0;
  for (auto [sizeIndex, start] : llvm::enumerate(counts)) {
    int64_t end =
        sizeIndex + 1 < counts.size() ? counts[sizeIndex + 1] : poolSize;
    if (start < 0 || start > end || end > poolSize)
      return emitOpError("ngram_counts must rise within the pool's ")
             << poolSize << " elements";
    if ((end - start) % (sizeIndex + 1) != 0)
      return emitOpError("the pool's ")
             << sizeIndex + 1 << "-grams take " << end - start
             << " elements, not a multiple of " << sizeIndex + 1;
    numNGrams += (end - start) / (sizeIndex + 1);
  }
  if (numNGrams > static_cast<int64_t>(indexes.size()))
    return emitOpError("the pool holds ")
           << numNGrams << " n-grams but ngram_indexes only " << indexes.size();
  // ONNX's reference reads weights[j] for each output index j.
  if (std::optional<ArrayAttr> weights = getWeights();
      weights && !weights->empty() &&
      static_cast<int64_t>(weights->size()) < getOutputSize())
    return emitOpError("weights has ")
           << weights->size() << " values, fewer than the " << getOutputSize()
           << " outputs";
  return success();
}

LogicalResult
TfIdfVectorizerOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  auto type = cast<TensorType>(getX().getType());
  Type f32 = Float32Type::get(getContext());
  if (!type.hasRank()) {
    inferred.push_back(UnrankedTensorType::get(f32));
    return success();
  }
  if (type.getRank() != 1 && type.getRank() != 2)
    return emitOpError("X must be [C] or [N, C], got ") << type;
  SmallVector<int64_t> shape(type.getShape().drop_back());
  shape.push_back(getOutputSize());
  inferred.push_back(RankedTensorType::get(shape, f32));
  return success();
}

} // namespace onnxc::onnx
