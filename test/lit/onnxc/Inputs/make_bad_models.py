"""Writes the malformed models of test/lit/onnxc/bad-models into argv[1].

Usage: make_bad_models.py OUTDIR CATEGORY

CATEGORY is one of the functions registered with @category; each writes its
cases as OUTDIR/<case>.onnx (plus any side files external data needs). Each
model has exactly one thing wrong with it, except nesting's if_depth_40, a
valid model within the nesting limit.
"""
import os
import random
import sys

import onnx
from onnx import TensorProto, helper

CATEGORIES = {}
OUT = sys.argv[1]


def category(function):
    CATEGORIES[function.__name__.replace("_", "-")] = function
    return function


def path(name):
    return os.path.join(OUT, name)


def write_bytes(name, data):
    with open(path(name + ".onnx"), "wb") as f:
        f.write(data)


def model(nodes, inputs, outputs, initializers=(), value_info=(), opset=17,
          opsets=None):
    graph = helper.make_graph(nodes, "g", inputs, outputs, list(initializers),
                              value_info=list(value_info))
    opset_imports = opsets if opsets is not None else [
        helper.make_opsetid("", opset)]
    return helper.make_model(graph, opset_imports=opset_imports)


def save(name, *args, **kwargs):
    m = args[0] if isinstance(args[0], onnx.ModelProto) else model(*args,
                                                                    **kwargs)
    write_bytes(name, m.SerializeToString())


def value(name, shape, elem_type=TensorProto.FLOAT):
    return helper.make_tensor_value_info(name, elem_type, shape)


def ints(name, values):
    return helper.make_tensor(name, TensorProto.INT64, [len(values)], values)


def relu_model():
    return model([helper.make_node("Relu", ["x"], ["y"], name="relu")],
                 [value("x", [2, 3])], [value("y", [2, 3])])


@category
def malformed_files():
    write_bytes("empty", b"")
    good = relu_model().SerializeToString()
    write_bytes("truncated", good[:len(good) // 2])
    write_bytes("random", random.Random(1).randbytes(4096))
    write_bytes("tensor_proto",
                helper.make_tensor("t", TensorProto.FLOAT, [2, 2],
                                   [1.0, 2.0, 3.0, 4.0]).SerializeToString())
    # ModelProto.graph (field 7) claiming 2^31 - 1 bytes in a small file.
    write_bytes("huge_length", b"\x3a\xff\xff\xff\xff\x07" + b"\0" * 16)
    os.makedirs(path("directory.onnx"), exist_ok=True)


@category
def graph_structure():
    x = value("x", [2])
    save("cycle",
         [helper.make_node("Relu", ["b"], ["a"], name="first"),
          helper.make_node("Relu", ["a"], ["b"], name="second")],
         [x], [value("b", [2])])
    save("self_loop",
         [helper.make_node("Add", ["x", "a"], ["a"], name="loop")],
         [x], [value("a", [2])])
    save("undefined_input",
         [helper.make_node("Add", ["x", "nowhere"], ["y"], name="add")],
         [x], [value("y", [2])])
    save("duplicate_node_output",
         [helper.make_node("Relu", ["x"], ["y"], name="one"),
          helper.make_node("Neg", ["x"], ["y"], name="two")],
         [x], [value("y", [2])])
    save("duplicate_graph_input",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [x, value("x", [2])], [value("y", [2])])
    save("output_shadows_input",
         [helper.make_node("Relu", ["x"], ["x"], name="relu")],
         [x], [value("x", [2])])
    save("output_shadows_initializer",
         [helper.make_node("Relu", ["x"], ["w"], name="relu")],
         [x], [value("w", [2])],
         [helper.make_tensor("w", TensorProto.FLOAT, [2], [1.0, 2.0])])
    save("output_never_produced",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [x], [value("y", [2]), value("missing", [2])])
    save("no_outputs", [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [x], [])
    save("unnamed_input", [], [value("", [2])], [value("y", [2])])
    save("empty_op_type", [helper.make_node("", ["x"], ["y"], name="blank")],
         [x], [value("y", [2])])
    save("extra_output",
         [helper.make_node("Relu", ["x"], ["y", "z"], name="relu")],
         [x], [value("y", [2])])
    save("too_many_inputs",
         [helper.make_node("Relu", ["x", "x"], ["y"], name="relu")],
         [x], [value("y", [2])])
    save("missing_required_input",
         [helper.make_node("Add", ["x"], ["y"], name="add")],
         [x], [value("y", [2])])


@category
def attributes():
    x = value("x", [2, 3])
    y = value("y", None)
    save("wrong_type",
         [helper.make_node("Softmax", ["x"], ["y"], name="softmax",
                           axis=1.5)], [x], [y], opset=13)
    save("missing_required",
         [helper.make_node("Cast", ["x"], ["y"], name="cast")], [x], [y])
    save("unknown_attribute",
         [helper.make_node("Relu", ["x"], ["y"], name="relu", alpha=0.5)],
         [x], [y])
    undefined = helper.make_node("Softmax", ["x"], ["y"], name="softmax")
    undefined.attribute.add().name = "axis"
    save("undefined_type", [undefined], [x], [y], opset=13)
    duplicate = helper.make_node("Softmax", ["x"], ["y"], name="softmax",
                                 axis=0)
    duplicate.attribute.append(helper.make_attribute("axis", 1))
    save("duplicate", [duplicate], [x], [y], opset=13)
    save("cast_to_unknown_type",
         [helper.make_node("Cast", ["x"], ["y"], name="cast", to=999)],
         [x], [y])
    save("cast_to_wrapped_type",
         [helper.make_node("Cast", ["x"], ["y"], name="cast", to=2**32 + 1)],
         [x], [y])
    save("cast_to_string",
         [helper.make_node("Cast", ["x"], ["y"], name="cast",
                           to=TensorProto.STRING)], [x], [y])
    save("axis_out_of_range",
         [helper.make_node("Softmax", ["x"], ["y"], name="softmax",
                           axis=-(2**63))], [x], [y], opset=13)
    save("transpose_perm_out_of_range",
         [helper.make_node("Transpose", ["x"], ["y"], name="transpose",
                           perm=[0, 2**40])], [x], [y])
    save("transpose_perm_repeated",
         [helper.make_node("Transpose", ["x"], ["y"], name="transpose",
                           perm=[1, 1])], [x], [y])
    image = value("img", [1, 4, 6, 6])
    w = value("w", [2, 4, 3, 3])
    save("conv_zero_stride",
         [helper.make_node("Conv", ["img", "w"], ["y"], name="conv",
                           strides=[0, 0])], [image, w], [y])
    save("conv_zero_dilation",
         [helper.make_node("Conv", ["img", "w"], ["y"], name="conv",
                           dilations=[0, 1])], [image, w], [y])
    save("conv_negative_pads",
         [helper.make_node("Conv", ["img", "w"], ["y"], name="conv",
                           pads=[-9, 0, 0, 0])], [image, w], [y])
    save("conv_huge_pads",
         [helper.make_node("Conv", ["img", "w"], ["y"], name="conv",
                           pads=[2**62, 0, 2**62, 0])], [image, w], [y])
    save("conv_huge_dilation",
         [helper.make_node("Conv", ["img", "w"], ["y"], name="conv",
                           dilations=[2**62, 1])], [image, w], [y])
    save("conv_transpose_huge_stride",
         [helper.make_node("ConvTranspose", ["img", "wt"], ["y"],
                           name="deconv", strides=[2**62, 2**62])],
         [image, value("wt", [4, 2, 3, 3])], [y])
    save("max_unpool_huge_stride",
         [helper.make_node("MaxUnpool", ["img", "idx"], ["y"], name="unpool",
                           kernel_shape=[2, 2], strides=[2**62, 2**62])],
         [image, value("idx", [1, 4, 6, 6], TensorProto.INT64)], [y])
    save("resize_huge_scales",
         [helper.make_node("Resize", ["img", "", "scales"], ["y"],
                           name="resize")], [image], [y],
         [helper.make_tensor("scales", TensorProto.FLOAT, [4],
                             [1, 1, 1e30, 1])])
    save("maxpool_zero_kernel",
         [helper.make_node("MaxPool", ["img"], ["y"], name="pool",
                           kernel_shape=[0, 0])], [image], [y])
    save("maxpool_huge_kernel",
         [helper.make_node("MaxPool", ["img"], ["y"], name="pool",
                           kernel_shape=[2**62, 2**62])], [image], [y])
    save("depth_to_space_zero_blocksize",
         [helper.make_node("DepthToSpace", ["img"], ["y"], name="d2s",
                           blocksize=0)], [image], [y])
    save("depth_to_space_huge_blocksize",
         [helper.make_node("DepthToSpace", ["img"], ["y"], name="d2s",
                           blocksize=2**32)], [image], [y])
    save("space_to_depth_zero_blocksize",
         [helper.make_node("SpaceToDepth", ["img"], ["y"], name="s2d",
                           blocksize=0)], [image], [y])
    save("flatten_axis_out_of_range",
         [helper.make_node("Flatten", ["x"], ["y"], name="flatten",
                           axis=2**40)], [x], [y])
    save("concat_axis_out_of_range",
         [helper.make_node("Concat", ["x", "x"], ["y"], name="concat",
                           axis=7)], [x], [y])
    save("gather_axis_out_of_range",
         [helper.make_node("Gather", ["x", "i"], ["y"], name="gather",
                           axis=-3)], [x, value("i", [2], TensorProto.INT64)],
         [y])
    save("split_negative",
         [helper.make_node("Split", ["x"], ["a", "b"], name="split", axis=1,
                           split=[5, -2])], [x], [value("a", None),
                                                 value("b", None)], opset=11)
    save("space_to_depth_huge_blocksize",
         [helper.make_node("SpaceToDepth", ["img"], ["y"], name="s2d",
                           blocksize=2**32)], [image], [y])
    save("lrn_zero_size",
         [helper.make_node("LRN", ["img"], ["y"], name="lrn", size=0)],
         [image], [y])
    save("if_missing_branch",
         [helper.make_node("If", ["c"], ["y"], name="if",
                           then_branch=helper.make_graph(
                               [], "then", [], [value("x", [2, 3])]))],
         [x, value("c", [], TensorProto.BOOL)], [y])
    save("constant_without_value",
         [helper.make_node("Constant", [], ["y"], name="const")], [], [y])
    save("constant_two_values",
         [helper.make_node("Constant", [], ["y"], name="const",
                           value_float=1.0, value_int=2)], [], [y])


@category
def shapes():
    x = value("x", [2, 3])
    y = value("y", None)
    save("value_info_contradicts",
         [helper.make_node("Relu", ["x"], ["r"], name="relu"),
          helper.make_node("Neg", ["r"], ["y"], name="neg")],
         [x], [y], value_info=[value("r", [3, 2])])
    save("value_info_wrong_rank",
         [helper.make_node("Relu", ["x"], ["r"], name="relu"),
          helper.make_node("Neg", ["r"], ["y"], name="neg")],
         [x], [y], value_info=[value("r", [6])])
    save("value_info_wrong_element_type",
         [helper.make_node("Relu", ["x"], ["r"], name="relu"),
          helper.make_node("Neg", ["r"], ["y"], name="neg")],
         [x], [y], value_info=[value("r", [2, 3], TensorProto.INT32)])
    save("output_contradicts",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [x], [value("y", [2, 4])])
    save("input_negative_dim",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [value("x", [2, -3])], [y])
    save("input_dims_overflow",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [value("x", [2**62, 2**62])], [y])
    save("input_huge_rank",
         [helper.make_node("Relu", ["x"], ["y"], name="relu")],
         [value("x", [1] * 100000)], [y])
    save("broadcast_mismatch",
         [helper.make_node("Add", ["x", "z"], ["y"], name="add")],
         [x, value("z", [4])], [y])
    save("matmul_mismatch",
         [helper.make_node("MatMul", ["x", "z"], ["y"], name="mm")],
         [x, value("z", [4, 5])], [y])

    def shape_op(name, op, data, shape, **attrs):
        inputs = [data.name] if data is not None else []
        save(name,
             [helper.make_node(op, inputs + ["s"], ["y"], name=name, **attrs)],
             [data] if data is not None else [], [y], [ints("s", shape)])

    shape_op("reshape_count_mismatch", "Reshape", x, [7])
    shape_op("reshape_two_minus_one", "Reshape", x, [-1, -1])
    shape_op("reshape_negative", "Reshape", x, [-5, 2])
    shape_op("reshape_overflow", "Reshape", x, [2**62, 2**62])
    shape_op("expand_negative", "Expand", x, [-2, 3])
    shape_op("expand_overflow", "Expand", x, [2**40, 2**40, 3])
    shape_op("expand_huge", "Expand", x, [2**31, 2**31, 3])
    shape_op("constant_of_shape_negative", "ConstantOfShape", None, [-3])
    shape_op("constant_of_shape_overflow", "ConstantOfShape", None,
             [2**40, 2**40])
    shape_op("constant_of_shape_huge", "ConstantOfShape", None,
             [2**31, 2**31])
    # INT64_MIN is also the marker of an unknown size.
    shape_op("reshape_int64_min", "Reshape", x, [-(2**63), 6])
    shape_op("constant_of_shape_int64_min", "ConstantOfShape", None,
             [-(2**63)])
    save("pad_int64_min",
         [helper.make_node("Pad", ["x", "pads"], ["y"], name="pad")],
         [x], [y], [ints("pads", [-(2**63), 0, 0, 0])])
    save("col2im_overflow",
         [helper.make_node("Col2Im", ["cols", "image", "block"], ["y"],
                           name="col2im")],
         [value("cols", [1, 4, 4])], [y],
         [ints("image", [2**62, 2**62]), ints("block", [2, 2])], opset=18)
    shape_op("tile_negative", "Tile", x, [-1, 2])
    shape_op("tile_overflow", "Tile", x, [2**62, 2**62])
    shape_op("tile_wrong_length", "Tile", x, [2])
    save("value_info_huge_rank",
         [helper.make_node("Relu", ["x"], ["r"], name="relu"),
          helper.make_node("Neg", ["r"], ["y"], name="neg")],
         [x], [y], value_info=[value("r", [1] * 65)])
    shape_op("constant_of_shape_huge_rank", "ConstantOfShape", None, [1] * 65)
    save("range_zero_delta",
         [helper.make_node("Range", ["a", "b", "d"], ["y"], name="range")],
         [], [y],
         [helper.make_tensor("a", TensorProto.INT64, [], [0]),
          helper.make_tensor("b", TensorProto.INT64, [], [10]),
          helper.make_tensor("d", TensorProto.INT64, [], [0])])
    save("range_huge",
         [helper.make_node("Range", ["a", "b", "d"], ["y"], name="range")],
         [], [value("y", None, TensorProto.INT64)],
         [helper.make_tensor("a", TensorProto.INT64, [], [-(2**63)]),
          helper.make_tensor("b", TensorProto.INT64, [], [2**63 - 1]),
          helper.make_tensor("d", TensorProto.INT64, [], [1])])
    save("range_float_huge",
         [helper.make_node("Range", ["a", "b", "d"], ["y"], name="range")],
         [], [y],
         [helper.make_tensor("a", TensorProto.FLOAT, [], [0.0]),
          helper.make_tensor("b", TensorProto.FLOAT, [], [1e30]),
          helper.make_tensor("d", TensorProto.FLOAT, [], [1e-30])])
    save("range_float_nan",
         [helper.make_node("Range", ["a", "b", "d"], ["y"], name="range")],
         [], [y],
         [helper.make_tensor("a", TensorProto.FLOAT, [], [float("nan")]),
          helper.make_tensor("b", TensorProto.FLOAT, [], [1.0]),
          helper.make_tensor("d", TensorProto.FLOAT, [], [1.0])])


def tensor_model(name, tensor, shape=None):
    save(name, [helper.make_node("Identity", [tensor.name], ["y"],
                                 name="id")],
         [], [value("y", shape)], [tensor])


@category
def tensor_data():
    def raw(name, dims, data, elem_type=TensorProto.FLOAT):
        t = TensorProto(name=name, data_type=elem_type, dims=dims)
        t.raw_data = data
        return t

    tensor_model("raw_data_short", raw("w", [2, 3], b"\0" * 20))
    tensor_model("raw_data_long", raw("w", [2, 3], b"\0" * 28))
    t = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=[4])
    t.float_data.extend([1.0, 2.0, 3.0])
    tensor_model("float_data_short", t)
    t = TensorProto(name="w", data_type=TensorProto.INT64, dims=[2])
    t.int64_data.extend([1, 2, 3])
    tensor_model("int64_data_long", t)
    t = TensorProto(name="w", data_type=TensorProto.INT8, dims=[2])
    t.float_data.extend([1.0, 2.0])
    tensor_model("wrong_typed_field", t)
    tensor_model("negative_dim", raw("w", [-2, 3], b""))
    tensor_model("dims_overflow", raw("w", [2**32, 2**32, 2**32], b""))
    tensor_model("bytes_overflow", raw("w", [2**31, 2**31], b""))
    tensor_model("huge_no_data", raw("w", [2**40], b""))
    tensor_model("huge_rank", raw("w", [1] * 65, b"\0" * 4))
    tensor_model("zero_hides_overflow", raw("w", [0, 2**62, 2**62], b""))
    tensor_model("string_type", helper.make_tensor("w", TensorProto.STRING,
                                                   [1], [b"a"]))
    tensor_model("undefined_type", raw("w", [1], b"\0", 0))
    tensor_model("unknown_type", raw("w", [1], b"\0", 999))
    t = raw("w", [2], b"\0" * 8)
    t.segment.begin = 0
    t.segment.end = 2
    tensor_model("segmented", t)
    t = raw("w", [2], b"")
    t.ClearField("raw_data")
    t.data_location = TensorProto.EXTERNAL
    tensor_model("external_without_location", t)
    save("constant_attribute_short",
         [helper.make_node("Constant", [], ["y"], name="const",
                           value=raw("v", [3], b"\0" * 4))],
         [], [value("y", None)])
    save("unnamed_initializer",
         [helper.make_node("Identity", ["x"], ["y"], name="id")],
         [value("x", [1])], [value("y", None)], [raw("", [1], b"\0" * 4)])
    sparse = model([helper.make_node("Identity", ["x"], ["y"], name="id")],
                   [value("x", [1])], [value("y", None)])
    sparse.graph.sparse_initializer.append(helper.make_sparse_tensor(
        helper.make_tensor("sv", TensorProto.FLOAT, [1], [1.0]),
        helper.make_tensor("si", TensorProto.INT64, [1], [0]), [4]))
    save("sparse_initializer", sparse)


@category
def external_data():
    os.makedirs(path("models"), exist_ok=True)
    os.makedirs(path("outside"), exist_ok=True)
    with open(path("models/weights.bin"), "wb") as f:
        f.write(b"\0" * 24)
    with open(path("outside/secret.bin"), "wb") as f:
        f.write(b"\0" * 24)
    link = path("models/link.bin")
    if os.path.lexists(link):
        os.remove(link)
    os.symlink(os.path.abspath(path("outside/secret.bin")), link)
    dirlink = path("models/outdir")
    if os.path.lexists(dirlink):
        os.remove(dirlink)
    os.symlink(os.path.abspath(path("outside")), dirlink)
    os.makedirs(path("models/subdir"), exist_ok=True)

    def external(name, entries, dims=(6,)):
        t = TensorProto(name="w", data_type=TensorProto.FLOAT, dims=dims)
        t.data_location = TensorProto.EXTERNAL
        for key, val in entries.items():
            entry = t.external_data.add()
            entry.key = key
            entry.value = val
        tensor_model(os.path.join("models", name), t)

    external("absolute", {"location": os.path.abspath(
        path("models/weights.bin"))})
    external("dotdot", {"location": "../outside/secret.bin"})
    external("dotdot_backslash", {"location": "subdir\\..\\..\\x.bin"})
    external("symlink_outside", {"location": "link.bin"})
    external("symlinked_directory", {"location": "outdir/secret.bin"})
    external("missing_file", {"location": "nonexistent.bin"})
    external("directory", {"location": "subdir"})
    external("offset_past_end", {"location": "weights.bin", "offset": "100"})
    external("length_past_end", {"location": "weights.bin", "offset": "8",
                                 "length": "24"})
    external("length_mismatch", {"location": "weights.bin", "length": "16"})
    external("negative_offset", {"location": "weights.bin", "offset": "-4"})
    external("offset_overflow", {"location": "weights.bin",
                                 "offset": "99999999999999999999999"})
    external("huge_dims", {"location": "weights.bin"}, dims=(2**40,))


def nested_if(depth):
    """A model whose If nodes nest `depth` subgraphs deep. Only the then
    branches nest, so that the model grows linearly with the depth."""
    leaf = helper.make_graph([], "leaf", [], [value("x", [2])])
    body = leaf
    for level in range(1, depth):
        body = helper.make_graph(
            [helper.make_node("If", ["c"], ["out%d" % level],
                              name="if%d" % level, then_branch=body,
                              else_branch=leaf)],
            "level%d" % level, [], [value("out%d" % level, [2])])
    return model([helper.make_node("If", ["c"], ["y"], name="top",
                                   then_branch=body, else_branch=leaf)],
                 [value("x", [2]), value("c", [], TensorProto.BOOL)],
                 [value("y", [2])], opset=13)


@category
def nesting():
    for depth in (40, 65, 200):
        save("if_depth_%d" % depth, nested_if(depth))
    loop_body = helper.make_graph(
        [helper.make_node("Identity", ["c"], ["c_out"], name="pass")],
        "body", [value("i", [], TensorProto.INT64),
                 value("c", [], TensorProto.BOOL)],
        [value("c_out", [], TensorProto.BOOL), value("extra", [2])])
    save("loop_body_outputs",
         [helper.make_node("Loop", ["n", "c"], ["y"], name="loop",
                           body=loop_body)],
         [value("n", [], TensorProto.INT64),
          value("c", [], TensorProto.BOOL)], [value("y", None)])
    save("subgraph_undefined_value",
         [helper.make_node("If", ["c"], ["y"], name="if",
                           then_branch=helper.make_graph(
                               [helper.make_node("Relu", ["ghost"], ["t"],
                                                 name="inner")],
                               "then", [], [value("t", [2])]),
                           else_branch=helper.make_graph(
                               [], "else", [], [value("x", [2])]))],
         [value("x", [2]), value("c", [], TensorProto.BOOL)],
         [value("y", None)], opset=13)
    save("if_branch_output_count",
         [helper.make_node("If", ["c"], ["y"], name="if",
                           then_branch=helper.make_graph(
                               [], "then", [], [value("x", [2]),
                                                value("x", [2])]),
                           else_branch=helper.make_graph(
                               [], "else", [], [value("x", [2])]))],
         [value("x", [2]), value("c", [], TensorProto.BOOL)],
         [value("y", None)], opset=13)


@category
def opsets():
    x = value("x", [2])
    y = value("y", None)
    relu = [helper.make_node("Relu", ["x"], ["y"], name="relu")]
    save("opset_too_new", relu, [x], [y], opset=99)
    save("opset_zero", relu, [x], [y], opset=0)
    save("opset_negative", relu, [x], [y], opset=-5)
    save("domain_imported_twice", relu, [x], [y],
         opsets=[helper.make_opsetid("", 13), helper.make_opsetid("", 14)])
    save("no_opset_import", relu, [x], [y], opsets=[])
    save("unknown_domain",
         [helper.make_node("Relu", ["x"], ["y"], name="relu",
                           domain="com.evil")],
         [x], [y], opsets=[helper.make_opsetid("", 13),
                           helper.make_opsetid("com.evil", 1)])
    save("domain_not_imported",
         [helper.make_node("Relu", ["x"], ["y"], name="relu",
                           domain="com.evil")], [x], [y])
    save("unknown_operator",
         [helper.make_node("FrobnicateV2", ["x"], ["y"], name="frob")],
         [x], [y])
    save("operator_newer_than_opset",
         [helper.make_node("Gelu", ["x"], ["y"], name="gelu")], [x], [y],
         opset=13)
    save("ml_domain_too_new",
         [helper.make_node("Relu", ["x"], ["y"], name="relu",
                           domain="ai.onnx.ml")], [x], [y],
         opsets=[helper.make_opsetid("", 13),
                 helper.make_opsetid("ai.onnx.ml", 99)])


if __name__ == "__main__":
    os.makedirs(OUT, exist_ok=True)
    CATEGORIES[sys.argv[2]]()
