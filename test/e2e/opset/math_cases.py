"""Math ops: Bitwise*, activations, IsNaN/IsInf, Cast/CastLike, DFT, the
random ops."""

import math

import numpy as np
from onnx import TensorProto, helper

from case_lib import (CASES, FLOAT4E2M1, FLOAT8E4M3FN, FLOAT8E5M2, INT4, UINT4,
                      Case, Const, Input, case, elem_type, f32, i64, randf,
                      raw_tensor, rng, single, snake)


#===----------------------------------------------------------------------===#
# Elementwise: Bitwise* (18), Mish (18), Gelu (20), IsNaN/IsInf (20), and the
# unary ops whose opset-22 version only adds bfloat16
#===----------------------------------------------------------------------===#

BITWISE = {'BitwiseAnd': np.bitwise_and, 'BitwiseOr': np.bitwise_or,
           'BitwiseXor': np.bitwise_xor}


def register_bitwise():
    for k, (op, fn) in enumerate(BITWISE.items()):
        for dtype, broadcast in ((np.int32, False), (np.uint8, True), (np.int64, False)):
            info = np.iinfo(dtype)
            g = rng(700 + k)
            a = g.integers(info.min, info.max, (3, 4), dtype=dtype, endpoint=True)
            b = g.integers(info.min, info.max, (4,) if broadcast else (3, 4),
                           dtype=dtype, endpoint=True)
            name = '%s_v18_%s%s' % (snake(op), np.dtype(dtype).name,
                                     '_broadcast' if broadcast else '')
            CASES[name] = (lambda op=op, fn=fn, a=a, b=b: single(
                18, op, [Input('x', a), Input('y', b)], [('z', fn(a, b))]))


register_bitwise()


@case
def bitwise_not_v18_int16():
    x = rng(710).integers(-30000, 30000, (2, 5)).astype(np.int16)
    return single(18, 'BitwiseNot', [Input('X', x)], [('Y', np.invert(x))])


@case
def bitwise_not_v18_uint64():
    x = rng(711).integers(0, 2 ** 63, (4,), dtype=np.uint64)
    return single(18, 'BitwiseNot', [Input('X', x)], [('Y', np.invert(x))])


@case
def equal_v19_int32():
    # Equal-19 adds strings, which onnxc does not handle; numbers must still work.
    a = rng(712).integers(0, 3, (3, 4)).astype(np.int32)
    b = rng(713).integers(0, 3, (4,)).astype(np.int32)
    return single(19, 'Equal', [Input('A', a), Input('B', b)], [('C', a == b)])


@case
def mish_v18():
    x = randf(720, 3, 4) * 3
    y = x * np.tanh(np.log1p(np.exp(x.astype(np.float64))))
    return single(18, 'Mish', [Input('X', x)], [('Y', y.astype(np.float32))])


def erf(x):
    return np.vectorize(math.erf)(x)


@case
def gelu_v20_default():
    x = randf(721, 3, 4) * 2
    y = 0.5 * x * (1 + erf(x / np.sqrt(2.0)))
    return single(20, 'Gelu', [Input('X', x)], [('Y', y.astype(np.float32))])


@case
def gelu_v20_tanh():
    x = randf(722, 2, 5) * 2
    x3 = x.astype(np.float64) ** 3
    y = 0.5 * x * (1 + np.tanh(np.sqrt(2 / np.pi) * (x + 0.044715 * x3)))
    return single(20, 'Gelu', [Input('X', x)], [('Y', y.astype(np.float32))],
                  approximate='tanh')


def special_values():
    return f32([np.nan, np.inf, -np.inf, 0.0, -1.5, 3e38, np.nan, 1.0])


@case
def isnan_v20():
    x = special_values()
    return single(20, 'IsNaN', [Input('X', x)], [('Y', np.isnan(x))])


@case
def isinf_v20_positive_only():
    x = special_values()
    return single(20, 'IsInf', [Input('X', x)], [('Y', np.isposinf(x))],
                  detect_negative=0)


@case
def isinf_v20_float16():
    x = special_values().astype(np.float16)
    return single(20, 'IsInf', [Input('X', x)], [('Y', np.isinf(x))])


def softplus(x):
    return np.log1p(np.exp(x))


# ONNX op -> (reference, input range); opset 22 adds bfloat16 to each.
UNARY_V22 = {
    'Acos': (np.arccos, (-0.9, 0.9)), 'Acosh': (np.arccosh, (1.1, 3.0)),
    'Asin': (np.arcsin, (-0.9, 0.9)), 'Asinh': (np.arcsinh, (-3, 3)),
    'Atan': (np.arctan, (-3, 3)), 'Atanh': (np.arctanh, (-0.9, 0.9)),
    'Cos': (np.cos, (-3, 3)), 'Cosh': (np.cosh, (-3, 3)),
    'Sin': (np.sin, (-3, 3)), 'Sinh': (np.sinh, (-3, 3)), 'Tan': (np.tan, (-1.2, 1.2)),
    'Round': (np.rint, (-4, 4)), 'Softplus': (softplus, (-3, 3)),
    'Softsign': (lambda x: x / (1 + np.abs(x)), (-3, 3)),
    'Mish': (lambda x: x * np.tanh(softplus(x)), (-3, 3)),
    'Elu': (lambda x: np.where(x > 0, x, np.exp(x) - 1), (-3, 3)),
    'Selu': (lambda x: 1.0507009873554805 * np.where(
        x > 0, x, 1.6732632423543772 * (np.exp(x) - 1)), (-3, 3)),
    'HardSigmoid': (lambda x: np.clip(0.2 * x + 0.5, 0, 1), (-4, 4)),
    'HardSwish': (lambda x: x * np.clip(x / 6 + 0.5, 0, 1), (-5, 5)),
    'ThresholdedRelu': (lambda x: np.where(x > 1, x, 0), (-3, 3)),
}


def register_unary_v22():
    for k, (op, (fn, (lo, hi))) in enumerate(UNARY_V22.items()):
        x = rng(730 + k).uniform(lo, hi, (2, 3, 4)).astype(np.float32)
        if op == 'Round':
            x[0, 0, :] = [0.5, 1.5, -2.5, 2.5]
        CASES['%s_v22' % snake(op)] = (lambda op=op, fn=fn, x=x: single(
            22, op, [Input('X', x)],
            [('Y', fn(x.astype(np.float64)).astype(np.float32))]))


register_unary_v22()


#===----------------------------------------------------------------------===#
# Cast / CastLike: 19 adds float8 and `saturate`, 21 int4/uint4, 23 float4e2m1
#===----------------------------------------------------------------------===#


def float8_table(fmt):
    """The value of each of the 256 codes of an 8-bit float format."""
    exp_bits, man_bits, bias = {FLOAT8E4M3FN: (4, 3, 7), FLOAT8E5M2: (5, 2, 15),
                                FLOAT4E2M1: (2, 1, 1)}[fmt]
    bits = 1 + exp_bits + man_bits
    values = []
    for code in range(2 ** bits):
        sign = -1.0 if code >> (bits - 1) else 1.0
        e = (code >> man_bits) & ((1 << exp_bits) - 1)
        m = code & ((1 << man_bits) - 1)
        if fmt == FLOAT8E4M3FN and e == 15 and m == 7:
            values.append(np.nan)
        elif fmt == FLOAT8E5M2 and e == 31:
            values.append(sign * np.inf if m == 0 else np.nan)
        elif e == 0:
            values.append(sign * m / 2 ** man_bits * 2.0 ** (1 - bias))
        else:
            values.append(sign * (1 + m / 2 ** man_bits) * 2.0 ** (e - bias))
    return np.array(values)


def round_to_small_float(x, fmt, saturate):
    """ONNX Cast to a float8/float4 type: round to nearest, ties to an even
    code; out-of-range values saturate to the largest finite value, or without
    `saturate` become NaN (e4m3fn) or infinity (e5m2)."""
    table = float8_table(fmt)
    finite = [(v, c) for c, v in enumerate(table) if np.isfinite(v) and v >= 0]
    largest = max(v for v, _ in finite)
    out = []
    for v in np.asarray(x, np.float64).ravel():
        if np.isnan(v):
            out.append(np.nan)
            continue
        mag = abs(v)
        if mag > largest:
            if saturate or fmt == FLOAT4E2M1:
                r = largest
            else:
                r = np.nan if fmt == FLOAT8E4M3FN else np.inf
        else:
            r = min(finite, key=lambda vc: (abs(vc[0] - mag), vc[1] & 1))[0]
        out.append(np.copysign(r, v))
    return np.array(out, np.float32).reshape(np.shape(x))


def cast_roundtrip_case(opset, fmt, x, saturate=None):
    """float -> `fmt` -> float, so that the model's inputs and outputs stay
    types the test data can hold."""
    attrs = {} if saturate is None else {'saturate': saturate}
    nodes = [helper.make_node('Cast', ['x'], ['narrow'], to=fmt, **attrs),
             helper.make_node('Cast', ['narrow'], ['y'], to=TensorProto.FLOAT)]
    y = round_to_small_float(x, fmt, 1 if saturate is None else saturate)
    return Case(opset, nodes, [Input('x', x)], [('y', y)])


def float8_inputs(seed):
    x = rng(seed).standard_normal(12).astype(np.float32) * 50
    x[:4] = [1000.0, -1e5, 0.0013, 0.5]
    return x


@case
def cast_v19_float8e4m3fn_saturate():
    return cast_roundtrip_case(19, FLOAT8E4M3FN, float8_inputs(800))


@case
def cast_v19_float8e4m3fn_no_saturate():
    return cast_roundtrip_case(19, FLOAT8E4M3FN, float8_inputs(801), saturate=0)


@case
def cast_v19_float8e5m2_saturate():
    return cast_roundtrip_case(19, FLOAT8E5M2, float8_inputs(802) * 100)


@case
def cast_v19_float8e5m2_no_saturate():
    return cast_roundtrip_case(19, FLOAT8E5M2, float8_inputs(803) * 100, saturate=0)


@case
def cast_v23_float4e2m1():
    x = f32([0, 0.5, -1, 1.5, 2, -3, 4, 6, 2.4, -5.5, 0.3, 10])
    return cast_roundtrip_case(23, FLOAT4E2M1, x)


def int4_roundtrip_case(opset, fmt, dtype, values):
    x = np.asarray(values, dtype)
    nodes = [helper.make_node('Cast', ['x'], ['narrow'], to=fmt),
             helper.make_node('Cast', ['narrow'], ['y'], to=elem_type(x))]
    return Case(opset, nodes, [Input('x', x)], [('y', x)])


@case
def cast_v21_int4_roundtrip():
    return int4_roundtrip_case(21, INT4, np.int8, [[-8, -1, 0, 7], [3, -5, 6, 1]])


@case
def cast_v21_uint4_roundtrip():
    return int4_roundtrip_case(21, UINT4, np.uint8, [0, 15, 7, 8, 1, 9])


def cast_case(opset, x, dtype):
    return single(opset, 'Cast', [Input('input', x)],
                  [('output', x.astype(dtype))], to=elem_type(np.zeros(0, dtype)))


@case
def cast_v19_float_to_int32():
    return cast_case(19, randf(810, 3, 4) * 10, np.int32)


@case
def cast_v21_int64_to_float16():
    return cast_case(21, rng(811).integers(-1000, 1000, (2, 5)), np.float16)


@case
def cast_v23_double_to_int8():
    return cast_case(23, rng(812).uniform(-100, 100, (6,)), np.int8)


@case
def cast_v23_bool_to_float():
    return cast_case(23, rng(813).random((2, 3)) > 0.5, np.float32)


def cast_like_case(opset, x, like):
    return single(opset, 'CastLike', [Input('input', x), Const('target_type', like)],
                  [('output', x.astype(like.dtype))])


@case
def cast_like_v19_float_to_int64():
    return cast_like_case(19, randf(820, 2, 3) * 10, i64([0]))


@case
def cast_like_v21_int32_to_double():
    return cast_like_case(21, rng(821).integers(-9, 9, (4,)).astype(np.int32),
                          np.zeros(1, np.float64))


@case
def cast_like_v23_float_to_uint8():
    return cast_like_case(23, rng(823).uniform(0, 200, (3, 2)).astype(np.float32),
                          np.zeros(1, np.uint8))


@case
def cast_like_v19_float8e4m3fn():
    x = float8_inputs(822)
    like = raw_tensor('like', FLOAT8E4M3FN, [1], [0])
    nodes = [helper.make_node('CastLike', ['x', 'like'], ['narrow']),
             helper.make_node('Cast', ['narrow'], ['y'], to=TensorProto.FLOAT)]
    return Case(19, nodes, [Input('x', x), Const('like', tensor=like)],
                [('y', round_to_small_float(x, FLOAT8E4M3FN, 1))])


#===----------------------------------------------------------------------===#
# DFT (20: dft_length and axis are inputs)
#===----------------------------------------------------------------------===#


def dft_case(x, axis=None, dft_length=None, onesided=0, inverse=0):
    signal = x[..., 0] if x.shape[-1] == 1 else x[..., 0] + 1j * x[..., 1]
    a = -2 if axis is None else axis
    a = a % x.ndim
    n = signal.shape[a] if dft_length is None else dft_length
    spectrum = (np.fft.ifft if inverse else np.fft.fft)(signal, n=n, axis=a)
    if onesided:
        spectrum = np.take(spectrum, range(n // 2 + 1), axis=a)
    y = np.stack([spectrum.real, spectrum.imag], axis=-1).astype(np.float32)
    inputs = [Input('input', x),
              Const('dft_length', i64(dft_length)) if dft_length is not None else None,
              Const('axis', i64(axis)) if axis is not None else None]
    return single(20, 'DFT', inputs, [('output', y)], onesided=onesided, inverse=inverse)


@case
def dft_v20_real():
    return dft_case(randf(930, 2, 8, 1))


@case
def dft_v20_onesided_axis_input():
    return dft_case(randf(931, 6, 3, 1), axis=0, onesided=1)


@case
def dft_v20_inverse_complex():
    return dft_case(randf(932, 2, 5, 2), inverse=1)


@case
def dft_v20_dft_length_pad():
    return dft_case(randf(933, 1, 6, 1), dft_length=8)


#===----------------------------------------------------------------------===#
# Random ops (22 adds bfloat16), with parameters that make the result
# deterministic: a zero-width range, a zero deviation, probabilities 0 and 1
#===----------------------------------------------------------------------===#


@case
def random_uniform_v22_empty_range():
    return Case(22, [helper.make_node('RandomUniform', [], ['y'], low=1.5, high=1.5,
                                      shape=[2, 3], seed=1.0)],
                [], [('y', np.full((2, 3), 1.5, np.float32))])


@case
def random_normal_like_v22_zero_scale():
    x = randf(1550, 3, 2)
    return single(22, 'RandomNormalLike', [Input('input', x)],
                  [('output', np.full((3, 2), -0.5, np.float32))], mean=-0.5, scale=0.0,
                  seed=2.0)


@case
def random_uniform_like_v22_empty_range():
    x = randf(1552, 4)
    return single(22, 'RandomUniformLike', [Input('input', x)],
                  [('output', np.full(4, 2.0, np.float32))], low=2.0, high=2.0)


@case
def random_normal_v22_zero_scale():
    return Case(22, [helper.make_node('RandomNormal', [], ['y'], mean=3.0, scale=0.0,
                                      shape=[3])],
                [], [('y', np.full(3, 3.0, np.float32))])


@case
def bernoulli_v22_certain():
    p = (rng(1551).random((2, 5)) > 0.5).astype(np.float32)
    return single(22, 'Bernoulli', [Input('input', p)], [('output', p)], seed=3.0)
