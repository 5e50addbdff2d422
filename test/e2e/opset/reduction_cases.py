"""Reductions: opset 18 takes `axes` as an input, opset 20 adds bool Max/Min."""

import numpy as np

from case_lib import (CASES, Const, Input, case, i64, randf, rng, single,
                      snake)


#===----------------------------------------------------------------------===#
# Reductions: opset 18 takes `axes` as an input; opset 20 adds bool Max/Min
#===----------------------------------------------------------------------===#

REDUCTIONS = {
    'ReduceL1': lambda x, a, k: np.sum(np.abs(x), axis=a, keepdims=k),
    'ReduceL2': lambda x, a, k: np.sqrt(np.sum(x * x, axis=a, keepdims=k)),
    'ReduceLogSum': lambda x, a, k: np.log(np.sum(x, axis=a, keepdims=k)),
    'ReduceLogSumExp': lambda x, a, k: np.log(np.sum(np.exp(x), axis=a, keepdims=k)),
    'ReduceMax': lambda x, a, k: np.max(x, axis=a, keepdims=k),
    'ReduceMean': lambda x, a, k: np.mean(x, axis=a, keepdims=k),
    'ReduceMin': lambda x, a, k: np.min(x, axis=a, keepdims=k),
    'ReduceProd': lambda x, a, k: np.prod(x, axis=a, keepdims=k),
    'ReduceSumSquare': lambda x, a, k: np.sum(x * x, axis=a, keepdims=k),
}


def reduce_case(op, x, axes, keepdims, runtime_axes=False, **attrs):
    """`axes` None leaves the input out."""
    ref = REDUCTIONS[op]
    if axes is None or len(axes) == 0:
        # With noop_with_empty_axes nothing is reduced, but the elementwise
        # part still applies (ReduceSumSquare squares): onnx/onnx#6103.
        all_or_none = () if attrs.get('noop_with_empty_axes') else None
        y = ref(x, all_or_none, bool(keepdims))
    else:
        y = ref(x, tuple(axes), bool(keepdims))
    inputs = [Input('data', x)]
    if axes is not None:
        kind = Input if runtime_axes else Const
        inputs.append(kind('axes', i64(axes)))
    return single(18, op, inputs, [('reduced', np.asarray(y, x.dtype))],
                  keepdims=keepdims, **attrs)


def positive(seed, *shape):
    return rng(seed).uniform(0.5, 2.0, shape).astype(np.float32)


def register_reductions():
    for k, op in enumerate(REDUCTIONS):
        name = snake(op)
        x = positive(100 + k, 3, 2, 4)
        CASES['%s_v18_keepdims' % name] = (
            lambda op=op, x=x: reduce_case(op, x, [1], 1))
        CASES['%s_v18_negative_axes_no_keepdims' % name] = (
            lambda op=op, x=x: reduce_case(op, x, [-1, 0], 0))
        CASES['%s_v18_default_axes' % name] = (
            lambda op=op, x=x: reduce_case(op, x, None, 1))
    CASES['reduce_sum_square_v18_no_axes_noop'] = lambda: reduce_case(
        'ReduceSumSquare', randf(119, 3, 2), None, 1, noop_with_empty_axes=1)
    CASES['reduce_l1_v18_empty_axes_noop'] = lambda: reduce_case(
        'ReduceL1', randf(117, 2, 3), [], 0, noop_with_empty_axes=1)
    CASES['reduce_log_sum_v18_no_axes_noop'] = lambda: reduce_case(
        'ReduceLogSum', positive(118, 4), None, 1, noop_with_empty_axes=1)
    CASES['reduce_mean_v18_empty_axes_noop'] = lambda: reduce_case(
        'ReduceMean', randf(120, 2, 3), [], 1, noop_with_empty_axes=1)
    CASES['reduce_max_v18_empty_axes_reduce_all'] = lambda: reduce_case(
        'ReduceMax', randf(121, 2, 3), [], 0)
    CASES['reduce_l2_v18_axes_runtime'] = lambda: reduce_case(
        'ReduceL2', randf(122, 2, 3, 2), [0, 2], 1, runtime_axes=True)
    CASES['reduce_max_v18_int32'] = lambda: reduce_case(
        'ReduceMax', rng(123).integers(-50, 50, (3, 4)).astype(np.int32), [1], 0)


register_reductions()


def bool_reduce(op, fn, keepdims):
    x = rng(130).random((3, 4)) > 0.4
    x[0, :] = True
    return single(20, op, [Input('data', x), Const('axes', i64([1]))],
                  [('reduced', fn(x, axis=1, keepdims=bool(keepdims)))],
                  keepdims=keepdims)


@case
def reduce_max_v20_bool():
    return bool_reduce('ReduceMax', np.any, 1)


@case
def reduce_min_v20_bool():
    return bool_reduce('ReduceMin', np.all, 0)


@case
def reduce_min_v20_bool_all_axes():
    x = rng(132).random((2, 3, 2)) > 0.1
    return single(20, 'ReduceMin', [Input('data', x)], [('reduced', np.all(x))],
                  keepdims=0)


@case
def reduce_max_v20_float():
    x = randf(131, 2, 3, 4)
    return single(20, 'ReduceMax', [Input('data', x), Const('axes', i64([2]))],
                  [('reduced', np.max(x, axis=2, keepdims=True))])
