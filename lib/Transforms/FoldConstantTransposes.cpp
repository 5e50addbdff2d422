//===- FoldConstantTransposes.cpp - Transposed constants ------------------===//
//
// Folds the transpose of a weight into a new constant: at run time it is a
// strided copy of the whole tensor, one element at a time, in every
// inference (the transposes of an LSTM's weights took a fifth of its run).
// Upstream's constant folding of linalg ops reads DenseElementsAttr only,
// while weights arrive as dense resources.
//
//===----------------------------------------------------------------------===//

#include "onnxc/Transforms/Passes.h"

#include "mlir/Dialect/Arith/IR/Arith.h"
#include "mlir/Dialect/Linalg/IR/Linalg.h"
#include "mlir/Dialect/Tensor/IR/Tensor.h"
#include "mlir/IR/BuiltinAttributes.h"
#include "mlir/IR/DialectResourceBlobManager.h"
#include "mlir/IR/PatternMatch.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

#include <cstring>

namespace onnxc {
#define GEN_PASS_DEF_FOLDCONSTANTTRANSPOSESPASS
#include "onnxc/Transforms/Passes.h.inc"
} // namespace onnxc

using namespace mlir;

namespace {

/// The alignment the importer gives weight blobs, which vector loads of the
/// emitted globals may assume.
constexpr size_t kBlobAlignment = 64;

/// The raw row-major bytes of a constant, or nothing when they are not at
/// hand (an elided resource) or not one whole number of bytes per element.
std::optional<ArrayRef<char>> getRawBytes(ElementsAttr value) {
  Type element = value.getElementType();
  if (!element.isIntOrFloat() || element.getIntOrFloatBitWidth() % 8 != 0)
    return std::nullopt;
  if (auto resource = dyn_cast<DenseResourceElementsAttr>(value)) {
    AsmResourceBlob *blob = resource.getRawHandle().getBlob();
    if (!blob)
      return std::nullopt;
    return blob->getData();
  }
  auto dense = dyn_cast<DenseElementsAttr>(value);
  if (!dense || dense.isSplat())
    return std::nullopt;
  return dense.getRawData();
}

struct FoldTransposeOfConstant : OpRewritePattern<linalg::TransposeOp> {
  using OpRewritePattern::OpRewritePattern;

  LogicalResult matchAndRewrite(linalg::TransposeOp op,
                                PatternRewriter &rewriter) const override {
    if (!op.hasPureTensorSemantics())
      return failure();
    auto resultType = cast<RankedTensorType>(op.getResult()[0].getType());
    if (!resultType.hasStaticShape())
      return failure();

    // The transposed operand as a strided view of the constant: static
    // slices and expansions between them (a weight's leading rows, split
    // into panels) only move the view's base and set its strides.
    SmallVector<Operation *> views;
    Value input = op.getInput();
    while (isa_and_present<tensor::ExtractSliceOp, tensor::ExpandShapeOp>(
        input.getDefiningOp())) {
      views.push_back(input.getDefiningOp());
      input = views.back()->getOperand(0);
    }
    ElementsAttr value;
    if (!matchPattern(input, m_Constant(&value)))
      return failure();
    if (auto dense = dyn_cast<DenseElementsAttr>(value); dense && dense.isSplat()) {
      rewriter.replaceOpWithNewOp<arith::ConstantOp>(
          op, DenseElementsAttr::get(resultType, dense.getSplatValue<Attribute>()));
      return success();
    }
    std::optional<ArrayRef<char>> bytes = getRawBytes(value);
    if (!bytes)
      return failure();
    auto constantType = cast<ShapedType>(value.getType());
    int64_t elementBytes = constantType.getElementTypeBitWidth() / 8;

    int64_t base = 0;
    SmallVector<int64_t> viewStrides(constantType.getRank(), 1);
    for (int64_t dim = constantType.getRank() - 1; dim > 0; --dim)
      viewStrides[dim - 1] = viewStrides[dim] * constantType.getDimSize(dim);
    for (Operation *view : llvm::reverse(views)) {
      SmallVector<int64_t> strides;
      if (auto expand = dyn_cast<tensor::ExpandShapeOp>(view)) {
        if (!expand.getResultType().hasStaticShape())
          return failure();
        ArrayRef<int64_t> shape = expand.getResultType().getShape();
        for (auto [dim, group] :
             llvm::enumerate(expand.getReassociationIndices())) {
          SmallVector<int64_t> groupStrides(group.size(), viewStrides[dim]);
          for (int64_t i = group.size() - 1; i > 0; --i)
            groupStrides[i - 1] = groupStrides[i] * shape[group[i]];
          strides.append(groupStrides);
        }
      } else {
        auto slice = cast<tensor::ExtractSliceOp>(view);
        if (!slice.hasUnitStride() ||
            ShapedType::isDynamicShape(slice.getStaticOffsets()) ||
            ShapedType::isDynamicShape(slice.getStaticSizes()))
          return failure();
        llvm::SmallBitVector dropped = slice.getDroppedDims();
        for (auto [dim, offset] : llvm::enumerate(slice.getStaticOffsets())) {
          base += offset * viewStrides[dim];
          if (!dropped.test(dim))
            strides.push_back(viewStrides[dim]);
        }
      }
      viewStrides = std::move(strides);
    }

    // For each result dim, the stride of the view's dim it walks along.
    ArrayRef<int64_t> permutation = op.getPermutation();
    ArrayRef<int64_t> shape = resultType.getShape();
    int64_t resultRank = resultType.getRank();
    SmallVector<int64_t> strides;
    for (int64_t dim : permutation)
      strides.push_back(viewStrides[dim]);

    int64_t numElements = resultType.getNumElements();
    if (numElements == 0)
      return failure();
    AsmResourceBlob blob = HeapAsmResourceBlob::allocate(
        numElements * elementBytes, kBlobAlignment);
    MutableArrayRef<char> out = blob.getMutableData();
    SmallVector<int64_t> index(resultRank, 0);
    int64_t source = base;
    for (int64_t element = 0; element < numElements; ++element) {
      std::memcpy(out.data() + element * elementBytes,
                  bytes->data() + source * elementBytes, elementBytes);
      // Next index, row-major, moving the source offset along.
      for (int64_t dim = resultRank - 1; dim >= 0; --dim) {
        source += strides[dim];
        if (++index[dim] < shape[dim])
          break;
        source -= strides[dim] * shape[dim];
        index[dim] = 0;
      }
    }
    rewriter.replaceOpWithNewOp<arith::ConstantOp>(
        op, DenseResourceElementsAttr::get(resultType, "transposed",
                                           std::move(blob)));
    return success();
  }
};

struct FoldConstantTransposesPass
    : onnxc::impl::FoldConstantTransposesPassBase<FoldConstantTransposesPass> {
  void runOnOperation() override {
    RewritePatternSet patterns(&getContext());
    patterns.add<FoldTransposeOfConstant>(&getContext());
    (void)applyPatternsGreedily(getOperation(), std::move(patterns));
  }
};

} // namespace
