//===- ShapeHelpers.cpp - Output-shape rules shared by onnx ops -----------===//

#include "onnxc/Dialect/ONNX/IR/ShapeHelpers.h"
#include "onnxc/Dialect/ONNX/IR/ONNXTypes.h"

#include "mlir/Dialect/Traits.h"
#include "llvm/Support/MathExtras.h"
#include "llvm/Support/raw_ostream.h"

#include <algorithm>

using namespace mlir;

namespace onnxc::onnx {

FailureOr<SmallVector<int64_t>> broadcastShapes(ArrayRef<int64_t> lhs,
                                                ArrayRef<int64_t> rhs) {
  SmallVector<int64_t> result;
  if (!OpTrait::util::getBroadcastedShape(lhs, rhs, result))
    return failure();
  return result;
}

FailureOr<int64_t> normalizeAxis(int64_t axis, int64_t rank) {
  if (axis < -rank || axis >= rank)
    return failure();
  return axis < 0 ? axis + rank : axis;
}

Type meetTensorTypes(Type a, Type b) {
  auto lhsSeq = dyn_cast<SeqType>(a), rhsSeq = dyn_cast<SeqType>(b);
  if (lhsSeq || rhsSeq) {
    if (!lhsSeq || !rhsSeq)
      return {};
    Type element =
        meetTensorTypes(lhsSeq.getElementType(), rhsSeq.getElementType());
    return element ? SeqType::get(cast<TensorType>(element)) : Type();
  }
  auto lhs = dyn_cast<TensorType>(a), rhs = dyn_cast<TensorType>(b);
  if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType())
    return {};
  if (!lhs.hasRank())
    return rhs;
  if (!rhs.hasRank())
    return lhs;
  if (lhs.getRank() != rhs.getRank())
    return {};
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip_equal(lhs.getShape(), rhs.getShape())) {
    if (!ShapedType::isDynamic(x) && !ShapedType::isDynamic(y) && x != y)
      return {};
    shape.push_back(ShapedType::isDynamic(x) ? y : x);
  }
  return RankedTensorType::get(shape, lhs.getElementType());
}

int64_t productOfDims(ArrayRef<int64_t> dims) {
  int64_t product = 1;
  for (int64_t dim : dims) {
    if (ShapedType::isDynamic(dim))
      return ShapedType::kDynamic;
    if (llvm::MulOverflow(product, dim, product))
      return ShapedType::kDynamic;
  }
  return product;
}

SliceBounds computeSliceBounds(int64_t size, int64_t start, int64_t end,
                               int64_t step) {
  if (start < 0)
    start += size;
  if (end < 0)
    end += size;
  if (step > 0) {
    start = std::clamp<int64_t>(start, 0, size);
    end = std::clamp<int64_t>(end, 0, size);
    return {start, end > start ? llvm::divideCeilSigned(end - start, step) : 0};
  }
  if (size == 0)
    return {0, 0};
  start = std::clamp<int64_t>(start, 0, size - 1);
  end = std::clamp<int64_t>(end, -1, size - 1);
  return {start, start > end ? llvm::divideCeilSigned(start - end, -step) : 0};
}

static LogicalResult checkLength(StringRef name, ArrayRef<int64_t> values,
                                 size_t expected, std::string &error) {
  if (values.size() == expected)
    return success();
  llvm::raw_string_ostream(error)
      << "'" << name << "' has " << values.size() << " values, expected "
      << expected;
  return failure();
}

FailureOr<WindowGeometry>
computeWindowGeometry(ArrayRef<int64_t> spatialInput, ArrayRef<int64_t> kernel,
                      std::optional<ArrayRef<int64_t>> strides,
                      std::optional<ArrayRef<int64_t>> dilations,
                      std::optional<ArrayRef<int64_t>> pads, StringRef autoPad,
                      bool ceilMode, std::string &error) {
  size_t rank = spatialInput.size();
  WindowGeometry geometry;
  if (failed(checkLength("kernel_shape", kernel, rank, error)))
    return failure();
  geometry.kernel.assign(kernel.begin(), kernel.end());
  geometry.strides.assign(rank, 1);
  geometry.dilations.assign(rank, 1);
  geometry.pads.assign(2 * rank, 0);
  if (strides) {
    if (failed(checkLength("strides", *strides, rank, error)))
      return failure();
    geometry.strides.assign(strides->begin(), strides->end());
  }
  if (dilations) {
    if (failed(checkLength("dilations", *dilations, rank, error)))
      return failure();
    geometry.dilations.assign(dilations->begin(), dilations->end());
  }
  if (pads && autoPad == "NOTSET") {
    if (failed(checkLength("pads", *pads, 2 * rank, error)))
      return failure();
    geometry.pads.assign(pads->begin(), pads->end());
  }
  for (size_t i = 0; i < rank; ++i) {
    if (geometry.kernel[i] <= 0 || geometry.strides[i] <= 0 ||
        geometry.dilations[i] <= 0) {
      error = "kernel sizes, strides and dilations must be positive";
      return failure();
    }
    if (geometry.pads[i] < 0 || geometry.pads[i + rank] < 0) {
      error = "pads must not be negative";
      return failure();
    }
  }
  if (autoPad != "NOTSET" && autoPad != "VALID" && autoPad != "SAME_UPPER" &&
      autoPad != "SAME_LOWER") {
    error = ("unknown auto_pad '" + autoPad + "'").str();
    return failure();
  }

  for (size_t i = 0; i < rank; ++i) {
    int64_t in = spatialInput[i];
    // Kernels, dilations and pads near int64's limits must be refused, not
    // overflowed.
    int64_t effectiveKernel;
    if (llvm::MulOverflow(geometry.kernel[i] - 1, geometry.dilations[i],
                          effectiveKernel) ||
        llvm::AddOverflow(effectiveKernel, int64_t(1), effectiveKernel)) {
      llvm::raw_string_ostream(error)
          << "the dilated kernel of spatial dimension " << i
          << " overflows int64";
      return failure();
    }
    int64_t stride = geometry.strides[i];
    if (ShapedType::isDynamic(in)) {
      // Pads of SAME_* depend on the input size, which the lowering
      // recomputes at run time.
      geometry.outputSizes.push_back(ShapedType::kDynamic);
      continue;
    }
    if (autoPad == "SAME_UPPER" || autoPad == "SAME_LOWER") {
      // ONNX: output = ceil(input / stride); the total pad makes it so, with
      // the odd extra pad at the end for SAME_UPPER.
      int64_t out = llvm::divideCeil(in, stride);
      int64_t total =
          std::max<int64_t>(0, (out - 1) * stride + effectiveKernel - in);
      int64_t small = total / 2, large = total - small;
      geometry.pads[i] = autoPad == "SAME_UPPER" ? small : large;
      geometry.pads[i + rank] = autoPad == "SAME_UPPER" ? large : small;
      geometry.outputSizes.push_back(out);
      continue;
    }
    int64_t padded;
    if (llvm::AddOverflow(in, geometry.pads[i], padded) ||
        llvm::AddOverflow(padded, geometry.pads[i + rank], padded)) {
      llvm::raw_string_ostream(error)
          << "spatial dimension " << i << " plus pads overflows int64";
      return failure();
    }
    if (padded < effectiveKernel) {
      llvm::raw_string_ostream(error)
          << "spatial dimension " << i << " (" << in << " plus pads) is "
          << "smaller than the dilated kernel (" << effectiveKernel << ")";
      return failure();
    }
    int64_t span = padded - effectiveKernel;
    int64_t out = (ceilMode ? llvm::divideCeil(span, stride) : span / stride) + 1;
    // ONNX (and PyTorch): with ceil_mode, the last window must start inside
    // the input or its begin padding.
    if (ceilMode && (out - 1) * stride >= in + geometry.pads[i])
      --out;
    geometry.outputSizes.push_back(out);
  }
  return geometry;
}

FailureOr<SmallVector<int64_t>>
computeReshapeShape(ArrayRef<int64_t> input, ArrayRef<int64_t> requested,
                    bool allowZero, std::string &error) {
  SmallVector<int64_t> result;
  int64_t inferredIndex = -1;
  for (auto [index, size] : llvm::enumerate(requested)) {
    if (ShapedType::isDynamic(size)) {
      result.push_back(ShapedType::kDynamic);
    } else if (size == -1) {
      if (inferredIndex >= 0) {
        error = "'shape' has more than one -1";
        return failure();
      }
      inferredIndex = index;
      result.push_back(ShapedType::kDynamic);
    } else if (size == 0 && !allowZero) {
      if (index >= input.size()) {
        llvm::raw_string_ostream(error)
            << "'shape' has 0 at index " << index
            << ", past the input's rank " << input.size();
        return failure();
      }
      result.push_back(input[index]);
    } else if (size < 0) {
      llvm::raw_string_ostream(error)
          << "'shape' has invalid size " << size << " at index " << index;
      return failure();
    } else {
      result.push_back(size);
    }
  }
  if (allowZero && inferredIndex >= 0 && llvm::is_contained(requested, 0)) {
    error = "'shape' cannot hold both 0 and -1 when allowzero is set";
    return failure();
  }

  int64_t total = productOfDims(input);
  SmallVector<int64_t> known(result);
  if (inferredIndex >= 0)
    known.erase(known.begin() + inferredIndex);
  int64_t knownProduct = productOfDims(known);
  if (ShapedType::isDynamic(total) || ShapedType::isDynamic(knownProduct))
    return result;
  if (inferredIndex >= 0) {
    if (knownProduct == 0 || total % knownProduct != 0) {
      llvm::raw_string_ostream(error)
          << "cannot reshape " << total << " elements: the other sizes "
          << "multiply to " << knownProduct;
      return failure();
    }
    result[inferredIndex] = total / knownProduct;
  } else if (knownProduct != total) {
    llvm::raw_string_ostream(error)
        << "cannot reshape " << total << " elements into " << knownProduct;
    return failure();
  }
  return result;
}

FailureOr<SmallVector<bool>> computeReducedDims(int64_t rank,
                                               ArrayRef<int64_t> axes,
                                               bool noopWithEmptyAxes,
                                               std::string &error) {
  if (axes.empty())
    return SmallVector<bool>(rank, !noopWithEmptyAxes);
  SmallVector<bool> reduced(rank, false);
  for (int64_t axis : axes) {
    FailureOr<int64_t> dim = normalizeAxis(axis, rank);
    if (failed(dim)) {
      llvm::raw_string_ostream(error)
          << "axis " << axis << " is out of range for an input of rank "
          << rank;
      return failure();
    }
    if (reduced[*dim]) {
      llvm::raw_string_ostream(error) << "axis " << axis << " is named twice";
      return failure();
    }
    reduced[*dim] = true;
  }
  return reduced;
}

SmallVector<int64_t> computeReducedShape(ArrayRef<int64_t> shape,
                                         ArrayRef<bool> reduced,
                                         bool keepDims) {
  SmallVector<int64_t> result;
  for (auto [size, isReduced] : llvm::zip_equal(shape, reduced)) {
    if (!isReduced)
      result.push_back(size);
    else if (keepDims)
      result.push_back(1);
  }
  return result;
}

Type joinTensorTypes(Type a, Type b) {
  auto lhsSeq = dyn_cast<SeqType>(a), rhsSeq = dyn_cast<SeqType>(b);
  if (lhsSeq || rhsSeq) {
    if (!lhsSeq || !rhsSeq)
      return {};
    Type element =
        joinTensorTypes(lhsSeq.getElementType(), rhsSeq.getElementType());
    return element ? SeqType::get(cast<TensorType>(element)) : Type();
  }
  auto lhs = dyn_cast<TensorType>(a), rhs = dyn_cast<TensorType>(b);
  if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType())
    return {};
  if (!lhs.hasRank() || !rhs.hasRank() || lhs.getRank() != rhs.getRank())
    return UnrankedTensorType::get(lhs.getElementType());
  SmallVector<int64_t> shape;
  for (auto [x, y] : llvm::zip_equal(lhs.getShape(), rhs.getShape()))
    shape.push_back(x == y ? x : ShapedType::kDynamic);
  return RankedTensorType::get(shape, lhs.getElementType());
}

bool isTensorTypeRefinementOf(Type precise, Type general) {
  auto lhsSeq = dyn_cast<SeqType>(precise), rhsSeq = dyn_cast<SeqType>(general);
  if (lhsSeq || rhsSeq)
    return lhsSeq && rhsSeq &&
           isTensorTypeRefinementOf(lhsSeq.getElementType(),
                                    rhsSeq.getElementType());
  auto lhs = dyn_cast<TensorType>(precise), rhs = dyn_cast<TensorType>(general);
  if (!lhs || !rhs || lhs.getElementType() != rhs.getElementType())
    return false;
  if (!rhs.hasRank())
    return true;
  if (!lhs.hasRank() || lhs.getRank() != rhs.getRank())
    return false;
  return llvm::all_of(llvm::zip_equal(lhs.getShape(), rhs.getShape()),
                      [](auto dims) {
                        auto [x, y] = dims;
                        return ShapedType::isDynamic(y) || x == y;
                      });
}

} // namespace onnxc::onnx
