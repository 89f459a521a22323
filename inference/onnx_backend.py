"""The cheaper forward pass on CPU: the token classifier exported to ONNX, weights quantised to int8.

``export_onnx(model_dir)`` writes ``model-int8.onnx`` beside the model (dynamic int8 quantisation of
the MatMul weights, per channel; embeddings, layer norms and the classifier stay in float), and
``Tagger.from_pretrained(model_dir)`` then runs it with ONNX Runtime on CPU (``backend="auto"``; on a
GPU the torch model runs). ``python benchmarks/forward_routes.py`` measured the routes; the README has
the table.
"""

from __future__ import annotations

import logging
import tempfile
import warnings
from contextlib import contextmanager
from pathlib import Path
from types import SimpleNamespace

ONNX_FILE = "model-int8.onnx"
BACKENDS = ("auto", "torch", "onnx")


class OnnxForward:
    """An ONNX Runtime session behind the call the Tagger makes: ``model(input_ids=, attention_mask=).logits``."""

    def __init__(self, path: str | Path, config, threads: int | None = None):
        import onnxruntime as ort
        import torch

        options = ort.SessionOptions()
        options.intra_op_num_threads = threads or torch.get_num_threads()
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.config = config
        self.dtype = None
        self.backend = "onnx-int8"
        self.path = Path(path)

    def to(self, device: str) -> "OnnxForward":
        if str(device) != "cpu":
            raise ValueError(f"the ONNX backend runs on the CPU, not {device}: use backend='torch' there")
        return self

    def eval(self) -> "OnnxForward":
        return self

    def __call__(self, input_ids, attention_mask):
        import torch

        feeds = {"input_ids": input_ids.cpu().numpy(), "attention_mask": attention_mask.cpu().numpy()}
        return SimpleNamespace(logits=torch.from_numpy(self.session.run(["logits"], feeds)[0]))


@contextmanager
def _quiet():
    """The exporter's tracer warnings and the quantiser's per-node log lines are noise to a user."""
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            yield
    finally:
        root.setLevel(level)


def export_float32(model, path: str | Path) -> None:
    """The token classifier (its logits) as float32 ONNX with dynamic batch and length."""
    import torch

    class Logits(torch.nn.Module):
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    example = (torch.ones((2, 16), dtype=torch.long), torch.ones((2, 16), dtype=torch.long))
    dynamic = {0: "batch", 1: "length"}
    torch.onnx.export(Logits(model.float().eval()), example, str(path), input_names=["input_ids", "attention_mask"],
                      output_names=["logits"], opset_version=17, dynamo=False,
                      dynamic_axes={name: dynamic for name in ("input_ids", "attention_mask", "logits")})


def quantize_int8(source: str | Path, target: str | Path) -> None:
    """Dynamic int8 quantisation of the MatMul weights, per channel; the classifier stays in float."""
    import onnx
    from onnxruntime.quantization import QuantType, quantize_dynamic

    classifier = [n.name for n in onnx.load(str(source)).graph.node if "classifier" in n.name]
    quantize_dynamic(str(source), str(target), weight_type=QuantType.QInt8, per_channel=True,
                     op_types_to_quantize=["MatMul"], nodes_to_exclude=classifier)


def export_onnx(model_dir: str | Path, model=None) -> Path:
    """Export the model of ``model_dir`` to ONNX and quantise it: ``model_dir/model-int8.onnx`` (atomic)."""
    model_dir = Path(model_dir)
    if model is None:
        import torch
        from transformers import AutoModelForTokenClassification

        model = AutoModelForTokenClassification.from_pretrained(model_dir, dtype=torch.float32)
    target = model_dir / ONNX_FILE
    with tempfile.TemporaryDirectory(dir=model_dir) as tmp, _quiet():
        plain, quantised = Path(tmp) / "model.onnx", Path(tmp) / ONNX_FILE
        export_float32(model, plain)
        quantize_int8(plain, quantised)
        quantised.replace(target)  # the temporary directory is in model_dir: one file system, an atomic rename
    return target
