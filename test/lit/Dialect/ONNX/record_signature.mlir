// RUN: onnxc-opt %s --onnx-record-signature | FileCheck %s

// Names are percent-encoded, unsigned types keep their ONNX data type (uint8
// is 2) and symbolic sizes keep their dim_param.
// CHECK: onnx.signature = "onnxc-signature 1\0Amodel my%20model\0Ainput x%25 1 2 ?batch 3\0Ainput mask 2 1 ?\0Aoutput y 1 2 ?batch 3\0A"
module attributes {onnx.model_name = "my model"} {
  func.func @main_graph(%x: tensor<?x3xf32> {onnx.name = "x%", onnx.dim_params = ["batch", ""]},
                        %m: tensor<?xui8> {onnx.name = "mask"})
      -> (tensor<?x3xf32> {onnx.name = "y", onnx.dim_params = ["batch", ""]})
      attributes {onnx.entry_point} {
    return %x : tensor<?x3xf32>
  }
}
