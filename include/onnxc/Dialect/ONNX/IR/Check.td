//===- Check.td - Conditions checked while a model runs -------*- tablegen -*-===//

#ifndef ONNXC_DIALECT_ONNX_IR_CHECK_TD
#define ONNXC_DIALECT_ONNX_IR_CHECK_TD

// Not an ONNX operator: lowerings emit it where a model's input values, not
// only their shapes, can make an operator invalid.
def ONNX_CheckOp : Op<ONNX_Dialect, "Check", [MemoryEffects<[MemWrite]>]> {
  let summary = "Reports an error from the run when a run-time condition fails";
  let description = [{
    When `condition` is false, the model's run function returns an error
    whose message is `message` (the first failed check of a run wins).
    Execution goes on: the lowering that emits a check also keeps the
    offending values in bounds (e.g. clamps an index), so a failed check
    never reads or writes outside a buffer; the outputs of such a run are
    discarded by the runtime. `onnx-lower-checks` lowers it.
  }];
  let arguments = (ins I1:$condition, StrAttr:$message);
  let assemblyFormat = "$condition `,` $message attr-dict";
}

#endif // ONNXC_DIALECT_ONNX_IR_CHECK_TD
