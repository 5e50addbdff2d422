"""Quantization ops: QuantizeLinear, DequantizeLinear, QLinearMatMul."""

import numpy as np
from onnx import TensorProto, helper

from case_lib import (FLOAT8E4M3FN, INT4, Case, Const, Input, case, f32, randf,
                      raw_tensor, rng, single)
from math_cases import float8_inputs, round_to_small_float


#===----------------------------------------------------------------------===#
# Quantization: QuantizeLinear/DequantizeLinear 19 (float8), 21 (blocks,
# output_dtype, int4), 23; QLinearMatMul 21
#===----------------------------------------------------------------------===#


def saturate_int(x, dtype):
    info = np.iinfo(dtype)
    return np.clip(np.rint(x), info.min, info.max).astype(dtype)


def expand_blocks(param, axis, block_size, length):
    """A blocked scale/zero point repeated to the length of `axis`."""
    return np.take(np.repeat(param, block_size, axis=axis), range(length), axis=axis)


@case
def quantize_linear_v21_blocked():
    x = randf(900, 2, 6) * 10
    scale = rng(901).uniform(0.05, 0.2, (2, 3)).astype(np.float32)
    zp = rng(902).integers(-5, 5, (2, 3)).astype(np.int8)
    y = saturate_int(x / expand_blocks(scale, 1, 2, 6) + expand_blocks(zp, 1, 2, 6),
                     np.int8)
    return single(21, 'QuantizeLinear', [Input('x', x), Const('y_scale', scale),
                                         Const('y_zero_point', zp)],
                  [('y', y)], axis=1, block_size=2)


@case
def quantize_linear_v21_blocked_uneven():
    x = randf(903, 5, 2) * 10
    scale = rng(904).uniform(0.05, 0.2, (2, 2)).astype(np.float32)
    y = saturate_int(x / expand_blocks(scale, 0, 3, 5), np.uint8)
    return single(21, 'QuantizeLinear', [Input('x', x), Const('y_scale', scale)],
                  [('y', y)], axis=0, block_size=3)


@case
def quantize_linear_v21_output_dtype_int8():
    x = randf(905, 3, 4) * 10
    y = saturate_int(x / np.float32(0.1), np.int8)
    return single(21, 'QuantizeLinear', [Input('x', x), Const('y_scale', f32(0.1))],
                  [('y', y)], output_dtype=TensorProto.INT8)


@case
def quantize_linear_v23_per_axis_uint16():
    x = randf(906, 2, 3) * 1000
    scale = f32([0.5, 1.0, 2.0])
    zp = np.array([30000, 20000, 10000], np.uint16)
    y = saturate_int(x / scale + zp, np.uint16)
    return single(23, 'QuantizeLinear', [Input('x', x), Const('y_scale', scale),
                                         Const('y_zero_point', zp)], [('y', y)], axis=1)


@case
def quantize_linear_v19_float8e4m3fn_roundtrip():
    x = float8_inputs(907)
    zp = raw_tensor('zp', FLOAT8E4M3FN, [], [0])
    scale = f32(2.0)
    nodes = [helper.make_node('QuantizeLinear', ['x', 'scale', 'zp'], ['q']),
             helper.make_node('DequantizeLinear', ['q', 'scale', 'zp'], ['y'])]
    y = round_to_small_float(x / scale, FLOAT8E4M3FN, 1) * scale
    return Case(19, nodes, [Input('x', x), Const('scale', scale), Const('zp', tensor=zp)],
                [('y', y)])


@case
def quantize_linear_v21_int4_roundtrip():
    x = randf(908, 8) * 3
    zp = raw_tensor('zp', INT4, [], [0])
    scale = f32(0.5)
    nodes = [helper.make_node('QuantizeLinear', ['x', 'scale', 'zp'], ['q']),
             helper.make_node('DequantizeLinear', ['q', 'scale', 'zp'], ['y'])]
    y = np.clip(np.rint(x / scale), -8, 7) * scale
    return Case(21, nodes, [Input('x', x), Const('scale', scale), Const('zp', tensor=zp)],
                [('y', y.astype(np.float32))])


@case
def dequantize_linear_v21_blocked():
    x = rng(910).integers(-128, 127, (4, 3)).astype(np.int8)
    scale = rng(911).uniform(0.05, 0.2, (2, 3)).astype(np.float32)
    zp = rng(912).integers(-5, 5, (2, 3)).astype(np.int8)
    y = ((x.astype(np.float32) - expand_blocks(zp, 0, 2, 4))
         * expand_blocks(scale, 0, 2, 4))
    return single(21, 'DequantizeLinear', [Input('x', x), Const('x_scale', scale),
                                           Const('x_zero_point', zp)],
                  [('y', y.astype(np.float32))], axis=0, block_size=2)


@case
def dequantize_linear_v21_per_axis():
    x = rng(913).integers(0, 255, (2, 3, 2)).astype(np.uint8)
    scale, zp = f32([0.1, 0.2, 0.3]), np.array([1, 128, 255], np.uint8)
    y = (x.astype(np.float32) - zp.reshape(1, 3, 1)) * scale.reshape(1, 3, 1)
    return single(21, 'DequantizeLinear', [Input('x', x), Const('x_scale', scale),
                                           Const('x_zero_point', zp)],
                  [('y', y.astype(np.float32))], axis=1)


@case
def dequantize_linear_v23_int32():
    x = rng(914).integers(-100000, 100000, (5,)).astype(np.int32)
    return single(23, 'DequantizeLinear', [Input('x', x), Const('x_scale', f32(0.01))],
                  [('y', (x * np.float32(0.01)).astype(np.float32))])


@case
def qlinear_matmul_v21():
    a = rng(920).integers(0, 255, (2, 4)).astype(np.uint8)
    b = rng(921).integers(0, 255, (4, 3)).astype(np.uint8)
    sa, za = f32(0.02), np.uint8(110)
    sb, zb = f32(0.01), np.uint8(130)
    sy, zy = f32(0.3), np.uint8(120)
    acc = (a.astype(np.int64) - za) @ (b.astype(np.int64) - zb)
    y = saturate_int(acc * (np.float64(sa) * sb / sy) + zy, np.uint8)
    inputs = [Input('a', a), Const('a_scale', sa), Const('a_zero_point', np.asarray(za)),
              Input('b', b), Const('b_scale', sb), Const('b_zero_point', np.asarray(zb)),
              Const('y_scale', sy), Const('y_zero_point', np.asarray(zy))]
    return single(21, 'QLinearMatMul', inputs, [('y', y)])
