"""Tensor ops: Split, Pad, CenterCropPad, Col2Im, Scatter*, the shape and
data-movement ops whose newer versions only add element types, Optional*."""

import numpy as np
from onnx import helper, numpy_helper

from case_lib import Case, Const, Input, case, f32, i64, randf, rng, single


#===----------------------------------------------------------------------===#
# Split (18: num_outputs), Pad (18: axes, 19: wrap), CenterCropPad, Col2Im
#===----------------------------------------------------------------------===#


@case
def split_v18_num_outputs_even():
    x = randf(200, 6, 3)
    return single(18, 'Split', [Input('input', x)],
                  [('o%d' % k, p) for k, p in enumerate(np.split(x, 3))],
                  axis=0, num_outputs=3)


@case
def split_v18_num_outputs_uneven():
    # ONNX Split-18: every chunk has ceil(n / num_outputs) elements but the
    # last, which is smaller.
    x = randf(201, 2, 7)
    parts = [x[:, 0:3], x[:, 3:6], x[:, 6:7]]
    return single(18, 'Split', [Input('input', x)],
                  [('o%d' % k, p) for k, p in enumerate(parts)],
                  axis=-1, num_outputs=3)


@case
def split_v18_split_input():
    x = randf(202, 5, 2)
    return single(18, 'Split', [Input('input', x), Const('split', i64([2, 3]))],
                  [('o0', x[:2]), ('o1', x[2:])], axis=0)


def pad_reference(x, pads, axes, mode, value=0.0):
    rank = x.ndim
    axes = [a % rank for a in (axes if axes is not None else range(rank))]
    n = len(axes)
    width = [(0, 0)] * rank
    for k, a in enumerate(axes):
        width[a] = (pads[k], pads[k + n])
    # Negative pads crop.
    x = x[tuple(slice(max(-b, 0), x.shape[a] - max(-e, 0))
                for a, (b, e) in enumerate(width))]
    width = [(max(b, 0), max(e, 0)) for b, e in width]
    if mode == 'constant':
        return np.pad(x, width, mode='constant', constant_values=value)
    return np.pad(x, width, mode={'reflect': 'reflect', 'edge': 'edge',
                                  'wrap': 'wrap'}[mode])


def pad_case(opset, x, pads, axes, mode, value=None):
    inputs = [Input('x', x), Const('pads', i64(pads))]
    inputs.append(Const('value', np.asarray(value, x.dtype))
                  if value is not None else None)
    if axes is not None:
        inputs.append(Const('axes', i64(axes)))
    y = pad_reference(x, pads, axes, mode, 0 if value is None else value)
    return single(opset, 'Pad', inputs, [('y', y.astype(x.dtype))], mode=mode)


@case
def pad_v18_axes_constant():
    return pad_case(18, randf(210, 2, 3, 4), [1, 2, 0, 1], [1, 2], 'constant', 1.5)


@case
def pad_v18_negative_axes_edge():
    return pad_case(18, randf(211, 2, 3, 4), [2, 1], [-1], 'edge')


@case
def pad_v18_axes_reflect():
    return pad_case(18, randf(212, 3, 4), [1, 2], [0], 'reflect')


@case
def pad_v18_axes_negative_pads():
    return pad_case(18, randf(217, 3, 5), [-1, 2], [1], 'constant', -2.0)


@case
def pad_v19_wrap():
    return pad_case(19, randf(213, 3, 4), [1, 2, 2, 1], None, 'wrap')


@case
def pad_v19_wrap_axes():
    return pad_case(19, randf(214, 2, 3, 4), [3, 0], [2], 'wrap')


@case
def pad_v21_constant_int8():
    x = rng(215).integers(-100, 100, (2, 3)).astype(np.int8)
    return pad_case(21, x, [0, 1, 1, 0], None, 'constant', 7)


@case
def pad_v23_constant():
    return pad_case(23, randf(216, 2, 3), [1, 0, 0, 2], None, 'constant')


def center_crop_pad_reference(x, shape, axes):
    axes = [a % x.ndim for a in (axes if axes is not None else range(x.ndim))]
    y = x
    for a, target in zip(axes, shape):
        size = y.shape[a]
        if size > target:
            start = (size - target) // 2
            y = np.take(y, range(start, start + target), axis=a)
        elif size < target:
            width = [(0, 0)] * y.ndim
            before = (target - size) // 2
            width[a] = (before, target - size - before)
            y = np.pad(y, width)
    return y


def center_crop_pad_case(x, shape, axes=None):
    attrs = {} if axes is None else {'axes': axes}
    return single(18, 'CenterCropPad', [Input('input_data', x),
                                        Const('shape', i64(shape))],
                  [('y', center_crop_pad_reference(x, shape, axes))], **attrs)


@case
def center_crop_pad_v18_crop():
    return center_crop_pad_case(randf(220, 8, 7, 3), [4, 4, 3])


@case
def center_crop_pad_v18_pad():
    return center_crop_pad_case(randf(221, 3, 4, 2), [6, 7, 2])


@case
def center_crop_pad_v18_crop_and_pad_axes():
    return center_crop_pad_case(randf(222, 2, 9, 4), [5, 7], axes=[1, -1])


def col2im_reference(x, image_shape, block_shape, dilations, pads, strides):
    n, cb, _ = x.shape
    kh, kw = block_shape
    c = cb // (kh * kw)
    h, w = image_shape
    oh = (h + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (w + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    y = np.zeros((n, c, h, w), np.float64)
    cols = x.reshape(n, c, kh, kw, oh, ow)
    for i in range(kh):
        for j in range(kw):
            for p in range(oh):
                for q in range(ow):
                    r = p * strides[0] - pads[0] + i * dilations[0]
                    s = q * strides[1] - pads[1] + j * dilations[1]
                    if 0 <= r < h and 0 <= s < w:
                        y[:, :, r, s] += cols[:, :, i, j, p, q]
    return y.astype(np.float32)


def col2im_case(seed, channels, image, block, dilations=(1, 1), pads=(0, 0, 0, 0),
                strides=(1, 1)):
    kh, kw = block
    oh = (image[0] + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (image[1] + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    x = randf(seed, 2, channels * kh * kw, oh * ow)
    y = col2im_reference(x, image, block, dilations, pads, strides)
    return single(18, 'Col2Im', [Input('input', x), Const('image_shape', i64(image)),
                                 Const('block_shape', i64(block))],
                  [('output', y)], dilations=list(dilations), pads=list(pads),
                  strides=list(strides))


@case
def col2im_v18_basic():
    return col2im_case(230, 1, (4, 5), (2, 2))


@case
def col2im_v18_strides_pads_dilations():
    return col2im_case(231, 2, (5, 6), (2, 3), dilations=(2, 1),
                       pads=(1, 0, 0, 1), strides=(1, 2))


#===----------------------------------------------------------------------===#
# Tensor ops whose opset 19/21/23 versions only add element types
# (float8, int4, float4): the cases check each version still imports.
#===----------------------------------------------------------------------===#


@case
def shape_v19_start_end():
    x = randf(1000, 2, 3, 4, 5)
    return single(19, 'Shape', [Input('data', x)], [('shape', i64([3, 4]))],
                  start=1, end=-1)


@case
def shape_v21():
    x = randf(1001, 2, 3)
    return single(21, 'Shape', [Input('data', x)], [('shape', i64([2, 3]))])


@case
def shape_v23_start():
    x = randf(1002, 4, 1, 2)
    return single(23, 'Shape', [Input('data', x)], [('shape', i64([2]))], start=-1)


@case
def size_v19():
    x = randf(1003, 2, 3, 4)
    return single(19, 'Size', [Input('data', x)], [('size', i64(24))])


@case
def size_v23_int8():
    x = np.zeros((5, 2), np.int8)
    return single(23, 'Size', [Input('data', x)], [('size', i64(10))])


def reshape_case(opset, x, shape, expected_shape, **attrs):
    return single(opset, 'Reshape', [Input('data', x), Const('shape', i64(shape))],
                  [('reshaped', x.reshape(expected_shape))], **attrs)


@case
def reshape_v19_allowzero():
    return reshape_case(19, randf(1004, 2, 0, 3), [3, 0], (3, 0), allowzero=1)


@case
def reshape_v21_infer():
    return reshape_case(21, randf(1005, 2, 3, 4), [0, -1], (2, 12))


@case
def reshape_v23():
    return reshape_case(23, randf(1006, 6), [3, 2], (3, 2))


@case
def identity_v19():
    x = randf(1007, 2, 3)
    return single(19, 'Identity', [Input('input', x)], [('output', x)])


@case
def identity_v21_uint16():
    x = rng(1008).integers(0, 60000, (4,)).astype(np.uint16)
    return single(21, 'Identity', [Input('input', x)], [('output', x)])


@case
def identity_v23():
    x = rng(1009).random((3,)) > 0.5
    return single(23, 'Identity', [Input('input', x)], [('output', x)])


@case
def flatten_v21():
    x = randf(1010, 2, 3, 4)
    return single(21, 'Flatten', [Input('input', x)], [('output', x.reshape(6, 4))],
                  axis=2)


@case
def flatten_v23_axis0():
    x = randf(1011, 2, 3)
    return single(23, 'Flatten', [Input('input', x)], [('output', x.reshape(1, 6))],
                  axis=0)


@case
def transpose_v21():
    x = randf(1012, 2, 3, 4)
    return single(21, 'Transpose', [Input('data', x)],
                  [('transposed', x.transpose(1, 2, 0))], perm=[1, 2, 0])


@case
def transpose_v23_default_perm():
    x = rng(1013).integers(0, 100, (2, 3, 4)).astype(np.int32)
    return single(23, 'Transpose', [Input('data', x)], [('transposed', x.transpose())])


@case
def squeeze_v21():
    x = randf(1014, 1, 3, 1, 2)
    return single(21, 'Squeeze', [Input('data', x), Const('axes', i64([0, -2]))],
                  [('squeezed', x.reshape(3, 2))])


@case
def squeeze_v23_all():
    x = randf(1015, 1, 4, 1)
    return single(23, 'Squeeze', [Input('data', x)], [('squeezed', x.reshape(4))])


@case
def unsqueeze_v21():
    x = randf(1016, 3, 2)
    return single(21, 'Unsqueeze', [Input('data', x), Const('axes', i64([0, 3]))],
                  [('expanded', x.reshape(1, 3, 2, 1))])


@case
def unsqueeze_v23_negative():
    x = randf(1017, 3)
    return single(23, 'Unsqueeze', [Input('data', x), Const('axes', i64([-1]))],
                  [('expanded', x.reshape(3, 1))])


def constant_of_shape_case(opset, shape, value):
    attrs = {} if value is None else {'value': numpy_helper.from_array(value, 'value')}
    expected = np.zeros(shape, np.float32) if value is None else np.full(
        shape, value[0], value.dtype)
    return single(opset, 'ConstantOfShape', [Const('input', i64(shape))],
                  [('output', expected)], **attrs)


@case
def constant_of_shape_v20_int32():
    return constant_of_shape_case(20, [2, 3], np.array([7], np.int32))


@case
def constant_of_shape_v21_default():
    return constant_of_shape_case(21, [3, 1, 2], None)


@case
def constant_of_shape_v23_bool():
    return constant_of_shape_case(23, [4], np.array([True]))


@case
def constant_of_shape_v23_runtime_shape():
    x = randf(1018, 2, 5)
    nodes = [helper.make_node('Shape', ['x'], ['s']),
             helper.make_node('ConstantOfShape', ['s'], ['y'],
                              value=numpy_helper.from_array(f32([1.5]), 'value'))]
    return Case(23, nodes, [Input('x', x)], [('y', np.full((2, 5), 1.5, np.float32))])


def constant_case(opset, value):
    x = np.ones_like(value)
    nodes = [helper.make_node('Constant', [], ['c'],
                              value=numpy_helper.from_array(value, 'c')),
             helper.make_node('Add', ['x', 'c'], ['y'])]
    return Case(opset, nodes, [Input('x', x)], [('y', x + value)])


@case
def constant_v19():
    return constant_case(19, randf(1019, 2, 3))


@case
def constant_v21_int16():
    return constant_case(21, rng(1020).integers(-50, 50, (4,)).astype(np.int16))


@case
def constant_v23():
    return constant_case(23, randf(1021, 3))


@case
def eyelike_v22():
    x = randf(1022, 3, 4)
    return single(22, 'EyeLike', [Input('input', x)],
                  [('output', np.eye(3, 4, 1, np.float32))],
                  k=1)


@case
def dropout_v22_inference():
    x = randf(1023, 2, 3)
    return single(22, 'Dropout', [Input('data', x)], [('output', x)])


#===----------------------------------------------------------------------===#
# Scatter (18: reduction max/min)
#===----------------------------------------------------------------------===#


def scatter_elements_case(reduction, seed):
    data = randf(seed, 3, 4)
    indices = i64([[0, 2, 2, 1], [2, 2, 0, 1]])
    updates = randf(seed + 1, 2, 4)
    y = data.copy()
    combine = {'max': np.maximum, 'min': np.minimum, 'add': np.add,
               'mul': np.multiply}[reduction]
    for i in range(2):
        for j in range(4):
            r = indices[i, j]
            y[r, j] = combine(y[r, j], updates[i, j])
    return single(18, 'ScatterElements', [Input('data', data), Input('indices', indices),
                                          Input('updates', updates)],
                  [('output', y)], axis=0, reduction=reduction)


@case
def scatter_elements_v18_max():
    return scatter_elements_case('max', 1100)


@case
def scatter_elements_v18_min():
    return scatter_elements_case('min', 1102)


@case
def scatter_elements_v18_add():
    return scatter_elements_case('add', 1104)


def scatter_nd_case(reduction, seed):
    data = randf(seed, 4, 3)
    indices = i64([[1], [3], [1]])
    updates = randf(seed + 1, 3, 3)
    y = data.copy()
    combine = {'max': np.maximum, 'min': np.minimum, 'mul': np.multiply}[reduction]
    for k in range(3):
        y[indices[k, 0]] = combine(y[indices[k, 0]], updates[k])
    return single(18, 'ScatterND', [Input('data', data), Input('indices', indices),
                                    Input('updates', updates)],
                  [('output', y)], reduction=reduction)


@case
def scatter_nd_v18_max():
    return scatter_nd_case('max', 1110)


@case
def scatter_nd_v18_min():
    return scatter_nd_case('min', 1112)


@case
def scatter_nd_v18_mul():
    return scatter_nd_case('mul', 1114)


#===----------------------------------------------------------------------===#
# Optional (18): OptionalHasElement and OptionalGetElement accept a tensor
#===----------------------------------------------------------------------===#


@case
def optional_has_element_v18_tensor():
    x = randf(1600, 2)
    return single(18, 'OptionalHasElement', [Input('input', x)],
                  [('output', np.array(True))])


@case
def optional_get_element_v18_tensor():
    x = randf(1601, 2, 3)
    return single(18, 'OptionalGetElement', [Input('input', x)], [('output', x)])
