#!/usr/bin/python3
"""Compiles a model of the real-model set with onnxc and checks it against
ONNX Runtime on random inputs.

    run_models.py --build-dir BUILD --work DIR [--bench N] [--report FILE] NAME...

For each model: exports it (gen_models.py), compiles it with `onnxc` (timing
the compile and measuring its peak memory), and for each set of sizes of its
symbolic dims runs it with `onnxc-run` and with ONNX Runtime (ort_run.js,
through node) on the same random inputs, comparing every output within the
model's tolerance. A model with symbolic dims must also reject an input whose
static dim is wrong, with an error naming the input and its expected shape.

Exit status: 0 when every model matches, 1 otherwise. --report appends one
JSON object per model run (the numbers of the closing-note table).
"""
import argparse
import json
import os
import subprocess
import sys
import time

import numpy as np
from onnx import TensorProto, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import gen_models  # noqa: E402

# Elements with |expected| below this are judged by the absolute tolerance
# alone, so they are left out of the reported relative difference.
REL_FLOOR = 1e-3
# A float output whose values are all far below the tolerance would match
# anything; the model set is built so that this never happens.
MIN_SCALE = 1e-2


def compile_model(args, onnx_path, so_path):
    start = time.monotonic()
    proc = subprocess.Popen([args.onnxc, onnx_path, "-o", so_path],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                            text=True)
    _, status, usage = os.wait4(proc.pid, 0)
    seconds = time.monotonic() - start
    err = proc.stderr.read()
    proc.stdout.close()
    proc.stderr.close()
    proc.returncode = os.waitstatus_to_exitcode(status)
    return proc.returncode, err, seconds, usage.ru_maxrss / 1024.0


def make_inputs(spec, sizes, seed, directory):
    rng = np.random.default_rng(seed)
    files = []
    for k, (name, dtype, shape, (low, high)) in enumerate(spec["inputs"]):
        dims = [sizes[d] if isinstance(d, str) else d for d in shape]
        if dtype == "int64":
            value = rng.integers(low, high, size=dims, dtype=np.int64)
        else:
            value = rng.uniform(low, high, size=dims).astype(dtype)
        path = os.path.join(directory, f"input_{k}.pb")
        with open(path, "wb") as f:
            f.write(numpy_helper.from_array(value, name).SerializeToString())
        files.append(path)
    return files


def load(path):
    with open(path, "rb") as f:
        tensor = TensorProto()
        tensor.ParseFromString(f.read())
    return numpy_helper.to_array(tensor)


def differences(actual, expected):
    """Max absolute difference, and max relative difference where |expected|
    is at least REL_FLOOR."""
    if actual.shape != expected.shape:
        raise ValueError(f"shape {actual.shape}, ONNX Runtime's {expected.shape}")
    a = actual.astype(np.float64)
    e = expected.astype(np.float64)
    diff = np.abs(a - e)
    big = np.abs(e) >= REL_FLOOR
    rel = float((diff[big] / np.abs(e[big])).max()) if big.any() else 0.0
    return float(diff.max()) if diff.size else 0.0, rel


def median_ms(text):
    for line in text.splitlines():
        if line.startswith("bench:"):
            return float(line.split("median")[1].split()[0])
    return None


def check_model(args, name):
    spec_model = gen_models.MODELS[name]
    rtol, atol = spec_model.tolerance
    work = os.path.join(args.work, name)
    os.makedirs(work, exist_ok=True)
    ok = True
    rows = []

    def fail(message):
        nonlocal ok
        ok = False
        print(f"{name}: FAIL: {message}", flush=True)

    gen = subprocess.run([sys.executable, os.path.join(HERE, "gen_models.py"),
                          work, name], capture_output=True, text=True)
    if gen.returncode:
        fail(f"export failed:\n{gen.stderr[-4000:]}")
        return False, rows
    onnx_path = os.path.join(work, name + ".onnx")
    with open(os.path.join(work, name + ".json")) as f:
        spec = json.load(f)

    so_path = os.path.join(work, name + ".so")
    rc, err, compile_s, peak_mib = compile_model(args, onnx_path, so_path)
    if rc:
        fail(f"onnxc exited with {rc}:\n{err[-4000:]}")
        return False, rows
    size_mib = os.path.getsize(so_path) / 2**20
    model_mib = sum(os.path.getsize(os.path.join(work, f))
                    for f in os.listdir(work)
                    if f.startswith(name + ".") and
                    f.endswith((".onnx", ".weights"))) / 2**20
    print(f"{name}: compiled {model_mib:.1f} MiB of ONNX in {compile_s:.1f} s, "
          f"peak {peak_mib:.0f} MiB, .so {size_mib:.1f} MiB", flush=True)

    env = dict(os.environ, NODE_PATH=args.node_path)
    for run_index, sizes in enumerate(spec["sizes"]):
        label = ", ".join(f"{k}={v}" for k, v in sizes.items()) or "static"
        run_dir = os.path.join(work, f"run{run_index}")
        os.makedirs(run_dir, exist_ok=True)
        inputs = make_inputs(spec, sizes, seed=run_index, directory=run_dir)
        bench = ["--bench", str(args.bench)] if args.bench else []

        ort_dir = os.path.join(run_dir, "ort")
        ort = subprocess.run(["node", args.ort_run, onnx_path, ort_dir,
                              "--threads", "1", *bench, *inputs],
                             capture_output=True, text=True, env=env)
        if ort.returncode:
            fail(f"[{label}] ONNX Runtime failed:\n{ort.stderr[-4000:]}")
            continue
        ort_report = json.loads(ort.stdout.strip().splitlines()[-1])

        ours_dir = os.path.join(run_dir, "onnxc")
        inputs_args = [a for path in inputs for a in ("-i", path)]
        ours = subprocess.run([args.onnxc_run, so_path, *inputs_args,
                               "-o", ours_dir, *bench],
                              capture_output=True, text=True,
                              env=dict(os.environ, ONNXC_NUM_THREADS="1"))
        if ours.returncode:
            fail(f"[{label}] onnxc-run exited with {ours.returncode}:\n"
                 f"{ours.stderr[-4000:]}")
            continue

        worst_abs = worst_rel = largest = 0.0
        for k, (expected_file, output_name) in enumerate(
                zip(ort_report["outputs"], spec["outputs"])):
            expected = load(expected_file)
            actual = load(os.path.join(ours_dir, f"output_{k}.pb"))
            try:
                abs_diff, rel_diff = differences(actual, expected)
            except ValueError as e:
                fail(f"[{label}] output '{output_name}': {e}")
                continue
            worst_abs, worst_rel = max(worst_abs, abs_diff), max(worst_rel,
                                                                 rel_diff)
            scale = float(np.abs(expected).max()) if expected.size else 0.0
            largest = max(largest, scale)
            if expected.dtype.kind == "f" and scale < MIN_SCALE:
                fail(f"[{label}] output '{output_name}': ONNX Runtime's values "
                     f"are at most {scale:.3g} in magnitude, too small for the "
                     f"tolerance to tell right from wrong")
            bad = np.abs(actual.astype(np.float64) - expected) > \
                atol + rtol * np.abs(expected.astype(np.float64))
            if np.isnan(actual).any() != np.isnan(expected).any() or bad.any():
                fail(f"[{label}] output '{output_name}': {int(bad.sum())} of "
                     f"{bad.size} elements differ from ONNX Runtime by more "
                     f"than atol {atol} + rtol {rtol} (max abs {abs_diff:.3g}, "
                     f"max rel {rel_diff:.3g})")
        ours_ms = median_ms(ours.stdout)
        ort_ms = ort_report.get("median_ms")
        timing = ""
        if ours_ms is not None and ort_ms is not None:
            timing = (f", median {ours_ms:.2f} ms (ONNX Runtime "
                      f"{ort_ms:.2f} ms, ratio {ours_ms / ort_ms:.2f})")
        print(f"{name} [{label}]: max abs diff {worst_abs:.3g}, max rel diff "
              f"{worst_rel:.3g}, largest |output| {largest:.3g} (tolerance rtol "
              f"{rtol}, atol {atol}){timing}", flush=True)
        row = {"model": name, "sizes": sizes, "compile_s": compile_s,
               "compile_peak_mib": peak_mib, "so_mib": size_mib,
               "onnx_mib": model_mib, "max_abs": worst_abs,
               "max_rel": worst_rel, "rtol": rtol, "atol": atol,
               "onnxc_median_ms": ours_ms, "ort_median_ms": ort_ms}
        rows.append(row)
        if args.report:
            with open(args.report, "a") as f:
                f.write(json.dumps(row) + "\n")

    if any(isinstance(d, str) for _, _, shape, _ in spec["inputs"]
           for d in shape):
        check_wrong_shape(args, name, spec, so_path, work, fail)
    return ok, rows


def print_table(rows):
    """The closing-note table: one line per model and size."""
    print("\n| model | sizes | compile s | peak compile MiB | .so MiB | max abs "
          "diff | max rel diff | onnxc median ms | ORT median ms | ratio |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        sizes = ", ".join(f"{k}={v}" for k, v in r["sizes"].items()) or "-"
        ours, ort = r["onnxc_median_ms"], r["ort_median_ms"]
        ratio = f"{ours / ort:.2f}" if ours and ort else "-"
        print(f"| {r['model']} | {sizes} | {r['compile_s']:.1f} | "
              f"{r['compile_peak_mib']:.0f} | {r['so_mib']:.1f} | "
              f"{r['max_abs']:.2g} | {r['max_rel']:.2g} | "
              f"{'-' if ours is None else f'{ours:.1f}'} | "
              f"{'-' if ort is None else f'{ort:.1f}'} | {ratio} |")


def check_wrong_shape(args, name, spec, so_path, work, fail):
    """An input whose static dim (or, without one, rank) is wrong is refused
    with an error naming the input and the shape the model expects."""
    input_name, dtype, shape, value_range = spec["inputs"][0]
    static = [i for i, d in enumerate(shape) if not isinstance(d, str)]
    sizes = spec["sizes"][0]
    dims = [sizes[d] if isinstance(d, str) else d for d in shape]
    if static:
        dims[static[0]] += 1
    else:
        dims.append(2)
    bad_spec = dict(spec, inputs=[(input_name, dtype, dims, value_range)] +
                    spec["inputs"][1:])
    bad_dir = os.path.join(work, "wrong_shape")
    os.makedirs(bad_dir, exist_ok=True)
    inputs = make_inputs(bad_spec, sizes, seed=0, directory=bad_dir)
    result = subprocess.run(
        [args.onnxc_run, so_path, *[a for p in inputs for a in ("-i", p)]],
        capture_output=True, text=True)
    expected_shape = "[" + ",".join(
        f"?{d}" if isinstance(d, str) else str(d) for d in shape) + "]"
    if result.returncode != 2 or f"input '{input_name}'" not in result.stderr \
            or expected_shape not in result.stderr:
        fail(f"an input of shape {dims} gave exit status {result.returncode} "
             f"and '{result.stderr.strip()}'; expected status 2 and an error "
             f"naming input '{input_name}' and shape {expected_shape}")
    else:
        print(f"{name}: shape {dims} refused: {result.stderr.splitlines()[0]}",
              flush=True)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("models", nargs="+", metavar="NAME",
                        help="models to check (see gen_models.py --list)")
    parser.add_argument("--build-dir", required=True,
                        help="onnxc's build directory (bin/onnxc, bin/onnxc-run)")
    parser.add_argument("--work", required=True, help="scratch directory")
    parser.add_argument("--node-path", help="where onnxruntime-node is "
                        "installed (default: BUILD/onnxruntime/node_modules)")
    parser.add_argument("--bench", type=int, default=0,
                        help="also time N warm runs of each (1 thread)")
    parser.add_argument("--report", help="append per-run JSON lines here")
    args = parser.parse_args()
    unknown = [m for m in args.models if m not in gen_models.MODELS]
    if unknown:
        parser.error(f"unknown model(s) {unknown}; known: "
                     f"{list(gen_models.MODELS)}")
    args.onnxc = os.path.join(args.build_dir, "bin", "onnxc")
    args.onnxc_run = os.path.join(args.build_dir, "bin", "onnxc-run")
    args.ort_run = os.path.join(HERE, "ort_run.js")
    args.node_path = args.node_path or os.path.join(
        args.build_dir, "onnxruntime", "node_modules")
    results = [check_model(args, name) for name in args.models]
    rows = [row for _, model_rows in results for row in model_rows]
    if len(rows) > 1 or args.bench:
        print_table(rows)
    return 0 if all(ok for ok, _ in results) else 1


if __name__ == "__main__":
    sys.exit(main())
