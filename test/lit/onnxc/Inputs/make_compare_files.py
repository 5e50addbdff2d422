"""Writes expected-output files for run-compare.test from the mlp example's
numpy output: one exact, one with two elements moved (the worst by 0.5 at
[2,1], another by 1e-3 at [0,3]), and one of the wrong shape.

    make_compare_files.py EXAMPLES_DIR OUT_DIR
"""
import os
import sys

import numpy as np
from onnx import numpy_helper, load_tensor


def main(examples, out):
    os.makedirs(out, exist_ok=True)
    y = numpy_helper.to_array(
        load_tensor(os.path.join(examples, "mlp_data", "output_0.pb")))
    np.save(os.path.join(out, "exact.npy"), y)
    off = y.copy()
    off[2, 1] += 0.5
    off[0, 3] += 1e-3
    np.save(os.path.join(out, "off.npy"), off)
    np.save(os.path.join(out, "wrong_shape.npy"), y[:2])


if __name__ == "__main__":
    main(sys.argv[1], sys.argv[2])
