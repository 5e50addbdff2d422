"""Writes models whose inputs can hold invalid values (indices out of range,
sizes that disagree once known) and input files, valid and invalid, for
runtime-checks.test.

    make_check_models.py OUT_DIR
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper


def model(out, name, node, inputs, outputs):
    graph = helper.make_graph([node], name, inputs, outputs)
    proto = helper.make_model(graph, opset_imports=[helper.make_opsetid("", 18)])
    onnx.checker.check_model(proto)
    onnx.save(proto, os.path.join(out, name + ".onnx"))


def tensor(out, file, name, value):
    with open(os.path.join(out, file + ".pb"), "wb") as f:
        f.write(numpy_helper.from_array(value, name).SerializeToString())


def info(name, dtype, shape):
    return helper.make_tensor_value_info(name, dtype, shape)


def main(out):
    os.makedirs(out, exist_ok=True)
    F, I = TensorProto.FLOAT, TensorProto.INT64
    model(out, "gather",
          helper.make_node("Gather", ["data", "indices"], ["y"], axis=1,
                           name="g"),
          [info("data", F, [2, 3]), info("indices", I, ["n"])],
          [info("y", F, [2, "n"])])
    model(out, "gather_elements",
          helper.make_node("GatherElements", ["data", "indices"], ["y"],
                           axis=0, name="ge"),
          [info("data", F, ["a", 3]), info("indices", I, ["b", "c"])],
          [info("y", F, ["b", "c"])])
    model(out, "gather_nd",
          helper.make_node("GatherND", ["data", "indices"], ["y"], name="gnd"),
          [info("data", F, [2, 3]), info("indices", I, ["n", 2])],
          [info("y", F, ["n"])])
    model(out, "scatter_elements",
          helper.make_node("ScatterElements", ["data", "indices", "updates"],
                           ["y"], axis=1, name="se"),
          [info("data", F, [2, 3]), info("indices", I, [2, "k"]),
           info("updates", F, [2, "u"])],
          [info("y", F, [2, 3])])
    model(out, "scatter_nd",
          helper.make_node("ScatterND", ["data", "indices", "updates"], ["y"],
                           name="snd"),
          [info("data", F, [4, 2]), info("indices", I, ["n", 1]),
           info("updates", F, ["m", 2])],
          [info("y", F, [4, 2])])

    model(out, "add",
          helper.make_node("Add", ["a", "b"], ["y"], name="add"),
          [info("a", F, ["n"]), info("b", F, ["m"])], [info("y", F, ["r"])])
    model(out, "matmul",
          helper.make_node("MatMul", ["a", "b"], ["y"], name="mm"),
          [info("a", F, [2, "k"]), info("b", F, ["j", 3])],
          [info("y", F, [2, 3])])
    model(out, "reshape",
          helper.make_node("Reshape", ["a", "shape"], ["y"], name="rs"),
          [info("a", F, ["n"]), info("shape", I, [2])],
          [info("y", F, ["r", "c"])])
    model(out, "concat",
          helper.make_node("Concat", ["a", "b"], ["y"], axis=0, name="cc"),
          [info("a", F, [1, "n"]), info("b", F, [1, "m"])],
          [info("y", F, ["r", "c"])])
    model(out, "tile",
          helper.make_node("Tile", ["a", "repeats"], ["y"], name="ti"),
          [info("a", F, ["n"]), info("repeats", I, [1])],
          [info("y", F, ["r"])])
    model(out, "constant_of_shape",
          helper.make_node("ConstantOfShape", ["shape"], ["y"], name="cs"),
          [info("shape", I, [2])], [info("y", F, ["r", "c"])])
    model(out, "expand",
          helper.make_node("Expand", ["a", "shape"], ["y"], name="ex"),
          [info("a", F, ["n"]), info("shape", I, [1])],
          [info("y", F, ["r"])])
    model(out, "topk",
          helper.make_node("TopK", ["a", "k"], ["values", "indices"],
                           name="tk"),
          [info("a", F, ["n"]), info("k", I, [1])],
          [info("values", F, ["r"]), info("indices", I, ["r"])])
    model(out, "range",
          helper.make_node("Range", ["start", "limit", "delta"], ["y"],
                           name="rg"),
          [info("start", I, []), info("limit", I, []), info("delta", I, [])],
          [info("y", I, ["r"])])
    model(out, "range_float",
          helper.make_node("Range", ["start", "limit", "delta"], ["y"],
                           name="rgf"),
          [info("start", F, []), info("limit", F, []), info("delta", F, [])],
          [info("y", F, ["r"])])
    tensor(out, "repeats_2", "repeats", np.array([2], np.int64))
    tensor(out, "repeats_negative", "repeats", np.array([-2], np.int64))
    tensor(out, "shape_negative_1", "shape", np.array([-5], np.int64))
    tensor(out, "shape_1", "shape", np.array([1], np.int64))
    tensor(out, "shape_2", "shape", np.array([2], np.int64))
    tensor(out, "k_2", "k", np.array([2], np.int64))
    tensor(out, "k_5", "k", np.array([5], np.int64))
    tensor(out, "k_negative", "k", np.array([-1], np.int64))
    tensor(out, "start_0", "start", np.array(0, np.int64))
    tensor(out, "limit_5", "limit", np.array(5, np.int64))
    tensor(out, "delta_2", "delta", np.array(2, np.int64))
    tensor(out, "delta_0", "delta", np.array(0, np.int64))
    tensor(out, "start_max", "start", np.array(2**63 - 1, np.int64))
    tensor(out, "limit_min", "limit", np.array(-2**63, np.int64))
    tensor(out, "delta_minus1", "delta", np.array(-1, np.int64))
    tensor(out, "fstart_0", "start", np.array(0, np.float32))
    tensor(out, "flimit_big", "limit", np.array(1e30, np.float32))
    tensor(out, "fdelta_0", "delta", np.array(0, np.float32))
    tensor(out, "fdelta_1", "delta", np.array(1, np.float32))
    tensor(out, "a3", "a", np.arange(3, dtype=np.float32))
    tensor(out, "a6", "a", np.arange(6, dtype=np.float32))
    tensor(out, "b1", "b", np.ones(1, np.float32))
    tensor(out, "b4", "b", np.ones(4, np.float32))
    tensor(out, "a23", "a", np.ones((2, 3), np.float32))
    tensor(out, "b33", "b", np.ones((3, 3), np.float32))
    tensor(out, "b43", "b", np.ones((4, 3), np.float32))
    tensor(out, "shape_2_3", "shape", np.array([2, 3], np.int64))
    tensor(out, "shape_minus1_2", "shape", np.array([-1, 2], np.int64))
    tensor(out, "shape_0_minus1", "shape", np.array([4, -1], np.int64))
    tensor(out, "shape_negative", "shape", np.array([-2, -3], np.int64))
    tensor(out, "shape_overflow", "shape",
           np.array([2**62, 4], np.int64))
    tensor(out, "c13", "a", np.ones((1, 3), np.float32))
    tensor(out, "c13b", "b", np.ones((1, 3), np.float32))
    tensor(out, "c14", "b", np.ones((1, 4), np.float32))
    tensor(out, "data23", "data", np.arange(6, dtype=np.float32).reshape(2, 3))
    tensor(out, "data42", "data", np.arange(8, dtype=np.float32).reshape(4, 2))
    tensor(out, "indices_ok", "indices", np.array([2, -3, 0], np.int64))
    tensor(out, "indices_3", "indices", np.array([0, 3], np.int64))
    tensor(out, "indices_minus4", "indices", np.array([-4], np.int64))
    tensor(out, "elements_ok", "indices", np.array([[1, 0]], np.int64))
    tensor(out, "elements_bad", "indices", np.array([[1, 0], [2, 0]], np.int64))
    tensor(out, "elements_wide", "indices", np.array([[0, 1, 0, 1]], np.int64))
    tensor(out, "nd_ok", "indices", np.array([[1, 2], [0, -1]], np.int64))
    tensor(out, "nd_bad", "indices", np.array([[1, 2], [0, 3]], np.int64))
    tensor(out, "se_indices", "indices", np.array([[2], [0]], np.int64))
    tensor(out, "se_indices_bad", "indices", np.array([[2], [-9]], np.int64))
    tensor(out, "se_updates", "updates", np.ones((2, 1), np.float32))
    tensor(out, "se_updates_wide", "updates", np.ones((2, 2), np.float32))
    tensor(out, "snd_indices", "indices", np.array([[3], [1]], np.int64))
    tensor(out, "snd_indices_bad", "indices", np.array([[4], [1]], np.int64))
    tensor(out, "snd_updates", "updates", np.ones((2, 2), np.float32))
    tensor(out, "snd_updates_long", "updates", np.ones((3, 2), np.float32))


if __name__ == "__main__":
    main(sys.argv[1])
