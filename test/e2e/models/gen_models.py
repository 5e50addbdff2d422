#!/usr/bin/python3
"""Exports the real-model test set to ONNX with PyTorch.

Every model has random weights from a fixed seed (torchvision's `weights=None`,
nothing is downloaded), so the files are the same on every machine and no
large binary lives in the repository.

    gen_models.py OUT_DIR [NAME...]      export the named models (default: all)
    gen_models.py --list                 print the names

For each model NAME this writes OUT_DIR/NAME.onnx and OUT_DIR/NAME.json, which
describes its inputs (name, dtype, shape with symbolic dims as strings, value
range) and the sizes to run its symbolic dims with.
"""
import json
import os
import sys

import torch
import torch.nn as nn
import torchvision

OPSET = 17


class Model:
    """A model of the set: how to build it and what its inputs are."""

    def __init__(self, build, inputs, outputs, sizes=None, external_data=False,
                 tolerance=(1e-4, 1e-4)):
        self.build = build
        # [(name, dtype, shape, (low, high))]; a str in shape is symbolic.
        self.inputs = inputs
        self.outputs = outputs
        # One dict per run, giving each symbolic dim a size.
        self.sizes = sizes or [{}]
        self.external_data = external_data
        # (rtol, atol) against ONNX Runtime. fp32 sums of a few thousand
        # products differ from another summation order by ~1e-6 relative;
        # 1e-4 leaves room for deep networks while still catching any wrong
        # element (a real defect is off by far more).
        self.tolerance = tolerance


def vision(name, **kwargs):
    return lambda: getattr(torchvision.models, name)(weights=None, **kwargs)


IMAGE = [("input", "float32", [1, 3, 224, 224], (-2.0, 2.0))]


class Encoder(nn.Module):
    """A BERT-style encoder: token, position and segment embeddings, post-norm
    layers of multi-head self-attention and a GELU feed-forward block, and an
    additive attention mask built from a 0/1 padding mask."""

    def __init__(self, vocab=30522, hidden=768, heads=12, ffn=3072, layers=2,
                 max_positions=512):
        super().__init__()
        self.heads = heads
        self.tokens = nn.Embedding(vocab, hidden)
        self.positions = nn.Embedding(max_positions, hidden)
        self.segments = nn.Embedding(2, hidden)
        self.norm = nn.LayerNorm(hidden, eps=1e-12)
        self.layers = nn.ModuleList([EncoderLayer(hidden, heads, ffn)
                                     for _ in range(layers)])
        self.pooler = nn.Linear(hidden, hidden)

    def forward(self, input_ids, attention_mask, token_type_ids):
        seq = input_ids.shape[1]
        positions = torch.arange(seq, device=input_ids.device).unsqueeze(0)
        x = self.tokens(input_ids) + self.positions(positions) + \
            self.segments(token_type_ids)
        x = self.norm(x)
        mask = (1.0 - attention_mask[:, None, None, :].to(x.dtype)) * -10000.0
        for layer in self.layers:
            x = layer(x, mask)
        pooled = torch.tanh(self.pooler(x[:, 0]))
        return x, pooled


class EncoderLayer(nn.Module):
    def __init__(self, hidden, heads, ffn):
        super().__init__()
        self.heads = heads
        self.qkv = nn.Linear(hidden, 3 * hidden)
        self.out = nn.Linear(hidden, hidden)
        self.norm1 = nn.LayerNorm(hidden, eps=1e-12)
        self.up = nn.Linear(hidden, ffn)
        self.down = nn.Linear(ffn, hidden)
        self.norm2 = nn.LayerNorm(hidden, eps=1e-12)

    def forward(self, x, mask):
        batch, seq, hidden = x.shape
        head = hidden // self.heads
        q, k, v = self.qkv(x).split(hidden, dim=-1)

        def split(t):
            return t.reshape(batch, seq, self.heads, head).transpose(1, 2)

        scores = split(q) @ split(k).transpose(-1, -2) / head ** 0.5 + mask
        context = (scores.softmax(-1) @ split(v)).transpose(1, 2)
        x = self.norm1(x + self.out(context.reshape(batch, seq, hidden)))
        return self.norm2(x + self.down(nn.functional.gelu(self.up(x))))


class Recurrent(nn.Module):
    """A sequence classifier: a bidirectional two-layer LSTM, then a GRU over
    its outputs, then a linear head on every step."""

    def __init__(self, features=64, hidden=128, classes=10):
        super().__init__()
        self.lstm = nn.LSTM(features, hidden, num_layers=2, batch_first=True,
                            bidirectional=True)
        self.gru = nn.GRU(2 * hidden, hidden, batch_first=True)
        self.head = nn.Linear(hidden, classes)

    def forward(self, x):
        y, _ = self.lstm(x)
        y, h = self.gru(y)
        return self.head(y), h


class FullyConvolutional(nn.Module):
    """An image network for any image size (as a detection or segmentation
    backbone runs): strided and padded 3x3 convolutions with batch norms and
    ReLUs, a max pool, a 1x1 convolution, then a global average pool and a
    linear head."""

    def __init__(self, classes=10):
        super().__init__()

        def block(channels_in, channels, stride):
            return [nn.Conv2d(channels_in, channels, 3, stride, 1, bias=False),
                    nn.BatchNorm2d(channels), nn.ReLU()]

        self.features = nn.Sequential(
            *block(3, 16, 2), nn.MaxPool2d(3, 2, 1), *block(16, 32, 1),
            *block(32, 64, 2), nn.Conv2d(64, 64, 1), nn.ReLU())
        self.head = nn.Linear(64, classes)

    def forward(self, x):
        return self.head(self.features(x).mean((2, 3)))


MODELS = {
    "resnet18": Model(vision("resnet18"), IMAGE, ["logits"]),
    "resnet50": Model(vision("resnet50"), IMAGE, ["logits"]),
    "mobilenet_v2": Model(vision("mobilenet_v2"), IMAGE, ["logits"]),
    "squeezenet1_1": Model(vision("squeezenet1_1"), IMAGE, ["logits"]),
    "efficientnet_b0": Model(vision("efficientnet_b0"), IMAGE, ["logits"]),
    # The batch is symbolic: one compiled model runs every batch size.
    "resnet18_dynamic_batch": Model(
        vision("resnet18"),
        [("input", "float32", ["batch", 3, 224, 224], (-2.0, 2.0))],
        ["logits"], sizes=[{"batch": 1}, {"batch": 3}]),
    # Weights in an external data file next to the model.
    "mobilenet_v2_external_data": Model(
        vision("mobilenet_v2"), IMAGE, ["logits"], external_data=True),
    "bert_encoder": Model(
        Encoder,
        [("input_ids", "int64", ["batch", "sequence"], (0, 30522)),
         ("attention_mask", "int64", ["batch", "sequence"], (0, 2)),
         ("token_type_ids", "int64", ["batch", "sequence"], (0, 2))],
        ["hidden_states", "pooled"],
        sizes=[{"batch": 1, "sequence": 128}, {"batch": 2, "sequence": 37}]),
    # One image whose size only the run knows.
    "cnn_dynamic_image": Model(
        FullyConvolutional,
        [("input", "float32", [1, 3, "height", "width"], (-2.0, 2.0))],
        ["logits"],
        sizes=[{"height": 97, "width": 131}, {"height": 64, "width": 48}]),
    "lstm_gru": Model(
        Recurrent,
        [("input", "float32", ["batch", "steps", 64], (-1.0, 1.0))],
        ["logits", "state"],
        sizes=[{"batch": 1, "steps": 50}, {"batch": 4, "steps": 7}]),
}


def example_input(dtype, shape, value_range, sizes):
    dims = [sizes.get(d, 2) if isinstance(d, str) else d for d in shape]
    low, high = value_range
    if dtype == "int64":
        return torch.randint(low, high, dims, dtype=torch.int64)
    return torch.rand(dims) * (high - low) + low


def calibrate(module, model):
    """Sets BatchNorm statistics from a batch of inputs of the model's input
    distribution. With the initial statistics (mean 0, variance 1) a deep
    random network's activations shrink layer by layer to ~1e-15 at the
    output, where any tolerance passes anything; calibrated, they stay of
    order one, as in a trained network."""
    norms = [m for m in module.modules()
             if isinstance(m, nn.modules.batchnorm._BatchNorm)]
    if not norms:
        return
    for norm in norms:
        norm.reset_running_stats()
        norm.momentum = None  # a plain average over the calibration batch
        norm.train()
    batch = dict(model.sizes[0])
    with torch.no_grad():
        module(*(example_input(dtype, [8 if i == 0 else d for i, d in
                                       enumerate(shape)], value_range, batch)
                 for _, dtype, shape, value_range in model.inputs))
    module.eval()


def export(name, out_dir):
    model = MODELS[name]
    torch.manual_seed(0)
    module = model.build().eval()
    calibrate(module, model)
    args = tuple(example_input(dtype, shape, value_range, model.sizes[0])
                 for _, dtype, shape, value_range in model.inputs)
    dynamic_axes = {}
    for input_name, _, shape, _ in model.inputs:
        symbolic = {i: d for i, d in enumerate(shape) if isinstance(d, str)}
        if symbolic:
            dynamic_axes[input_name] = symbolic
    first = next(iter(dynamic_axes.values()), {})
    if 0 in first:
        for output in model.outputs:
            # The outputs share the leading symbolic dim (batch) of the inputs.
            dynamic_axes[output] = {0: first[0]}
    path = os.path.join(out_dir, name + ".onnx")
    with torch.no_grad():
        torch.onnx.export(module, args, path, opset_version=OPSET,
                          input_names=[i[0] for i in model.inputs],
                          output_names=model.outputs,
                          dynamic_axes=dynamic_axes or None)
    if model.external_data:
        import onnx
        proto = onnx.load(path)
        onnx.save_model(proto, path, save_as_external_data=True,
                        all_tensors_to_one_file=True,
                        location=name + ".weights", size_threshold=1024)
    with open(os.path.join(out_dir, name + ".json"), "w") as f:
        json.dump({"inputs": model.inputs, "outputs": model.outputs,
                   "sizes": model.sizes}, f, indent=1)


def main(argv):
    if argv[1:] == ["--list"]:
        print("\n".join(MODELS))
        return 0
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    out_dir, names = argv[1], argv[2:] or list(MODELS)
    unknown = [n for n in names if n not in MODELS]
    if unknown:
        sys.stderr.write(f"gen_models.py: unknown model(s) {unknown}; "
                         f"known: {list(MODELS)}\n")
        return 2
    os.makedirs(out_dir, exist_ok=True)
    torch.set_num_threads(1)
    for name in names:
        export(name, out_dir)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
