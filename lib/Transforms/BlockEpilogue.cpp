//===- BlockEpilogue.cpp - Elementwise consumers in a product's blocks ----===//
//
// A convolution's activation (ReLU, ReLU6, SiLU) or residual sum, left as an
// op of its own, reads the whole output of the product back from memory and
// writes it again (for MobileNetV2's first 1x1 convolution 4.8 MB each way,
// then the padded copy that the next depthwise convolution reads). Computed
// in each cache block of the product, right after the block, it reads the
// block while it is still in cache and writes the result where the
// epilogue's output lies: into the padded buffer, once pad-in-place makes
// that output the interior of one.
//
//===----------------------------------------------------------------------===//

#include "BlockEpilogue.h"

#include "mlir/Dialect/Affine/IR/AffineOps.h"
#include "mlir/Dialect/Utils/StructuredOpsUtils.h"
#include "mlir/IR/Dominance.h"

#include <numeric>

using namespace mlir;

namespace onnxc {

namespace {

/// The next op of a chain: the only user of `value`.
Operation *getOnlyUser(Value value) {
  return value.hasOneUse() ? *value.getUsers().begin() : nullptr;
}

/// Within a group of dims that a reshape expands one dim into, the first
/// that is not 1: the block's rows, along which it may stop anywhere, while
/// it spans the dims after it.
unsigned getRowDim(ArrayRef<int64_t> shape, const ReassociationIndices &group) {
  for (int64_t dim : group)
    if (shape[dim] != 1)
      return dim;
  return group.back();
}

int64_t getProduct(ArrayRef<int64_t> shape, ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t dim : dims)
    product *= shape[dim];
  return product;
}

/// The elements of one row: the product of the dims after `row`.
int64_t getRowSize(ArrayRef<int64_t> shape, const ReassociationIndices &group,
                   int64_t row) {
  return getProduct(shape, ArrayRef<int64_t>(group)
                               .drop_until([&](int64_t d) { return d == row; })
                               .drop_front());
}

/// The product's reshaped result as an operand of the epilogue: read at the
/// same indices it is written, and the epilogue's other operands either so
/// too or scalars.
bool isBlockwise(linalg::GenericOp op, OpOperand *input) {
  if (!op.hasPureTensorSemantics() || op.getNumDpsInits() != 1 ||
      op.getNumParallelLoops() != op.getNumLoops() || op.hasIndexSemantics() ||
      !op.getDpsInits()[0].getDefiningOp<tensor::EmptyOp>() ||
      !op.getIndexingMapsArray().back().isIdentity())
    return false;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    AffineMap map = op.getMatchingIndexingMap(operand);
    if (operand == input ? !map.isIdentity()
                         : !map.isIdentity() && map.getNumResults() != 0)
      return false;
  }
  return true;
}

} // namespace

std::optional<BlockEpilogue> findBlockEpilogue(Value result) {
  auto type = dyn_cast<RankedTensorType>(result.getType());
  if (!type || !type.hasStaticShape())
    return std::nullopt;
  BlockEpilogue epilogue;
  Value value = result;
  Operation *user = getOnlyUser(value);
  if ((epilogue.collapse = dyn_cast_or_null<tensor::CollapseShapeOp>(user))) {
    value = epilogue.collapse.getResult();
    user = getOnlyUser(value);
  }
  if ((epilogue.expand = dyn_cast_or_null<tensor::ExpandShapeOp>(user))) {
    value = epilogue.expand.getResult();
    user = getOnlyUser(value);
  }
  epilogue.op = dyn_cast_or_null<linalg::GenericOp>(user);
  if (!epilogue.op)
    return std::nullopt;
  epilogue.input =
      &*llvm::find_if(epilogue.op->getOpOperands(), [&](OpOperand &operand) {
        return operand.get() == value;
      });
  if (!isBlockwise(epilogue.op, epilogue.input))
    return std::nullopt;

  // A dim inside a group that the collapse merges must be whole; the first
  // of a group carries the group's size times that of the rest. Where the
  // expansion splits a dim into rows, a block holds whole rows.
  ArrayRef<int64_t> shape = type.getShape();
  SmallVector<int64_t> alignment(shape.size(), 1), factor(shape.size(), 1);
  SmallVector<int64_t> collapsedDim =
      llvm::to_vector(llvm::seq<int64_t>(0, shape.size()));
  if (epilogue.collapse) {
    for (auto [index, group] :
         llvm::enumerate(epilogue.collapse.getReassociationIndices())) {
      for (int64_t dim : llvm::drop_begin(group))
        alignment[dim] = 0;
      factor[group.front()] =
          getProduct(shape, ArrayRef<int64_t>(group).drop_front());
      collapsedDim[group.front()] = index;
    }
  }
  if (epilogue.expand) {
    ArrayRef<int64_t> expanded = epilogue.expand.getResultType().getShape();
    SmallVector<ReassociationIndices> groups =
        epilogue.expand.getReassociationIndices();
    for (unsigned dim = 0; dim < alignment.size(); ++dim) {
      if (alignment[dim] == 0)
        continue;
      const ReassociationIndices &group = groups[collapsedDim[dim]];
      int64_t rowSize = getRowSize(expanded, group, getRowDim(expanded, group));
      alignment[dim] = rowSize / std::gcd(rowSize, factor[dim]);
    }
  }
  epilogue.alignment = std::move(alignment);
  return epilogue;
}

std::optional<BlockEpilogue> collapseBlockEpilogue(RewriterBase &rewriter,
                                                   BlockEpilogue epilogue) {
  linalg::GenericOp op = epilogue.op;
  // A padded result is written into the interior of the padded buffer
  // (onnx-pad-in-place), through the expansion: rows of the image.
  if (!epilogue.expand || llvm::any_of(op->getUsers(), [](Operation *user) {
        return isa<tensor::PadOp>(user);
      }))
    return std::nullopt;
  // The product's result as the expansion reads it (collapsed, when its
  // filters are in panels).
  Value product = epilogue.expand.getSrc();
  Value result = epilogue.collapse ? epilogue.collapse.getSrc() : product;
  auto productType = cast<RankedTensorType>(product.getType());
  SmallVector<ReassociationIndices> groups =
      epilogue.expand.getReassociationIndices();
  MLIRContext *context = rewriter.getContext();
  Location loc = op.getLoc();
  unsigned rank = productType.getRank();
  AffineMap identity = AffineMap::getMultiDimIdentityMap(rank, context);
  SmallVector<Value> inputs;
  SmallVector<AffineMap> maps;
  for (OpOperand *operand : op.getDpsInputOperands()) {
    Value value = operand->get();
    if (operand == epilogue.input) {
      inputs.push_back(product);
    } else if (op.getMatchingIndexingMap(operand).getNumResults() == 0) {
      inputs.push_back(value);
      maps.push_back(AffineMap::get(rank, 0, {}, context));
      continue;
    } else {
      // Where the operand is defined, so that it still dominates the
      // product's blocks.
      rewriter.setInsertionPointAfterValue(value);
      inputs.push_back(
          tensor::CollapseShapeOp::create(rewriter, loc, value, groups));
    }
    maps.push_back(identity);
  }
  maps.push_back(identity);
  rewriter.setInsertionPoint(op);
  auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
  Value init = tensor::EmptyOp::create(rewriter, loc, productType.getShape(),
                                       resultType.getElementType());
  auto collapsed = linalg::GenericOp::create(
      rewriter, loc, TypeRange{init.getType()}, inputs, ValueRange{init}, maps,
      SmallVector<utils::IteratorType>(rank, utils::IteratorType::parallel));
  rewriter.cloneRegionBefore(op.getRegion(), collapsed.getRegion(),
                             collapsed.getRegion().end());
  rewriter.replaceOpWithNewOp<tensor::ExpandShapeOp>(
      op, resultType, collapsed.getResult(0), groups);
  rewriter.eraseOp(epilogue.expand);
  return findBlockEpilogue(result);
}

LogicalResult fuseBlockEpilogue(RewriterBase &rewriter, scf::ForallOp forall,
                                BlockEpilogue epilogue) {
  if (forall.getNumResults() != 1)
    return failure();
  BlockArgument shared = forall.getRegionIterArgs()[0];
  scf::InParallelOp terminator = forall.getTerminator();
  auto yielding = terminator.getYieldingOps();
  if (!llvm::hasSingleElement(yielding))
    return failure();
  auto insert = dyn_cast<tensor::ParallelInsertSliceOp>(*yielding.begin());
  if (!insert || insert.getDest() != shared ||
      insert.getSourceType().getRank() != insert.getDestType().getRank() ||
      !llvm::all_of(insert.getMixedStrides(), isOneInteger))
    return failure();
  // The forall's output holds nothing yet (an empty tensor seen through
  // reshapes): its slices in the block, the destinations where the block's
  // accumulator starts, may as well be empty tensors.
  Value init = forall.getOutputs()[0];
  while (Operation *reshape = init.getDefiningOp()) {
    if (!isa<tensor::CollapseShapeOp, tensor::ExpandShapeOp>(reshape))
      break;
    init = reshape->getOperand(0);
  }
  if (!init.getDefiningOp<tensor::EmptyOp>())
    return failure();
  SmallVector<tensor::ExtractSliceOp> destinations;
  for (Operation *user : shared.getUsers()) {
    if (user == insert)
      continue;
    auto slice = dyn_cast<tensor::ExtractSliceOp>(user);
    if (!slice)
      return failure();
    destinations.push_back(slice);
  }
  DominanceInfo dominance;
  for (OpOperand *input : epilogue.op.getDpsInputOperands())
    if (input != epilogue.input &&
        !dominance.properlyDominates(input->get(), forall))
      return failure();

  // Each offset of a block is a multiple of the alignment along its dim: a
  // constant, or an index of the forall stepping by such a multiple from 0.
  auto isAligned = [&](OpFoldResult offset, int64_t alignment) {
    if (alignment == 0)
      return isZeroInteger(offset);
    if (std::optional<int64_t> constant = getConstantIntValue(offset))
      return *constant % alignment == 0;
    auto index = dyn_cast_if_present<BlockArgument>(dyn_cast<Value>(offset));
    if (!index || index.getOwner() != forall.getBody() ||
        index.getArgNumber() >= forall.getRank())
      return false;
    std::optional<int64_t> lower =
        getConstantIntValue(forall.getMixedLowerBound()[index.getArgNumber()]);
    std::optional<int64_t> step =
        getConstantIntValue(forall.getMixedStep()[index.getArgNumber()]);
    return lower && step && *lower % alignment == 0 && *step % alignment == 0;
  };
  SmallVector<OpFoldResult> offsets = insert.getMixedOffsets();
  SmallVector<OpFoldResult> sizes = insert.getMixedSizes();
  ArrayRef<int64_t> shape = insert.getDestType().getShape();
  for (auto [offset, size, extent, alignment] :
       llvm::zip(offsets, sizes, shape, epilogue.alignment)) {
    if (!isAligned(offset, alignment))
      return failure();
    // Blocks of whole rows: the last one too, when the rows fill the dim.
    std::optional<int64_t> staticSize = getConstantIntValue(size);
    if (alignment == 0 ? staticSize != extent
        : staticSize   ? *staticSize % alignment != 0
                       : extent % alignment != 0)
      return failure();
  }

  Location loc = forall.getLoc();
  for (tensor::ExtractSliceOp slice : destinations) {
    rewriter.setInsertionPoint(slice);
    rewriter.replaceOpWithNewOp<tensor::EmptyOp>(
        slice, slice.getMixedSizes(), slice.getType().getElementType());
  }
  AffineExpr s0 = rewriter.getAffineSymbolExpr(0);
  rewriter.setInsertionPoint(terminator);
  Value block = insert.getSource();
  if (epilogue.collapse) {
    SmallVector<ReassociationIndices> groups =
        epilogue.collapse.getReassociationIndices();
    SmallVector<OpFoldResult> groupOffsets, groupSizes;
    for (const ReassociationIndices &group : groups) {
      int64_t rest = getProduct(shape, ArrayRef<int64_t>(group).drop_front());
      groupOffsets.push_back(affine::makeComposedFoldedAffineApply(
          rewriter, loc, s0 * rest, {offsets[group.front()]}));
      groupSizes.push_back(affine::makeComposedFoldedAffineApply(
          rewriter, loc, s0 * rest, {sizes[group.front()]}));
    }
    block = tensor::CollapseShapeOp::create(rewriter, loc, block, groups);
    offsets = std::move(groupOffsets);
    sizes = std::move(groupSizes);
  }
  if (epilogue.expand) {
    ArrayRef<int64_t> expanded = epilogue.expand.getResultType().getShape();
    SmallVector<ReassociationIndices> groups =
        epilogue.expand.getReassociationIndices();
    SmallVector<OpFoldResult> dimOffsets, dimSizes;
    for (auto [group, offset, size] : llvm::zip(groups, offsets, sizes)) {
      unsigned row = getRowDim(expanded, group);
      for (int64_t dim : group) {
        if (dim < row) {
          dimOffsets.push_back(rewriter.getIndexAttr(0));
          dimSizes.push_back(rewriter.getIndexAttr(1));
        } else if (dim > row) {
          dimOffsets.push_back(rewriter.getIndexAttr(0));
          dimSizes.push_back(rewriter.getIndexAttr(expanded[dim]));
        } else {
          int64_t rowSize = getRowSize(expanded, group, row);
          dimOffsets.push_back(affine::makeComposedFoldedAffineApply(
              rewriter, loc, s0.floorDiv(rowSize), {offset}));
          dimSizes.push_back(affine::makeComposedFoldedAffineApply(
              rewriter, loc, s0.floorDiv(rowSize), {size}));
        }
      }
    }
    SmallVector<int64_t> staticSizes;
    SmallVector<Value> dynamicSizes;
    dispatchIndexOpFoldResults(dimSizes, dynamicSizes, staticSizes);
    auto blockType = RankedTensorType::get(
        staticSizes, epilogue.expand.getResultType().getElementType());
    block = tensor::ExpandShapeOp::create(rewriter, loc, blockType, block,
                                          groups, dimSizes);
    offsets = std::move(dimOffsets);
    sizes = std::move(dimSizes);
  }

  // The forall now yields the epilogue's output.
  linalg::GenericOp op = epilogue.op;
  auto resultType = cast<RankedTensorType>(op.getResult(0).getType());
  rewriter.setInsertionPoint(forall);
  Value output = tensor::EmptyOp::create(rewriter, loc, resultType.getShape(),
                                         resultType.getElementType());
  rewriter.modifyOpInPlace(forall, [&] {
    forall.getOutputsMutable()[0].set(output);
    shared.setType(resultType);
    forall.getResult(0).setType(resultType);
  });

  rewriter.setInsertionPoint(terminator);
  SmallVector<OpFoldResult> strides(offsets.size(), rewriter.getIndexAttr(1));
  SmallVector<Value> operands;
  for (OpOperand *input : op.getDpsInputOperands()) {
    Value value = input->get();
    if (input == epilogue.input)
      operands.push_back(block);
    else if (op.getMatchingIndexingMap(input).getNumResults() == 0)
      operands.push_back(value);
    else
      operands.push_back(tensor::ExtractSliceOp::create(
          rewriter, loc, value, offsets, sizes, strides));
  }
  Value destination = tensor::ExtractSliceOp::create(rewriter, loc, shared,
                                                     offsets, sizes, strides);
  operands.push_back(destination);
  auto blockOp =
      clone(rewriter, op, TypeRange{destination.getType()}, operands);
  rewriter.setInsertionPoint(insert);
  tensor::ParallelInsertSliceOp::create(rewriter, loc, blockOp.getResult(0),
                                        shared, offsets, sizes, strides);
  rewriter.eraseOp(insert);

  rewriter.replaceOp(op, forall.getResult(0));
  if (epilogue.expand)
    rewriter.eraseOp(epilogue.expand);
  if (epilogue.collapse)
    rewriter.eraseOp(epilogue.collapse);
  return success();
}

} // namespace onnxc
