//===- WindowTaps.cpp - The strided views a 2-D window reads --------------===//

#include "WindowTaps.h"

#include "mlir/Dialect/Tensor/IR/Tensor.h"

using namespace mlir;

namespace onnxc {

SmallVector<Value> getWindowTaps(OpBuilder &b, Location loc, Value image,
                                 const Window &window, OpFoldResult outputHeight,
                                 OpFoldResult outputWidth) {
  auto imageType = cast<RankedTensorType>(image.getType());
  int64_t rank = imageType.getRank();
  SmallVector<OpFoldResult> sizes = tensor::getMixedSizes(b, loc, image);
  sizes[rank - 2] = outputHeight;
  sizes[rank - 1] = outputWidth;
  SmallVector<OpFoldResult> steps(rank, b.getIndexAttr(1));
  steps[rank - 2] = b.getIndexAttr(window.strides[0]);
  steps[rank - 1] = b.getIndexAttr(window.strides[1]);
  SmallVector<Value> taps;
  for (int64_t kh = 0; kh < window.height; ++kh) {
    for (int64_t kw = 0; kw < window.width; ++kw) {
      SmallVector<OpFoldResult> offsets(rank, b.getIndexAttr(0));
      offsets[rank - 2] = b.getIndexAttr(kh * window.dilations[0]);
      offsets[rank - 1] = b.getIndexAttr(kw * window.dilations[1]);
      taps.push_back(
          tensor::ExtractSliceOp::create(b, loc, image, offsets, sizes, steps));
    }
  }
  return taps;
}

bool isDirectConvolution(llvm::ArrayRef<int64_t> loopRanges, int64_t panelWidth,
                         int64_t maxRows) {
  int64_t filters = loopRanges[1], width = loopRanges[3];
  for (auto [loop, range] : llvm::enumerate(loopRanges))
    if (loop != 2 && loop != 3 && mlir::ShapedType::isDynamic(range))
      return false;
  return maxRows > 0 && filters % panelWidth == 0 &&
         (mlir::ShapedType::isDynamic(width) ||
          getDirectTileRows(width, maxRows) != 0);
}

} // namespace onnxc
