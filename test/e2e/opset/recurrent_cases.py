"""Recurrent ops: RNN, GRU, LSTM."""

import numpy as np

from case_lib import Const, Input, case, randf, single


#===----------------------------------------------------------------------===#
# Recurrent (22 adds bfloat16): RNN, GRU, LSTM, one direction, default
# activations
#===----------------------------------------------------------------------===#


def sigmoid(x):
    return 1 / (1 + np.exp(-x))


def recurrent_case(op, gates, seed):
    seq, batch, inp, hidden = 3, 2, 4, 3
    x = randf(seed, seq, batch, inp)
    w = randf(seed + 1, 1, gates * hidden, inp) * 0.5
    r = randf(seed + 2, 1, gates * hidden, hidden) * 0.5
    b = randf(seed + 3, 1, 2 * gates * hidden) * 0.5
    h = np.zeros((batch, hidden))
    c = np.zeros((batch, hidden))
    wb, rb = b[0, :gates * hidden], b[0, gates * hidden:]
    ys = []
    for t in range(seq):
        xw = x[t].astype(np.float64) @ w[0].T + wb
        if op == 'RNN':
            h = np.tanh(xw + h @ r[0].T + rb)
        elif op == 'GRU':
            # ONNX GRU gate order z, r, h; linear_before_reset = 0.
            rz, rr, rh = np.split(r[0], 3)
            bz, br, bh = np.split(rb, 3)
            xz, xr, xh = np.split(xw, 3, axis=1)
            z = sigmoid(xz + h @ rz.T + bz)
            rt = sigmoid(xr + h @ rr.T + br)
            hh = np.tanh(xh + (rt * h) @ rh.T + bh)
            h = (1 - z) * hh + z * h
        else:
            # ONNX LSTM gate order i, o, f, c.
            g = xw + h @ r[0].T + rb
            i, o, f, cc = np.split(g, 4, axis=1)
            c = sigmoid(f) * c + sigmoid(i) * np.tanh(cc)
            h = sigmoid(o) * np.tanh(c)
        ys.append(h)
    y = np.stack(ys)[:, None].astype(np.float32)
    return single(22, op, [Input('X', x), Const('W', w), Const('R', r), Const('B', b)],
                  [('Y', y), ('Y_h', h[None].astype(np.float32))], hidden_size=hidden)


@case
def rnn_v22():
    return recurrent_case('RNN', 1, 1400)


@case
def gru_v22():
    return recurrent_case('GRU', 3, 1410)


@case
def lstm_v22():
    return recurrent_case('LSTM', 4, 1420)
