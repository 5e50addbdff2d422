#!/usr/bin/env python3
"""Writes ONNX backend-style test cases for the operator versions of opsets 18-23.

Debian's ONNX backend data (onnx 1.12) stops at opset 17. Each case here is one
small model at a newer opset with inputs and expected outputs computed by numpy
reference code written from the ONNX operator specification. The layout is the
backend's: <out>/<case>/model.onnx and <case>/test_data_set_0/{input,output}_K.pb.

    /usr/bin/python3 gen_cases.py OUT_DIR [--filter REGEX] [--list]

The cases live in one module per op family (<family>_cases.py), one function
per case. onnx 1.12's checker does not know these opsets, so models are not
checked; the cases use onnx.helper only. Inputs that decide output shapes
(axes, pads, sizes) are initializers, as exporters write them, so the
dynamic-shape run still sees them as constants; cases named `_runtime` pass
them at run time on purpose.
"""

import argparse
import os
import re
import shutil
import sys

import numpy as np

from case_lib import CASES, write_case
import control_flow_cases  # noqa: F401 (registers cases)
import math_cases  # noqa: F401
import nn_cases  # noqa: F401
import quantization_cases  # noqa: F401
import recurrent_cases  # noqa: F401
import reduction_cases  # noqa: F401
import tensor_cases  # noqa: F401


def main():
    parser = argparse.ArgumentParser(description=__doc__.split('\n\n')[0])
    parser.add_argument('out', help='directory that receives one folder per case')
    parser.add_argument('--filter', default='', help='only cases matching REGEX')
    parser.add_argument('--list', action='store_true', help='print case names only')
    args = parser.parse_args()
    pattern = re.compile(args.filter)
    names = sorted(n for n in CASES if pattern.search('test_' + n))
    if args.list:
        print('\n'.join('test_' + n for n in names))
        return 0
    # Some references meet infinities and NaNs on purpose (IsInf, saturation).
    np.seterr(all='ignore')
    os.makedirs(args.out, exist_ok=True)
    if not args.filter:
        # A case renamed or removed since the last run must not linger.
        for stale in set(os.listdir(args.out)) - {'test_' + n for n in names}:
            if stale.startswith('test_'):
                shutil.rmtree(os.path.join(args.out, stale))
    for name in names:
        write_case(args.out, 'test_' + name, CASES[name]())
    return 0


if __name__ == '__main__':
    sys.exit(main())
