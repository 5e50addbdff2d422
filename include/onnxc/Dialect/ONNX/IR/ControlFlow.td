//===- ControlFlow.td - If, Loop and Scan --------------------*- tablegen -*-===//
//
// ONNX's control-flow operators hold their subgraphs as regions. Regions are
// not isolated from above: a subgraph reads values of enclosing graphs
// directly, as ONNX's scoping allows. Each region has one block ending in
// onnx.Yield, whose operands are the subgraph's outputs.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_CONTROLFLOW_TD
#define ONNXC_DIALECT_ONNX_IR_CONTROLFLOW_TD


// Control-flow ops have the effects of the ops in their regions (none, for
// onnx ops) rather than being declared Pure themselves.
class ONNX_RegionOp<string mnemonic, list<Trait> traits = []>
    : Op<ONNX_Dialect, mnemonic,
         !listconcat(traits, [RecursiveMemoryEffects,
             DeclareOpInterfaceMethods<ONNX_ShapeInferenceOpInterface>])>;

def ONNX_YieldOp : Op<ONNX_Dialect, "Yield",
    [Pure, Terminator,
     ParentOneOf<["IfOp", "LoopOp", "ScanOp"]>]> {
  let summary = "The outputs of a subgraph";
  let description = [{
    Terminates the region of an If branch, a Loop body or a Scan body; its
    operands are the subgraph's outputs in order. It has no results, so it
    has no shape rule.
  }];
  let arguments = (ins Variadic<ONNX_AnyTensor>:$outputs);
  let assemblyFormat = "($outputs^ `:` type($outputs))? attr-dict";
}

def ONNX_IfOp : ONNX_RegionOp<"If", [NoRegionArguments]> {
  let summary = "ONNX If: runs one of two subgraphs";
  let description = [{
    `cond` is a bool tensor of one element. Both branches yield as many
    values as the op has results, with equal element types and ranks. Each
    result's type is the most precise type that holds both branches' values:
    a size the branches agree on is static, any other is dynamic.
  }];
  let arguments = (ins TensorOf<[I1]>:$cond);
  let results = (outs Variadic<ONNX_AnyTensor>:$outputs);
  let regions = (region SizedRegion<1>:$then_branch,
                        SizedRegion<1>:$else_branch);
  let hasVerifier = 1;
  let assemblyFormat = "$cond `:` type($cond) (`->` type($outputs)^)? "
                       "$then_branch `else` $else_branch attr-dict";
  let extraClassDeclaration = [{
    YieldOp getThenYield();
    YieldOp getElseYield();
  }];
}

def ONNX_LoopOp : ONNX_RegionOp<"Loop", [AttrSizedOperandSegments]> {
  let summary = "ONNX Loop: a loop with a trip count and a condition";
  let description = [{
    Runs `body` while the iteration number is below `M` (when given) and the
    condition holds (when `cond` is given; the body's condition output is
    ignored otherwise). The body's block arguments are the iteration number
    (tensor<i64>), the condition (tensor<i1>) and the loop-carried values;
    it yields the next condition, the next loop-carried values and the scan
    outputs of the iteration. The results are the final loop-carried values,
    then each scan output's values of all iterations stacked along a new
    first dimension.

    A loop-carried block argument's type holds both the initial value and
    every value the body yields for it; the importer generalises it (sizes
    made dynamic) when the body changes its shape.
  }];
  let arguments = (ins Optional<TensorOf<[I64]>>:$M,
                       Optional<TensorOf<[I1]>>:$cond,
                       Variadic<ONNX_AnyTensor>:$v_initial);
  let results = (outs Variadic<ONNX_AnyTensor>:$outputs);
  let regions = (region SizedRegion<1>:$body);
  let hasVerifier = 1;
  let assemblyFormat =
      "(`max_trip_count` `(` $M^ `:` type($M) `)`)? "
      "(`cond` `(` $cond^ `:` type($cond) `)`)? "
      "`carried` `(` ($v_initial^ `:` type($v_initial))? `)` "
      "(`->` type($outputs)^)? $body attr-dict";
  let extraClassDeclaration = [{
    YieldOp getYield();
    /// The number of loop-carried values.
    unsigned getNumCarried() { return getVInitial().size(); }
    /// The number of scan outputs.
    unsigned getNumScanOutputs() { return getNumResults() - getNumCarried(); }
  }];
}

def ONNX_ScanOp : ONNX_RegionOp<"Scan"> {
  let summary = "ONNX Scan (opset 9 and later)";
  let description = [{
    The first `initial_state_and_scan_inputs.size() - num_scan_inputs`
    operands are the initial states, the others the scan inputs. The body
    runs once per element along each scan input's axis (all of equal
    length), reading the states and one slice of each scan input (the axis
    dropped) as block arguments, and yields the next states and one slice of
    each scan output. The results are the final states, then the scan
    outputs with the slices stacked along their axis.

    Attributes follow ONNX; the importer leaves out those at their default
    (every axis 0, every direction forward).
  }];
  let arguments = (ins Variadic<ONNX_AnyTensor>:$initial_state_and_scan_inputs,
                       ONNX_IntAttr:$num_scan_inputs,
                       OptionalAttr<ONNX_IntsAttr>:$scan_input_axes,
                       OptionalAttr<ONNX_IntsAttr>:$scan_input_directions,
                       OptionalAttr<ONNX_IntsAttr>:$scan_output_axes,
                       OptionalAttr<ONNX_IntsAttr>:$scan_output_directions);
  let results = (outs Variadic<ONNX_AnyTensor>:$final_state_and_scan_outputs);
  let regions = (region SizedRegion<1>:$body);
  let hasVerifier = 1;
  let assemblyFormat =
      "`(` $initial_state_and_scan_inputs `)` attr-dict `:` "
      "functional-type($initial_state_and_scan_inputs, results) $body";
  let extraClassDeclaration = [{
    YieldOp getYield();
    unsigned getNumStates() {
      return getInitialStateAndScanInputs().size() - getNumScanInputs();
    }
    unsigned getNumScanOutputs() { return getNumResults() - getNumStates(); }
    /// The normalised axis and direction (true: reverse) of scan input or
    /// output `index`; failure when out of range.
    ::mlir::FailureOr<int64_t> getScanInputAxis(unsigned index);
    ::mlir::FailureOr<int64_t> getScanOutputAxis(unsigned index);
    bool isScanInputReversed(unsigned index);
    bool isScanOutputReversed(unsigned index);
  }];
}

#endif // ONNXC_DIALECT_ONNX_IR_CONTROLFLOW_TD
