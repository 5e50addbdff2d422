//===- Einsum.cpp - Einsum equations and the op's shape rule --------------===//

#include "onnxc/Dialect/ONNX/IR/Einsum.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"

#include "llvm/ADT/StringExtras.h"

#include <map>

using namespace mlir;

namespace onnxc::onnx {
namespace {

/// One side of an equation's term: its letters, and where `...` sits among
/// them (-1 without).
struct Term {
  std::string letters;
  int64_t ellipsisAt = -1;
};

FailureOr<Term> parseTerm(StringRef text, std::string &error) {
  Term term;
  while (!text.empty()) {
    if (text.consume_front("...")) {
      if (term.ellipsisAt >= 0) {
        error = "'...' appears twice in a term";
        return failure();
      }
      term.ellipsisAt = term.letters.size();
      continue;
    }
    char c = text.front();
    if (!llvm::isAlpha(c)) {
      error = (Twine("unexpected character '") + Twine(c) + "'").str();
      return failure();
    }
    term.letters.push_back(c);
    text = text.drop_front();
  }
  return term;
}

} // namespace

FailureOr<EinsumEquation> parseEinsumEquation(StringRef equation,
                                              ArrayRef<int64_t> operandRanks,
                                              std::string &error) {
  std::string compact;
  for (char c : equation)
    if (c != ' ')
      compact.push_back(c);
  StringRef lhs = compact, rhs;
  bool explicitResult = false;
  if (size_t arrow = lhs.find("->"); arrow != StringRef::npos) {
    rhs = lhs.substr(arrow + 2);
    lhs = lhs.substr(0, arrow);
    explicitResult = true;
  }
  SmallVector<StringRef> termTexts;
  lhs.split(termTexts, ',');
  if (termTexts.size() != operandRanks.size()) {
    error = ("the equation has " + Twine(termTexts.size()) +
             " input terms for " + Twine(operandRanks.size()) + " inputs")
                .str();
    return failure();
  }

  SmallVector<Term> terms;
  int64_t numEllipsisDims = 0;
  for (auto [text, rank] : llvm::zip_equal(termTexts, operandRanks)) {
    FailureOr<Term> term = parseTerm(text, error);
    if (failed(term))
      return failure();
    int64_t letters = term->letters.size();
    if (term->ellipsisAt < 0 ? letters != rank : letters > rank) {
      error = ("term '" + text + "' does not fit an input of rank " +
               Twine(rank))
                  .str();
      return failure();
    }
    if (term->ellipsisAt >= 0)
      numEllipsisDims = std::max(numEllipsisDims, rank - letters);
    terms.push_back(std::move(*term));
  }

  // Letters are numbered after the `...` dims, in character order, which is
  // also the order of the implicit result.
  std::map<char, int64_t> uses;
  for (const Term &term : terms)
    for (char c : term.letters)
      ++uses[c];
  DenseMap<char, int64_t> labelOf;
  for (auto &[c, count] : uses) {
    int64_t label = numEllipsisDims + labelOf.size();
    labelOf[c] = label;
  }

  EinsumEquation result;
  result.numEllipsisDims = numEllipsisDims;
  result.numLabels = numEllipsisDims + labelOf.size();
  auto labelsOf = [&](const Term &term, int64_t rank) {
    int64_t letters = term.letters.size();
    SmallVector<int64_t> labels;
    for (int64_t index = 0; index <= letters; ++index) {
      if (index == term.ellipsisAt)
        for (int64_t dim = numEllipsisDims - (rank - letters);
             dim < numEllipsisDims; ++dim)
          labels.push_back(dim);
      if (index < letters)
        labels.push_back(labelOf.lookup(term.letters[index]));
    }
    return labels;
  };
  for (auto [term, rank] : llvm::zip_equal(terms, operandRanks))
    result.operandLabels.push_back(labelsOf(term, rank));

  if (!explicitResult) {
    for (int64_t dim = 0; dim < numEllipsisDims; ++dim)
      result.resultLabels.push_back(dim);
    for (auto &[c, count] : uses)
      if (count == 1)
        result.resultLabels.push_back(labelOf.lookup(c));
    return result;
  }
  FailureOr<Term> output = parseTerm(rhs, error);
  if (failed(output))
    return failure();
  for (auto [index, c] : llvm::enumerate(output->letters)) {
    if (!labelOf.contains(c)) {
      error = (Twine("output letter '") + Twine(c) +
               "' names no dim of an input")
                  .str();
      return failure();
    }
    if (output->letters.find(c) != index) {
      error = (Twine("output letter '") + Twine(c) + "' appears twice").str();
      return failure();
    }
  }
  // As in numpy, dims that `...` stands for in the inputs must appear in the
  // result.
  if (numEllipsisDims > 0 && output->ellipsisAt < 0) {
    error = "the output must have '...' where the inputs' '...' stands for "
            "dims";
    return failure();
  }
  int64_t resultRank = output->letters.size() +
                       (output->ellipsisAt >= 0 ? numEllipsisDims : 0);
  result.resultLabels = labelsOf(*output, resultRank);
  return result;
}

FailureOr<SmallVector<int64_t>>
computeEinsumLabelSizes(const EinsumEquation &equation,
                        ArrayRef<ArrayRef<int64_t>> operandShapes,
                        std::string &error) {
  SmallVector<int64_t> sizes(equation.numLabels, ShapedType::kDynamic);
  // A `...` dim's size is a 1 that stretches until another size is seen.
  for (int64_t label = 0; label < equation.numEllipsisDims; ++label)
    sizes[label] = 1;
  SmallVector<bool> dynamicEllipsis(equation.numEllipsisDims, false);
  for (auto [labels, shape] :
       llvm::zip_equal(equation.operandLabels, operandShapes)) {
    for (auto [label, size] : llvm::zip_equal(labels, shape)) {
      if (ShapedType::isDynamic(size)) {
        if (equation.isEllipsisLabel(label))
          dynamicEllipsis[label] = true;
        continue;
      }
      int64_t &known = sizes[label];
      if (equation.isEllipsisLabel(label) && (size == 1 || known == 1)) {
        known = std::max(known, size);
        continue;
      }
      if (!ShapedType::isDynamic(known) && known != size) {
        error = ("sizes " + Twine(known) + " and " + Twine(size) +
                 " of one index differ")
                    .str();
        return failure();
      }
      known = size;
    }
  }
  // A dynamic `...` dim decides the size unless a known size other than 1
  // does.
  for (int64_t label = 0; label < equation.numEllipsisDims; ++label)
    if (dynamicEllipsis[label] && sizes[label] == 1)
      sizes[label] = ShapedType::kDynamic;
  return sizes;
}

LogicalResult EinsumOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  if (getInputs().empty())
    return emitOpError("needs at least one input");
  Type elementType =
      cast<TensorType>(getInputs().front().getType()).getElementType();
  SmallVector<int64_t> ranks;
  SmallVector<ArrayRef<int64_t>> shapes;
  for (Value input : getInputs())
    if (cast<TensorType>(input.getType()).getElementType() != elementType)
      return emitOpError("inputs must have one element type, got ")
             << getInputs().getTypes();
  for (Value input : getInputs()) {
    auto type = dyn_cast<RankedTensorType>(input.getType());
    if (!type) {
      inferred.push_back(UnrankedTensorType::get(elementType));
      return success();
    }
    ranks.push_back(type.getRank());
    shapes.push_back(type.getShape());
  }
  std::string error;
  FailureOr<EinsumEquation> equation =
      parseEinsumEquation(getEquation(), ranks, error);
  if (failed(equation))
    return emitOpError("equation '") << getEquation() << "': " << error;
  FailureOr<SmallVector<int64_t>> sizes =
      computeEinsumLabelSizes(*equation, shapes, error);
  if (failed(sizes))
    return emitOpError("equation '") << getEquation() << "': " << error;
  SmallVector<int64_t> shape;
  for (int64_t label : equation->resultLabels)
    shape.push_back((*sizes)[label]);
  inferred.push_back(RankedTensorType::get(shape, elementType));
  return success();
}

} // namespace onnxc::onnx
