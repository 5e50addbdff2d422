//===- Parallelize.cpp - Parallel loops on the runtime's thread pool ------===//
//
// Every outermost bufferized scf.forall (and scf.parallel without
// reductions) becomes a call of the run's `parallel_for` (onnxc_model_exec,
// include/onnxc/Runtime/ModelABI.h) over its linearised iteration count:
//
//   func.func private @f_parallel_0(%context: !llvm.ptr, %begin: i64,
//                                   %end: i64)
//     runs iterations [begin, end) of the loop, each delinearised into the
//     loop's induction variables, with its captured values loaded from
//     `context`;
//   at the loop: the captured values are stored into a struct on the
//     caller's stack, and the loop becomes
//       exec == null ? @f_parallel_0(context, 0, count)
//                    : exec->parallel_for(exec->pool, count, @f_parallel_0,
//                                         context)
//     with `exec` read from the thread-local `onnxc_run_exec`, which the
//     generated run function sets.
//
// The pass runs on memrefs before the LLVM conversions: captured values
// cross the context struct in their LLVM form (memref descriptors, i64 for
// index), converted with unrealized_conversion_cast, which the conversions
// to LLVM then resolve. Loops nested in a parallelised one run sequentially.
//
// Run-time checks (onnx-lower-checks) store into a thread-local, which on a
// worker is not the caller's: the body saves and clears its thread's slot,
// publishes a failure into the context (first chunk to fail wins), and
// restores the slot; the caller then adopts that failure if its own run had
// none yet.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Dialect/ONNX/IR/ModelAttributes.h"
#include "onnxc/Transforms/Passes.h"

#include "RunExec.h"

#include "mlir/Conversion/LLVMCommon/TypeConverter.h"
#include "mlir/Dialect/Arith/Utils/Utils.h"
#include "mlir/Dialect/Func/IR/FuncOps.h"
#include "mlir/Dialect/SCF/Transforms/Transforms.h"
#include "mlir/IR/IRMapping.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/IR/SymbolTable.h"
#include "mlir/Interfaces/SideEffectInterfaces.h"
#include "mlir/Transforms/RegionUtils.h"

namespace onnxc {
#define GEN_PASS_DEF_PARALLELIZEPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// The iteration space and body of a loop whose iterations are independent.
struct ParallelLoop {
  Operation *op;
  SmallVector<OpFoldResult> lowerBounds, upperBounds, steps;
  SmallVector<Value> inductionVars;
  Block *body;

  static std::optional<ParallelLoop> match(Operation *op) {
    if (auto forall = dyn_cast<scf::ForallOp>(op))
      return ParallelLoop{op, forall.getMixedLowerBound(),
                          forall.getMixedUpperBound(), forall.getMixedStep(),
                          forall.getInductionVars(), forall.getBody()};
    if (auto parallel = dyn_cast<scf::ParallelOp>(op);
        parallel && parallel.getNumReductions() == 0)
      return ParallelLoop{op, getAsOpFoldResult(parallel.getLowerBound()),
                          getAsOpFoldResult(parallel.getUpperBound()),
                          getAsOpFoldResult(parallel.getStep()),
                          parallel.getInductionVars(), parallel.getBody()};
    return std::nullopt;
  }

  /// The number of iterations of each dimension from `firstDim` on (null
  /// before): max(0, ceil((ub - lb) / step)), steps being positive. `lookup`
  /// maps the bounds' values to the ones to use at the insertion point.
  SmallVector<Value> buildCounts(OpBuilder &builder, Location loc,
                                 function_ref<Value(Value)> lookup,
                                 unsigned firstDim = 0) const {
    SmallVector<Value> counts(firstDim, Value());
    auto materialize = [&](OpFoldResult bound) -> Value {
      if (auto value = dyn_cast<Value>(bound))
        return lookup(value);
      return arith::ConstantIndexOp::create(
          builder, loc, cast<IntegerAttr>(cast<Attribute>(bound)).getInt());
    };
    for (auto [lb, ub, step] :
         llvm::drop_begin(llvm::zip(lowerBounds, upperBounds, steps), firstDim)) {
      std::optional<int64_t> lbConst = getConstantIntValue(lb),
                             ubConst = getConstantIntValue(ub),
                             stepConst = getConstantIntValue(step);
      if (lbConst && ubConst && stepConst && *stepConst > 0) {
        int64_t count =
            *ubConst > *lbConst
                ? (*ubConst - *lbConst + *stepConst - 1) / *stepConst
                : 0;
        counts.push_back(arith::ConstantIndexOp::create(builder, loc, count));
        continue;
      }
      Value lbValue = materialize(lb), stepValue = materialize(step);
      Value span =
          builder.createOrFold<arith::SubIOp>(loc, materialize(ub), lbValue);
      Value rounded = builder.createOrFold<arith::AddIOp>(
          loc, span,
          builder.createOrFold<arith::SubIOp>(
              loc, stepValue, arith::ConstantIndexOp::create(builder, loc, 1)));
      Value count =
          builder.createOrFold<arith::DivSIOp>(loc, rounded, stepValue);
      counts.push_back(builder.createOrFold<arith::MaxSIOp>(
          loc, count, arith::ConstantIndexOp::create(builder, loc, 0)));
    }
    return counts;
  }
};

/// Whether `op` can be copied into the outlined body instead of travelling
/// through the context (constants, globals' addresses).
bool isRematerializable(Operation *op) {
  return op && op->getNumOperands() == 0 && op->getNumRegions() == 0 &&
         op->getNumResults() == 1 && isMemoryEffectFree(op);
}

struct ParallelizePass : onnxc::impl::ParallelizePassBase<ParallelizePass> {
  void runOnOperation() override {
    ModuleOp module = getOperation();
    std::vector<ParallelLoop> loops;
    bool invalid = false;
    module.walk<WalkOrder::PreOrder>([&](Operation *op) {
      std::optional<ParallelLoop> loop = ParallelLoop::match(op);
      if (!loop)
        return WalkResult::advance();
      if (auto forall = dyn_cast<scf::ForallOp>(op);
          forall && !forall.getOutputs().empty()) {
        op->emitError("onnx-parallelize expects a bufferized scf.forall "
                      "(no shared_outs)");
        invalid = true;
      } else if (!op->getParentOfType<func::FuncOp>()) {
        op->emitError("onnx-parallelize expects parallel loops in func.func");
        invalid = true;
      } else {
        loops.push_back(*loop);
      }
      return WalkResult::skip();
    });
    if (invalid)
      return signalPassFailure();
    if (loops.empty())
      return;

    LLVMTypeConverter converter(&getContext());
    SymbolTable symbols(module);
    typeConverter = &converter;
    symbolTable = &symbols;
    errorGlobal =
        module.lookupSymbol<LLVM::GlobalOp>(onnxc::onnx::kRunErrorGlobal);
    execGlobal = onnxc::getOrCreateRunExecGlobal(module);
    IRRewriter rewriter(&getContext());
    for (ParallelLoop &loop : loops)
      if (failed(serializeNestedLoops(rewriter, loop)) ||
          failed(outline(rewriter, loop)))
        return signalPassFailure();
  }

  /// Only the outermost loop runs in parallel; foralls inside it become
  /// scf.for nests (scf.parallel ones stay, and lower to sequential loops).
  LogicalResult serializeNestedLoops(RewriterBase &rewriter,
                                     ParallelLoop &loop) {
    SmallVector<scf::ForallOp> nested;
    loop.body->walk([&](scf::ForallOp forall) { nested.push_back(forall); });
    for (scf::ForallOp forall : nested) {
      rewriter.setInsertionPoint(forall);
      if (!forall.getOutputs().empty() ||
          failed(scf::forallToForLoop(rewriter, forall)))
        return forall.emitError(
            "onnx-parallelize cannot make this nested scf.forall sequential "
            "(it must be bufferized: no shared_outs)");
    }
    return success();
  }

  /// The type a captured value has in the context struct.
  FailureOr<Type> getContextType(Value value) {
    if (isa<IndexType>(value.getType()))
      return Type(IntegerType::get(&getContext(),
                                   typeConverter->getIndexTypeBitwidth()));
    Type converted = typeConverter->convertType(value.getType());
    if (!converted || !LLVM::isCompatibleType(converted))
      return failure();
    return converted;
  }

  Value toContextType(OpBuilder &builder, Location loc, Value value,
                      Type type) {
    if (value.getType() == type)
      return value;
    if (isa<IndexType>(value.getType()))
      return arith::IndexCastOp::create(builder, loc, type, value);
    return UnrealizedConversionCastOp::create(builder, loc, type, value)
        .getResult(0);
  }

  Value fromContextType(OpBuilder &builder, Location loc, Value value,
                        Type type) {
    if (value.getType() == type)
      return value;
    if (isa<IndexType>(type))
      return arith::IndexCastOp::create(builder, loc, type, value);
    return UnrealizedConversionCastOp::create(builder, loc, type, value)
        .getResult(0);
  }

  LogicalResult outline(RewriterBase &rewriter, ParallelLoop &loop) {
    MLIRContext *context = &getContext();
    Operation *loopOp = loop.op;
    Location loc = loopOp->getLoc();
    auto parent = loopOp->getParentOfType<func::FuncOp>();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    auto i64Type = IntegerType::get(context, 64);

    // What the body uses from outside: values to pass, and operations to
    // copy. The delinearisation uses the bounds too, except the outermost
    // upper bound.
    llvm::SetVector<Value> used;
    getUsedValuesDefinedAbove(*loop.body->getParent(), used);
    auto useBounds = [&](ArrayRef<OpFoldResult> bounds) {
      for (OpFoldResult bound : bounds)
        if (auto value = dyn_cast<Value>(bound))
          used.insert(value);
    };
    useBounds(loop.lowerBounds);
    useBounds(ArrayRef(loop.upperBounds).drop_front());
    useBounds(loop.steps);
    SmallVector<Value> captured;
    SmallVector<Operation *> copied;
    for (Value value : used) {
      if (isRematerializable(value.getDefiningOp()))
        copied.push_back(value.getDefiningOp());
      else
        captured.push_back(value);
    }

    // The context: the failure of a chunk (when the model has checks),
    // then each captured value.
    SmallVector<Type> fieldTypes;
    unsigned firstCaptured = 0;
    if (errorGlobal) {
      fieldTypes.push_back(ptrType);
      firstCaptured = 1;
    }
    for (Value value : captured) {
      FailureOr<Type> type = getContextType(value);
      if (failed(type))
        return loopOp->emitError("onnx-parallelize cannot pass a value of type ")
               << value.getType() << " to a parallel loop's body";
      fieldTypes.push_back(*type);
    }
    auto contextType = LLVM::LLVMStructType::getLiteral(context, fieldTypes);
    auto fieldAddress = [&](OpBuilder &builder, Value base, unsigned field) {
      return LLVM::GEPOp::create(builder, loc, ptrType, contextType, base,
                                 ArrayRef<LLVM::GEPArg>{0, int32_t(field)});
    };

    // The body function, after the loop's function.
    auto bodyType = FunctionType::get(context, {ptrType, i64Type, i64Type}, {});
    auto bodyFunc = func::FuncOp::create(
        loc, (parent.getSymName() + "_parallel").str(), bodyType);
    bodyFunc.setPrivate();
    symbolTable->insert(bodyFunc, std::next(parent->getIterator()));
    buildBody(bodyFunc, loop, captured, copied, fieldTypes, firstCaptured,
              fieldAddress);

    // The context lives in the caller's frame: allocated once, at the
    // entry, even when the loop sits inside another loop.
    OpBuilder builder(context);
    builder.setInsertionPointToStart(&parent.getBody().front());
    Value contextPtr = LLVM::AllocaOp::create(
        builder, loc, ptrType, contextType,
        LLVM::ConstantOp::create(builder, loc, i64Type,
                                 builder.getI64IntegerAttr(1)));

    builder.setInsertionPoint(loopOp);
    Value null = LLVM::ZeroOp::create(builder, loc, ptrType);
    if (errorGlobal)
      LLVM::StoreOp::create(builder, loc, null,
                            fieldAddress(builder, contextPtr, 0));
    for (auto [index, value] : llvm::enumerate(captured)) {
      unsigned field = firstCaptured + index;
      LLVM::StoreOp::create(
          builder, loc,
          toContextType(builder, loc, value, fieldTypes[field]),
          fieldAddress(builder, contextPtr, field));
    }
    SmallVector<Value> counts =
        loop.buildCounts(builder, loc, [](Value value) { return value; });
    Value total = counts.front();
    for (Value count : ArrayRef(counts).drop_front())
      total = builder.createOrFold<arith::MulIOp>(loc, total, count);
    total = arith::IndexCastOp::create(builder, loc, i64Type, total);

    Value exec = LLVM::LoadOp::create(
        builder, loc, ptrType,
        onnxc::getThreadLocalAddress(builder, loc, execGlobal));
    Value serial = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::eq,
                                        exec, null);
    auto ifOp = scf::IfOp::create(builder, loc, serial, /*withElse=*/true);
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(ifOp.thenBlock());
      Value zero = LLVM::ConstantOp::create(builder, loc, i64Type,
                                            builder.getI64IntegerAttr(0));
      func::CallOp::create(builder, loc, bodyFunc,
                           ValueRange{contextPtr, zero, total});

      builder.setInsertionPointToStart(ifOp.elseBlock());
      Value pool = onnxc::loadExecField(builder, loc, exec, onnxc::kExecPool);
      Value parallelFor =
          onnxc::loadExecField(builder, loc, exec, onnxc::kExecParallelFor);
      Value body = UnrealizedConversionCastOp::create(
                       builder, loc, ptrType,
                       func::ConstantOp::create(builder, loc, bodyType,
                                                bodyFunc.getSymName())
                           .getResult())
                       .getResult(0);
      auto parallelForType = LLVM::LLVMFunctionType::get(
          LLVM::LLVMVoidType::get(context),
          {ptrType, i64Type, ptrType, ptrType});
      LLVM::CallOp::create(builder, loc, parallelForType,
                           ValueRange{parallelFor, pool, total, body,
                                      contextPtr});
    }

    // A failure inside the loop is the run's unless an earlier check failed.
    if (errorGlobal) {
      Value failure = LLVM::LoadOp::create(
          builder, loc, ptrType, fieldAddress(builder, contextPtr, 0));
      Value slot = onnxc::getThreadLocalAddress(builder, loc, errorGlobal);
      Value current = LLVM::LoadOp::create(builder, loc, ptrType, slot);
      Value isFirst = LLVM::ICmpOp::create(
          builder, loc, LLVM::ICmpPredicate::eq, current, null);
      LLVM::StoreOp::create(
          builder, loc,
          LLVM::SelectOp::create(builder, loc, isFirst, failure, current),
          slot);
    }
    rewriter.eraseOp(loopOp);
    return success();
  }

  void buildBody(func::FuncOp bodyFunc, ParallelLoop &loop,
                 ArrayRef<Value> captured, ArrayRef<Operation *> copied,
                 ArrayRef<Type> fieldTypes, unsigned firstCaptured,
                 function_ref<Value(OpBuilder &, Value, unsigned)> fieldAddress) {
    MLIRContext *context = &getContext();
    Location loc = loop.op->getLoc();
    auto ptrType = LLVM::LLVMPointerType::get(context);
    Block *entry = bodyFunc.addEntryBlock();
    OpBuilder builder = OpBuilder::atBlockBegin(entry);
    Value contextPtr = entry->getArgument(0);
    Value null = LLVM::ZeroOp::create(builder, loc, ptrType);

    Value errorSlot, savedError;
    if (errorGlobal) {
      errorSlot = onnxc::getThreadLocalAddress(builder, loc, errorGlobal);
      savedError = LLVM::LoadOp::create(builder, loc, ptrType, errorSlot);
      LLVM::StoreOp::create(builder, loc, null, errorSlot);
    }

    IRMapping mapping;
    for (auto [index, value] : llvm::enumerate(captured)) {
      unsigned field = firstCaptured + index;
      Value loaded = LLVM::LoadOp::create(
          builder, loc, fieldTypes[field],
          fieldAddress(builder, contextPtr, field));
      mapping.map(value,
                  fromContextType(builder, loc, loaded, value.getType()));
    }
    for (Operation *op : copied)
      builder.clone(*op, mapping);

    SmallVector<Value> counts = loop.buildCounts(
        builder, loc, [&](Value value) { return mapping.lookup(value); },
        /*firstDim=*/1);
    auto indexType = builder.getIndexType();
    Value begin = arith::IndexCastOp::create(builder, loc, indexType,
                                             entry->getArgument(1));
    Value end = arith::IndexCastOp::create(builder, loc, indexType,
                                           entry->getArgument(2));
    Value one = arith::ConstantIndexOp::create(builder, loc, 1);
    auto forOp = scf::ForOp::create(builder, loc, begin, end, one);
    {
      OpBuilder::InsertionGuard guard(builder);
      builder.setInsertionPointToStart(forOp.getBody());
      // The last dimension varies fastest.
      Value linear = forOp.getInductionVar();
      for (int64_t dim = counts.size() - 1; dim >= 0; --dim) {
        Value index = linear;
        if (dim > 0) {
          index = builder.createOrFold<arith::RemUIOp>(loc, linear, counts[dim]);
          linear = builder.createOrFold<arith::DivUIOp>(loc, linear, counts[dim]);
        }
        auto materialize = [&](OpFoldResult bound) {
          return getValueOrCreateConstantIndexOp(
              builder, loc,
              isa<Value>(bound)
                  ? OpFoldResult(mapping.lookup(cast<Value>(bound)))
                  : bound);
        };
        Value iv = builder.createOrFold<arith::AddIOp>(
            loc, materialize(loop.lowerBounds[dim]),
            builder.createOrFold<arith::MulIOp>(loc, index,
                                                materialize(loop.steps[dim])));
        mapping.map(loop.inductionVars[dim], iv);
      }
      for (Operation &op : loop.body->without_terminator())
        builder.clone(op, mapping);
    }

    if (errorGlobal) {
      // Publish this chunk's failure (the first chunk to fail wins), then
      // give the thread back its own slot.
      Value failure = LLVM::LoadOp::create(builder, loc, ptrType, errorSlot);
      Value failed = LLVM::ICmpOp::create(builder, loc, LLVM::ICmpPredicate::ne,
                                          failure, null);
      auto ifOp = scf::IfOp::create(builder, loc, failed, /*withElse=*/false);
      {
        OpBuilder::InsertionGuard guard(builder);
        builder.setInsertionPointToStart(ifOp.thenBlock());
        LLVM::AtomicCmpXchgOp::create(builder, loc,
                                      fieldAddress(builder, contextPtr, 0),
                                      null, failure,
                                      LLVM::AtomicOrdering::acq_rel,
                                      LLVM::AtomicOrdering::monotonic);
      }
      LLVM::StoreOp::create(builder, loc, savedError, errorSlot);
    }
    func::ReturnOp::create(builder, loc);
  }

  // Set for the duration of runOnOperation.
  LLVMTypeConverter *typeConverter = nullptr;
  SymbolTable *symbolTable = nullptr;
  LLVM::GlobalOp errorGlobal, execGlobal;
};

} // namespace
