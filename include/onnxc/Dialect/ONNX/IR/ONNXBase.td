//===- ONNXBase.td - The onnx dialect and its type constraints -*- tablegen -*-===//
//
// The onnx dialect mirrors the ONNX operator set. Op semantics follow the ONNX
// operator specification; an op's attributes keep their ONNX names so that an
// ONNX user recognises them in printed IR.
//
//===----------------------------------------------------------------------===//

#ifndef ONNXC_DIALECT_ONNX_IR_ONNXBASE_TD
#define ONNXC_DIALECT_ONNX_IR_ONNXBASE_TD

include "mlir/IR/OpBase.td"
include "mlir/IR/AttrTypeBase.td"
include "mlir/IR/CommonAttrConstraints.td"
include "mlir/IR/CommonTypeConstraints.td"

def ONNX_Dialect : Dialect {
  let name = "onnx";
  let summary = "ONNX operators as MLIR operations";
  let description = [{
    Each operation is one ONNX operator at the newest opset onnxc supports.
    The importer normalises older operator versions (attributes that became
    inputs, changed defaults) into these forms, so passes see one op per
    operator. Where an opset changed what an operator computes, the older
    meaning is a separate op with a `V<opset>` suffix.

    Tensors use signless integers for ONNX's signed integer types, unsigned
    integers (`ui8` ...) for its unsigned ones and `i1` for bool.
  }];
  let cppNamespace = "::onnxc::onnx";
  let hasConstantMaterializer = 1;
  let useDefaultAttributePrinterParser = 0;
  let useDefaultTypePrinterParser = 1;
}

//===----------------------------------------------------------------------===//
// Element type constraints, named after the ONNX type constraints they model.
//===----------------------------------------------------------------------===//

defvar ONNX_Bool = I1;
def ONNX_FloatTypes : AnyTypeOf<[F16, BF16, F32, F64]>;
def ONNX_SignedIntTypes : AnyTypeOf<[I8, I16, I32, I64]>;
def ONNX_UnsignedIntTypes : AnyTypeOf<[UI8, UI16, UI32, UI64]>;
def ONNX_IntTypes : AnyTypeOf<[ONNX_SignedIntTypes, ONNX_UnsignedIntTypes]>;
def ONNX_NumericTypes : AnyTypeOf<[ONNX_FloatTypes, ONNX_IntTypes]>;
def ONNX_AllTypes : AnyTypeOf<[ONNX_NumericTypes, ONNX_Bool]>;

def ONNX_FloatTensor : TensorOf<[ONNX_FloatTypes]>;
def ONNX_NumericTensor : TensorOf<[ONNX_NumericTypes]>;
def ONNX_AnyTensor : TensorOf<[ONNX_AllTypes]>;
def ONNX_I64Tensor : TensorOf<[I64]>;

// ONNX attributes of type INT are 64-bit.
defvar ONNX_IntAttr = I64Attr;
defvar ONNX_IntsAttr = I64ArrayAttr;

#endif // ONNXC_DIALECT_ONNX_IR_ONNXBASE_TD
