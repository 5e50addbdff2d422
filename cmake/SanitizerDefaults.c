/*===- SanitizerDefaults.c - Runtime defaults of the sanitizer build ------===*
 *
 * Linked into every target of a build with ONNXC_SANITIZE=address... that is
 * defined after the runtime (see the root CMakeLists.txt), i.e. everything
 * that links LLVM or MLIR.
 *
 *===----------------------------------------------------------------------===*/

/* LLVM's header-only allocators poison memory by hand under ASan
 * (llvm/Support/Allocator.h poisons each new slab and unpoisons each
 * allocation). onnxc's instrumented code instantiates them with the
 * poisoning, the uninstrumented libLLVM, libMLIR and lld without it, and the
 * linker keeps one copy of each inline function: lld then hands out memory
 * from a slab our copy poisoned, and ASan reports a use-after-poison in
 * correct code. Manual poisoning is therefore off; ASan's own checks of
 * onnxc's code are unaffected. */
const char *__asan_default_options(void) { return "allow_user_poisoning=0"; }
