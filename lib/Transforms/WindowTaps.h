//===- WindowTaps.h - The strided views a 2-D window reads ------*- C++ -*-===//

#ifndef ONNXC_LIB_TRANSFORMS_WINDOWTAPS_H
#define ONNXC_LIB_TRANSFORMS_WINDOWTAPS_H

#include "mlir/IR/Builders.h"
#include "mlir/IR/OpDefinition.h"

#include "llvm/ADT/STLExtras.h"

namespace onnxc {

/// A 2-D window (convolution or pool) over the last two dimensions of an
/// image, as the linalg named ops describe it.
struct Window {
  int64_t height, width;
  int64_t strides[2], dilations[2];

  /// The `height` x `width` window of a linalg convolution or pooling op,
  /// with the op's strides and dilations.
  template <typename WindowOp>
  static Window get(WindowOp op, int64_t height, int64_t width) {
    Window window{height, width, {}, {}};
    llvm::copy(op.getStrides().template getValues<int64_t>(), window.strides);
    llvm::copy(op.getDilations().template getValues<int64_t>(),
               window.dilations);
    return window;
  }

  int64_t getNumTaps() const { return height * width; }
};

/// One view of `image` per tap of the window, row-major over the window:
/// view (kh, kw) has the image's leading dimensions and then
/// `outputHeight x outputWidth`, and holds at [..., oh, ow] the element at
/// [..., oh*sh + kh*dh, ow*sw + kw*dw]. A window op is then an elementwise
/// combination of its views, with vector loads along the output's rows.
llvm::SmallVector<mlir::Value>
getWindowTaps(mlir::OpBuilder &b, mlir::Location loc, mlir::Value image,
              const Window &window, mlir::OpFoldResult outputHeight,
              mlir::OpFoldResult outputWidth);

/// The rows of the register tiles into which a direct convolution (one that
/// reads its image's windows, without patches) splits each output row of
/// `outputWidth` pixels: the largest divisor of the width above half of
/// `maxRows` and up to it, so that every tile is nearly full; 0 when there
/// is none (a 13- or 27-pixel row), and the convolution gathers patches.
inline int64_t getDirectTileRows(int64_t outputWidth, int64_t maxRows) {
  for (int64_t rows = maxRows; rows > maxRows / 2; --rows)
    if (outputWidth % rows == 0)
      return rows;
  return 0;
}

/// Whether a convolution with these loop ranges (n, f, oh, ow, c, kh, kw)
/// is computed from its image's windows: static but for its output's height
/// and width, its filters whole panels of `panelWidth`, and its output rows,
/// if their width is known, whole numbers of register tiles of more than
/// half `maxRows` rows.
bool isDirectConvolution(llvm::ArrayRef<int64_t> loopRanges, int64_t panelWidth,
                         int64_t maxRows);

} // namespace onnxc

#endif // ONNXC_LIB_TRANSFORMS_WINDOWTAPS_H
