"""What every case module uses: the case registry, seeded inputs, and the
writing of a case in the ONNX backend layout."""

import os
import re
import shutil

import numpy as np
from onnx import TensorProto, helper, mapping, numpy_helper

CASES = {}


def case(fn):
    """Registers a case under its function's name."""
    CASES[fn.__name__] = fn
    return fn


def rng(seed):
    return np.random.default_rng(seed)


def randf(seed, *shape):
    return rng(seed).standard_normal(shape).astype(np.float32)


def f32(x):
    return np.asarray(x, dtype=np.float32)


def i64(x):
    return np.asarray(x, dtype=np.int64)


def snake(op):
    """ReduceLogSum -> reduce_log_sum, for case names built from op names."""
    return re.sub(r'(?<!^)(?=[A-Z])', '_', op).lower()


# The IR version each opset was released with.
IR_VERSION = {18: 8, 19: 9, 20: 9, 21: 10, 22: 10, 23: 11}

# TensorProto data types onnx 1.12 has no names for.
FLOAT8E4M3FN, FLOAT8E5M2 = 17, 19
UINT4, INT4, FLOAT4E2M1 = 21, 22, 23

#===----------------------------------------------------------------------===#
# Model and case writing
#===----------------------------------------------------------------------===#


class Input:
    """A graph input fed from the test data set."""

    def __init__(self, name, value):
        self.name, self.value = name, np.asarray(value)


class Const:
    """An initializer; `tensor` overrides `value` for types numpy lacks."""

    def __init__(self, name, value=None, tensor=None):
        self.name, self.value = name, value
        self.tensor = tensor if tensor is not None else numpy_helper.from_array(
            np.asarray(value), name)


def raw_tensor(name, data_type, dims, raw):
    t = TensorProto()
    t.name, t.data_type = name, data_type
    t.dims.extend(dims)
    t.raw_data = bytes(raw)
    return t


def elem_type(value):
    return mapping.NP_TYPE_TO_TENSOR_TYPE[np.asarray(value).dtype]


def value_info(name, value):
    value = np.asarray(value)
    return helper.make_tensor_value_info(name, elem_type(value), value.shape)


class Case:
    def __init__(self, opset, nodes, inputs, outputs):
        self.opset, self.nodes = opset, nodes
        self.inputs = [x for x in inputs if isinstance(x, Input)]
        self.consts = [x for x in inputs if isinstance(x, Const)]
        self.outputs = outputs  # [(name, expected value)]

    def model(self, name):
        graph = helper.make_graph(
            self.nodes, name, [value_info(x.name, x.value) for x in self.inputs],
            [value_info(n, v) for n, v in self.outputs],
            initializer=[c.tensor for c in self.consts])
        model = helper.make_model(
            graph, producer_name='onnxc-opset-cases',
            opset_imports=[helper.make_opsetid('', self.opset)])
        model.ir_version = IR_VERSION[self.opset]
        return model


def single(opset, op, inputs, outputs, **attrs):
    """One node reading `inputs` (Input, Const or None for a left-out
    optional input) and writing `outputs`, a list of (name, expected)."""
    names = [x.name if x is not None else '' for x in inputs]
    while names and not names[-1]:
        names.pop()
    node = helper.make_node(op, names, [n for n, _ in outputs], **attrs)
    return Case(opset, [node], [x for x in inputs if x is not None], outputs)


def write_case(root, name, c):
    path = os.path.join(root, name)
    shutil.rmtree(path, ignore_errors=True)
    data = os.path.join(path, 'test_data_set_0')
    os.makedirs(data)
    with open(os.path.join(path, 'model.onnx'), 'wb') as f:
        f.write(c.model(name).SerializeToString())
    for k, x in enumerate(c.inputs):
        with open(os.path.join(data, 'input_%d.pb' % k), 'wb') as f:
            f.write(numpy_helper.from_array(x.value, x.name).SerializeToString())
    for k, (n, v) in enumerate(c.outputs):
        with open(os.path.join(data, 'output_%d.pb' % k), 'wb') as f:
            f.write(numpy_helper.from_array(np.asarray(v), n).SerializeToString())
