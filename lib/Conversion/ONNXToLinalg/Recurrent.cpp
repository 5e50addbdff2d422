//===- Recurrent.cpp - RNN, GRU and LSTM to a loop over time --------------===//
//
// One skeleton lowers the three ops: for each direction, an scf.for over the
// sequence carries Y and the cell's states (H, and C for LSTM) as tensors.
// X W^T is computed for all steps before the loop, as one product of
// seq*batch rows (per step, a product of `batch` rows, often one, runs far
// from the machine's peak). Each step slices X_t W^T, asks the op's cell for
// the next states, applies sequence_lens, and inserts H into Y. Cells are
// built from linalg.matmul (H R^T, accumulated into X_t W^T where ONNX
// allows) and one linalg.generic of scalar gate arithmetic over
// (batch x hidden).
//
// layout = 1 (batch-major) only changes which dims the slices fix, so no
// transposes are needed on the way in or out.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"
#include "onnxc/Dialect/ONNX/IR/Recurrent.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/Dialect/SCF/IR/SCF.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

using onnx::RecurrentActivation;

//===----------------------------------------------------------------------===//
// Slices that fix some dims of a tensor
//===----------------------------------------------------------------------===//

/// A dim fixed to one index: the slice drops it.
struct FixedDim {
  int64_t dim;
  OpFoldResult index;
};

/// The slice of `source` at the fixed dims, whole along the others, with the
/// fixed dims dropped.
Value extractSlab(OpBuilder &b, Location loc, Value source,
                  ArrayRef<FixedDim> fixed) {
  auto type = cast<RankedTensorType>(source.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, source);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  for (const FixedDim &dim : fixed) {
    offsets[dim.dim] = dim.index;
    sizes[dim.dim] = b.getIndexAttr(1);
  }
  auto resultType = tensor::ExtractSliceOp::inferCanonicalRankReducedResultType(
      rank - fixed.size(), type, sizes);
  return tensor::ExtractSliceOp::create(b, loc, resultType, source, offsets,
                                        sizes, strides);
}

/// `dest` with `slab` written at the fixed dims (the inverse of
/// extractSlab).
Value insertSlab(OpBuilder &b, Location loc, Value slab, Value dest,
                 ArrayRef<FixedDim> fixed) {
  auto type = cast<RankedTensorType>(dest.getType());
  int64_t rank = type.getRank();
  SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, dest);
  SmallVector<OpFoldResult> strides(rank, b.getIndexAttr(1));
  for (const FixedDim &dim : fixed) {
    offsets[dim.dim] = dim.index;
    sizes[dim.dim] = b.getIndexAttr(1);
  }
  // The slab may know more or less statically than the slice it fills.
  auto slabType = tensor::ExtractSliceOp::inferCanonicalRankReducedResultType(
      rank - fixed.size(), type, sizes);
  return tensor::InsertSliceOp::create(b, loc, castTo(b, loc, slab, slabType),
                                       dest, offsets, sizes, strides);
}

/// `factor * size` on index values, folded when `size` is constant.
OpFoldResult multiply(OpBuilder &b, Location loc, int64_t factor,
                      OpFoldResult size) {
  if (std::optional<int64_t> constant = getConstantIntValue(size))
    return b.getIndexAttr(factor * *constant);
  return arith::MulIOp::create(b, loc,
                               getValueOrCreateConstantIndexOp(b, loc, size),
                               arith::ConstantIndexOp::create(b, loc, factor))
      .getResult();
}

//===----------------------------------------------------------------------===//
// Activation functions
//===----------------------------------------------------------------------===//

Value floatConstant(OpBuilder &b, Location loc, Type type, double value) {
  return arith::ConstantOp::create(b, loc, b.getFloatAttr(type, value));
}

/// ONNX RNN/GRU/LSTM: `clip` bounds the input of every activation function
/// to [-clip, clip].
Value applyActivation(OpBuilder &b, Location loc,
                      const RecurrentActivation &function, Value x,
                      std::optional<float> clip) {
  using Kind = RecurrentActivation::Kind;
  Type type = x.getType();
  if (clip) {
    x = arith::MaximumFOp::create(b, loc, x,
                                  floatConstant(b, loc, type, -*clip));
    x = arith::MinimumFOp::create(b, loc, x,
                                  floatConstant(b, loc, type, *clip));
  }
  auto constant = [&](double value) {
    return floatConstant(b, loc, type, value);
  };
  Value zero = constant(0.0), one = constant(1.0);
  Value alpha = constant(function.alpha), beta = constant(function.beta);
  auto negative = [&] {
    return arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OLT, x, zero);
  };
  switch (function.kind) {
  case Kind::Affine:
    return arith::AddFOp::create(b, loc,
                                 arith::MulFOp::create(b, loc, alpha, x), beta);
  case Kind::Elu: {
    Value expm1 =
        arith::SubFOp::create(b, loc, math::ExpOp::create(b, loc, x), one);
    return arith::SelectOp::create(
        b, loc, negative(), arith::MulFOp::create(b, loc, alpha, expm1), x);
  }
  case Kind::HardSigmoid: {
    Value linear = arith::AddFOp::create(
        b, loc, arith::MulFOp::create(b, loc, alpha, x), beta);
    return arith::MinimumFOp::create(
        b, loc, arith::MaximumFOp::create(b, loc, linear, zero), one);
  }
  case Kind::LeakyRelu:
    return arith::SelectOp::create(b, loc, negative(),
                                   arith::MulFOp::create(b, loc, alpha, x), x);
  case Kind::Relu:
    return arith::MaximumFOp::create(b, loc, x, zero);
  case Kind::ScaledTanh:
    return arith::MulFOp::create(
        b, loc, alpha,
        math::TanhOp::create(b, loc, arith::MulFOp::create(b, loc, beta, x)));
  case Kind::Sigmoid:
    return arith::DivFOp::create(
        b, loc, one,
        arith::AddFOp::create(
            b, loc, one,
            math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, x))));
  case Kind::Softplus:
    return math::Log1pOp::create(b, loc, math::ExpOp::create(b, loc, x));
  case Kind::Softsign:
    return arith::DivFOp::create(
        b, loc, x,
        arith::AddFOp::create(b, loc, one, math::AbsFOp::create(b, loc, x)));
  case Kind::Tanh:
    return math::TanhOp::create(b, loc, x);
  case Kind::ThresholdedRelu:
    return arith::SelectOp::create(
        b, loc,
        arith::CmpFOp::create(b, loc, arith::CmpFPredicate::OGT, x, alpha), x,
        zero);
  }
  llvm_unreachable("unknown activation function");
}

//===----------------------------------------------------------------------===//
// The pieces a cell is built from
//===----------------------------------------------------------------------===//

/// One direction's weights, ready for the time loop.
struct DirectionWeights {
  /// R^T (hidden x gates*hidden).
  Value rT;
  /// Wb and Rb (gates*hidden each).
  Value wBias, rBias;
  /// P (3*hidden), LSTM only.
  Value peepholes;
  /// This direction's f, g[, h].
  ArrayRef<RecurrentActivation> activations;
};

/// acc + lhs rhs, or lhs rhs without `acc`.
Value buildMatmul(OpBuilder &b, Location loc, Value lhs, Value rhs,
                  Value acc = {}) {
  if (!acc) {
    auto lhsType = cast<RankedTensorType>(lhs.getType());
    auto rhsType = cast<RankedTensorType>(rhs.getType());
    auto type =
        RankedTensorType::get({lhsType.getDimSize(0), rhsType.getDimSize(1)},
                              lhsType.getElementType());
    acc = createFilledTensor(b, loc, type,
                             {tensor::getMixedSize(b, loc, lhs, 0),
                              tensor::getMixedSize(b, loc, rhs, 1)},
                             createZero(b, loc, type.getElementType()));
  }
  return linalg::MatmulOp::create(b, loc, TypeRange{acc.getType()},
                                  ValueRange{lhs, rhs}, ValueRange{acc})
      .getResult(0);
}

/// X W^T for every step, in X's layout: X's (seq x batch) or (batch x seq)
/// rows collapsed into one matrix, multiplied, and expanded back.
Value projectInputs(OpBuilder &b, Location loc, Value x, Value wT) {
  SmallVector<ReassociationIndices> groups{{0, 1}, {2}};
  Value rows = tensor::CollapseShapeOp::create(b, loc, x, groups);
  Value product = buildMatmul(b, loc, rows, wT);
  auto xType = cast<RankedTensorType>(x.getType());
  auto type = RankedTensorType::get(
      {xType.getDimSize(0), xType.getDimSize(1),
       cast<RankedTensorType>(wT.getType()).getDimSize(1)},
      xType.getElementType());
  return createExpandShape(b, loc, type, product, groups,
                           {tensor::getMixedSize(b, loc, x, 0),
                            tensor::getMixedSize(b, loc, x, 1),
                            tensor::getMixedSize(b, loc, wT, 1)});
}

/// Builds the tensors of one cell step: (batch x hidden) states and gates.
class CellBuilder {
public:
  CellBuilder(OpBuilder &b, Location loc, RankedTensorType stateType,
              OpFoldResult batch, OpFoldResult hidden,
              std::optional<float> clip)
      : b(b), loc(loc), stateType(stateType), batch(batch), hidden(hidden),
        clip(clip) {}

  OpBuilder &getBuilder() { return b; }
  Location getLoc() { return loc; }

  /// acc + lhs rhs, or lhs rhs without `acc`.
  Value matmul(Value lhs, Value rhs, Value acc = {}) {
    return buildMatmul(b, loc, lhs, rhs, acc);
  }

  /// Gates `first` .. `first + count - 1` of a (batch x gates*hidden)
  /// tensor.
  Value gates(Value all, int64_t first, int64_t count = 1) {
    auto type = cast<RankedTensorType>(all.getType());
    int64_t rows = type.getRank() == 2 ? 1 : 0;
    SmallVector<OpFoldResult> offsets(type.getRank(), b.getIndexAttr(0));
    SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, all);
    SmallVector<OpFoldResult> strides(type.getRank(), b.getIndexAttr(1));
    offsets[rows] = multiply(b, loc, first, hidden);
    sizes[rows] = multiply(b, loc, count, hidden);
    return tensor::ExtractSliceOp::create(b, loc, all, offsets, sizes, strides);
  }

  /// The same gates of a (gates*hidden) bias or peephole vector, one vector
  /// per gate.
  SmallVector<Value> splitGates(Value vector, int64_t count) {
    SmallVector<Value> parts;
    for (int64_t gate = 0; gate < count; ++gate)
      parts.push_back(gates(vector, gate));
    return parts;
  }

  /// A linalg.generic over (batch x hidden) yielding `numResults` states
  /// from `inputs`: (batch x hidden) tensors elementwise, (hidden) vectors
  /// broadcast over the batch.
  SmallVector<Value> elementwise(
      ValueRange inputs, unsigned numResults,
      function_ref<SmallVector<Value>(OpBuilder &, Location, ValueRange)>
          body) {
    MLIRContext *context = b.getContext();
    AffineMap full = AffineMap::getMultiDimIdentityMap(2, context);
    AffineMap perHidden =
        AffineMap::get(2, 0, {b.getAffineDimExpr(1)}, context);
    SmallVector<AffineMap> maps;
    for (Value input : inputs)
      maps.push_back(cast<RankedTensorType>(input.getType()).getRank() == 2
                         ? full
                         : perHidden);
    SmallVector<Value> inits;
    for (unsigned result = 0; result < numResults; ++result) {
      inits.push_back(emptyState());
      maps.push_back(full);
    }
    SmallVector<Type> types(numResults, stateType);
    auto generic = linalg::GenericOp::create(
        b, loc, types, inputs, inits, maps,
        SmallVector<utils::IteratorType>(2, utils::IteratorType::parallel),
        [&](OpBuilder &nested, Location nestedLoc, ValueRange args) {
          linalg::YieldOp::create(nested, nestedLoc,
                                  body(nested, nestedLoc, args));
        });
    return SmallVector<Value>(generic.getResults());
  }

  Value emptyState() {
    return createEmptyTensor(b, loc, stateType, {batch, hidden});
  }

  Value activate(OpBuilder &nested, Location nestedLoc,
                 const RecurrentActivation &function, Value x) {
    return applyActivation(nested, nestedLoc, function, x, clip);
  }

private:
  OpBuilder &b;
  Location loc;
  RankedTensorType stateType;
  OpFoldResult batch, hidden;
  std::optional<float> clip;
};

/// Scalar helpers for cell bodies.
Value add(OpBuilder &b, Location loc, ValueRange terms) {
  Value sum = terms.front();
  for (Value term : terms.drop_front())
    sum = arith::AddFOp::create(b, loc, sum, term);
  return sum;
}

Value mul(OpBuilder &b, Location loc, Value lhs, Value rhs) {
  return arith::MulFOp::create(b, loc, lhs, rhs);
}

/// (1 - z) n + z h, GRU's blend of the new and the previous hidden state.
Value blend(OpBuilder &b, Location loc, Value z, Value n, Value h) {
  Value one = floatConstant(b, loc, z.getType(), 1.0);
  return arith::AddFOp::create(
      b, loc, mul(b, loc, arith::SubFOp::create(b, loc, one, z), n),
      mul(b, loc, z, h));
}

//===----------------------------------------------------------------------===//
// The cells
//===----------------------------------------------------------------------===//

/// Computes the next states from X_t W^T and the previous states (H[, C]).
using CellFn = function_ref<SmallVector<Value>(
    CellBuilder &, const DirectionWeights &, Value xw, ValueRange states)>;

/// ONNX RNN: H = f(X_t W^T + H R^T + Wb + Rb).
SmallVector<Value> buildRNNCell(CellBuilder &cell,
                                const DirectionWeights &weights, Value xw,
                                ValueRange states) {
  Value preActivation = cell.matmul(states[0], weights.rT, xw);
  return cell.elementwise(
      {preActivation, weights.wBias, weights.rBias}, 1,
      [&](OpBuilder &b, Location loc, ValueRange args) -> SmallVector<Value> {
        return {cell.activate(b, loc, weights.activations[0],
                              add(b, loc, args.take_front(3)))};
      });
}

/// ONNX GRU, gates z, r, h:
///   z = f(X Wz^T + H Rz^T + Wbz + Rbz), r = f(X Wr^T + H Rr^T + Wbr + Rbr)
///   n = g(X Wh^T + (r . H) Rh^T + Rbh + Wbh)         (linear_before_reset 0)
///   n = g(X Wh^T + r . (H Rh^T + Rbh) + Wbh)         (linear_before_reset 1)
///   H' = (1 - z) . n + z . H
SmallVector<Value> buildGRUCell(CellBuilder &cell,
                                const DirectionWeights &weights, Value xw,
                                ValueRange states, bool linearBeforeReset) {
  const RecurrentActivation &f = weights.activations[0];
  const RecurrentActivation &g = weights.activations[1];
  Value h = states[0];
  SmallVector<Value> wb = cell.splitGates(weights.wBias, 3);
  SmallVector<Value> rb = cell.splitGates(weights.rBias, 3);
  if (linearBeforeReset) {
    Value hr = cell.matmul(h, weights.rT);
    return cell.elementwise(
        {cell.gates(xw, 0), cell.gates(xw, 1), cell.gates(xw, 2),
         cell.gates(hr, 0), cell.gates(hr, 1), cell.gates(hr, 2), wb[0], wb[1],
         wb[2], rb[0], rb[1], rb[2], h},
        1,
        [&](OpBuilder &b, Location loc, ValueRange args) -> SmallVector<Value> {
          Value z = cell.activate(
              b, loc, f, add(b, loc, {args[0], args[3], args[6], args[9]}));
          Value r = cell.activate(
              b, loc, f, add(b, loc, {args[1], args[4], args[7], args[10]}));
          Value n = cell.activate(
              b, loc, g,
              add(b, loc,
                  {args[2], args[8],
                   mul(b, loc, r, add(b, loc, {args[5], args[11]}))}));
          return {blend(b, loc, z, n, args[12])};
        });
  }
  // The reset gate scales H before its product with Rh: z and r first.
  Value zr = cell.matmul(h, cell.gates(weights.rT, 0, 2), cell.gates(xw, 0, 2));
  SmallVector<Value> zAndResetH = cell.elementwise(
      {cell.gates(zr, 0), cell.gates(zr, 1), wb[0], wb[1], rb[0], rb[1], h}, 2,
      [&](OpBuilder &b, Location loc, ValueRange args) -> SmallVector<Value> {
        Value z =
            cell.activate(b, loc, f, add(b, loc, {args[0], args[2], args[4]}));
        Value r =
            cell.activate(b, loc, f, add(b, loc, {args[1], args[3], args[5]}));
        return {z, mul(b, loc, r, args[6])};
      });
  Value n =
      cell.matmul(zAndResetH[1], cell.gates(weights.rT, 2), cell.gates(xw, 2));
  return cell.elementwise(
      {n, wb[2], rb[2], zAndResetH[0], h}, 1,
      [&](OpBuilder &b, Location loc, ValueRange args) -> SmallVector<Value> {
        Value candidate =
            cell.activate(b, loc, g, add(b, loc, args.take_front(3)));
        return {blend(b, loc, args[3], candidate, args[4])};
      });
}

/// ONNX LSTM, gates i, o, f, c and peepholes Pi, Po, Pf:
///   i = f(X Wi^T + H Ri^T + Pi . C + Wbi + Rbi)
///   f = f(X Wf^T + H Rf^T + Pf . C + Wbf + Rbf)      (1 - i with input_forget)
///   c = g(X Wc^T + H Rc^T + Wbc + Rbc)
///   C' = f . C + i . c
///   o = f(X Wo^T + H Ro^T + Po . C' + Wbo + Rbo)
///   H' = o . h(C')
SmallVector<Value> buildLSTMCell(CellBuilder &cell,
                                 const DirectionWeights &weights, Value xw,
                                 ValueRange states, bool inputForget) {
  const RecurrentActivation &f = weights.activations[0];
  const RecurrentActivation &g = weights.activations[1];
  const RecurrentActivation &h = weights.activations[2];
  Value all = cell.matmul(states[0], weights.rT, xw);
  SmallVector<Value> inputs;
  for (int64_t gate = 0; gate < 4; ++gate)
    inputs.push_back(cell.gates(all, gate));
  llvm::append_range(inputs, cell.splitGates(weights.wBias, 4));
  llvm::append_range(inputs, cell.splitGates(weights.rBias, 4));
  llvm::append_range(inputs, cell.splitGates(weights.peepholes, 3));
  inputs.push_back(states[1]);
  return cell.elementwise(
      inputs, 2,
      [&](OpBuilder &b, Location loc, ValueRange args) -> SmallVector<Value> {
        // Gate k's matmul result, input bias, recurrence bias.
        auto gate = [&](int64_t k) -> SmallVector<Value> {
          return {args[k], args[4 + k], args[8 + k]};
        };
        ValueRange peepholes = args.slice(12, 3);
        Value c = args[15];
        SmallVector<Value> iTerms = gate(0);
        iTerms.push_back(mul(b, loc, peepholes[0], c));
        Value i = cell.activate(b, loc, f, add(b, loc, iTerms));
        Value forget;
        if (inputForget) {
          forget = arith::SubFOp::create(
              b, loc, floatConstant(b, loc, c.getType(), 1.0), i);
        } else {
          SmallVector<Value> fTerms = gate(2);
          fTerms.push_back(mul(b, loc, peepholes[2], c));
          forget = cell.activate(b, loc, f, add(b, loc, fTerms));
        }
        Value candidate = cell.activate(b, loc, g, add(b, loc, gate(3)));
        Value nextC = arith::AddFOp::create(b, loc, mul(b, loc, forget, c),
                                            mul(b, loc, i, candidate));
        SmallVector<Value> oTerms = gate(1);
        oTerms.push_back(mul(b, loc, peepholes[1], nextC));
        Value o = cell.activate(b, loc, f, add(b, loc, oTerms));
        // The output activation h reads C', which `clip` bounds as well.
        Value nextH = mul(b, loc, o, cell.activate(b, loc, h, nextC));
        return {nextH, nextC};
      });
}

//===----------------------------------------------------------------------===//
// The shared skeleton
//===----------------------------------------------------------------------===//

/// The converted operands of a recurrent op; null where the model leaves one
/// out.
struct RecurrentOperands {
  Value x, w, r, bias, sequenceLens, initialH, initialC, peepholes;
};

struct RecurrentConfig {
  int64_t numGates;
  /// 1 for RNN and GRU (H), 2 for LSTM (H, C).
  unsigned numStates;
  int64_t numDirections;
  bool reverse;
  bool batchMajor;
  std::optional<float> clip;
  ArrayRef<RecurrentActivation> activations;
  /// Whether the cell reads P (LSTM).
  bool hasPeepholes;
};

/// Replaces `op` by the loops over time of every direction. Results: Y,
/// then the last state of each kind (Y_h[, Y_c]).
LogicalResult lowerRecurrent(Operation *op, const RecurrentOperands &operands,
                             const RecurrentConfig &config, CellFn cellFn,
                             const TypeConverter &typeConverter,
                             ConversionPatternRewriter &rewriter) {
  Location loc = op->getLoc();
  OpBuilder &b = rewriter;
  FailureOr<SmallVector<RankedTensorType>> convertedTypes =
      getConvertedResultTypes(op, typeConverter);
  if (failed(convertedTypes))
    return failure();
  SmallVector<RankedTensorType> &resultTypes = *convertedTypes;
  for (Value operand : {operands.x, operands.w, operands.r})
    if (!isa<RankedTensorType>(operand.getType()))
      return emitUnsupported(op, "X, W and R must be ranked");
  Type elementType = resultTypes[0].getElementType();

  // Dims of X, Y and the states, by layout (ONNX: layout 1 puts the batch
  // first).
  int64_t timeDim = config.batchMajor ? 1 : 0;
  int64_t batchDim = config.batchMajor ? 0 : 1;
  int64_t yDirectionDim =
      2 - batchDim; // (seq, dir, batch) or (batch, seq, dir)
  int64_t stateDirectionDim = config.batchMajor ? 1 : 0;

  // Static sizes come from the result types, which shape inference made as
  // precise as the operands allow; dynamic ones are read at run time.
  RankedTensorType yType = resultTypes[0];
  auto sizeOf = [&](int64_t staticSize, Value source,
                    int64_t dim) -> OpFoldResult {
    if (!ShapedType::isDynamic(staticSize))
      return b.getIndexAttr(staticSize);
    return tensor::getMixedSize(b, loc, source, dim);
  };
  OpFoldResult seq = sizeOf(yType.getDimSize(timeDim), operands.x, timeDim);
  OpFoldResult batch =
      sizeOf(yType.getDimSize(config.batchMajor ? 0 : 2), operands.x, batchDim);
  OpFoldResult hidden = sizeOf(yType.getDimSize(3), operands.r, 2);
  OpFoldResult gateRows = multiply(b, loc, config.numGates, hidden);
  auto stateType = RankedTensorType::get(
      {yType.getDimSize(config.batchMajor ? 0 : 2), yType.getDimSize(3)},
      elementType);
  OpFoldResult directions = b.getIndexAttr(config.numDirections);

  auto zeros = [&](ArrayRef<OpFoldResult> sizes) {
    SmallVector<int64_t> shape;
    for (OpFoldResult size : sizes)
      shape.push_back(getConstantIntValue(size).value_or(ShapedType::kDynamic));
    return createFilledTensor(b, loc, RankedTensorType::get(shape, elementType),
                              sizes, createZero(b, loc, elementType));
  };
  auto stateSizes = [&]() -> SmallVector<OpFoldResult> {
    return config.batchMajor
               ? SmallVector<OpFoldResult>{batch, directions, hidden}
               : SmallVector<OpFoldResult>{directions, batch, hidden};
  };
  // ONNX's defaults for what the model leaves out: zero biases, states and
  // peepholes.
  Value bias = operands.bias
                   ? operands.bias
                   : zeros({directions, multiply(b, loc, 2, gateRows)});
  SmallVector<Value> initialStates{operands.initialH ? operands.initialH
                                                     : zeros(stateSizes())};
  if (config.numStates == 2)
    initialStates.push_back(operands.initialC ? operands.initialC
                                              : zeros(stateSizes()));
  Value peepholes;
  if (config.hasPeepholes)
    peepholes = operands.peepholes
                    ? operands.peepholes
                    : zeros({directions, multiply(b, loc, 3, hidden)});

  SmallVector<OpFoldResult> ySizes =
      config.batchMajor
          ? SmallVector<OpFoldResult>{batch, seq, directions, hidden}
          : SmallVector<OpFoldResult>{seq, directions, batch, hidden};
  Value y = createEmptyTensor(b, loc, yType, ySizes);
  SmallVector<Value> lastStates;
  for (unsigned state = 0; state < config.numStates; ++state)
    lastStates.push_back(
        createEmptyTensor(b, loc, resultTypes[1 + state], stateSizes()));

  Value zeroIndex = arith::ConstantIndexOp::create(b, loc, 0);
  Value oneIndex = arith::ConstantIndexOp::create(b, loc, 1);
  Value seqValue = getValueOrCreateConstantIndexOp(b, loc, seq);
  int64_t activationsPerDirection =
      config.activations.size() / config.numDirections;
  for (int64_t direction = 0; direction < config.numDirections; ++direction) {
    OpFoldResult directionIndex = b.getIndexAttr(direction);
    // W and R are (dirs x gates*hidden x k): transpose once per direction
    // for X_t W^T and H R^T.
    auto transposed = [&](Value weights) {
      Value slab = extractSlab(b, loc, weights, {{0, directionIndex}});
      auto type = cast<RankedTensorType>(slab.getType());
      SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, slab);
      Value init = createEmptyTensor(
          b, loc,
          RankedTensorType::get({type.getDimSize(1), type.getDimSize(0)},
                                elementType),
          {sizes[1], sizes[0]});
      return linalg::TransposeOp::create(b, loc, slab, init,
                                         ArrayRef<int64_t>{1, 0})
          .getResult()[0];
    };
    DirectionWeights weights;
    Value projected =
        projectInputs(b, loc, operands.x, transposed(operands.w));
    weights.rT = transposed(operands.r);
    Value directionBias = extractSlab(b, loc, bias, {{0, directionIndex}});
    auto biasHalf = [&](int64_t half) {
      return tensor::ExtractSliceOp::create(
          b, loc, directionBias,
          ArrayRef<OpFoldResult>{multiply(b, loc, half, gateRows)},
          ArrayRef<OpFoldResult>{gateRows},
          ArrayRef<OpFoldResult>{b.getIndexAttr(1)});
    };
    weights.wBias = biasHalf(0);
    weights.rBias = biasHalf(1);
    if (peepholes)
      weights.peepholes = extractSlab(b, loc, peepholes, {{0, directionIndex}});
    weights.activations = config.activations.slice(
        direction * activationsPerDirection, activationsPerDirection);
    bool reverse = config.reverse || direction == 1;

    SmallVector<Value> iterArgs{y};
    for (Value initial : initialStates)
      iterArgs.push_back(castTo(
          b, loc,
          extractSlab(b, loc, initial, {{stateDirectionDim, directionIndex}}),
          stateType));
    auto loop = scf::ForOp::create(
        b, loc, zeroIndex, seqValue, oneIndex, iterArgs,
        [&](OpBuilder &nested, Location nestedLoc, Value step,
            ValueRange args) {
          Value time = reverse ? arith::SubIOp::create(
                                     nested, nestedLoc,
                                     arith::SubIOp::create(nested, nestedLoc,
                                                           seqValue, oneIndex),
                                     step)
                                     .getResult()
                               : step;
          Value xw =
              extractSlab(nested, nestedLoc, projected, {{timeDim, time}});
          CellBuilder cell(nested, nestedLoc, stateType, batch, hidden,
                           config.clip);
          ValueRange states = args.drop_front();
          SmallVector<Value> next = cellFn(cell, weights, xw, states);
          Value output = next[0];
          if (operands.sequenceLens) {
            // ONNX: past a sequence's length its output is zero and its
            // states keep their last valid values. A reverse direction thus
            // starts each sequence at its own last step.
            Value time32 = arith::IndexCastOp::create(
                nested, nestedLoc, nested.getI32Type(), time);
            MLIRContext *context = nested.getContext();
            AffineMap full = AffineMap::getMultiDimIdentityMap(2, context);
            AffineMap perBatch =
                AffineMap::get(2, 0, {nested.getAffineDimExpr(0)}, context);
            // The kept states are written over the previous ones, which
            // keeps them equivalent to the loop's iter_args in place.
            SmallVector<Value> inputs{operands.sequenceLens};
            llvm::append_range(inputs, next);
            SmallVector<Value> inits(states);
            inits.push_back(cell.emptyState());
            SmallVector<AffineMap> maps{perBatch};
            maps.append(inputs.size() - 1 + inits.size(), full);
            auto masked = linalg::GenericOp::create(
                nested, nestedLoc, SmallVector<Type>(inits.size(), stateType),
                inputs, inits, maps,
                SmallVector<utils::IteratorType>(2,
                                                 utils::IteratorType::parallel),
                [&](OpBuilder &inner, Location innerLoc, ValueRange elements) {
                  Value valid = arith::CmpIOp::create(inner, innerLoc,
                                                      arith::CmpIPredicate::slt,
                                                      time32, elements[0]);
                  SmallVector<Value> results;
                  for (unsigned state = 0; state < config.numStates; ++state)
                    results.push_back(arith::SelectOp::create(
                        inner, innerLoc, valid, elements[1 + state],
                        elements[1 + config.numStates + state]));
                  results.push_back(arith::SelectOp::create(
                      inner, innerLoc, valid, elements[1],
                      createZero(inner, innerLoc, elementType)));
                  linalg::YieldOp::create(inner, innerLoc, results);
                });
            next.assign(masked.getResults().begin(),
                        std::prev(masked.getResults().end()));
            output = masked.getResults().back();
          }
          SmallVector<FixedDim> yPosition{{timeDim, time},
                                          {yDirectionDim, directionIndex}};
          SmallVector<Value> yielded{
              insertSlab(nested, nestedLoc, output, args[0], yPosition)};
          llvm::append_range(yielded, next);
          scf::YieldOp::create(nested, nestedLoc, yielded);
        });
    y = loop.getResult(0);
    for (unsigned state = 0; state < config.numStates; ++state)
      lastStates[state] =
          insertSlab(b, loc, loop.getResult(1 + state), lastStates[state],
                     {{stateDirectionDim, directionIndex}});
  }

  SmallVector<Value> results{y};
  llvm::append_range(results, lastStates);
  for (auto [result, type] : llvm::zip_equal(results, resultTypes))
    result = castTo(b, loc, result, type);
  rewriter.replaceOp(op, results);
  return success();
}

/// The parts of the lowering that differ per op: its cell and operands.
template <typename OpTy> struct LowerRecurrent : OpConversionPattern<OpTy> {
  using OpConversionPattern<OpTy>::OpConversionPattern;

  LogicalResult
  matchAndRewrite(OpTy op, typename OpTy::Adaptor adaptor,
                  ConversionPatternRewriter &rewriter) const override {
    constexpr bool isLSTM = std::is_same_v<OpTy, onnx::LSTMOp>;
    std::string error;
    FailureOr<SmallVector<RecurrentActivation>> activations =
        onnx::getActivationFunctions(op, error);
    if (failed(activations))
      return emitUnsupported(op, error);

    RecurrentOperands operands;
    operands.x = adaptor.getX();
    operands.w = adaptor.getW();
    operands.r = adaptor.getR();
    operands.bias = adaptor.getB();
    operands.sequenceLens = adaptor.getSequenceLens();
    operands.initialH = adaptor.getInitialH();
    RecurrentConfig config;
    config.numGates = OpTy::kNumGates;
    config.numStates = isLSTM ? 2 : 1;
    config.numDirections = op.getNumDirections();
    config.reverse = op.getDirection() == "reverse";
    config.batchMajor = op.getLayout() == 1;
    if (std::optional<APFloat> clip = op.getClip())
      config.clip = clip->convertToFloat();
    config.activations = *activations;
    config.hasPeepholes = isLSTM;

    if constexpr (std::is_same_v<OpTy, onnx::RNNOp>) {
      return lowerRecurrent(op, operands, config, buildRNNCell,
                            *this->getTypeConverter(), rewriter);
    } else if constexpr (std::is_same_v<OpTy, onnx::GRUOp>) {
      bool linearBeforeReset = op.getLinearBeforeReset() != 0;
      auto cell = [&](CellBuilder &builder, const DirectionWeights &weights,
                      Value xw, ValueRange states) {
        return buildGRUCell(builder, weights, xw, states, linearBeforeReset);
      };
      return lowerRecurrent(op, operands, config, cell,
                            *this->getTypeConverter(), rewriter);
    } else {
      operands.initialC = adaptor.getInitialC();
      operands.peepholes = adaptor.getP();
      bool inputForget = op.getInputForget() != 0;
      auto cell = [&](CellBuilder &builder, const DirectionWeights &weights,
                      Value xw, ValueRange states) {
        return buildLSTMCell(builder, weights, xw, states, inputForget);
      };
      return lowerRecurrent(op, operands, config, cell,
                            *this->getTypeConverter(), rewriter);
    }
  }
};

} // namespace

void populateRecurrentPatterns(const TypeConverter &typeConverter,
                               RewritePatternSet &patterns) {
  patterns.add<LowerRecurrent<onnx::GRUOp>, LowerRecurrent<onnx::LSTMOp>,
               LowerRecurrent<onnx::RNNOp>>(typeConverter,
                                            patterns.getContext());
}

} // namespace onnxc::detail
