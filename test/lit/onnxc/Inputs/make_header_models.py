"""Writes models whose signatures stress `onnxc --emit=header`, for
header.test:

  names.onnx      names with quotes, '*/', '?', spaces and non-ASCII bytes,
                  a scalar input and output, named and unnamed symbolic dims
  no_inputs.onnx  a model without inputs (a constant output)

    make_header_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def save(out, name, graph):
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(proto)
    onnx.save(proto, os.path.join(out, name + ".onnx"))


def main(out):
    os.makedirs(out, exist_ok=True)
    odd = 'out */ "q" \u00e9\\'
    save(out, "names", helper.make_graph(
        [helper.make_node("Identity", ["s"], [odd], name="id"),
         helper.make_node("Not", ["x??/"], ["y"], name="not")],
        "odd names",
        [helper.make_tensor_value_info("s", TensorProto.INT64, []),
         helper.make_tensor_value_info("x??/", TensorProto.BOOL,
                                       ["batch size", None, 3])],
        [helper.make_tensor_value_info(odd, TensorProto.INT64, []),
         helper.make_tensor_value_info("y", TensorProto.BOOL,
                                       ["batch size", None, 3])]))
    save(out, "no_inputs", helper.make_graph(
        [helper.make_node("Constant", [], ["c"], name="c",
                          value=numpy_helper.from_array(
                              np.arange(6, dtype=np.int32).reshape(2, 3)))],
        "no_inputs", [],
        [helper.make_tensor_value_info("c", TensorProto.INT32, [2, 3])]))


if __name__ == "__main__":
    main(sys.argv[1])
