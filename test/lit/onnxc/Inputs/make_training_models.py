"""Writes the small models of training.test into the directory argv[1]."""
import os
import sys

import onnx
from onnx import TensorProto, helper


def save(name, nodes, inputs, outputs, opset, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    model = helper.make_model(
        graph, opset_imports=[helper.make_opsetid("", opset)])
    onnx.save(model, os.path.join(sys.argv[1], name + ".onnx"))


def tensor(name, elem_type, shape):
    return helper.make_tensor_value_info(name, elem_type, shape)


x = tensor("x", TensorProto.FLOAT, [2, 3, 4])
stats = [tensor(n, TensorProto.FLOAT, [3]) for n in ("s", "b", "m", "v")]
y = tensor("y", TensorProto.FLOAT, [2, 3, 4])
running = [tensor(n, TensorProto.FLOAT, [3]) for n in ("rm", "rv")]

save("batchnorm_training",
     [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"],
                       ["y", "rm", "rv"], name="bn", training_mode=1,
                       momentum=0.8)],
     [x] + stats, [y] + running, 15)
save("batchnorm_running_outputs_at_inference",
     [helper.make_node("BatchNormalization", ["x", "s", "b", "m", "v"],
                       ["y", "rm", "rv"], name="bn")],
     [x] + stats, [y] + running, 15)

ratio = tensor("r", TensorProto.FLOAT, [])
training = tensor("t", TensorProto.BOOL, [])
mask = tensor("mask", TensorProto.BOOL, [2, 3, 4])
save("dropout_runtime_ratio",
     [helper.make_node("Dropout", ["x", "r", "t"], ["y", "mask"],
                       name="drop", seed=3)],
     [x, ratio, training], [y, mask], 13)
save("dropout_constant_ratio",
     [helper.make_node("Dropout", ["x", "r", "t"], ["y"], name="drop")],
     [x], [y], 13,
     [helper.make_tensor("r", TensorProto.FLOAT, [], [0.5]),
      helper.make_tensor("t", TensorProto.BOOL, [], [True])])
