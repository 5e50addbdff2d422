//===- ControlFlowOps.cpp - Importing If, Loop and Scan -------------------===//
//
// GRAPH attributes become regions of the op (GraphImporter::importSubgraph).
// A loop body's argument types must hold every value the loop passes it.
// The body is first imported with the initial values' types, which keeps
// static sizes inside it; when an output of the body does not fit, it is
// imported again with every size of those arguments dynamic. While that
// retry runs, nested loops start with dynamic sizes at once, so that a
// model cannot make the import exponential in its nesting depth.
//
//===----------------------------------------------------------------------===//

#include "NodeBinder.h"
#include "OpRegistry.h"

#include "onnxc/Dialect/ONNX/IR/ONNXOps.h"

#include "llvm/ADT/ScopeExit.h"

using namespace mlir;

namespace onnxc::importer {
namespace {

/// `type` with every size dynamic.
Type getGeneralType(Type type) {
  auto ranked = dyn_cast<RankedTensorType>(type);
  if (!ranked)
    return type;
  return ranked.clone(
      SmallVector<int64_t>(ranked.getRank(), ShapedType::kDynamic));
}

void clearRegion(Region &region) {
  region.dropAllReferences();
  region.getBlocks().clear();
}

/// A loop-carried body argument and the body output that feeds it.
struct CarriedValue {
  unsigned argument;
  unsigned output;
};

/// Imports a loop body (Loop, Scan) into `region` with arguments of
/// `argTypes`; the `carried` arguments receive body outputs, so their types
/// must hold those outputs.
LogicalResult importLoopBody(NodeBinder &b, const ::onnx::GraphProto &body,
                             Region &region, ArrayRef<Type> argTypes,
                             ArrayRef<CarriedValue> carried) {
  GraphImporter &importer = b.getGraphImporter();
  auto attempt = [&](bool general) -> FailureOr<bool> {
    SmallVector<Type> types(argTypes);
    if (general)
      for (CarriedValue value : carried)
        types[value.argument] = getGeneralType(types[value.argument]);
    if (failed(b.importSubgraph(body, "body", region, types)))
      return failure();
    auto yield = cast<onnx::YieldOp>(region.front().getTerminator());
    return llvm::all_of(carried, [&](CarriedValue value) {
      return value.output < yield.getNumOperands() &&
             onnx::isTensorTypeRefinementOf(
                 yield.getOperand(value.output).getType(),
                 types[value.argument]);
    });
  };

  if (!importer.isGeneralizingLoops()) {
    FailureOr<bool> fits = attempt(/*general=*/false);
    if (failed(fits) || *fits)
      return failure(failed(fits));
    clearRegion(region);
  }
  importer.beginGeneralizingLoops();
  llvm::scope_exit end([&] { importer.endGeneralizingLoops(); });
  // A body that still does not fit changes a rank or an element type; the
  // op's verifier then names the output and both types.
  return failure(failed(attempt(/*general=*/true)));
}

//===----------------------------------------------------------------------===//
// If
//===----------------------------------------------------------------------===//

LogicalResult importIf(NodeBinder &b) {
  Value cond;
  const ::onnx::GraphProto *thenBranch, *elseBranch;
  if (failed(b.input(0, cond)) ||
      failed(b.graphAttr("then_branch", thenBranch)) ||
      failed(b.graphAttr("else_branch", elseBranch)))
    return failure();
  if (thenBranch->output_size() != elseBranch->output_size())
    return b.emitError() << "then_branch has " << thenBranch->output_size()
                         << " outputs, else_branch "
                         << elseBranch->output_size();
  if (b.getNode().output_size() != thenBranch->output_size())
    return b.emitError() << "the branches have " << thenBranch->output_size()
                         << " outputs, but the node has "
                         << b.getNode().output_size();
  FailureOr<onnx::IfOp> op = b.createWithRegions<onnx::IfOp>(
      cond, {}, thenBranch->output_size(), /*numRegions=*/2,
      [&](Operation *op) -> LogicalResult {
        if (failed(b.importSubgraph(*thenBranch, "then_branch",
                                    op->getRegion(0), {})))
          return failure();
        return b.importSubgraph(*elseBranch, "else_branch", op->getRegion(1),
                                {});
      });
  if (failed(op))
    return failure();
  return b.bindOutputs((*op)->getResults());
}

//===----------------------------------------------------------------------===//
// Loop
//===----------------------------------------------------------------------===//

LogicalResult importLoop(NodeBinder &b) {
  Value maxTripCount, cond;
  const ::onnx::GraphProto *body;
  if (failed(b.optionalInput(0, maxTripCount)) ||
      failed(b.optionalInput(1, cond)) || failed(b.graphAttr("body", body)))
    return failure();
  SmallVector<Value> initial;
  for (int index = 2, e = b.getNode().input_size(); index < e; ++index) {
    Value value;
    if (failed(b.input(index, value)))
      return failure();
    initial.push_back(value);
  }
  int numCarried = initial.size();
  if (body->output_size() < 1 + numCarried)
    return b.emitError() << "body has " << body->output_size()
                         << " outputs, expected the condition and "
                         << numCarried << " loop-carried values";

  // ONNX Loop: the body reads the iteration number and the condition as
  // scalars, then the loop-carried values.
  OpBuilder &builder = b.getBuilder();
  SmallVector<Type> argTypes = {
      RankedTensorType::get({}, builder.getI64Type()),
      RankedTensorType::get({}, builder.getI1Type())};
  SmallVector<CarriedValue> carried;
  for (auto [index, value] : llvm::enumerate(initial)) {
    argTypes.push_back(value.getType());
    carried.push_back({2 + static_cast<unsigned>(index),
                       1 + static_cast<unsigned>(index)});
  }
  SmallVector<Value> operands;
  if (maxTripCount)
    operands.push_back(maxTripCount);
  if (cond)
    operands.push_back(cond);
  llvm::append_range(operands, initial);
  NamedAttrList attrs;
  attrs.set("operandSegmentSizes",
            builder.getDenseI32ArrayAttr(
                {maxTripCount ? 1 : 0, cond ? 1 : 0, numCarried}));
  FailureOr<onnx::LoopOp> op = b.createWithRegions<onnx::LoopOp>(
      operands, attrs.getAttrs(), body->output_size() - 1, /*numRegions=*/1,
      [&](Operation *op) {
        return importLoopBody(b, *body, op->getRegion(0), argTypes, carried);
      });
  if (failed(op))
    return failure();
  return b.bindOutputs((*op)->getResults());
}

//===----------------------------------------------------------------------===//
// Scan
//===----------------------------------------------------------------------===//

LogicalResult importScan(NodeBinder &b) {
  const ::onnx::GraphProto *body;
  int64_t numScanInputs = 0;
  std::optional<SmallVector<int64_t>> inputAxes;
  NamedAttrList attrs;
  if (failed(b.graphAttr("body", body)) ||
      failed(b.intAttr("num_scan_inputs", numScanInputs, -1)) ||
      failed(b.optionalIntsAttr("scan_input_axes", inputAxes)) ||
      failed(b.copyIntsAttr(attrs, "scan_input_directions")) ||
      failed(b.copyIntsAttr(attrs, "scan_output_axes")) ||
      failed(b.copyIntsAttr(attrs, "scan_output_directions")))
    return failure();
  int numOperands = b.getNode().input_size();
  if (numScanInputs < 1 || numScanInputs > numOperands)
    return b.emitError() << "num_scan_inputs must be 1 to " << numOperands
                         << ", got " << numScanInputs;
  int numStates = numOperands - numScanInputs;
  if (body->output_size() < numStates)
    return b.emitError() << "body has " << body->output_size()
                         << " outputs, expected at least " << numStates
                         << " states";
  SmallVector<Value> operands;
  for (int index = 0; index < numOperands; ++index) {
    Value value;
    if (failed(b.input(index, value)))
      return failure();
    operands.push_back(value);
  }
  OpBuilder &builder = b.getBuilder();
  attrs.set("num_scan_inputs", builder.getI64IntegerAttr(numScanInputs));
  if (inputAxes)
    attrs.set("scan_input_axes", builder.getI64ArrayAttr(*inputAxes));

  // A scan input's slice is the input without its scan axis.
  SmallVector<Type> sliceTypes;
  for (int j = 0; j < numScanInputs; ++j) {
    Type type = operands[numStates + j].getType();
    auto ranked = dyn_cast<RankedTensorType>(type);
    if (!ranked) {
      sliceTypes.push_back(type);
      continue;
    }
    int64_t axis = inputAxes && j < static_cast<int>(inputAxes->size())
                       ? (*inputAxes)[j]
                       : 0;
    FailureOr<int64_t> normalized = onnx::normalizeAxis(axis, ranked.getRank());
    if (failed(normalized))
      return b.emitError() << "scan_input_axes entry " << axis
                           << " is out of range for scan input #" << j
                           << " of type " << type;
    SmallVector<int64_t> shape(ranked.getShape());
    shape.erase(shape.begin() + *normalized);
    sliceTypes.push_back(ranked.clone(shape));
  }

  SmallVector<Type> argTypes;
  SmallVector<CarriedValue> carried;
  for (int i = 0; i < numStates; ++i) {
    argTypes.push_back(operands[i].getType());
    carried.push_back({static_cast<unsigned>(i), static_cast<unsigned>(i)});
  }
  llvm::append_range(argTypes, sliceTypes);
  FailureOr<onnx::ScanOp> op = b.createWithRegions<onnx::ScanOp>(
      operands, attrs.getAttrs(), body->output_size(), /*numRegions=*/1,
      [&](Operation *op) {
        return importLoopBody(b, *body, op->getRegion(0), argTypes, carried);
      });
  if (failed(op))
    return failure();
  return b.bindOutputs((*op)->getResults());
}

} // namespace

void registerControlFlowHandlers(OpRegistry &registry) {
  registry.add("If", 1, importIf);
  registry.add("Loop", 1, importLoop);
  // Scan-8 has a batch axis and sequence_lens; it stays unsupported.
  registry.add("Scan", 9, importScan);
}

} // namespace onnxc::importer
