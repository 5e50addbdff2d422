//===- Recurrent.cpp - Shape rules of RNN, GRU and LSTM -------------------===//

#include "onnxc/Dialect/ONNX/IR/Recurrent.h"

#include "mlir/IR/TypeUtilities.h"
#include "llvm/ADT/StringSwitch.h"

#include <limits>

using namespace mlir;

namespace onnxc::onnx {

//===----------------------------------------------------------------------===//
// Activation functions
//===----------------------------------------------------------------------===//

namespace {
/// How an activation function reads activation_alpha/activation_beta, with
/// the defaults of the ONNX operators of the same names.
struct ActivationInfo {
  RecurrentActivation::Kind kind;
  std::optional<float> alpha, beta;
};
} // namespace

static std::optional<ActivationInfo> lookupActivation(StringRef name) {
  using Kind = RecurrentActivation::Kind;
  std::string lower = name.lower();
  return llvm::StringSwitch<std::optional<ActivationInfo>>(lower)
      .Case("affine", ActivationInfo{Kind::Affine, 1.0f, 0.0f})
      .Case("elu", ActivationInfo{Kind::Elu, 1.0f, std::nullopt})
      .Case("hardsigmoid", ActivationInfo{Kind::HardSigmoid, 0.2f, 0.5f})
      .Case("leakyrelu", ActivationInfo{Kind::LeakyRelu, 0.01f, std::nullopt})
      .Case("relu", ActivationInfo{Kind::Relu, std::nullopt, std::nullopt})
      .Case("scaledtanh", ActivationInfo{Kind::ScaledTanh, 1.0f, 1.0f})
      .Case("sigmoid",
            ActivationInfo{Kind::Sigmoid, std::nullopt, std::nullopt})
      .Case("softplus",
            ActivationInfo{Kind::Softplus, std::nullopt, std::nullopt})
      .Case("softsign",
            ActivationInfo{Kind::Softsign, std::nullopt, std::nullopt})
      .Case("tanh", ActivationInfo{Kind::Tanh, std::nullopt, std::nullopt})
      .Case("thresholdedrelu",
            ActivationInfo{Kind::ThresholdedRelu, 1.0f, std::nullopt})
      .Default(std::nullopt);
}

FailureOr<SmallVector<RecurrentActivation>> resolveRecurrentActivations(
    std::optional<ArrayAttr> names, std::optional<ArrayAttr> alphas,
    std::optional<ArrayAttr> betas, ArrayRef<StringLiteral> defaults,
    int64_t numDirections, std::string &error) {
  SmallVector<StringRef> listed;
  if (names) {
    for (Attribute name : *names)
      listed.push_back(cast<StringAttr>(name).getValue());
  } else {
    for (int64_t direction = 0; direction < numDirections; ++direction)
      llvm::append_range(listed, defaults);
  }
  if (static_cast<int64_t>(listed.size()) !=
      static_cast<int64_t>(defaults.size()) * numDirections) {
    error = "expects " + std::to_string(defaults.size() * numDirections) +
            " activations (" + std::to_string(defaults.size()) +
            " per direction), got " + std::to_string(listed.size());
    return failure();
  }
  // ONNX RNN/GRU/LSTM: activation_alpha and activation_beta list the
  // parameters of the activation functions that take them, in order.
  auto takeNext = [](std::optional<ArrayAttr> list, size_t &next,
                     float defaultValue) {
    if (list && next < list->size())
      return static_cast<float>(
          cast<FloatAttr>((*list)[next++]).getValueAsDouble());
    return defaultValue;
  };
  size_t nextAlpha = 0, nextBeta = 0;
  SmallVector<RecurrentActivation> functions;
  for (StringRef name : listed) {
    std::optional<ActivationInfo> info = lookupActivation(name);
    if (!info) {
      error = ("unknown activation function '" + name + "'").str();
      return failure();
    }
    RecurrentActivation function{info->kind};
    if (info->alpha)
      function.alpha = takeNext(alphas, nextAlpha, *info->alpha);
    if (info->beta)
      function.beta = takeNext(betas, nextBeta, *info->beta);
    functions.push_back(function);
  }
  return functions;
}

//===----------------------------------------------------------------------===//
// The shared shape rule
//===----------------------------------------------------------------------===//

/// "(2 x ? x 3)" for diagnostics.
static std::string formatShape(ArrayRef<int64_t> shape) {
  std::string text = "(";
  for (auto [index, size] : llvm::enumerate(shape)) {
    if (index)
      text += " x ";
    text += ShapedType::isDynamic(size) ? "?" : std::to_string(size);
  }
  return text + ")";
}

/// The rank-and-size check of one operand against `expected`, when ranked.
static LogicalResult checkOperandShape(Operation *op, Value value,
                                       StringRef name,
                                       ArrayRef<int64_t> expected) {
  if (!value)
    return success();
  auto type = dyn_cast<RankedTensorType>(value.getType());
  if (!type)
    return success();
  if (type.getRank() != static_cast<int64_t>(expected.size()) ||
      failed(verifyCompatibleShape(type.getShape(), expected)))
    return op->emitOpError() << name << " must have shape "
                             << formatShape(expected) << ", got " << type;
  return success();
}

static int64_t dimOrDynamic(Value value, int64_t dim) {
  auto type =
      value ? dyn_cast<RankedTensorType>(value.getType()) : RankedTensorType();
  return type && dim < type.getRank() ? type.getDimSize(dim)
                                      : ShapedType::kDynamic;
}

static int64_t mulOrDynamic(int64_t factor, int64_t size) {
  return ShapedType::isDynamic(size) ? ShapedType::kDynamic : factor * size;
}

/// The first known size among `sizes`.
static int64_t firstKnown(std::initializer_list<int64_t> sizes) {
  for (int64_t size : sizes)
    if (!ShapedType::isDynamic(size))
      return size;
  return ShapedType::kDynamic;
}

/// ONNX RNN/GRU/LSTM: X is (seq x batch x input) (layout 0) or (batch x seq
/// x input) (layout 1); W (dirs x gates*hidden x input), R (dirs x
/// gates*hidden x hidden), B (dirs x 2*gates*hidden), sequence_lens
/// (batch), initial_h and initial_c (dirs x batch x hidden, or batch x dirs
/// x hidden), P (dirs x 3*hidden). Y is (seq x dirs x batch x hidden) or
/// (batch x seq x dirs x hidden); Y_h and Y_c are shaped like initial_h.
template <typename OpTy>
static LogicalResult inferRecurrent(OpTy op, Value initialC, Value peepholes,
                                    SmallVectorImpl<Type> &inferred) {
  Type elementType = getElementTypeOrSelf(op.getX().getType());
  bool batchMajor = op.getLayout() == 1;
  int64_t dirs = op.getNumDirections();
  int64_t gates = OpTy::kNumGates;
  if (auto x = dyn_cast<RankedTensorType>(op.getX().getType());
      x && x.getRank() != 3)
    return op.emitOpError("X must be of rank 3, got ") << x;
  int64_t seq = dimOrDynamic(op.getX(), batchMajor ? 1 : 0);
  int64_t stateBatchDim = batchMajor ? 0 : 1;
  int64_t batch = firstKnown({dimOrDynamic(op.getX(), batchMajor ? 0 : 1),
                              dimOrDynamic(op.getInitialH(), stateBatchDim),
                              dimOrDynamic(initialC, stateBatchDim),
                              dimOrDynamic(op.getSequenceLens(), 0)});
  int64_t input = dimOrDynamic(op.getX(), 2);
  int64_t hidden = firstKnown(
      {op.getHiddenSize() ? static_cast<int64_t>(*op.getHiddenSize())
                          : ShapedType::kDynamic,
       dimOrDynamic(op.getR(), 2), dimOrDynamic(op.getInitialH(), 2)});
  if (!ShapedType::isDynamic(hidden) && hidden <= 0)
    return op.emitOpError("hidden_size must be positive, got ") << hidden;
  // B's 2*gates*hidden must not overflow int64.
  if (!ShapedType::isDynamic(hidden) &&
      hidden > std::numeric_limits<int64_t>::max() / (2 * gates))
    return op.emitOpError("hidden_size is too large, got ") << hidden;

  SmallVector<int64_t> state = batchMajor
                                   ? SmallVector<int64_t>{batch, dirs, hidden}
                                   : SmallVector<int64_t>{dirs, batch, hidden};
  Operation *raw = op.getOperation();
  if (failed(checkOperandShape(raw, op.getW(), "W",
                               {dirs, mulOrDynamic(gates, hidden), input})) ||
      failed(checkOperandShape(raw, op.getR(), "R",
                               {dirs, mulOrDynamic(gates, hidden), hidden})) ||
      failed(checkOperandShape(raw, op.getB(), "B",
                               {dirs, mulOrDynamic(2 * gates, hidden)})) ||
      failed(checkOperandShape(raw, op.getSequenceLens(), "sequence_lens",
                               {batch})) ||
      failed(checkOperandShape(raw, op.getInitialH(), "initial_h", state)) ||
      failed(checkOperandShape(raw, initialC, "initial_c", state)) ||
      failed(checkOperandShape(raw, peepholes, "P",
                               {dirs, mulOrDynamic(3, hidden)})))
    return failure();

  SmallVector<int64_t> y = batchMajor
                               ? SmallVector<int64_t>{batch, seq, dirs, hidden}
                               : SmallVector<int64_t>{seq, dirs, batch, hidden};
  inferred.push_back(RankedTensorType::get(y, elementType));
  for (unsigned result = 1; result < op->getNumResults(); ++result)
    inferred.push_back(RankedTensorType::get(state, elementType));
  return success();
}

template <typename OpTy> static LogicalResult verifyRecurrent(OpTy op) {
  StringRef direction = op.getDirection();
  if (direction != "forward" && direction != "reverse" &&
      direction != "bidirectional")
    return op.emitOpError("direction must be forward, reverse or "
                          "bidirectional, got '")
           << direction << "'";
  if (op.getLayout() != 0 && op.getLayout() != 1)
    return op.emitOpError("layout must be 0 or 1, got ") << op.getLayout();
  if (std::optional<APFloat> clip = op.getClip();
      clip && !(clip->convertToDouble() > 0.0))
    return op.emitOpError("clip must be positive");
  std::string error;
  if (failed(getActivationFunctions(op, error)))
    return op.emitOpError(error);
  return success();
}

LogicalResult RNNOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(*this, /*initialC=*/nullptr, /*peepholes=*/nullptr,
                        inferred);
}

LogicalResult RNNOp::verify() { return verifyRecurrent(*this); }

LogicalResult GRUOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(*this, /*initialC=*/nullptr, /*peepholes=*/nullptr,
                        inferred);
}

LogicalResult GRUOp::verify() {
  if (getLinearBeforeReset() != 0 && getLinearBeforeReset() != 1)
    return emitOpError("linear_before_reset must be 0 or 1");
  return verifyRecurrent(*this);
}

LogicalResult LSTMOp::inferResultTypes(SmallVectorImpl<Type> &inferred) {
  return inferRecurrent(*this, getInitialC(), getP(), inferred);
}

LogicalResult LSTMOp::verify() {
  if (getInputForget() != 0 && getInputForget() != 1)
    return emitOpError("input_forget must be 0 or 1");
  return verifyRecurrent(*this);
}

} // namespace onnxc::onnx
