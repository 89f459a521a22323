"""The package as users install it: a wheel in a fresh environment, used from outside the repository."""

from __future__ import annotations

import json
import subprocess
import sys
import sysconfig
import textwrap
from pathlib import Path

from tests.conftest import REPO, marked_records


def _run(args: list, cwd: Path) -> subprocess.CompletedProcess:
    done = subprocess.run([str(a) for a in args], cwd=cwd, capture_output=True, text=True, timeout=600)
    assert done.returncode == 0, done.stdout + done.stderr
    return done


def test_the_wheel_tags_outside_the_repository(tmp_path, overfit_run):
    wheels = tmp_path / "wheels"
    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--no-build-isolation", "-w", wheels, REPO], tmp_path)
    env = tmp_path / "env"
    _run([sys.executable, "-m", "venv", env], tmp_path)
    python = env / "bin" / "python"
    _run([python, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index", *wheels.glob("*.whl")], tmp_path)
    # The dependencies (torch, transformers...) come from this environment's site-packages as a plain
    # path: its .pth files, and so the editable install of the checkout, are not read.
    purelib = Path(_run([python, "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], tmp_path).stdout.strip())
    (purelib / "dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")

    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    text = marked_records()[1]["text"]
    script = textwrap.dedent(f"""
        import importlib.util, json, sys
        import arabic_ie
        from arabic_ie import Tagger
        assert arabic_ie.__file__.startswith({str(env)!r}), arabic_ie.__file__
        assert importlib.util.find_spec("inference") is None and importlib.util.find_spec("training") is None
        rules = Tagger.from_pretrained("rules").tag([{text!r}])[0]
        model = Tagger.from_pretrained({str(overfit_run)!r}, dtype="float32").tag([{text!r}])[0]
        print(json.dumps({{"rules": [[e.label, e.text, e.value] for e in rules],
                          "model": [[e.label, e.text, e.value] for e in model]}}, ensure_ascii=False))
    """)
    found = json.loads(_run([python, "-c", script], elsewhere).stdout.strip().splitlines()[-1])
    assert ["COMPANY", "تينسنت", {"name": "Tencent"}] in found["rules"]
    assert ["COMPANY", "تينسنت", {"name": "Tencent"}] in found["model"]

    (elsewhere / "news.txt").write_text(text + "\n", encoding="utf-8")
    out = _run([env / "bin" / "arabic-ie", "tag", "--model", "rules", "news.txt"], elsewhere).stdout
    assert {"label": "CHIP", "text": "H20"}.items() <= json.loads(out)["entities"][1].items()
