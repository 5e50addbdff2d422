//===- Canonicalize.cpp - Canonicalization inside code-generation passes --===//

#include "Canonicalize.h"

#include "mlir/IR/MLIRContext.h"
#include "mlir/Transforms/GreedyPatternRewriteDriver.h"

using namespace mlir;

void onnxc::canonicalize(Operation *root, RewritePatternSet &&extra) {
  MLIRContext *context = root->getContext();
  RewritePatternSet patterns = std::move(extra);
  for (Dialect *dialect : context->getLoadedDialects())
    dialect->getCanonicalizationPatterns(patterns);
  for (RegisteredOperationName op : context->getRegisteredOperations())
    op.getCanonicalizationPatterns(patterns, context);
  (void)applyPatternsGreedily(root, std::move(patterns));
}
