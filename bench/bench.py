#!/usr/bin/python3
"""Benchmarks onnxc against ONNX Runtime on this machine.

    bench.py --build-dir BUILD [--threads 1,2] [--runs N] [--quick]
             [--models PATTERN...] [--work DIR] [--report FILE]

1. peak: FP32 FMA throughput per core and on N pinned threads, for every
   vector ISA the CPU has (bench/peak.c, compiled here with clang).
2. matmul: Y = MatMul(A, B), A [M,K] an input and B [K,N] a constant weight,
   for a few square and Transformer shapes: GFLOP/s of onnxc and of ONNX
   Runtime, and their fractions of the measured peak.
3. models: the real-model set of test/e2e/models (gen_models.py) with every
   size set: median latency and peak RSS of onnxc-run and of ONNX Runtime.

Each case runs with each thread count (onnxc through ONNXC_NUM_THREADS, ONNX
Runtime through --threads), one warm-up run then --runs timed runs, and the
outputs of the two are compared (rtol = atol = 1e-3).

Markdown tables go to stdout, progress to stderr. Exports, compiled models and
tools are cached in --work (default BUILD/bench), keyed on the model file and
the onnxc binary (path, size, mtime).

Exit status: 0 all outputs agree; 1 an output differs or a run failed (shown
in the tables); 2 the harness itself failed.
"""
import argparse
import datetime
import fnmatch
import json
import os
import platform
import re
import signal
import subprocess
import sys
import time

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)
MODELS_DIR = os.path.join(ROOT, "test", "e2e", "models")
sys.path.insert(0, MODELS_DIR)
import gen_models  # noqa: E402  the model set, its specs and size sets
import run_models  # noqa: E402  inputs, tensor files, comparison

OPSET = 17
RTOL = ATOL = 1e-3
# (M, K, N): square sizes, then a BERT-base layer at sequence 128: the
# attention projections (768 -> 768) and the feed-forward up-projection.
MATMULS = [(1024, 1024, 1024), (512, 512, 512), (256, 256, 256),
           (128, 768, 768), (128, 768, 3072)]
# Bumped when the generated matmul models change, to invalidate the cache.
MATMUL_VERSION = 1


class HarnessError(Exception):
    """The harness cannot go on (a missing tool, a failed export)."""


class Progress:
    """Progress lines on stderr, each with the time since the start."""

    def __init__(self):
        self.start = time.monotonic()

    def __call__(self, message):
        sys.stderr.write(f"[{time.monotonic() - self.start:7.1f}s] {message}\n")
        sys.stderr.flush()


log = Progress()


def file_key(path):
    st = os.stat(path)
    return [os.path.abspath(path), st.st_size, st.st_mtime_ns]


def cached(target, key):
    """Whether `target` was made from `key` (see remember)."""
    try:
        with open(target + ".key") as f:
            return os.path.exists(target) and json.load(f) == key
    except (OSError, ValueError):
        return False


def remember(target, key):
    with open(target + ".key", "w") as f:
        json.dump(key, f)


def busy_cpu_seconds():
    """CPU time all processes have used since boot (/proc/stat: user, nice,
    system, irq, softirq; guest time is inside user)."""
    with open("/proc/stat") as f:
        user, nice, system, _, _, irq, softirq = map(
            int, f.readline().split()[1:8])
    return (user + nice + system + irq + softirq) / os.sysconf("SC_CLK_TCK")


class Run:
    """One finished child process. other_cpus: the CPUs other processes used
    on average while it ran (all CPU time used meanwhile, less its own), the
    sign that other work competed with it."""

    def __init__(self, rc, stdout, stderr, seconds, maxrss_mib, other_cpus):
        self.rc, self.stdout, self.stderr = rc, stdout, stderr
        self.seconds, self.maxrss_mib = seconds, maxrss_mib
        self.other_cpus = other_cpus

    def error(self):
        tail = (self.stderr or self.stdout).strip().splitlines()[-3:]
        return f"exit {self.rc}: " + " / ".join(tail)


class Harness:
    def __init__(self, args):
        self.args = args
        self.work = args.work
        self.onnxc = os.path.join(args.build_dir, "bin", "onnxc")
        self.onnxc_run = os.path.join(args.build_dir, "bin", "onnxc-run")
        self.ort_dir = os.path.join(args.build_dir, "onnxruntime")
        self.node_path = args.node_path or os.path.join(self.ort_dir,
                                                        "node_modules")
        self.ort_run = os.path.join(MODELS_DIR, "ort_run.js")
        for tool in (self.onnxc, self.onnxc_run, args.clang):
            if not os.access(tool, os.X_OK):
                raise HarnessError(f"{tool} is missing (build the project first)")
        os.makedirs(self.work, exist_ok=True)
        self.failed = False

    def prepare(self):
        self.maxrss = self.build_tool("maxrss")
        self.c2c = self.build_tool("c2c")
        self.ensure_ort()

    # -- tools and processes -------------------------------------------------

    def build_tool(self, name):
        source = os.path.join(HERE, name + ".c")
        binary = os.path.join(self.work, "tools", name)
        key = file_key(source) + file_key(self.args.clang)
        if not cached(binary, key):
            os.makedirs(os.path.dirname(binary), exist_ok=True)
            cmd = [self.args.clang, "-O2", "-pthread", "-o", binary, source]
            result = subprocess.run(cmd, capture_output=True, text=True)
            if result.returncode:
                raise HarnessError(f"{' '.join(cmd)} failed:\n{result.stderr}")
            remember(binary, key)
        return binary

    def run(self, cmd, env=None):
        """Runs cmd under the maxrss launcher; a run past --timeout is killed
        and reported as failed."""
        report = os.path.join(self.work, "tools", "maxrss.out")
        if os.path.exists(report):
            os.remove(report)
        busy = busy_cpu_seconds()
        start = time.monotonic()
        proc = subprocess.Popen([self.maxrss, report, *cmd],
                                stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                text=True, env=env, start_new_session=True)
        try:
            out, err = proc.communicate(timeout=self.args.timeout)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            out, err = proc.communicate()
            err += f"\nkilled after {self.args.timeout} s (--timeout)"
        seconds = time.monotonic() - start
        busy = busy_cpu_seconds() - busy
        maxrss = other = None
        if os.path.exists(report):
            with open(report) as f:
                fields = f.read().split()
            maxrss = int(fields[1]) / 1024.0
            other = max(0.0, busy - float(fields[3]) - float(fields[5])) / \
                seconds
        return Run(proc.returncode, out, err, seconds, maxrss, other)

    def core_to_core_ns(self):
        """The round trip of a cache line between the first two CPUs (c2c.c),
        or None: right before a run on several threads, since the
        hypervisor moves vCPUs between CPU dies while the benchmark runs."""
        result = subprocess.run([self.c2c], capture_output=True, text=True)
        found = re.match(r"c2c_ns ([0-9.]+)$", result.stdout.strip())
        return float(found.group(1)) if found else None

    def ensure_ort(self):
        if not os.path.exists(os.path.join(self.node_path, "onnxruntime-node")):
            if self.args.node_path:
                raise HarnessError(f"no onnxruntime-node in {self.node_path}")
            log(f"installing ONNX Runtime into {self.ort_dir}")
            result = subprocess.run(
                [os.path.join(MODELS_DIR, "install_ort.sh"), self.ort_dir],
                capture_output=True, text=True)
            if result.returncode:
                raise HarnessError(f"install_ort.sh failed:\n{result.stderr}")
        with open(os.path.join(self.node_path, "onnxruntime-node",
                               "package.json")) as f:
            self.ort_version = json.load(f)["version"]
        self.node_env = dict(os.environ, NODE_PATH=self.node_path)

    # -- header ------------------------------------------------------------

    def header(self):
        def output(cmd):
            try:
                return subprocess.run(cmd, capture_output=True, text=True,
                                      timeout=60).stdout
            except OSError:
                return ""

        version = output([self.onnxc, "--version"])
        llc = os.path.join(os.path.dirname(self.args.clang), "llc")
        host = re.search(r"Host CPU:\s*(\S+)", version) or \
            re.search(r"Host CPU:\s*(\S+)", output([llc, "--version"]))
        commit = output(["git", "-C", ROOT, "rev-parse", "--short", "HEAD"])
        return {
            "date": datetime.datetime.now().astimezone().isoformat(
                timespec="seconds"),
            "cpu": cpu_name(),
            "llvm_host_cpu": host.group(1) if host else "unknown",
            "cpus": os.cpu_count(),
            "kernel": platform.release(),
            "load_average": os.getloadavg(),
            "onnxc": " ".join(version.split()),
            "onnxc_mtime": datetime.datetime.fromtimestamp(
                os.stat(self.onnxc).st_mtime).isoformat(timespec="seconds"),
            "git_commit": commit.strip(),
            "onnxruntime_node": self.ort_version,
            "node": output(["node", "--version"]).strip(),
            "threads": self.args.threads,
            "runs": self.args.runs,
        }

    # -- peak ----------------------------------------------------------------

    def peak(self):
        """Runs peak.c; returns its ISAs and results."""
        binary = self.build_tool("peak")
        threads = ",".join(map(str, self.args.threads))
        start = time.monotonic()
        result = subprocess.run([binary, "--threads", threads, "--seconds",
                                 str(self.args.peak_seconds)],
                                capture_output=True, text=True)
        if result.returncode:
            raise HarnessError(f"peak failed:\n{result.stderr}")
        if result.stderr:
            sys.stderr.write(result.stderr)
        peak = {"cpu": None, "isas": [], "results": []}
        for line in result.stdout.splitlines():
            word, _, rest = line.partition(" ")
            if word == "cpu":
                peak["cpu"] = rest
            elif word == "cpus":
                peak["cpus"] = rest
            elif word in ("isa", "result"):
                # "isa NAME bits B ..." and "result isa NAME bits B ...":
                # key-value pairs.
                fields = (line if word == "isa" else rest).split(" ")
                entry = {k: v if k in ("isa", "flags") else float(v)
                         for k, v in zip(fields[0::2], fields[1::2])}
                peak["isas" if word == "isa" else "results"].append(entry)
        widest = max(peak["isas"], key=lambda i: i["bits"])
        peak["widest"] = widest["isa"]
        # Over each thread's CPU time: the peak even when other work
        # preempted the loop (peak.c; on an idle machine it equals "gflops").
        peak["gflops"] = {int(r["threads"]): r["gflops_cpu"]
                          for r in peak["results"] if r["isa"] == widest["isa"]}
        log(f"peak: {widest['isa']} "
            + ", ".join(f"{t} thread(s) {g:.1f} GFLOP/s"
                        for t, g in peak["gflops"].items())
            + f" ({time.monotonic() - start:.1f} s)")
        return peak

    # -- compiling and running a case ------------------------------------------

    def compile(self, name, onnx_path, so_path):
        """Compiles with onnxc unless the .so is cached. Returns an error
        message or None, and the compile's numbers (kept with the cache)."""
        key = file_key(onnx_path) + file_key(self.onnxc)
        numbers_path = so_path + ".compile.json"
        if cached(so_path, key) and os.path.exists(numbers_path):
            log(f"{name}: compiled model cached")
            with open(numbers_path) as f:
                return None, dict(json.load(f), cached=True)
        result = self.run([self.onnxc, onnx_path, "-o", so_path])
        if result.rc:
            log(f"{name}: onnxc failed: {result.error()}")
            return "onnxc " + result.error(), None
        numbers = {"seconds": result.seconds, "peak_mib": result.maxrss_mib,
                   "so_mib": os.path.getsize(so_path) / 2**20}
        with open(numbers_path, "w") as f:
            json.dump(numbers, f)
        remember(so_path, key)
        log(f"{name}: compiled in {result.seconds:.1f} s, peak "
            f"{result.maxrss_mib:.0f} MiB")
        return None, dict(numbers, cached=False)

    def run_case(self, row, label, onnx_path, so_path, inputs, out_dir):
        """Runs one case on both engines with row["threads"] threads, compares
        their outputs, and adds the numbers to `row`."""
        threads = row["threads"]
        bench = ["--bench", str(self.args.runs)]
        start = time.monotonic()

        ort_dir = os.path.join(out_dir, f"t{threads}", "ort")
        ort_c2c = self.core_to_core_ns() if threads > 1 else None
        ort = self.run(["node", self.ort_run, onnx_path, ort_dir,
                        "--threads", str(threads), *bench, *inputs],
                       env=self.node_env)
        row["ort"] = dict(engine_numbers(ort), c2c_ns=ort_c2c)
        if not ort.rc:
            report = json.loads(ort.stdout.strip().splitlines()[-1])
            row["ort"].update(median_ms=report.get("median_ms"),
                              min_ms=report.get("min_ms"))

        ours_dir = os.path.join(out_dir, f"t{threads}", "onnxc")
        if row["compile_error"]:
            row["onnxc"] = {"error": row["compile_error"]}
        else:
            ours_c2c = self.core_to_core_ns() if threads > 1 else None
            ours = self.run([self.onnxc_run, so_path,
                             *[a for p in inputs for a in ("-i", p)],
                             "-o", ours_dir, *bench],
                            env=dict(os.environ,
                                     ONNXC_NUM_THREADS=str(threads)))
            row["onnxc"] = dict(engine_numbers(ours), c2c_ns=ours_c2c)
            if not ours.rc:
                row["onnxc"].update(median_ms=run_models.median_ms(ours.stdout),
                                    min_ms=min_ms(ours.stdout))

        row["match"] = compare(ours_dir, row, report["outputs"]
                               if not ort.rc else None)
        if not row["match"]["ok"]:
            self.failed = True
        ms = [row[e].get("median_ms") for e in ("onnxc", "ort")]
        log(f"{label}, {threads} thread(s): onnxc {fmt(ms[0], '.2f')} ms, "
            f"ORT {fmt(ms[1], '.2f')} ms, outputs {row['match']['text']}, "
            f"other load {other_load(row)}, core-to-core ns {core_to_core(row)} "
            f"({time.monotonic() - start:.1f} s)")

    # -- matmul --------------------------------------------------------------

    def matmuls(self, peak):
        rows = []
        for m, k, n in MATMULS:
            name = f"matmul_{m}x{k}x{n}"
            if not selected(self.args.models, name):
                continue
            directory = os.path.join(self.work, "matmul", name)
            os.makedirs(directory, exist_ok=True)
            onnx_path = os.path.join(directory, "model.onnx")
            input_path = os.path.join(directory, "input_0.pb")
            key = [m, k, n, MATMUL_VERSION, onnx.__version__]
            if not cached(onnx_path, key) or not os.path.exists(input_path):
                write_matmul(m, k, n, onnx_path, input_path)
                remember(onnx_path, key)
            so_path = os.path.join(directory, "model.so")
            error, compiled = self.compile(name, onnx_path, so_path)
            for threads in self.args.threads:
                row = {"name": name, "m": m, "k": k, "n": n,
                       "threads": threads, "compile_error": error,
                       "compile": compiled}
                self.run_case(row, name, onnx_path, so_path, [input_path],
                              directory)
                gflop = 2.0 * m * n * k * 1e-9
                for engine in ("onnxc", "ort"):
                    ms = row[engine].get("median_ms")
                    if ms:
                        gflops = gflop / (ms * 1e-3)
                        row[engine]["gflops"] = gflops
                        if threads in peak["gflops"]:
                            row[engine]["of_peak"] = \
                                gflops / peak["gflops"][threads]
                rows.append(row)
        return rows

    # -- real models ---------------------------------------------------------

    def export(self, name):
        directory = os.path.join(self.work, "models", name)
        os.makedirs(directory, exist_ok=True)
        onnx_path = os.path.join(directory, name + ".onnx")
        key = file_key(os.path.join(MODELS_DIR, "gen_models.py"))
        if not cached(onnx_path, key):
            start = time.monotonic()
            result = subprocess.run(
                [sys.executable, os.path.join(MODELS_DIR, "gen_models.py"),
                 directory, name], capture_output=True, text=True)
            if result.returncode:
                raise HarnessError(f"exporting {name} failed:\n"
                                   f"{result.stderr[-4000:]}")
            remember(onnx_path, key)
            log(f"{name}: exported in {time.monotonic() - start:.1f} s")
        with open(os.path.join(directory, name + ".json")) as f:
            return directory, onnx_path, json.load(f)

    def models(self):
        rows = []
        for name in gen_models.MODELS:
            if not selected(self.args.models, name):
                continue
            directory, onnx_path, spec = self.export(name)
            so_path = os.path.join(directory, name + ".so")
            error, compiled = self.compile(name, onnx_path, so_path)
            for index, sizes in enumerate(spec["sizes"]):
                run_dir = os.path.join(directory, f"run{index}")
                os.makedirs(run_dir, exist_ok=True)
                # The seeds of run_models.py: the same inputs as the tests.
                inputs = run_models.make_inputs(spec, sizes, seed=index,
                                                directory=run_dir)
                label = name + (f" [{size_text(sizes)}]" if sizes else "")
                for threads in self.args.threads:
                    row = {"name": name, "sizes": sizes, "threads": threads,
                           "compile_error": error, "compile": compiled}
                    self.run_case(row, label, onnx_path, so_path, inputs,
                                  run_dir)
                    rows.append(row)
        return rows

    def node_baseline(self):
        """Peak RSS of a node process that only loads onnxruntime-node."""
        result = self.run(["node", "-e", "require('onnxruntime-node')"],
                          env=self.node_env)
        if result.rc:
            raise HarnessError("node cannot load onnxruntime-node: "
                               + result.error())
        return result.maxrss_mib


# -- helpers -------------------------------------------------------------------


def cpu_name():
    with open("/proc/cpuinfo") as f:
        for line in f:
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def selected(patterns, name):
    return not patterns or any(fnmatch.fnmatch(name, p) for p in patterns)


def size_text(sizes):
    return ", ".join(f"{k}={v}" for k, v in sizes.items()) or "static"


def fmt(value, spec):
    return "-" if value is None else format(value, spec)


def min_ms(text):
    found = re.search(r"^bench:.*\bmin ([0-9.]+) ms", text, re.M)
    return float(found.group(1)) if found else None


def engine_numbers(run):
    numbers = {"maxrss_mib": run.maxrss_mib, "wall_s": run.seconds,
               "other_cpus": run.other_cpus}
    if run.rc:
        numbers["error"] = run.error()
    return numbers


def write_matmul(m, k, n, onnx_path, input_path):
    """Y = MatMul(A, B): A [M,K] the graph input, B [K,N] a constant weight
    (random, seeded), as models use MatMul."""
    rng = np.random.default_rng(0)
    weights = rng.uniform(-1, 1, size=(k, n)).astype(np.float32)
    graph = helper.make_graph(
        [helper.make_node("MatMul", ["A", "B"], ["Y"])], f"matmul_{m}x{k}x{n}",
        [helper.make_tensor_value_info("A", TensorProto.FLOAT, [m, k])],
        [helper.make_tensor_value_info("Y", TensorProto.FLOAT, [m, n])],
        [numpy_helper.from_array(weights, "B")])
    model = helper.make_model(graph, producer_name="onnxc-bench",
                              opset_imports=[helper.make_opsetid("", OPSET)])
    onnx.checker.check_model(model)
    onnx.save(model, onnx_path)
    a = np.random.default_rng(1).uniform(-1, 1, size=(m, k)).astype(np.float32)
    with open(input_path, "wb") as f:
        f.write(numpy_helper.from_array(a, "A").SerializeToString())


def compare(ours_dir, row, expected_files):
    """onnxc's outputs against ONNX Runtime's, within RTOL/ATOL."""
    if row.get("compile_error"):
        return {"ok": False, "text": "**onnxc compile failed**",
                "error": row["compile_error"]}
    for engine, title in (("ort", "ORT"), ("onnxc", "onnxc")):
        if "error" in row[engine]:
            return {"ok": False, "text": f"**{title} failed**",
                    "error": row[engine]["error"]}
    worst_abs = worst_rel = 0.0
    bad = total = 0
    for k, expected_file in enumerate(expected_files):
        expected = run_models.load(expected_file)
        actual = run_models.load(os.path.join(ours_dir, f"output_{k}.pb"))
        if actual.shape != expected.shape:
            return {"ok": False, "text": "**MISMATCH** (shape)",
                    "error": f"output {k}: shape {actual.shape}, ONNX "
                    f"Runtime's {expected.shape}"}
        a, e = actual.astype(np.float64), expected.astype(np.float64)
        nan = np.isnan(a) | np.isnan(e)
        # NaN where both have NaN matches; the differences are of the rest.
        abs_diff, rel_diff = run_models.differences(a[~nan], e[~nan])
        worst_abs, worst_rel = max(worst_abs, abs_diff), max(worst_rel,
                                                             rel_diff)
        wrong = (np.abs(a - e) > ATOL + RTOL * np.abs(e)) | \
            (np.isnan(a) != np.isnan(e))
        bad += int(wrong.sum())
        total += wrong.size
    result = {"ok": bad == 0, "max_abs": worst_abs, "max_rel": worst_rel,
              "wrong_elements": bad, "elements": total}
    result["text"] = (f"ok ({worst_abs:.1g})" if bad == 0 else
                      f"**MISMATCH** {bad}/{total} (max abs {worst_abs:.2g})")
    return result


# -- tables --------------------------------------------------------------------


def load_text(averages):
    return "/".join(f"{x:.2f}" for x in averages)


def print_header(header, peak):
    print(f"# onnxc benchmarks, {header['date']}\n")
    print(f"- CPU: {header['cpu']} ({header['cpus']} CPUs; LLVM host CPU "
          f"`{header['llvm_host_cpu']}`); kernel {header['kernel']}; load "
          f"average {load_text(header['load_average'])} at the start, "
          f"{load_text(header['load_average_end'])} at the end")
    print(f"- {header['onnxc']} (binary of {header['onnxc_mtime']}, checkout "
          f"{header['git_commit']}); onnxruntime-node "
          f"{header['onnxruntime_node']} on node {header['node']}")
    print(f"- medians of {header['runs']} timed runs after 1 warm-up; threads "
          f"{', '.join(map(str, header['threads']))} (onnxc: "
          f"ONNXC_NUM_THREADS, ORT: intraOpNumThreads); outputs compared with "
          f"rtol = atol = {RTOL:g}")
    if peak:
        isas = ", ".join(f"{i['isa']} ({i['bits']:.0f}-bit, "
                         f"{i['accumulators']:.0f} accumulators, "
                         f"target(\"{i['flags']}\"))" for i in peak["isas"])
        print(f"- peak ISAs: {isas}")
    print()


def print_peak(peak):
    print("## FP32 peak (FMA loop)\n")
    print("| ISA | bits | threads | GFLOP/s | per thread | wall GFLOP/s | "
          "CPU share |")
    print("|---|---|---|---|---|---|---|")
    for r in peak["results"]:
        print(f"| {r['isa']} | {r['bits']:.0f} | {r['threads']:.0f} | "
              f"{r['gflops_cpu']:.1f} | {r['gflops_cpu'] / r['threads']:.1f} | "
              f"{r['gflops']:.1f} | {r['cpu_share']:.2f} |")
    one = peak["gflops"].get(1)
    scaling = ", ".join(f"{t} threads = {g / one:.2f}x 1 thread"
                        for t, g in peak["gflops"].items() if one and t > 1)
    print(f"\nPeak = the widest ISA ({peak['widest']})"
          + (f"; {scaling}" if scaling else "") + ". GFLOP/s counts each "
          "thread's flops over its own CPU time, so it holds when other work "
          "preempts the loop; wall GFLOP/s is over the wall time, and CPU "
          "share the least share of its wall time a thread was on a CPU (both "
          "in the best run).")
    contended = [r for r in peak["results"] if r["cpu_share"] < 0.95]
    if contended:
        print("**Other work took the CPUs during the peak runs with "
              + ", ".join(sorted({f"{r['threads']:.0f}" for r in contended}))
              + " thread(s)**, and probably during the cases below: see "
              "their other-load column.")
    print()


def print_matmuls(rows):
    print("## MatMul (A input, B constant weight)\n")
    print("| M×K×N | threads | onnxc ms | ORT ms | onnxc GFLOP/s | "
          "ORT GFLOP/s | GFLOP/s onnxc/ORT | onnxc % peak | ORT % peak | "
          "outputs | other load | core-to-core ns onnxc / ORT |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ours, ort = r["onnxc"], r["ort"]
        ratio = (ours["gflops"] / ort["gflops"]
                 if "gflops" in ours and "gflops" in ort else None)
        print(f"| {r['m']}×{r['k']}×{r['n']} | {r['threads']} | "
              f"{fmt(ours.get('median_ms'), '.2f')} | "
              f"{fmt(ort.get('median_ms'), '.2f')} | "
              f"{fmt(ours.get('gflops'), '.1f')} | "
              f"{fmt(ort.get('gflops'), '.1f')} | {fmt(ratio, '.3f')} | "
              f"{fmt_percent(ours.get('of_peak'))} | "
              f"{fmt_percent(ort.get('of_peak'))} | {r['match']['text']} | "
              f"{other_load(r)} | {core_to_core(r)} |")
    print("\nGFLOP/s = 2·M·N·K / median; % peak against the peak measured "
          "with the same number of threads. Outputs: ok (max abs difference) "
          "or MISMATCH (wrong elements / all).")
    print(OTHER_LOAD_NOTE)
    print(CORE_TO_CORE_NOTE)


OTHER_LOAD_NOTE = (
    "Other load: the CPUs that other processes used on average while the "
    "case ran (the larger of its two runs; /proc/stat less the run's own CPU "
    "time, ±0.1 on runs under a second); well above 0, other work competed "
    "and the times are suspect, at 2 threads most.\n")


CORE_TO_CORE_NOTE = (
    "Core-to-core: the round trip of a cache line between the first two "
    "CPUs right before each engine's run on several threads (bench/c2c.c). "
    "On a virtual machine the hypervisor moves vCPUs: tens of ns when they "
    "share a last-level cache, hundreds when they do not, and then the runs "
    "that pass data between threads are slower; compare two engines' times "
    "only where both ran at about the same value.\n")


def core_to_core(row):
    values = [row[e].get("c2c_ns") for e in ("onnxc", "ort")]
    if all(v is None for v in values):
        return "-"
    return " / ".join(fmt(v, ".0f") for v in values)


def other_load(row):
    loads = [row[e].get("other_cpus") for e in ("onnxc", "ort")]
    loads = [x for x in loads if x is not None]
    return fmt(max(loads), ".2f") if loads else "-"


def fmt_percent(value):
    return "-" if value is None else f"{100 * value:.1f}%"


def print_models(rows, baseline):
    print("## Real models\n")
    print("| model | sizes | threads | onnxc median ms | ORT median ms | "
          "ratio onnxc/ORT | onnxc peak RSS MiB | ORT peak RSS MiB | "
          "ORT − node MiB | outputs | other load | "
          "core-to-core ns onnxc / ORT |")
    print("|---|---|---|---|---|---|---|---|---|---|---|---|")
    for r in rows:
        ours, ort = r["onnxc"], r["ort"]
        ratio = (ours["median_ms"] / ort["median_ms"]
                 if ours.get("median_ms") and ort.get("median_ms") else None)
        ort_rss = ort.get("maxrss_mib")
        print(f"| {r['name']} | {size_text(r['sizes'])} | {r['threads']} | "
              f"{fmt(ours.get('median_ms'), '.2f')} | "
              f"{fmt(ort.get('median_ms'), '.2f')} | {fmt(ratio, '.2f')} | "
              f"{fmt(ours.get('maxrss_mib'), '.0f')} | {fmt(ort_rss, '.0f')} | "
              f"{fmt(ort_rss - baseline if ort_rss else None, '.0f')} | "
              f"{r['match']['text']} | {other_load(r)} | "
              f"{core_to_core(r)} |")
    print(f"\nRatio > 1: onnxc is slower. Peak RSS is each process's "
          f"(wait4 ru_maxrss): onnxc-run with the model, or node with "
          f"onnxruntime-node and the model; ORT − node subtracts "
          f"{baseline:.0f} MiB, a node process that only loads "
          f"onnxruntime-node.")
    print(OTHER_LOAD_NOTE)
    print(CORE_TO_CORE_NOTE)


def print_failures(rows):
    print("## Failures\n")
    for r in rows:
        if not r["match"]["ok"]:
            sizes = f" [{size_text(r['sizes'])}]" if r.get("sizes") else ""
            detail = r["match"].get("error") or r["match"]["text"]
            print(f"- {r['name']}{sizes}, {r['threads']} thread(s): {detail}")
    print()


def parse_threads(text):
    try:
        threads = [int(t) for t in text.split(",")]
    except ValueError:
        threads = []
    if not threads or min(threads) < 1:
        raise argparse.ArgumentTypeError(f"'{text}' is not a list like 1,2")
    return threads


def main():
    parser = argparse.ArgumentParser(
        description=__doc__.splitlines()[0],
        formatter_class=argparse.RawDescriptionHelpFormatter,
        epilog="\n".join(__doc__.splitlines()[3:]))
    parser.add_argument("--build-dir", required=True,
                        help="onnxc's build directory (bin/onnxc, "
                        "bin/onnxc-run, onnxruntime/)")
    parser.add_argument("--node-path", help="where onnxruntime-node is "
                        "installed (default: BUILD/onnxruntime/node_modules, "
                        "installed there by install_ort.sh when missing)")
    parser.add_argument("--threads", type=parse_threads, default=[1, 2],
                        help="thread counts, comma-separated (default 1,2)")
    parser.add_argument("--runs", type=int, default=5,
                        help="timed runs per case, after one warm-up "
                        "(default 5)")
    parser.add_argument("--models", nargs="+", metavar="PATTERN",
                        help="run only these cases (shell patterns over the "
                        "real-model names of gen_models.py and "
                        "matmul_MxKxN)")
    parser.add_argument("--quick", action="store_true",
                        help="only the peak and the matmuls")
    parser.add_argument("--work", help="cache and scratch directory "
                        "(default BUILD/bench)")
    parser.add_argument("--report", help="write every number here as JSON")
    parser.add_argument("--timeout", type=float, default=900,
                        help="seconds one process may run (default 900)")
    parser.add_argument("--peak-seconds", type=float, default=0.2,
                        help="length of one timed peak loop (default 0.2)")
    parser.add_argument("--clang", default="/usr/lib/llvm-22/bin/clang",
                        help="C compiler for peak.c and maxrss.c")
    args = parser.parse_args()
    if args.runs < 1:
        parser.error("--runs must be at least 1")
    args.work = args.work or os.path.join(args.build_dir, "bench")
    names = [f"matmul_{m}x{k}x{n}" for m, k, n in MATMULS]
    if not args.quick:
        names += list(gen_models.MODELS)
    unmatched = [p for p in args.models or []
                 if not any(fnmatch.fnmatch(n, p) for n in names)]
    if unmatched:
        parser.error(f"--models {' '.join(unmatched)} matches none of "
                     f"{', '.join(names)}")
    cpus = len(os.sched_getaffinity(0))
    if max(args.threads) > cpus:
        log(f"warning: {max(args.threads)} threads on {cpus} CPUs")

    try:
        harness = Harness(args)
        harness.prepare()
        header = harness.header()
        log(f"{header['cpu']}, LLVM host CPU {header['llvm_host_cpu']}, "
            f"load average {header['load_average'][0]:.2f}")
        peak = harness.peak()
        matmuls = harness.matmuls(peak)
        models, baseline = [], None
        if not args.quick:
            baseline = harness.node_baseline()
            log(f"node + onnxruntime-node alone: {baseline:.0f} MiB")
            models = harness.models()
    except HarnessError as e:
        sys.stderr.write(f"bench.py: error: {e}\n")
        return 2
    header["load_average_end"] = os.getloadavg()

    print_header(header, peak)
    print_peak(peak)
    if matmuls:
        print_matmuls(matmuls)
    if models:
        print_models(models, baseline)
    status = 1 if harness.failed else 0
    if harness.failed:
        print_failures(matmuls + models)
    if args.report:
        with open(args.report, "w") as f:
            json.dump({"header": header, "peak": peak, "matmul": matmuls,
                       "models": models, "node_baseline_mib": baseline,
                       "exit_status": status}, f, indent=1)
        log(f"wrote {args.report}")
    return status


if __name__ == "__main__":
    sys.exit(main())
