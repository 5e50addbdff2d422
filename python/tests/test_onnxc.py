"""Tests of the Python package onnxc, against numpy references.

Run with Debian's interpreter, with the package to test on PYTHONPATH:

    PYTHONPATH=<build>/python /usr/bin/python3 -m unittest discover -s python/tests

ctest runs them on the build tree's package (test `python-api`) and
scripts/test-install.sh on the installed one. ONNXC_EXAMPLES_DIR names the
examples folder (default: the one beside this folder).
"""
import gc
import os
import tempfile
import threading
import unittest

import numpy as np
import onnx
from onnx import TensorProto, helper, numpy_helper

import onnxc

EXAMPLES = os.environ.get("ONNXC_EXAMPLES_DIR") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "examples")


def example_data(name, kind):
    return numpy_helper.to_array(onnx.load_tensor(
        os.path.join(EXAMPLES, name + "_data", kind + "_0.pb")))


def save_model(directory, name, nodes, inputs, outputs, initializers=()):
    graph = helper.make_graph(nodes, name, inputs, outputs, list(initializers))
    model = helper.make_model(graph,
                              opset_imports=[helper.make_opsetid("", 13)])
    onnx.checker.check_model(model)
    path = os.path.join(directory, name + ".onnx")
    onnx.save(model, path)
    return path


def mlp_reference(x):
    """The mlp example computed by numpy from the model's own weights."""
    model = onnx.load(os.path.join(EXAMPLES, "mlp.onnx"))
    w = {t.name: numpy_helper.to_array(t) for t in model.graph.initializer}
    h = np.maximum(x.astype(np.float64) @ w["w1"] + w["b1"], 0)
    return h @ w["w2"] + w["b2"]


class CompiledModels(unittest.TestCase):
    """Models compiled once for the whole class."""

    @classmethod
    def setUpClass(cls):
        cls.scratch = tempfile.TemporaryDirectory(prefix="onnxc-python-test-")
        d = cls.scratch.name
        F, I, B = TensorProto.FLOAT, TensorProto.INT64, TensorProto.BOOL
        # Two inputs sharing the symbol N; three outputs of three dtypes.
        cls.multi_path = save_model(d, "multi", [
            helper.make_node("Mul", ["a", "b"], ["prod"], name="mul"),
            helper.make_node("Greater", ["a", "b"], ["greater"], name="gt"),
            helper.make_node("Shape", ["a"], ["shape"], name="shape"),
        ], [helper.make_tensor_value_info("a", F, ["N", 3]),
            helper.make_tensor_value_info("b", F, ["N", 3])],
           [helper.make_tensor_value_info("prod", F, ["N", 3]),
            helper.make_tensor_value_info("greater", B, ["N", 3]),
            helper.make_tensor_value_info("shape", I, [2])])
        # A scalar and an unnamed symbolic size.
        cls.scalar_path = save_model(d, "scalar", [
            helper.make_node("Mul", ["v", "s"], ["y"], name="scale"),
        ], [helper.make_tensor_value_info("v", I, [None]),
            helper.make_tensor_value_info("s", I, [])],
           [helper.make_tensor_value_info("y", I, [None])])
        # Indices checked at run time.
        cls.gather_path = save_model(d, "gather", [
            helper.make_node("Gather", ["data", "indices"], ["y"], axis=0,
                             name="g"),
        ], [helper.make_tensor_value_info("data", F, [4]),
            helper.make_tensor_value_info("indices", I, ["k"])],
           [helper.make_tensor_value_info("y", F, ["k"])])
        cls.mlp = onnxc.compile(os.path.join(EXAMPLES, "mlp.onnx"))
        cls.multi = onnxc.compile(cls.multi_path)
        cls.scalar = onnxc.compile(cls.scalar_path)
        cls.gather = onnxc.compile(cls.gather_path)

    @classmethod
    def tearDownClass(cls):
        for model in (cls.mlp, cls.multi, cls.scalar, cls.gather):
            model.close()
        cls.scratch.cleanup()

    def assertRaisesError(self, code, *fragments):
        """A context expecting onnxc.Error with `code` and each fragment in
        its message."""
        test = self

        class Expect:
            def __enter__(self):
                return self

            def __exit__(self, kind, error, traceback):
                test.assertIs(kind, onnxc.Error, f"expected onnxc.Error, got "
                              f"{kind.__name__ if kind else 'no error'}")
                test.assertEqual(error.code, code, str(error))
                for fragment in fragments:
                    test.assertIn(fragment, str(error))
                self.error = error
                return True
        return Expect()


class SignatureTest(CompiledModels):
    def test_version(self):
        self.assertRegex(onnxc.__version__, r"^\d+\.\d+\.\d+$")

    def test_mlp_signature(self):
        self.assertEqual(self.mlp.name, "mlp")
        self.assertEqual(len(self.mlp.inputs), 1)
        x, = self.mlp.inputs
        self.assertEqual((x.name, x.dtype, x.shape, x.onnx_dtype),
                         ("x", np.dtype(np.float32), ("N", 16), "float"))
        y, = self.mlp.outputs
        self.assertEqual((y.name, y.dtype, y.shape), ("y", np.float32, ("N", 4)))
        self.assertEqual(repr(x),
                         "TensorInfo(name='x', dtype=float32, shape=('N', 16))")

    def test_dtypes_scalars_and_unnamed_dims(self):
        self.assertEqual([o.dtype for o in self.multi.outputs],
                         [np.float32, np.bool_, np.int64])
        self.assertEqual(self.multi.outputs[2].shape, (2,))
        v, s = self.scalar.inputs
        self.assertEqual(v.shape, (None,))
        self.assertEqual(s.shape, ())
        self.assertEqual(s.dtype, np.int64)


class RunTest(CompiledModels):
    def test_mlp_matches_numpy(self):
        x = example_data("mlp", "input")
        y, = self.mlp.run([x])
        self.assertEqual((y.dtype, y.shape), (np.float32, (3, 4)))
        np.testing.assert_allclose(y, example_data("mlp", "output"),
                                   rtol=1e-5, atol=1e-5)
        # Another batch size, against numpy on the model's weights.
        x7 = np.random.default_rng(1).standard_normal((7, 16)).astype(np.float32)
        y7, = self.mlp.run({"x": x7})
        np.testing.assert_allclose(y7, mlp_reference(x7), rtol=1e-5, atol=1e-5)

    def test_cnn_matches_numpy(self):
        with onnxc.compile(os.path.join(EXAMPLES, "cnn.onnx")) as cnn:
            probs, = cnn.run([example_data("cnn", "input")])
        np.testing.assert_allclose(probs, example_data("cnn", "output"),
                                   rtol=1e-5, atol=1e-6)

    def test_several_outputs_and_dtypes(self):
        rng = np.random.default_rng(2)
        a = rng.standard_normal((5, 3)).astype(np.float32)
        b = rng.standard_normal((5, 3)).astype(np.float32)
        prod, greater, shape = self.multi.run({"b": b, "a": a})
        np.testing.assert_array_equal(prod, a * b)
        np.testing.assert_array_equal(greater, a > b)
        np.testing.assert_array_equal(shape, np.array([5, 3]))
        self.assertEqual([prod.dtype, greater.dtype, shape.dtype],
                         [np.float32, np.bool_, np.int64])

    def test_scalars_lists_and_empty_tensors(self):
        y, = self.scalar.run([np.array([1, -2, 3], np.int64), np.int64(4)])
        np.testing.assert_array_equal(y, [4, -8, 12])
        # Lists and Python numbers take the dtype the model expects.
        y, = self.scalar.run([[5, 6], 3])
        np.testing.assert_array_equal(y, [15, 18])
        self.assertEqual(y.dtype, np.int64)
        empty, = self.scalar.run([np.zeros(0, np.int64), 2])
        self.assertEqual(empty.shape, (0,))

    def test_non_contiguous_and_byte_swapped_inputs(self):
        x = np.random.default_rng(3).standard_normal((16, 6)).astype(np.float32)
        y, = self.mlp.run([x.T])
        np.testing.assert_allclose(y, mlp_reference(x.T), rtol=1e-5, atol=1e-5)
        swapped = x.T.astype(">f4")
        y, = self.mlp.run([swapped])
        np.testing.assert_allclose(y, mlp_reference(x.T), rtol=1e-5, atol=1e-5)

    def test_outputs_outlive_the_model(self):
        model = onnxc.compile(os.path.join(EXAMPLES, "mlp.onnx"), opt_level=0)
        x = example_data("mlp", "input")
        y, = model.run([x])
        view = y[1:]
        model.close()
        del model, y
        gc.collect()
        np.testing.assert_allclose(view, example_data("mlp", "output")[1:],
                                   rtol=1e-5, atol=1e-5)
        self.assertTrue(view.flags.writeable)

    def test_runs_from_several_threads(self):
        rng = np.random.default_rng(4)
        batches = [rng.standard_normal((n, 16)).astype(np.float32)
                   for n in range(1, 9)]
        results = [None] * len(batches)

        def work(i):
            for _ in range(20):
                results[i], = self.mlp.run([batches[i]])
        threads = [threading.Thread(target=work, args=(i,))
                   for i in range(len(batches))]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        for x, y in zip(batches, results):
            np.testing.assert_allclose(y, mlp_reference(x), rtol=1e-5,
                                       atol=1e-5)


class ThreadsTest(CompiledModels):
    def tearDown(self):
        onnxc.set_num_threads(0)

    def test_num_threads(self):
        default = onnxc.get_num_threads()
        self.assertGreaterEqual(default, 1)
        onnxc.set_num_threads(2)
        self.assertEqual(onnxc.get_num_threads(), 2)
        x = example_data("mlp", "input")
        y, = self.mlp.run([x])
        onnxc.set_num_threads(1)
        np.testing.assert_array_equal(self.mlp.run([x])[0], y)
        onnxc.set_num_threads(0)
        self.assertEqual(onnxc.get_num_threads(), default)

    def test_bad_num_threads(self):
        with self.assertRaisesError("INVALID_ARGUMENT", "[0, 1024]", "-1"):
            onnxc.set_num_threads(-1)
        with self.assertRaisesError(None, "must be an int"):
            onnxc.set_num_threads(2.0)


class CompileAndLoadTest(CompiledModels):
    def test_compile_to_a_file_and_load_it(self):
        out = os.path.join(self.scratch.name, "kept.so")
        first = onnxc.compile(os.path.join(EXAMPLES, "mlp.onnx"), out,
                              mcpu="generic" if os.uname().machine in
                              ("x86_64", "aarch64") else None, opt_level=2)
        self.assertTrue(os.path.exists(out))
        second = onnxc.load(out)
        x = example_data("mlp", "input")
        np.testing.assert_array_equal(first.run([x])[0], second.run([x])[0])
        np.testing.assert_allclose(second.run([x])[0],
                                   example_data("mlp", "output"),
                                   rtol=1e-5, atol=1e-5)

    def test_compile_errors_carry_onnxc_message(self):
        with self.assertRaisesError("COMPILE", "no_such.onnx",
                                    "No such file or directory"):
            onnxc.compile(os.path.join(self.scratch.name, "no_such.onnx"))
        garbage = os.path.join(self.scratch.name, "garbage.onnx")
        with open(garbage, "wb") as f:
            f.write(b"\xff\x00 not a model")
        with self.assertRaisesError("COMPILE", "garbage.onnx", "error:"):
            onnxc.compile(garbage)
        with self.assertRaisesError("COMPILE", "invalid optimisation level"):
            onnxc.compile(self.scalar_path, opt_level=7)
        with self.assertRaisesError("COMPILE", "opt_level"):
            onnxc.compile(self.scalar_path, opt_level="fast")
        with self.assertRaisesError("COMPILE", "no-such-arch"):
            onnxc.compile(self.scalar_path, target="no-such-arch-linux-gnu")

    def test_load_errors(self):
        with self.assertRaisesError("LOAD", "no_such.so", "cannot load model"):
            onnxc.load(os.path.join(self.scratch.name, "no_such.so"))
        # A shared object that is not a model: the runtime itself.
        runtime = onnxc._capi.runtime_library_path()
        with self.assertRaisesError("LOAD", "is not an onnxc model"):
            onnxc.load(runtime)


class InputErrorTest(CompiledModels):
    """Every mismatch between the inputs and the signature is an Error that
    names the input and what the model expects."""

    def setUp(self):
        self.x = example_data("mlp", "input")

    def test_wrong_count(self):
        with self.assertRaisesError("INVALID_ARGUMENT",
                                    "takes 1 inputs, but 2 were given"):
            self.mlp.run([self.x, self.x])
        with self.assertRaisesError("INVALID_ARGUMENT",
                                    "takes 1 inputs, but 0 were given"):
            self.mlp.run([])

    def test_wrong_dtype(self):
        with self.assertRaisesError("INVALID_ARGUMENT", "input 'x' (#0)",
                                    "dtype is double",
                                    "the model expects float"):
            self.mlp.run([self.x.astype(np.float64)])
        with self.assertRaisesError(None, "input 'x' (#0)", "complex64",
                                    "expects float [N,16]"):
            self.mlp.run([self.x.astype(np.complex64)])
        with self.assertRaisesError(None, "input 'x' (#0) cannot be converted",
                                    "expected float [N,16]"):
            self.mlp.run([["not", "numbers"]])

    def test_wrong_rank_and_shape(self):
        with self.assertRaisesError("INVALID_ARGUMENT", "input 'x' (#0)",
                                    "rank is 1, but the model expects 2"):
            self.mlp.run([self.x[0]])
        with self.assertRaisesError("INVALID_ARGUMENT", "input 'x' (#0)",
                                    "dimension 1 is 15, but the model "
                                    "expects 16"):
            self.mlp.run([self.x[:, :15]])
        a = np.zeros((2, 3), np.float32)
        with self.assertRaisesError("INVALID_ARGUMENT", "input 'b' (#1)",
                                    "symbolic dimension 'N' is 2"):
            self.multi.run([a, np.zeros((4, 3), np.float32)])

    def test_wrong_names(self):
        with self.assertRaisesError(None, "no input named 'z'",
                                    "its inputs: 'x'"):
            self.mlp.run({"z": self.x})
        with self.assertRaisesError(None, "input 'b' (#1) is missing",
                                    "expected float [N,3]"):
            self.multi.run({"a": np.zeros((1, 3), np.float32)})
        with self.assertRaisesError(None, "a list of arrays"):
            self.mlp.run(self.x)

    def test_invalid_values(self):
        data = np.array([1, 2, 3, 4], np.float32)
        y, = self.gather.run([data, np.array([3, -4], np.int64)])
        np.testing.assert_array_equal(y, [4, 1])
        with self.assertRaisesError("INVALID_DATA", "node 'g' (Gather)",
                                    "out of range"):
            self.gather.run([data, np.array([4], np.int64)])

    def test_closed_model(self):
        model = onnxc.compile(self.scalar_path)
        model.close()
        model.close()
        with self.assertRaisesError(None, "closed"):
            model.run([[1], 1])


if __name__ == "__main__":
    unittest.main()
