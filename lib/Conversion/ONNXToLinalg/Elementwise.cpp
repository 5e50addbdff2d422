//===- Elementwise.cpp - Elementwise onnx ops to linalg.generic -----------===//
//
// Every elementwise op lowers the same way: one linalg.generic over the
// broadcast result shape whose body is the op's scalar function. The ops
// differ only in that function, which the table below gives per element kind.
//
//===----------------------------------------------------------------------===//

#include "Patterns.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Math/IR/Math.h"
#include "mlir/IR/TypeUtilities.h"

using namespace mlir;

namespace onnxc::detail {
namespace {

/// Computes an op's result element from its operand elements.
using ScalarFn = Value (*)(OpBuilder &, Location, ValueRange);

template <typename ArithOp>
Value binary(OpBuilder &b, Location loc, ValueRange args) {
  return ArithOp::create(b, loc, args[0], args[1]);
}

template <typename MathOp>
Value unary(OpBuilder &b, Location loc, ValueRange args) {
  return MathOp::create(b, loc, args[0]);
}

/// ONNX Relu: max(0, X); maximumf keeps a NaN input NaN.
Value reluFloat(OpBuilder &b, Location loc, ValueRange args) {
  return arith::MaximumFOp::create(b, loc, args[0],
                                   createZero(b, loc, args[0].getType()));
}

Value reluSigned(OpBuilder &b, Location loc, ValueRange args) {
  return arith::MaxSIOp::create(b, loc, args[0],
                                createZero(b, loc, args[0].getType()));
}

/// ONNX Sigmoid: 1 / (1 + exp(-X)).
Value sigmoid(OpBuilder &b, Location loc, ValueRange args) {
  Type type = args[0].getType();
  Value one = arith::ConstantOp::create(b, loc, b.getFloatAttr(type, 1.0));
  Value exp =
      math::ExpOp::create(b, loc, arith::NegFOp::create(b, loc, args[0]));
  return arith::DivFOp::create(b, loc, one,
                               arith::AddFOp::create(b, loc, one, exp));
}

/// One row per op: its scalar function for float, signed and unsigned
/// integer elements (null where ONNX does not define the op for that kind).
struct ElementwiseLowering {
  StringLiteral opName;
  ScalarFn onFloat, onSigned, onUnsigned;
};

// ONNX Div on integers truncates toward zero: divsi for signed types, divui
// for unsigned ones (the two differ once the signless bits are read).
const ElementwiseLowering elementwiseLowerings[] = {
    {onnx::AddOp::getOperationName(), binary<arith::AddFOp>,
     binary<arith::AddIOp>, binary<arith::AddIOp>},
    {onnx::SubOp::getOperationName(), binary<arith::SubFOp>,
     binary<arith::SubIOp>, binary<arith::SubIOp>},
    {onnx::MulOp::getOperationName(), binary<arith::MulFOp>,
     binary<arith::MulIOp>, binary<arith::MulIOp>},
    {onnx::DivOp::getOperationName(), binary<arith::DivFOp>,
     binary<arith::DivSIOp>, binary<arith::DivUIOp>},
    {onnx::ReluOp::getOperationName(), reluFloat, reluSigned, nullptr},
    {onnx::SigmoidOp::getOperationName(), sigmoid, nullptr, nullptr},
    {onnx::TanhOp::getOperationName(), unary<math::TanhOp>, nullptr, nullptr},
};

/// Lowers one elementwise op, named by its table row, to a linalg.generic
/// with ONNX multidirectional broadcasting of its operands.
class LowerElementwiseOp : public ConversionPattern {
public:
  LowerElementwiseOp(const TypeConverter &typeConverter, MLIRContext *context,
                     const ElementwiseLowering &lowering)
      : ConversionPattern(typeConverter, lowering.opName, /*benefit=*/1,
                          context),
        lowering(lowering) {}

  LogicalResult
  matchAndRewrite(Operation *op, ArrayRef<Value> operands,
                  ConversionPatternRewriter &rewriter) const override {
    Location loc = op->getLoc();
    FailureOr<RankedTensorType> resultType =
        getConvertedResultType(op, 0, *getTypeConverter());
    if (failed(resultType))
      return failure();
    if (!llvm::all_of(operands, [](Value operand) {
          return isa<RankedTensorType>(operand.getType());
        }))
      return emitUnsupported(op, "its operands must be ranked tensors");

    // Signedness is only visible on the onnx op's own types.
    Type onnxElementType = getElementTypeOrSelf(op->getResult(0).getType());
    ScalarFn scalarFn = isa<FloatType>(onnxElementType) ? lowering.onFloat
                        : isUnsignedElement(onnxElementType)
                            ? lowering.onUnsigned
                            : lowering.onSigned;
    if (!scalarFn)
      return emitUnsupported(op, "no scalar body for element type ")
             << onnxElementType;

    ArrayRef<int64_t> resultShape = resultType->getShape();
    int64_t rank = resultType->getRank();
    SmallVector<OpFoldResult> sizes;
    for (int64_t dim = 0; dim < rank; ++dim)
      sizes.push_back(
          getBroadcastSize(rewriter, loc, operands, resultShape, dim));
    Value init = createEmptyTensor(rewriter, loc, *resultType, sizes);

    SmallVector<AffineMap> maps;
    for (Value operand : operands)
      maps.push_back(
          getBroadcastMap(cast<RankedTensorType>(operand.getType()).getShape(),
                          resultShape, rank, getContext()));
    maps.push_back(rewriter.getMultiDimIdentityMap(rank));
    SmallVector<utils::IteratorType> iterators(rank,
                                               utils::IteratorType::parallel);
    auto generic = linalg::GenericOp::create(
        rewriter, loc, TypeRange{*resultType}, operands, ValueRange{init}, maps,
        iterators, [&](OpBuilder &b, Location bodyLoc, ValueRange args) {
          linalg::YieldOp::create(b, bodyLoc,
                                  scalarFn(b, bodyLoc, args.drop_back()));
        });
    rewriter.replaceOp(op, generic.getResults());
    return success();
  }

private:
  const ElementwiseLowering &lowering;
};

} // namespace

void populateElementwisePatterns(const TypeConverter &typeConverter,
                                 RewritePatternSet &patterns) {
  for (const ElementwiseLowering &lowering : elementwiseLowerings)
    patterns.add<LowerElementwiseOp>(typeConverter, patterns.getContext(),
                                     lowering);
}

} // namespace onnxc::detail
