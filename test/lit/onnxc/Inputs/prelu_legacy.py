"""Writes PRelu models: opset 6 (per-channel slope of C elements) and 7."""
import sys

from onnx import TensorProto, helper


def write(path, opset, slope_shape):
    node = helper.make_node("PRelu", ["x", "slope"], ["y"])
    graph = helper.make_graph(
        [node], "prelu",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [2, 3, 4, 5]),
         helper.make_tensor_value_info("slope", TensorProto.FLOAT, slope_shape)],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, None)])
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])
    with open(path, "wb") as f:
        f.write(model.SerializeToString())


write(sys.argv[1], 6, [3])
write(sys.argv[2], 7, [5])
