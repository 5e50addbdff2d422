#!/usr/bin/env python3
"""Writes the sample models in this folder with inputs and expected outputs.

Run with Debian's interpreter (/usr/bin/python3, which has python3-onnx and
python3-numpy). The expected outputs come from the numpy reference below,
not from onnxc. Weights use a fixed seed, so the files are reproducible.

  mlp.onnx  x[N,16] -> MatMul+Add+Relu -> MatMul+Add -> y[N,4]; N symbolic
  cnn.onnx  x[1,1,28,28] -> Conv/Relu/MaxPool x2 -> Flatten -> Gemm -> Softmax
"""
import os
import sys

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
rng = np.random.default_rng(20261123)


def randn(*shape, scale=0.5):
    return (rng.standard_normal(shape) * scale).astype(np.float32)


def save(model, name, inputs, outputs):
    onnx.checker.check_model(model)
    onnx.save(model, os.path.join(HERE, name + ".onnx"))
    data_dir = os.path.join(HERE, name + "_data")
    os.makedirs(data_dir, exist_ok=True)
    for i, array in enumerate(inputs):
        onnx.save_tensor(numpy_helper.from_array(array),
                         os.path.join(data_dir, f"input_{i}.pb"))
        array.tofile(os.path.join(data_dir, f"input_{i}.bin"))
    for i, array in enumerate(outputs):
        onnx.save_tensor(numpy_helper.from_array(array),
                         os.path.join(data_dir, f"output_{i}.pb"))
        array.tofile(os.path.join(data_dir, f"output_{i}.bin"))


def mlp():
    w1, b1 = randn(16, 32), randn(32)
    w2, b2 = randn(32, 4), randn(4)
    graph = helper.make_graph(
        [
            helper.make_node("MatMul", ["x", "w1"], ["h0"], name="fc1"),
            helper.make_node("Add", ["h0", "b1"], ["h1"], name="fc1_bias"),
            helper.make_node("Relu", ["h1"], ["h2"], name="relu"),
            helper.make_node("MatMul", ["h2", "w2"], ["h3"], name="fc2"),
            helper.make_node("Add", ["h3", "b2"], ["y"], name="fc2_bias"),
        ],
        "mlp",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, ["N", 16])],
        [helper.make_tensor_value_info("y", TensorProto.FLOAT, ["N", 4])],
        [numpy_helper.from_array(a, n) for a, n in
         [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2")]],
    )
    model = helper.make_model(graph, producer_name="onnxc-examples",
                              opset_imports=[helper.make_opsetid("", 13)])
    x = randn(3, 16, scale=1.0)
    y = np.maximum(x @ w1 + b1, 0) @ w2 + b2
    save(model, "mlp", [x], [y.astype(np.float32)])


def conv2d(x, w, b, pad):
    x = np.pad(x, ((0, 0), (0, 0), (pad, pad), (pad, pad)))
    n, c, h, wd = x.shape
    m, _, kh, kw = w.shape
    out = np.zeros((n, m, h - kh + 1, wd - kw + 1), np.float64)
    for i in range(kh):
        for j in range(kw):
            patch = x[:, :, i:i + out.shape[2], j:j + out.shape[3]]
            out += np.einsum("nchw,mc->nmhw", patch, w[:, :, i, j])
    return out + b.reshape(1, -1, 1, 1)


def maxpool2(x):
    n, c, h, w = x.shape
    return x[:, :, :h // 2 * 2, :w // 2 * 2].reshape(
        n, c, h // 2, 2, w // 2, 2).max(axis=(3, 5))


def cnn():
    w1, b1 = randn(8, 1, 3, 3), randn(8)
    w2, b2 = randn(16, 8, 3, 3, scale=0.2), randn(16)
    wf, bf = randn(10, 16 * 6 * 6, scale=0.05), randn(10)
    graph = helper.make_graph(
        [
            helper.make_node("Conv", ["x", "w1", "b1"], ["c1"], name="conv1",
                             pads=[1, 1, 1, 1], kernel_shape=[3, 3]),
            helper.make_node("Relu", ["c1"], ["r1"], name="relu1"),
            helper.make_node("MaxPool", ["r1"], ["p1"], name="pool1",
                             kernel_shape=[2, 2], strides=[2, 2]),
            helper.make_node("Conv", ["p1", "w2", "b2"], ["c2"], name="conv2"),
            helper.make_node("Relu", ["c2"], ["r2"], name="relu2"),
            helper.make_node("MaxPool", ["r2"], ["p2"], name="pool2",
                             kernel_shape=[2, 2], strides=[2, 2]),
            helper.make_node("Flatten", ["p2"], ["f"], name="flatten"),
            helper.make_node("Gemm", ["f", "wf", "bf"], ["logits"], name="fc",
                             transB=1),
            helper.make_node("Softmax", ["logits"], ["probs"], name="softmax",
                             axis=1),
        ],
        "cnn",
        [helper.make_tensor_value_info("x", TensorProto.FLOAT, [1, 1, 28, 28])],
        [helper.make_tensor_value_info("probs", TensorProto.FLOAT, [1, 10])],
        [numpy_helper.from_array(a, n) for a, n in
         [(w1, "w1"), (b1, "b1"), (w2, "w2"), (b2, "b2"), (wf, "wf"),
          (bf, "bf")]],
    )
    model = helper.make_model(graph, producer_name="onnxc-examples",
                              opset_imports=[helper.make_opsetid("", 13)])
    x = randn(1, 1, 28, 28, scale=1.0)
    h = maxpool2(np.maximum(conv2d(x, w1, b1, 1), 0))
    h = maxpool2(np.maximum(conv2d(h, w2, b2, 0), 0))
    logits = h.reshape(1, -1) @ wf.T + bf
    e = np.exp(logits - logits.max(axis=1, keepdims=True))
    probs = e / e.sum(axis=1, keepdims=True)
    save(model, "cnn", [x], [probs.astype(np.float32)])


if __name__ == "__main__":
    mlp()
    cnn()
    sys.exit(0)
