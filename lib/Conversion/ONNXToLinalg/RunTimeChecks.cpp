//===- RunTimeChecks.cpp - Conditions on input values, checked at run time -===//
//
// Where an operator is only defined for some values of its inputs (indices
// within a dim, sizes that agree once known), the lowering emits an
// onnx.Check; the run then fails with a message naming the node. The lowered
// op still clamps, so a failed check never reads or writes out of bounds.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/Dialect/Utils/StaticValueUtils.h"
#include "mlir/IR/Matchers.h"

using namespace mlir;

namespace onnxc::detail {

/// "node 'NAME' (Op)" from the NameLoc the importer gives each node, or
/// "Op" for an op without one.
static std::string describeNode(Operation *op) {
  std::string opName = op->getName().stripDialect().str();
  std::string node;
  op->getLoc()->walk([&](Location loc) {
    if (auto name = dyn_cast<NameLoc>(loc)) {
      node = name.getName().str();
      return WalkResult::interrupt();
    }
    return WalkResult::advance();
  });
  return node.empty() ? opName : "node '" + node + "' (" + opName + ")";
}

void emitCheck(OpBuilder &b, Location loc, Operation *op, Value condition,
               const Twine &what) {
  if (matchPattern(condition, m_One()))
    return;
  onnx::CheckOp::create(b, loc, condition,
                        b.getStringAttr(describeNode(op) + ": " + what));
}

void checkSizesEqual(OpBuilder &b, Location loc, Operation *op,
                     OpFoldResult lhs, OpFoldResult rhs, const Twine &what) {
  if (isEqualConstantIntOrValue(lhs, rhs))
    return;
  Value equal = b.createOrFold<arith::CmpIOp>(
      loc, arith::CmpIPredicate::eq,
      getValueOrCreateConstantIndexOp(b, loc, lhs),
      getValueOrCreateConstantIndexOp(b, loc, rhs));
  emitCheck(b, loc, op, equal, what);
}

OpFoldResult checkSizeInRange(OpBuilder &b, Location loc, Operation *op,
                              OpFoldResult size, OpFoldResult upper,
                              const Twine &what) {
  std::optional<int64_t> constant = getConstantIntValue(size);
  std::optional<int64_t> bound =
      upper ? getConstantIntValue(upper) : std::nullopt;
  if (constant && *constant >= 0 && (!upper || (bound && *constant <= *bound)))
    return size;
  Value value = getValueOrCreateConstantIndexOp(b, loc, size);
  Value zero = arith::ConstantIndexOp::create(b, loc, 0);
  Value fits = b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::sge,
                                             value, zero);
  Value clamped = b.createOrFold<arith::MaxSIOp>(loc, value, zero);
  if (upper) {
    Value limit = getValueOrCreateConstantIndexOp(b, loc, upper);
    fits = b.createOrFold<arith::AndIOp>(
        loc, fits,
        b.createOrFold<arith::CmpIOp>(loc, arith::CmpIPredicate::sle, value,
                                      limit));
    clamped = b.createOrFold<arith::MinSIOp>(loc, clamped, limit);
  }
  emitCheck(b, loc, op, fits, what);
  return clamped;
}

void checkIndicesInRange(
    OpBuilder &b, Location loc, Operation *op, Value indices,
    function_ref<Value(OpBuilder &, Location, ArrayRef<Value>)> bound,
    const Twine &what) {
  auto type = cast<RankedTensorType>(indices.getType());
  int64_t rank = type.getRank();
  Type i1 = b.getI1Type();
  auto flagType = RankedTensorType::get({}, i1);
  Value init = linalg::FillOp::create(
                   b, loc, ValueRange{arith::ConstantOp::create(
                               b, loc, b.getBoolAttr(true))},
                   ValueRange{tensor::EmptyOp::create(b, loc, flagType,
                                                      ValueRange{})})
                   .getResult(0);
  SmallVector<AffineMap> maps = {b.getMultiDimIdentityMap(rank),
                                 AffineMap::get(rank, 0, b.getContext())};
  SmallVector<utils::IteratorType> iterators(rank,
                                             utils::IteratorType::reduction);
  Value allInRange =
      linalg::GenericOp::create(
          b, loc, flagType, ValueRange{indices}, ValueRange{init}, maps,
          iterators,
          [&](OpBuilder &b, Location loc, ValueRange args) {
            SmallVector<Value> loops;
            for (int64_t dim = 0; dim < rank; ++dim)
              loops.push_back(linalg::IndexOp::create(b, loc, dim));
            Type i64 = b.getI64Type();
            Value index = args[0];
            if (index.getType() != i64)
              index = arith::ExtSIOp::create(b, loc, i64, index);
            Value size = arith::IndexCastOp::create(b, loc, i64,
                                                    bound(b, loc, loops));
            Value zero = arith::ConstantIntOp::create(b, loc, i64, 0);
            Value lowest = arith::SubIOp::create(b, loc, zero, size);
            Value inRange = arith::AndIOp::create(
                b, loc,
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::sge, index,
                                      lowest),
                arith::CmpIOp::create(b, loc, arith::CmpIPredicate::slt, index,
                                      size));
            linalg::YieldOp::create(
                b, loc, ValueRange{arith::AndIOp::create(b, loc, args[1],
                                                         inRange)});
          })
          .getResult(0);
  emitCheck(b, loc, op,
            tensor::ExtractOp::create(b, loc, allInRange, ValueRange{}), what);
}

} // namespace onnxc::detail
