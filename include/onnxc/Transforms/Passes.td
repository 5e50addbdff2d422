//===- Passes.td - Passes over upstream dialects -------------*- tablegen -*-===//

#ifndef ONNXC_TRANSFORMS_PASSES_TD
#define ONNXC_TRANSFORMS_PASSES_TD

include "mlir/Pass/PassBase.td"

//===----------------------------------------------------------------------===//
// Code generation
//===----------------------------------------------------------------------===//

def GenerateEntryPointPass : Pass<"onnx-generate-entry-point", "mlir::ModuleOp"> {
  let summary = "Adds the model descriptor and run function that the runtime calls";
  let description = [{
    Runs on the LLVM dialect, after the entry function has been lowered with
    `llvm.emit_c_interface`. Adds `<prefix>_run(inputs, results, error,
    exec)`, which passes the memref descriptors the runtime built to the
    entry function's C interface (with `exec` in the thread-local
    `onnxc_run_exec` of `onnx-parallelize` meanwhile, when the model has
    parallel loops), the signature string recorded by `onnx-record-signature`, and
    `<prefix>_descriptor()` returning the `onnxc_model_abi` of
    `include/onnxc/Runtime/ModelABI.h`. With `export-default-descriptor`, the
    descriptor is also exported as `onnxc_model_descriptor` for runtimes that
    load a shared object without knowing its prefix.
  }];
  let options = [
    Option<"symbolPrefix", "symbol-prefix", "std::string", "\"model\"",
           "Prefix of every symbol the model exports">,
    Option<"exportDefaultDescriptor", "export-default-descriptor", "bool",
           "false", "Also export the descriptor as onnxc_model_descriptor">,
  ];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def ApproximateMathPass : Pass<"onnx-approximate-math"> {
  let summary = "Replaces f32 exp, log, tanh and erf by inline polynomials";
  let description = [{
    Applies MLIR's polynomial approximations of `math.exp`, `expm1`, `log`,
    `log1p`, `log2`, `tanh` and `erf` (f32, and f16/bf16 through f32), which
    are arithmetic that vectorises, instead of one libm call per element.
    Functions whose approximation loses accuracy for large arguments (sin,
    cos) are left to libm.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::math::MathDialect",
    "mlir::vector::VectorDialect",
  ];
}

def FuseElementwisePass : Pass<"onnx-fuse-elementwise"> {
  let summary = "Fuses elementwise linalg ops, except into contractions";
  let description = [{
    Upstream's elementwise fusion (producers into consumers, reshapes
    propagated, constants folded) with one exception: an elementwise
    producer is not folded into a contraction that reads it. Fused, the
    contraction would no longer be a product of two operands, miss the
    register-tiled kernel of `onnx-tile-contractions`, and recompute the
    producer for every output it contributes to. A sum of a contraction
    that starts from zeros and an addend (a MatMul's bias, broadcast or
    not) becomes the contraction starting from the addend, before
    upstream's fusion runs.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def FoldConstantTransposesPass : Pass<"onnx-fold-constant-transposes"> {
  let summary = "Transposes constant tensors at compile time";
  let description = [{
    A `linalg.transpose` of a constant, of a static `tensor.expand_shape` of
    one, or of a static unit-stride `tensor.extract_slice` of either (an
    RNN's W and R, one direction at a time, transposed for X W^T; a
    Transpose node on an initializer; a weight packed into column panels by
    `onnx-tile-contractions`), is
    replaced by a new constant holding the transposed elements. At run time
    it was a strided copy of the whole weight in every inference. Constants
    whose data is not available (elided) and element types narrower than a
    byte are left alone.
  }];
  let dependentDialects = ["mlir::arith::ArithDialect"];
}

def WindowsAsElementwisePass : Pass<"onnx-windows-as-elementwise"> {
  let summary = "Rewrites depthwise convolutions and small pools as elementwise ops";
  let description = [{
    A float depthwise convolution (one input channel per group) or a 2-D max
    or sum pool with at most 49 taps becomes one elementwise `linalg.generic`
    over the window's strided views of the image, one operand per tap (and
    per tap a slice of the filter): a sum of products, a maximum or a sum,
    accumulated in the named op's order. Elementwise, it is fused with the
    op that follows, vectorised along the output rows and run on the thread
    pool, which the named ops' loops over the window are not.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::linalg::LinalgDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def ConvolutionsAsMatmulsPass : Pass<"onnx-convolutions-as-matmuls"> {
  let summary = "Rewrites 2-D float convolutions as matrix products";
  let description = [{
    An NCHW convolution becomes, per image, the product of its filters
    [F, C*KH*KW] with the image's patches [C*KH*KW, OH*OW]: a 1x1 kernel reads
    the (strided) image as it is, other kernels gather the patches first
    (im2col), in an scf.forall over the image's channels and output rows.
    The products are contractions for `onnx-tile-contractions`. With
    `register-rows`, a convolution of static shape but for its output's
    height and width, whose filters are a whole number of `panel-width`
    panels and whose output rows, if their width is known, split into
    register tiles of more than half `register-rows` rows each is left as
    it is:
    `onnx-tile-contractions` computes it from the image's windows directly,
    without patches.
  }];
  let options = [
    Option<"registerRows", "register-rows", "int64_t", "0",
           "Rows of onnx-tile-contractions' register tiles; 0 gathers the "
           "patches of every convolution">,
    Option<"panelWidth", "panel-width", "int64_t", "16",
           "Columns of onnx-tile-contractions' weight panels">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

def TileContractionsPass : Pass<"onnx-tile-contractions"> {
  let summary = "Tiles contractions for caches and registers and vectorises them";
  let description = [{
    A product of activations [..., K] and a constant weight [K, N] is first
    rewritten to read the weight in panels [N / w, K, w] of w = 2 vector
    widths (a transpose of the weight, which `onnx-fold-constant-transposes`
    folds), the panel a batch loop. A product of a constant weight [M, K]
    (a convolution's filters, also seen through a collapse of their
    [F, C, KH, KW]) and activations is computed transposed: the activations'
    M loop (the pixels) becomes the register tile's rows and the weight,
    packed in panels [M / w, K, w], its vectors. Every linalg contraction over floats
    with one K loop (matmul, batch matmul, a convolution rewritten as a
    matmul; of several M or N loops the innermost is tiled, the others are
    stepped through) is tiled on tensors for the caches (`cache-m`,
    `cache-n`, `cache-k`; the blocks form an `scf.forall`, whose outermost
    loop, along which the threads split it, is N, or M where M is at least
    4 times as long as the other parallel loops together; an init
    that a broadcast (a bias, moved before the reshapes between it and the
    contraction) or a fill produces is produced block by block inside it;
    an elementwise op that reads the contraction's result through reshapes
    only (an activation or residual sum on the image [N, F, H, W]), whose
    other operands are read at the same indices or are scalars, is computed
    in each block right after the block's product, the blocks then holding
    whole rows of the image, and writes the forall's result), then into
    `register-rows` x (2 x the vector width) register tiles, except for the
    last rows that do not fill one, whose tile is that many rows (one when
    only the run knows) by as many vectors as keep about as many
    accumulators. Register loops are peeled; edge tiles get their own static
    shapes, no masks. Each tile steps through K as a `vector.contract` whose
    accumulator is hoisted out of the K loop, lowered to outer products: per
    step, `register-rows` broadcasts and fused multiply-adds. The
    accumulator is held as rows x vectors whatever the output's layout: an
    output [N, M] is transposed into registers before the K loop and back
    after it, and such a product's K loop is not split into `cache-k`
    chunks, which would repeat the transposes.
    A product with a single column (W[M, K] x[K], K innermost) is not tiled:
    its column loop is dropped and it stays a generic, computed by
    `onnx-vectorize-elementwise` as dot products.
    A `linalg.conv_2d_nchw_fchw` of static shape but for its output's height
    and width, whose filters fill whole panels and whose output rows, if
    their width is known, split into tiles of more than half `register-rows`
    rows is computed from its image's windows (rows of a width only the run
    knows end in single pixels): a product of
    the image, read at (oh*sh + kh*dh, ow*sw + kw*dw), and the filters
    packed in panels [F / w, C, KH, KW, w], whose reduction is the channel,
    tap row and tap column loops, and whose images, output rows and panels
    are stepped through. Its blocks are whole output rows, at least `cache-m`
    pixels and as many rows in each, its register tiles a stretch of one row
    times a panel; each
    step reads the tile's pixels from the image, one by one with a stride.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">,
    Option<"registerRows", "register-rows", "int64_t", "6",
           "Rows of the accumulator tile held in registers">,
    Option<"cacheM", "cache-m", "int64_t", "64", "M extent of a cache tile">,
    Option<"cacheN", "cache-n", "int64_t", "256", "N extent of a cache tile">,
    Option<"cacheK", "cache-k", "int64_t", "256", "K extent of a cache tile">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::scf::SCFDialect", "mlir::tensor::TensorDialect",
    "mlir::vector::VectorDialect",
  ];
}

def VectorizeElementwisePass : Pass<"onnx-vectorize-elementwise"> {
  let summary = "Vectorises elementwise linalg ops along their innermost loop";
  let description = [{
    Runs on buffers. Copies, broadcasts, transposes and maps are first
    generalised. Every linalg.generic whose loops are all parallel is
    collapsed so that its innermost loop spans all the dimensions its
    operands read contiguously, tiled into steps one vector wide along that
    loop (the last, partial step peeled off with its own static width) and
    vectorised. A step whose width is only known at run time stays scalar.
    A float reduction over its innermost loops (sum, product, maximum,
    minimum of elementwise values) runs one output element at a time in
    vector steps that keep partial results, combined at the end by a
    reassociating reduction; the op itself then reduces what is left. A
    vector read along a static stride of 2 to 4 becomes one contiguous load
    of its span (whole vectors under a mask, where the target has masked
    loads) and a shuffle. With masked loads, a last partial step (7 of a
    7x7 image's row) is also one power-of-two vector whose extra lanes are
    masked off when read and written, unless its body divides integers.
    Reads of constants (weights) at indices that a loop does not change
    move out of it. A fill of a contiguous buffer of 256 KiB or more becomes
    an scf.parallel of fills of 8 contiguous chunks.
  }];
  let options = [
    Option<"vectorBits", "vector-bits", "int64_t", "256",
           "Width of the target's vector registers in bits">,
    Option<"maskedLoads", "masked-loads", "bool", "false",
           "Whether the target loads and stores vectors under a mask in one "
           "instruction">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::scf::SCFDialect", "mlir::tensor::TensorDialect",
    "mlir::vector::VectorDialect",
  ];
}

def FlattenGlobalsPass : Pass<"onnx-flatten-globals", "mlir::ModuleOp"> {
  let summary = "Gives every constant LLVM global a one-dimensional array type";
  let description = [{
    The memref lowering gives a global of rank N a nested array type, and the
    translation to LLVM IR then builds one constant per innermost row: millions
    of uniqued constants for a model's weights, which dominate compile time
    and memory. Globals are only reached through `llvm.mlir.addressof` (an
    opaque pointer), so a flat array of the same bytes is equivalent and
    translates to a single constant that shares the weights' blob.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect"];
}

def LowerChecksPass : Pass<"onnx-lower-checks", "mlir::ModuleOp"> {
  let summary = "Lowers onnx.Check to a store of its message into a thread-local";
  let description = [{
    Each failing `onnx.Check` stores the address of its message (a constant
    string) into the thread-local global `onnxc_run_error`, unless an earlier
    check of the same run already did. `onnx-generate-entry-point` clears
    it before the run and returns it as the run's error. Thread-local, so a
    model runs on many threads at once with no shared mutable state.
  }];
  let dependentDialects = ["mlir::LLVM::LLVMDialect", "mlir::scf::SCFDialect"];
}

def PadInPlacePass : Pass<"onnx-pad-in-place"> {
  let summary = "Has the producer of a padded tensor write its interior";
  let description = [{
    A `tensor.pad` by a constant, with static low and high padding, of the
    only result use of a destination-style op (a linalg op, or the
    `scf.forall` of a product's blocks) whose output is a `tensor.empty`, becomes
    a fill of the padded tensor, created before the op, whose interior slice
    the op writes; the pad becomes the insertion of that slice back. One-shot
    bufferization then writes the op's result into the padded buffer, where
    a bufferized pad allocates, fills and copies the whole tensor into it.
  }];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect", "mlir::tensor::TensorDialect",
  ];
}

def LowerMemRefCopyPass : Pass<"onnx-lower-memref-copy"> {
  let summary = "Turns memref.copy into linalg.copy";
  let description = [{
    The LLVM lowering of a memref.copy between buffers that are not both
    contiguous calls `memrefCopy` from MLIR's C runner utilities, a library
    that generated code must not need. As linalg.copy, the copy becomes loops
    like any other structured op.
  }];
  let dependentDialects = ["mlir::linalg::LinalgDialect"];
}

def LowerDynamicExpandShapePass : Pass<"onnx-lower-dynamic-expand-shape"> {
  let summary = "Splits of a dim into several of dynamic size as reinterpret_casts";
  let description = [{
    A memref.expand_shape that splits one dim of a contiguous buffer into
    two or more of dynamic size becomes a memref.reinterpret_cast with the
    row-major strides of the expanded shape: upstream's
    `expand-strided-metadata` crashes on such an expansion (LLVM 22).
  }];
  let dependentDialects = ["mlir::arith::ArithDialect", "mlir::memref::MemRefDialect"];
}

def ParallelizePass : Pass<"onnx-parallelize", "mlir::ModuleOp"> {
  let summary = "Runs parallel loops on the run's thread pool";
  let description = [{
    Every outermost `scf.forall` (bufferized: no `shared_outs`, an empty
    `scf.forall.in_parallel`) and every outermost `scf.parallel` without
    reductions becomes a call of `exec->parallel_for` (`onnxc_model_exec` of
    `include/onnxc/Runtime/ModelABI.h`) over its linearised iteration count.
    The body moves to a function `<func>_parallel(context, begin, end)` that
    runs iterations [begin, end); the values it uses travel in a struct on
    the caller's stack, in their LLVM form (memref descriptors, i64 for
    index), with `unrealized_conversion_cast`s that the LLVM conversions
    resolve. `exec` comes from the thread-local `onnxc_run_exec`, which
    `onnx-generate-entry-point` sets for the duration of a run; when it is
    null the body runs over all iterations on the calling thread. Foralls
    nested in a parallelised loop become `scf.for` nests. Failed run-time
    checks (`onnx-lower-checks`) inside the loop reach the run's error
    whichever thread ran them. Runs on memrefs, after `onnx-lower-checks`
    and before the SCF-to-CF and LLVM conversions.
  }];
  let dependentDialects = [
    "mlir::arith::ArithDialect", "mlir::func::FuncDialect",
    "mlir::LLVM::LLVMDialect", "mlir::scf::SCFDialect",
  ];
}

//===----------------------------------------------------------------------===//
// Testing
//===----------------------------------------------------------------------===//

def TestParallelTilingPass : Pass<"onnx-test-parallel-tiling"> {
  let summary = "Tiles linalg ops into scf.forall loops, for testing";
  let description = [{
    Tiles the outermost parallel dimension (not statically 1) of every linalg
    op on tensors that is not inside a loop and whose indexing maps are
    projected permutations into `num-tiles` tiles of an `scf.forall`, so that
    tests can run real models through `onnx-parallelize` before the kernel
    phase emits parallel loops itself (`onnxc --test-parallel-tiles=N`).
  }];
  let options = [
    Option<"numTiles", "num-tiles", "int64_t", "4",
           "Iterations of each scf.forall">,
  ];
  let dependentDialects = [
    "mlir::affine::AffineDialect", "mlir::arith::ArithDialect",
    "mlir::linalg::LinalgDialect", "mlir::scf::SCFDialect",
    "mlir::tensor::TensorDialect",
  ];
}

#endif // ONNXC_TRANSFORMS_PASSES_TD
