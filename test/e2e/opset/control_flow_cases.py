"""Control flow: If, Loop, Scan."""

import numpy as np
from onnx import TensorProto, helper, numpy_helper

from case_lib import Case, Const, Input, case, f32, i64, randf


#===----------------------------------------------------------------------===#
# Control flow: If, Loop, Scan (19, 21, 23 only add element types)
#===----------------------------------------------------------------------===#


def if_case(opset, cond):
    x = randf(1300 + opset, 2, 3)
    branch = lambda name, op: helper.make_graph(
        [helper.make_node(op, ['x', 'x'], ['out'])], name, [],
        [helper.make_tensor_value_info('out', TensorProto.FLOAT, [2, 3])])
    node = helper.make_node('If', ['cond'], ['y'], then_branch=branch('then', 'Add'),
                            else_branch=branch('else', 'Mul'))
    y = x + x if cond else x * x
    return Case(opset, [node], [Input('cond', np.array(cond)), Input('x', x)], [('y', y)])


@case
def if_v19_else():
    return if_case(19, False)


@case
def if_v21_then():
    return if_case(21, True)


@case
def if_v23_else():
    return if_case(23, False)


def loop_case(opset):
    """Three iterations of acc = acc * 2 + i, also emitting acc each step."""
    body = helper.make_graph(
        [helper.make_node('Cast', ['i'], ['fi'], to=TensorProto.FLOAT),
         helper.make_node('Constant', [], ['two'],
                          value=numpy_helper.from_array(f32(2.0), 'two')),
         helper.make_node('Mul', ['acc_in', 'two'], ['doubled']),
         helper.make_node('Add', ['doubled', 'fi'], ['acc_out']),
         helper.make_node('Identity', ['cond_in'], ['cond_out']),
         helper.make_node('Identity', ['acc_out'], ['scan_out'])],
        'body',
        [helper.make_tensor_value_info('i', TensorProto.INT64, []),
         helper.make_tensor_value_info('cond_in', TensorProto.BOOL, []),
         helper.make_tensor_value_info('acc_in', TensorProto.FLOAT, [2])],
        [helper.make_tensor_value_info('cond_out', TensorProto.BOOL, []),
         helper.make_tensor_value_info('acc_out', TensorProto.FLOAT, [2]),
         helper.make_tensor_value_info('scan_out', TensorProto.FLOAT, [2])])
    node = helper.make_node('Loop', ['trip', 'cond', 'acc'], ['final', 'steps'],
                            body=body)
    acc = randf(1310 + opset, 2)
    steps = []
    a = acc.copy()
    for i in range(3):
        a = a * 2 + i
        steps.append(a)
    return Case(opset, [node], [Const('trip', i64(3)), Const('cond', np.array(True)),
                                Input('acc', acc)],
                [('final', a.astype(np.float32)),
                 ('steps', np.stack(steps).astype(np.float32))])


@case
def loop_v19():
    return loop_case(19)


@case
def loop_v21():
    return loop_case(21)


@case
def loop_v23():
    return loop_case(23)


def scan_case(opset):
    """A running sum over the first axis of x."""
    body = helper.make_graph(
        [helper.make_node('Add', ['sum_in', 'row'], ['sum_out']),
         helper.make_node('Identity', ['sum_out'], ['row_out'])],
        'body',
        [helper.make_tensor_value_info('sum_in', TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info('row', TensorProto.FLOAT, [3])],
        [helper.make_tensor_value_info('sum_out', TensorProto.FLOAT, [3]),
         helper.make_tensor_value_info('row_out', TensorProto.FLOAT, [3])])
    node = helper.make_node('Scan', ['init', 'x'], ['total', 'partial'], body=body,
                            num_scan_inputs=1)
    init, x = randf(1320 + opset, 3), randf(1330 + opset, 4, 3)
    partial = init + np.cumsum(x, axis=0)
    return Case(opset, [node], [Input('init', init), Input('x', x)],
                [('total', partial[-1].astype(np.float32)),
                 ('partial', partial.astype(np.float32))])


@case
def scan_v19():
    return scan_case(19)


@case
def scan_v21():
    return scan_case(21)


@case
def scan_v23():
    return scan_case(23)
