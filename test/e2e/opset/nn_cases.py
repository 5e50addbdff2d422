"""NN ops: normalization, pooling, convolution, Resize, GridSample,
AffineGrid, Attention, RotaryEmbedding."""

import numpy as np

from case_lib import Const, Input, case, f32, i64, randf, rng, single


#===----------------------------------------------------------------------===#
# Normalization: GroupNormalization (18: scale per group, 21: per channel),
# RMSNormalization (23)
#===----------------------------------------------------------------------===#


def group_norm_reference(x, scale, bias, groups, epsilon, per_channel):
    n, c = x.shape[:2]
    g = x.reshape(n, groups, -1).astype(np.float64)
    g = (g - g.mean(axis=2, keepdims=True)) / np.sqrt(
        g.var(axis=2, keepdims=True) + epsilon)
    y = g.reshape(x.shape)
    if not per_channel:
        scale, bias = np.repeat(scale, c // groups), np.repeat(bias, c // groups)
    shape = (1, c) + (1,) * (x.ndim - 2)
    return (y * scale.reshape(shape) + bias.reshape(shape)).astype(np.float32)


def group_norm_case(opset, seed, shape, groups, epsilon=1e-5):
    per_channel = opset >= 21
    x = randf(seed, *shape)
    n = shape[1] if per_channel else groups
    scale, bias = randf(seed + 1, n), randf(seed + 2, n)
    y = group_norm_reference(x, scale, bias, groups, epsilon, per_channel)
    return single(opset, 'GroupNormalization',
                  [Input('x', x), Const('scale', scale), Const('bias', bias)],
                  [('y', y)], num_groups=groups, epsilon=epsilon)


@case
def group_normalization_v18():
    return group_norm_case(18, 300, (2, 4, 3, 3), 2)


@case
def group_normalization_v18_epsilon():
    return group_norm_case(18, 303, (2, 6, 5), 3, epsilon=1e-2)


@case
def group_normalization_v21():
    return group_norm_case(21, 306, (2, 4, 3, 3), 2)


@case
def group_normalization_v21_one_group():
    return group_norm_case(21, 309, (1, 3, 4), 1)


def rms_norm_case(seed, shape, axis, epsilon=1e-5):
    x = randf(seed, *shape)
    a = axis % len(shape)
    scale = randf(seed + 1, *shape[a:])
    ms = np.mean(x.astype(np.float64) ** 2, axis=tuple(range(a, len(shape))),
                 keepdims=True)
    y = (x / np.sqrt(ms + epsilon) * scale).astype(np.float32)
    return single(23, 'RMSNormalization', [Input('X', x), Const('scale', scale)],
                  [('Y', y)], axis=axis, epsilon=epsilon)


@case
def rms_normalization_v23_last_axis():
    return rms_norm_case(320, (2, 3, 8), -1)


@case
def rms_normalization_v23_axis1():
    return rms_norm_case(322, (2, 3, 4), 1, epsilon=1e-3)


#===----------------------------------------------------------------------===#
# Pooling: LpPool (18: ceil_mode, dilations), AveragePool (19: dilations)
#===----------------------------------------------------------------------===#


def pool_out_size(size, k, s, pb, pe, d, ceil_mode):
    span = size + pb + pe - d * (k - 1) - 1
    out = (-(-span // s) if ceil_mode else span // s) + 1
    # A window may not start in the end padding.
    if ceil_mode and (out - 1) * s >= size + pb:
        out -= 1
    return out


def pool2d(x, kernel, strides, pads, dilations, ceil_mode, reduce):
    """`reduce(values)` on the in-bounds elements of each window."""
    n, c, h, w = x.shape
    oh = pool_out_size(h, kernel[0], strides[0], pads[0], pads[2], dilations[0],
                       ceil_mode)
    ow = pool_out_size(w, kernel[1], strides[1], pads[1], pads[3], dilations[1],
                       ceil_mode)
    y = np.zeros((n, c, oh, ow), np.float64)
    for p in range(oh):
        for q in range(ow):
            rows = [p * strides[0] - pads[0] + i * dilations[0] for i in range(kernel[0])]
            cols = [q * strides[1] - pads[1] + j * dilations[1] for j in range(kernel[1])]
            rows = [r for r in rows if 0 <= r < h]
            cols = [s for s in cols if 0 <= s < w]
            window = x[:, :, rows][:, :, :, cols].reshape(n, c, -1).astype(np.float64)
            y[:, :, p, q] = reduce(window)
    return y.astype(np.float32)


def pool_case(opset, op, seed, shape, kernel, strides=(1, 1), pads=(0, 0, 0, 0),
              dilations=(1, 1), ceil_mode=0, p=None):
    x = randf(seed, *shape)
    if op == 'LpPool':
        fn = lambda v: np.sum(np.abs(v) ** p, axis=2) ** (1.0 / p)
        attrs = {'p': p}
    elif op == 'AveragePool':
        fn = lambda v: np.mean(v, axis=2)
        attrs = {}
    else:
        fn = lambda v: np.max(v, axis=2)
        attrs = {}
    y = pool2d(x, kernel, strides, pads, dilations, ceil_mode, fn)
    return single(opset, op, [Input('x', x)], [('y', y)], kernel_shape=list(kernel),
                  strides=list(strides), pads=list(pads), dilations=list(dilations),
                  ceil_mode=ceil_mode, **attrs)


@case
def lppool_v18_dilations():
    return pool_case(18, 'LpPool', 400, (1, 2, 6, 6), (2, 2), dilations=(2, 2), p=2)


@case
def lppool_v18_ceil_mode():
    return pool_case(18, 'LpPool', 401, (1, 1, 5, 5), (2, 2), strides=(2, 2),
                     ceil_mode=1, p=3)


@case
def lppool_v18_pads_strides():
    return pool_case(18, 'LpPool', 402, (2, 1, 5, 4), (3, 2), strides=(2, 1),
                     pads=(1, 0, 1, 1), p=1)


@case
def averagepool_v19_dilations():
    return pool_case(19, 'AveragePool', 403, (1, 2, 6, 6), (2, 2), dilations=(2, 2))


@case
def averagepool_v19_dilations_ceil_mode():
    return pool_case(19, 'AveragePool', 404, (1, 1, 7, 7), (2, 2), strides=(2, 2),
                     dilations=(2, 1), ceil_mode=1)


@case
def averagepool_v19_dilations_pads():
    return pool_case(19, 'AveragePool', 405, (1, 1, 5, 5), (3, 3),
                     pads=(1, 1, 1, 1), dilations=(2, 2))


@case
def averagepool_v22():
    return pool_case(22, 'AveragePool', 406, (1, 2, 5, 5), (2, 2), strides=(2, 2))


@case
def maxpool_v22():
    return pool_case(22, 'MaxPool', 407, (1, 2, 5, 5), (3, 3), strides=(2, 2),
                     pads=(1, 1, 1, 1))


@case
def maxpool_v22_nan():
    # NaNs propagate to every window that holds one, whatever its position
    # among the taps; infinities and -0 are plain values. 37x37 images give
    # rows of whole vectors and a masked rest.
    x = randf(412, 1, 3, 37, 37)
    x[0, 0, 5, 7] = np.nan
    x[0, 1, 20, 30] = np.nan
    x[0, 2, 36, 36] = np.nan
    x[0, 2, 0, 0] = np.inf
    x[0, 1, 10, 10] = -np.inf
    x[0, 0, 30, 30] = -0.0
    y = pool2d(x, (3, 3), (2, 2), (1, 1, 1, 1), (1, 1), 0, lambda v: np.max(v, axis=2))
    return single(22, 'MaxPool', [Input('x', x)], [('y', y)], kernel_shape=[3, 3],
                  strides=[2, 2], pads=[1, 1, 1, 1])


@case
def lppool_v22():
    return pool_case(22, 'LpPool', 408, (1, 2, 4, 4), (2, 2), p=2)


@case
def global_average_pool_v22():
    x = randf(409, 2, 3, 4, 5)
    return single(22, 'GlobalAveragePool', [Input('x', x)],
                  [('y', x.mean(axis=(2, 3), keepdims=True))])


@case
def global_max_pool_v22():
    x = randf(410, 2, 3, 4, 5)
    return single(22, 'GlobalMaxPool', [Input('x', x)],
                  [('y', x.max(axis=(2, 3), keepdims=True))])


@case
def global_lp_pool_v22():
    x = randf(411, 2, 3, 4)
    y = np.sqrt(np.sum(x.astype(np.float64) ** 2, axis=2, keepdims=True))
    return single(22, 'GlobalLpPool', [Input('x', x)], [('y', y.astype(np.float32))])


#===----------------------------------------------------------------------===#
# Convolution: Conv/ConvTranspose (22), DeformConv (19)
#===----------------------------------------------------------------------===#


def bilinear_zero(img, y, x):
    """img[C, H, W] sampled at (y, x); points outside the image are zero."""
    c, h, w = img.shape
    y0, x0 = int(np.floor(y)), int(np.floor(x))
    out = np.zeros(c)
    for dy in (0, 1):
        for dx in (0, 1):
            r, s = y0 + dy, x0 + dx
            if 0 <= r < h and 0 <= s < w:
                wy = (y - y0) if dy else (1 - (y - y0))
                wx = (x - x0) if dx else (1 - (x - x0))
                out += wy * wx * img[:, r, s]
    return out


def deform_conv_reference(x, w, offset, bias, mask, strides, pads, dilations,
                          group, offset_group):
    n, c, h, wd = x.shape
    oc, cg, kh, kw = w.shape
    oh, ow = offset.shape[2:]
    y = np.zeros((n, oc, oh, ow))
    cpo = c // offset_group
    for b in range(n):
        for p in range(oh):
            for q in range(ow):
                # cols[c, i, j]: the input sampled for kernel tap (i, j).
                cols = np.zeros((c, kh, kw))
                for og in range(offset_group):
                    for i in range(kh):
                        for j in range(kw):
                            k = i * kw + j
                            dy = offset[b, og * 2 * kh * kw + 2 * k, p, q]
                            dx = offset[b, og * 2 * kh * kw + 2 * k + 1, p, q]
                            m = 1.0 if mask is None else mask[b, og * kh * kw + k, p, q]
                            sy = p * strides[0] - pads[0] + i * dilations[0] + dy
                            sx = q * strides[1] - pads[1] + j * dilations[1] + dx
                            cols[og * cpo:(og + 1) * cpo, i, j] = m * bilinear_zero(
                                x[b, og * cpo:(og + 1) * cpo], sy, sx)
                ocg = oc // group
                for g in range(group):
                    y[b, g * ocg:(g + 1) * ocg, p, q] = np.tensordot(
                        w[g * ocg:(g + 1) * ocg], cols[g * cg:(g + 1) * cg], axes=3)
    if bias is not None:
        y += bias.reshape(1, -1, 1, 1)
    return y.astype(np.float32)


def deform_conv_case(opset, seed, x_shape, w_shape, strides=(1, 1), pads=(0, 0, 0, 0),
                     dilations=(1, 1), group=1, offset_group=1, with_bias=False,
                     with_mask=False):
    x, w = randf(seed, *x_shape), randf(seed + 1, *w_shape)
    kh, kw = w_shape[2:]
    oh = (x_shape[2] + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x_shape[3] + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    offset = (rng(seed + 2).uniform(-1.5, 1.5, (x_shape[0], offset_group * 2 * kh * kw,
                                                oh, ow))).astype(np.float32)
    bias = randf(seed + 3, w_shape[0]) if with_bias else None
    mask = (rng(seed + 4).uniform(0, 1, (x_shape[0], offset_group * kh * kw, oh, ow))
            .astype(np.float32) if with_mask else None)
    y = deform_conv_reference(x, w, offset, bias, mask, strides, pads, dilations,
                              group, offset_group)
    inputs = [Input('X', x), Const('W', w), Input('offset', offset),
              Const('B', bias) if with_bias else None,
              Input('mask', mask) if with_mask else None]
    return single(opset, 'DeformConv', inputs, [('Y', y)], kernel_shape=[kh, kw],
                  strides=list(strides), pads=list(pads), dilations=list(dilations),
                  group=group, offset_group=offset_group)


@case
def deform_conv_v19_basic():
    return deform_conv_case(19, 500, (1, 1, 4, 4), (1, 1, 2, 2))


@case
def deform_conv_v19_bias_mask_pads():
    return deform_conv_case(19, 505, (1, 2, 4, 4), (3, 2, 2, 2), pads=(1, 1, 1, 1),
                            with_bias=True, with_mask=True)


@case
def deform_conv_v19_groups_strides():
    return deform_conv_case(19, 510, (2, 4, 5, 5), (2, 2, 3, 3), strides=(2, 2),
                            group=2, offset_group=2)


@case
def deform_conv_v22_zero_offset_is_conv():
    x, w = randf(515, 1, 2, 4, 4), randf(516, 2, 2, 3, 3)
    offset = np.zeros((1, 18, 2, 2), np.float32)
    y = deform_conv_reference(x, w, offset, None, None, (1, 1), (0, 0, 0, 0),
                              (1, 1), 1, 1)
    return single(22, 'DeformConv',
                  [Input('X', x), Const('W', w), Input('offset', offset)],
                  [('Y', y)])


def conv2d(x, w, bias, strides, pads, dilations, group):
    """Conv is DeformConv with zero offsets."""
    kh, kw = w.shape[2:]
    oh = (x.shape[2] + pads[0] + pads[2] - dilations[0] * (kh - 1) - 1) // strides[0] + 1
    ow = (x.shape[3] + pads[1] + pads[3] - dilations[1] * (kw - 1) - 1) // strides[1] + 1
    offset = np.zeros((x.shape[0], 2 * kh * kw, oh, ow))
    return deform_conv_reference(x, w, offset, bias, None, strides, pads, dilations,
                                 group, 1)


@case
def conv_v22():
    x, w, b = randf(520, 1, 2, 5, 5), randf(521, 4, 1, 3, 3), randf(522, 4)
    y = conv2d(x, w, b, (2, 1), (1, 1, 1, 1), (1, 1), 2)
    return single(22, 'Conv', [Input('x', x), Const('w', w), Const('b', b)],
                  [('y', y)], strides=[2, 1], pads=[1, 1, 1, 1], group=2)


def conv_case(seed, x_shape, w_shape, strides, pads, dilations):
    # Positive values: no output is a sum that cancels out to near zero,
    # where float32 rounding exceeds the backend's absolute tolerance (1e-7).
    x = f32(rng(seed).uniform(0, 1, x_shape))
    w = f32(rng(seed + 1).uniform(0, 0.2, w_shape))
    b = f32(rng(seed + 2).uniform(0, 1, w_shape[0]))
    y = conv2d(x, w, b, strides, pads, dilations, 1)
    return single(22, 'Conv', [Input('x', x), Const('w', w), Const('b', b)],
                  [('y', y)], strides=list(strides), pads=list(pads),
                  dilations=list(dilations))


# Filters in whole panels and output rows that split evenly into register
# tiles: onnxc computes these from the image's windows, without patches.
@case
def conv_v22_windows_rows_of_6():
    return conv_case(530, (1, 3, 30, 30), (32, 3, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1))


@case
def conv_v22_windows_strided_batch():
    return conv_case(533, (2, 4, 16, 16), (32, 4, 5, 5), (2, 2), (2, 2, 2, 2), (1, 1))


@case
def conv_v22_windows_dilated():
    return conv_case(536, (1, 2, 20, 18), (64, 2, 3, 3), (1, 1), (2, 2, 2, 2), (2, 2))


# A 1x5 window with strides (2, 1) and asymmetric padding.
@case
def conv_v22_windows_asymmetric():
    return conv_case(542, (1, 4, 9, 12), (32, 4, 1, 5), (2, 1), (0, 2, 1, 2), (1, 1))


# 14 rows of 14 pixels: cache blocks of several rows (7).
@case
def conv_v22_windows_small_image():
    return conv_case(539, (1, 8, 14, 14), (32, 8, 3, 3), (1, 1), (1, 1, 1, 1), (1, 1))


@case
def conv_transpose_v22():
    x, w = randf(525, 1, 2, 3, 3), randf(526, 2, 3, 2, 2)
    strides = (2, 2)
    y = np.zeros((1, 3, 6, 6))
    for i in range(3):
        for j in range(3):
            y[0, :, i * 2:i * 2 + 2, j * 2:j * 2 + 2] += np.tensordot(
                x[0, :, i, j], w, axes=1)
    return single(22, 'ConvTranspose', [Input('x', x), Const('w', w)],
                  [('y', y.astype(np.float32))], strides=list(strides))


#===----------------------------------------------------------------------===#
# Resize (18: antialias, axes, keep_aspect_ratio_policy; 19:
# half_pixel_symmetric), GridSample (20: n-d, mode names), AffineGrid (20)
#===----------------------------------------------------------------------===#


def cubic_kernel(t, a):
    t = np.abs(t)
    return np.where(t <= 1, ((a + 2) * t - (a + 3)) * t * t + 1,
                    np.where(t < 2, ((a * t - 5 * a) * t + 8 * a) * t - 4 * a, 0.0))


def resize_source_coordinate(o, in_len, out_len, scale, mode):
    if mode == 'half_pixel':
        return (o + 0.5) / scale - 0.5
    if mode == 'half_pixel_symmetric':
        # The output is centred on the input when scale * in_len is not an
        # integer: shift by in_len / 2 * (1 - out_len / (scale * in_len)).
        offset = in_len / 2 * (1 - out_len / (scale * in_len))
        return offset + (o + 0.5) / scale - 0.5
    if mode == 'pytorch_half_pixel':
        return (o + 0.5) / scale - 0.5 if out_len > 1 else -0.5
    if mode == 'asymmetric':
        return o / scale
    if mode == 'align_corners':
        return 0.0 if out_len == 1 else o * (in_len - 1) / (out_len - 1)
    raise ValueError(mode)


def resize_matrix(in_len, out_len, scale, mode, ctm, nearest_mode, a, antialias,
                  exclude_outside):
    """The out_len x in_len matrix that resizes one axis; Resize is separable."""
    m = np.zeros((out_len, in_len))
    for o in range(out_len):
        x = resize_source_coordinate(o, in_len, out_len, scale, ctm)
        if mode == 'nearest':
            frac = x - np.floor(x)
            if nearest_mode == 'floor':
                i = np.floor(x)
            elif nearest_mode == 'ceil':
                i = np.ceil(x)
            elif frac == 0.5:
                i = np.floor(x) if nearest_mode == 'round_prefer_floor' else np.ceil(x)
            else:
                i = np.floor(x + 0.5)
            m[o, int(min(max(i, 0), in_len - 1))] = 1
            continue
        # Antialiasing stretches the kernel by 1/scale when downsampling.
        s = min(scale, 1.0) if antialias else 1.0
        support = 1 if mode == 'linear' else 2
        reach = int(np.ceil(support / s)) + 1
        pos = np.arange(int(np.floor(x)) - reach, int(np.floor(x)) + reach + 1)
        t = (pos - x) * s
        k = np.clip(1 - np.abs(t), 0, 1) if mode == 'linear' else cubic_kernel(t, a)
        k = k / k.sum()
        if exclude_outside:
            k = np.where((pos >= 0) & (pos < in_len), k, 0)
            k = k / k.sum()
        for p, v in zip(pos, k):
            m[o, min(max(p, 0), in_len - 1)] += v
    return m


def resize_reference(x, out_shape, scales, mode='nearest', ctm='half_pixel',
                     nearest_mode='round_prefer_floor', a=-0.75, antialias=0,
                     exclude_outside=0):
    y = x.astype(np.float64)
    for axis in range(x.ndim):
        if out_shape[axis] == x.shape[axis] and scales[axis] == 1.0:
            continue
        m = resize_matrix(x.shape[axis], out_shape[axis], scales[axis], mode, ctm,
                          nearest_mode, a, antialias, exclude_outside)
        y = np.moveaxis(np.tensordot(m, np.moveaxis(y, axis, 0), axes=1), 0, axis)
    return y.astype(x.dtype)


def resize_case(opset, x, scales=None, sizes=None, axes=None, policy='stretch',
                **attrs):
    """Resize with `scales` or `sizes` for `axes` (all when None)."""
    axes_list = list(range(x.ndim)) if axes is None else [a % x.ndim for a in axes]
    full_scales = [1.0] * x.ndim
    out_shape = list(x.shape)
    if scales is not None:
        for a, s in zip(axes_list, scales):
            full_scales[a] = float(np.float32(s))
            out_shape[a] = int(np.floor(x.shape[a] * full_scales[a]))
    else:
        ratios = [sz / x.shape[a] for a, sz in zip(axes_list, sizes)]
        if policy == 'stretch':
            chosen = ratios
        else:
            pick = min if policy == 'not_larger' else max
            chosen = [pick(ratios)] * len(axes_list)
        for a, r, sz in zip(axes_list, chosen, sizes):
            full_scales[a] = r
            out_shape[a] = sz if policy == 'stretch' else int(np.round(r * x.shape[a]))
    y = resize_reference(
        x, out_shape, full_scales, mode=attrs.get('mode', 'nearest'),
        ctm=attrs.get('coordinate_transformation_mode', 'half_pixel'),
        nearest_mode=attrs.get('nearest_mode', 'round_prefer_floor'),
        a=attrs.get('cubic_coeff_a', -0.75), antialias=attrs.get('antialias', 0),
        exclude_outside=attrs.get('exclude_outside', 0))
    inputs = [Input('X', x), None,
              Const('scales', f32(scales)) if scales is not None else None,
              Const('sizes', i64(sizes)) if sizes is not None else None]
    if axes is not None:
        attrs['axes'] = axes
    if policy != 'stretch':
        attrs['keep_aspect_ratio_policy'] = policy
    return single(opset, 'Resize', inputs, [('Y', y)], **attrs)


@case
def resize_v18_linear_antialias_downsample():
    return resize_case(18, randf(600, 1, 1, 8, 8), scales=[1, 1, 0.5, 0.5],
                       mode='linear', antialias=1)


@case
def resize_v18_cubic_antialias_downsample():
    return resize_case(18, randf(601, 1, 2, 6, 7), scales=[1, 1, 0.6, 0.5],
                       mode='cubic', antialias=1)


@case
def resize_v18_linear_antialias_sizes():
    return resize_case(18, randf(602, 1, 1, 9, 5), sizes=[1, 1, 4, 3],
                       mode='linear', antialias=1)


@case
def resize_v18_linear_axes_scales():
    return resize_case(18, randf(603, 1, 2, 3, 4), scales=[2.0, 1.5], axes=[2, 3],
                       mode='linear')


@case
def resize_v18_nearest_axes_sizes():
    return resize_case(18, randf(604, 2, 3, 4), sizes=[6], axes=[-1])


@case
def resize_v18_sizes_not_larger():
    return resize_case(18, randf(605, 1, 1, 4, 6), sizes=[7, 7], axes=[2, 3],
                       policy='not_larger', mode='linear')


@case
def resize_v18_sizes_not_smaller():
    return resize_case(18, randf(606, 1, 1, 4, 6), sizes=[3, 5], axes=[2, 3],
                       policy='not_smaller')


@case
def resize_v18_sizes_not_larger_all_axes():
    # Every axis takes the smallest ratio, 1.5, so the output is (3, 3, 6, 9).
    return resize_case(18, randf(611, 2, 2, 4, 6), sizes=[3, 3, 8, 9],
                       policy='not_larger')


@case
def resize_v18_sizes_not_smaller_all_axes():
    # Every axis takes the largest ratio, 0.75, so the output is (3, 3, 3, 6).
    return resize_case(18, randf(612, 4, 4, 4, 8), sizes=[2, 2, 3, 5],
                       policy='not_smaller', mode='linear')


@case
def resize_v18_cubic_exclude_outside():
    return resize_case(18, randf(607, 1, 1, 4, 4), scales=[1, 1, 1.5, 2.0],
                       mode='cubic', exclude_outside=1, cubic_coeff_a=-0.5)


@case
def resize_v19_half_pixel_symmetric_linear():
    return resize_case(19, randf(608, 1, 1, 5, 5), scales=[1, 1, 0.7, 1.3],
                       mode='linear',
                       coordinate_transformation_mode='half_pixel_symmetric')


@case
def resize_v19_half_pixel_symmetric_nearest():
    return resize_case(19, randf(609, 1, 1, 4, 5), scales=[1, 1, 1.7, 0.6],
                       nearest_mode='round_prefer_ceil',
                       coordinate_transformation_mode='half_pixel_symmetric')


@case
def resize_v19_linear_upsample():
    return resize_case(19, randf(610, 1, 1, 3, 3), scales=[1, 1, 2, 2], mode='linear')


def grid_pixel(coord, size, align_corners):
    if align_corners:
        return (coord + 1) / 2 * (size - 1)
    return ((coord + 1) * size - 1) / 2


def grid_sample_reference(x, grid, mode, padding_mode, align_corners):
    n, c, h, w = x.shape
    _, oh, ow, _ = grid.shape
    y = np.zeros((n, c, oh, ow))
    for b in range(n):
        for p in range(oh):
            for q in range(ow):
                sx = grid_pixel(grid[b, p, q, 0], w, align_corners)
                sy = grid_pixel(grid[b, p, q, 1], h, align_corners)
                if padding_mode == 'border':
                    sx, sy = min(max(sx, 0), w - 1), min(max(sy, 0), h - 1)
                if mode == 'nearest':
                    r, s = int(np.rint(sy)), int(np.rint(sx))
                    if 0 <= r < h and 0 <= s < w:
                        y[b, :, p, q] = x[b, :, r, s]
                else:
                    y[b, :, p, q] = bilinear_zero(x[b], sy, sx)
    return y.astype(np.float32)


def grid_sample_case(opset, seed, x_shape, out_hw, mode='linear', padding_mode='zeros',
                     align_corners=0):
    x = randf(seed, *x_shape)
    grid = rng(seed + 1).uniform(-1.2, 1.2, (x_shape[0],) + out_hw + (2,))
    grid = grid.astype(np.float32)
    y = grid_sample_reference(x, grid, mode, padding_mode, align_corners)
    return single(opset, 'GridSample', [Input('X', x), Input('grid', grid)], [('Y', y)],
                  mode=mode, padding_mode=padding_mode, align_corners=align_corners)


@case
def grid_sample_v20_linear_zeros():
    return grid_sample_case(20, 620, (1, 2, 4, 5), (3, 3))


@case
def grid_sample_v20_linear_border_align_corners():
    return grid_sample_case(20, 622, (2, 1, 3, 4), (2, 5), padding_mode='border',
                            align_corners=1)


@case
def grid_sample_v20_nearest():
    return grid_sample_case(20, 624, (1, 3, 5, 5), (4, 2), mode='nearest')


@case
def grid_sample_v22_linear():
    return grid_sample_case(22, 626, (1, 1, 4, 4), (2, 2))


def affine_grid_case(seed, size, align_corners):
    n, spatial = size[0], size[2:]
    d = len(spatial)
    theta = randf(seed, n, d, d + 1)

    def axis_coords(length):
        if align_corners:
            return np.linspace(-1, 1, length) if length > 1 else np.zeros(1)
        return (2 * np.arange(length) + 1) / length - 1

    # Base grid points are (x, y[, z], 1) with x along the last dim.
    mesh = np.meshgrid(*[axis_coords(s) for s in spatial], indexing='ij')
    base = np.stack(mesh[::-1] + [np.ones(spatial)], axis=-1)
    y = np.einsum('nij,...j->n...i', theta.astype(np.float64), base)
    return single(20, 'AffineGrid', [Input('theta', theta), Const('size', i64(size))],
                  [('grid', y.astype(np.float32))], align_corners=align_corners)


@case
def affine_grid_v20_2d():
    return affine_grid_case(630, [2, 3, 4, 5], 0)


@case
def affine_grid_v20_2d_align_corners():
    return affine_grid_case(631, [1, 1, 3, 2], 1)


@case
def affine_grid_v20_3d():
    return affine_grid_case(632, [1, 2, 2, 3, 4], 0)


#===----------------------------------------------------------------------===#
# Attention, RotaryEmbedding (23)
#===----------------------------------------------------------------------===#


def softmax(x, axis=-1):
    e = np.exp(x - np.max(x, axis=axis, keepdims=True))
    return e / np.sum(e, axis=axis, keepdims=True)


def attention_reference(q, k, v, mask=None, causal=False, scale=None, q_heads=None,
                        kv_heads=None, softcap=0.0):
    """Y of ONNX Attention-23 for 4-D (batch, heads, seq, head_size) inputs,
    or 3-D (batch, seq, heads * head_size) ones split into heads."""
    three_d = q.ndim == 3

    def heads(t, n):
        b, s, hidden = t.shape
        return t.reshape(b, s, n, hidden // n).transpose(0, 2, 1, 3)

    if three_d:
        q, k, v = heads(q, q_heads), heads(k, kv_heads), heads(v, kv_heads)
    q, k, v = (t.astype(np.float64) for t in (q, k, v))
    if scale is None:
        scale = 1 / np.sqrt(q.shape[-1])
    # Grouped-query attention: each key/value head serves consecutive query heads.
    group = q.shape[1] // k.shape[1]
    k, v = np.repeat(k, group, axis=1), np.repeat(v, group, axis=1)
    scores = (q @ k.transpose(0, 1, 3, 2)) * scale
    if softcap > 0:
        scores = softcap * np.tanh(scores / softcap)
    bias = np.zeros(scores.shape[-2:])
    if causal:
        bias = np.where(np.tril(np.ones(bias.shape)) > 0, 0.0, -np.inf)
    if mask is not None:
        bias = bias + (np.where(mask, 0.0, -np.inf) if mask.dtype == np.bool_ else mask)
    y = softmax(scores + bias) @ v
    if three_d:
        y = y.transpose(0, 2, 1, 3).reshape(y.shape[0], y.shape[2], -1)
    return y.astype(np.float32)


@case
def attention_v23_4d():
    q, k, v = randf(1200, 2, 2, 3, 4), randf(1201, 2, 2, 5, 4), randf(1202, 2, 2, 5, 4)
    return single(23, 'Attention', [Input('Q', q), Input('K', k), Input('V', v)],
                  [('Y', attention_reference(q, k, v))])


@case
def attention_v23_3d_gqa():
    q, k, v = randf(1203, 1, 3, 8), randf(1204, 1, 4, 4), randf(1205, 1, 4, 6)
    return single(23, 'Attention', [Input('Q', q), Input('K', k), Input('V', v)],
                  [('Y', attention_reference(q, k, v, q_heads=4, kv_heads=2))],
                  q_num_heads=4, kv_num_heads=2)


@case
def attention_v23_causal_scale():
    q, k, v = randf(1206, 1, 2, 4, 3), randf(1207, 1, 2, 4, 3), randf(1208, 1, 2, 4, 3)
    return single(23, 'Attention', [Input('Q', q), Input('K', k), Input('V', v)],
                  [('Y', attention_reference(q, k, v, causal=True, scale=0.5))],
                  is_causal=1, scale=0.5)


@case
def attention_v23_float_mask():
    q, k, v = randf(1209, 1, 1, 3, 4), randf(1210, 1, 1, 3, 4), randf(1211, 1, 1, 3, 4)
    mask = randf(1212, 3, 3)
    return single(23, 'Attention', [Input('Q', q), Input('K', k), Input('V', v),
                                    Input('attn_mask', mask)],
                  [('Y', attention_reference(q, k, v, mask=mask))])


@case
def attention_v23_bool_mask_softcap():
    q, k, v = randf(1213, 1, 2, 2, 4), randf(1214, 1, 2, 3, 4), randf(1215, 1, 2, 3, 4)
    mask = np.array([[True, False, True], [True, True, False]])
    return single(23, 'Attention', [Input('Q', q), Input('K', k), Input('V', v),
                                    Input('attn_mask', mask)],
                  [('Y', attention_reference(q, k, v, mask=mask, softcap=2.0))],
                  softcap=2.0)


def rotary_reference(x, cos, sin, position_ids, interleaved, rotary_dim, num_heads):
    """ONNX RotaryEmbedding-23 on (batch, heads, seq, head) or (batch, seq,
    heads * head) input."""
    three_d = x.ndim == 3
    if three_d:
        b, s, hidden = x.shape
        t = x.reshape(b, s, num_heads, hidden // num_heads)
    else:
        t = x.transpose(0, 2, 1, 3)  # (batch, seq, heads, head)
    t = t.astype(np.float64)
    dim = rotary_dim or t.shape[-1]
    if position_ids is not None:
        cos, sin = cos[position_ids], sin[position_ids]
    cos, sin = cos[:, :, None, :], sin[:, :, None, :]
    rot = t[..., :dim]
    if interleaved:
        x1, x2 = rot[..., 0::2], rot[..., 1::2]
    else:
        x1, x2 = rot[..., :dim // 2], rot[..., dim // 2:]
    real, imag = cos * x1 - sin * x2, sin * x1 + cos * x2
    if interleaved:
        rot = np.stack([real, imag], axis=-1).reshape(rot.shape)
    else:
        rot = np.concatenate([real, imag], axis=-1)
    y = np.concatenate([rot, t[..., dim:]], axis=-1)
    y = y.reshape(x.shape) if three_d else y.transpose(0, 2, 1, 3)
    return y.astype(np.float32)


def rotary_case(seed, x_shape, cache_rows, interleaved=0, rotary_dim=0, num_heads=0,
                with_positions=True):
    x = randf(seed, *x_shape)
    b = x_shape[0]
    s = x_shape[1] if len(x_shape) == 3 else x_shape[2]
    head = (x_shape[2] // num_heads) if len(x_shape) == 3 else x_shape[3]
    half = (rotary_dim or head) // 2
    angles = rng(seed + 1).uniform(0, 6.3, (cache_rows if with_positions else b, *(
        () if with_positions else (s,)), half))
    cos, sin = np.cos(angles).astype(np.float32), np.sin(angles).astype(np.float32)
    positions = rng(seed + 2).integers(0, cache_rows, (b, s)) if with_positions else None
    y = rotary_reference(x, cos, sin, positions, interleaved, rotary_dim, num_heads)
    attrs = {'interleaved': interleaved}
    if rotary_dim:
        attrs['rotary_embedding_dim'] = rotary_dim
    if num_heads:
        attrs['num_heads'] = num_heads
    inputs = [Input('X', x), Input('cos_cache', cos), Input('sin_cache', sin),
              Input('position_ids', positions) if with_positions else None]
    return single(23, 'RotaryEmbedding', inputs, [('Y', y)], **attrs)


@case
def rotary_embedding_v23_4d():
    return rotary_case(1220, (2, 2, 3, 4), 6)


@case
def rotary_embedding_v23_interleaved():
    return rotary_case(1223, (1, 3, 2, 6), 4, interleaved=1)


@case
def rotary_embedding_v23_3d_partial():
    return rotary_case(1226, (2, 3, 16), 5, rotary_dim=4, num_heads=2)


@case
def rotary_embedding_v23_no_position_ids():
    return rotary_case(1229, (2, 1, 4, 4), 0, with_positions=False)


#===----------------------------------------------------------------------===#
# Other opset-22 versions (bfloat16 added): InstanceNormalization,
# LpNormalization, Det, NegativeLogLikelihoodLoss, MaxUnpool
#===----------------------------------------------------------------------===#


@case
def instance_normalization_v22():
    x, scale, bias = randf(1500, 2, 3, 4, 2), randf(1501, 3), randf(1502, 3)
    mean = x.mean(axis=(2, 3), keepdims=True)
    var = x.var(axis=(2, 3), keepdims=True)
    y = ((x - mean) / np.sqrt(var + 1e-5) * scale.reshape(1, 3, 1, 1)
         + bias.reshape(1, 3, 1, 1))
    return single(22, 'InstanceNormalization',
                  [Input('input', x), Const('scale', scale), Const('B', bias)],
                  [('output', y.astype(np.float32))])


@case
def lp_normalization_v22():
    x = randf(1503, 3, 4)
    y = x / np.sum(np.abs(x), axis=0, keepdims=True)
    return single(22, 'LpNormalization', [Input('input', x)],
                  [('output', y.astype(np.float32))], axis=0, p=1)


@case
def det_v22():
    x = randf(1504, 2, 3, 3)
    return single(22, 'Det', [Input('X', x)],
                  [('Y', np.linalg.det(x).astype(np.float32))])


@case
def negative_log_likelihood_loss_v22_mean():
    x = randf(1505, 3, 4)
    target = i64([1, 0, 3])
    y = -np.mean(x[np.arange(3), target])
    return single(22, 'NegativeLogLikelihoodLoss',
                  [Input('input', x), Input('target', target)],
                  [('loss', np.asarray(y, np.float32))], reduction='mean')


@case
def max_roi_pool_v22():
    # ONNX MaxRoiPool (Caffe's ROI pooling): each roi [batch, x1, y1, x2, y2]
    # is scaled and rounded, its (h + 1) x (w + 1) pixels are split into
    # pooled_shape bins with floor/ceil edges, and each bin keeps its maximum.
    x = randf(1507, 2, 2, 6, 5)
    rois = f32([[0, 0, 0, 4, 5], [1, 1, 2, 3, 3], [0, 2, 1, 2, 1]])
    ph, pw = 2, 3
    y = np.zeros((3, 2, ph, pw), np.float32)
    for r, (b, x1, y1, x2, y2) in enumerate(rois.astype(int)):
        height, width = max(y2 - y1 + 1, 1), max(x2 - x1 + 1, 1)
        for i in range(ph):
            for j in range(pw):
                h0 = min(max(int(np.floor(i * height / ph)) + y1, 0), 6)
                h1 = min(max(int(np.ceil((i + 1) * height / ph)) + y1, 0), 6)
                w0 = min(max(int(np.floor(j * width / pw)) + x1, 0), 5)
                w1 = min(max(int(np.ceil((j + 1) * width / pw)) + x1, 0), 5)
                if h1 > h0 and w1 > w0:
                    y[r, :, i, j] = x[b, :, h0:h1, w0:w1].max(axis=(1, 2))
    return single(22, 'MaxRoiPool', [Input('X', x), Input('rois', rois)], [('Y', y)],
                  pooled_shape=[ph, pw], spatial_scale=1.0)


def roi_align_sample(img, y, x):
    """RoiAlign's bilinear sample: zero beyond one pixel outside the image,
    coordinates clamped to the last row/column otherwise."""
    _, h, w = img.shape
    if y < -1 or y > h or x < -1 or x > w:
        return np.zeros(img.shape[0])
    y, x = max(y, 0.0), max(x, 0.0)
    y0, x0 = int(y), int(x)
    if y0 >= h - 1:
        y0 = y1 = h - 1
        y = float(y0)
    else:
        y1 = y0 + 1
    if x0 >= w - 1:
        x0 = x1 = w - 1
        x = float(x0)
    else:
        x1 = x0 + 1
    ly, lx = y - y0, x - x0
    return ((1 - ly) * (1 - lx) * img[:, y0, x0] + (1 - ly) * lx * img[:, y0, x1]
            + ly * (1 - lx) * img[:, y1, x0] + ly * lx * img[:, y1, x1])


def roi_align_reference(x, rois, batch, ph, pw, ratio, scale):
    """ONNX RoiAlign-16+, mode avg, half_pixel: roi corners shift by -0.5
    after scaling; each output bin averages ratio x ratio bilinear samples."""
    y = np.zeros((len(rois), x.shape[1], ph, pw))
    for r, (x1, y1, x2, y2) in enumerate(rois.astype(np.float64)):
        img = x[batch[r]].astype(np.float64)
        sx, sy = x1 * scale - 0.5, y1 * scale - 0.5
        bin_h, bin_w = (y2 - y1) * scale / ph, (x2 - x1) * scale / pw
        for i in range(ph):
            for j in range(pw):
                total = 0
                for iy in range(ratio):
                    for ix in range(ratio):
                        total = total + roi_align_sample(
                            img, sy + i * bin_h + (iy + 0.5) * bin_h / ratio,
                            sx + j * bin_w + (ix + 0.5) * bin_w / ratio)
                y[r, :, i, j] = total / (ratio * ratio)
    return y.astype(np.float32)


@case
def roi_align_v22_avg():
    x = randf(1508, 1, 2, 5, 6)
    rois = f32([[0.5, 1.0, 4.5, 3.5], [0.0, 0.0, 5.0, 4.0]])
    batch = i64([0, 0])
    y = roi_align_reference(x, rois, batch, 2, 3, 2, 1.0)
    return single(22, 'RoiAlign', [Input('X', x), Input('rois', rois),
                                   Input('batch_indices', batch)],
                  [('Y', y)], output_height=2, output_width=3, sampling_ratio=2,
                  spatial_scale=1.0, mode='avg')


@case
def max_unpool_v22():
    x = randf(1506, 1, 1, 2, 2)
    indices = i64([[[[0, 3], [9, 14]]]])
    y = np.zeros(16, np.float32)
    y[indices.ravel()] = x.ravel()
    return single(22, 'MaxUnpool', [Input('X', x), Input('I', indices)],
                  [('output', y.reshape(1, 1, 4, 4))], kernel_shape=[2, 2],
                  strides=[2, 2])
