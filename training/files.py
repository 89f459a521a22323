"""Writing files and directories atomically: readers see the old version or the new one, never half of one."""

from __future__ import annotations

import os
import shutil
import tempfile
import uuid
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, TextIO


@contextmanager
def atomic_open(path: str | Path, newline: str | None = None) -> Iterator[TextIO]:
    """A text file to write that appears at ``path`` only when the block ends without an error."""
    path = Path(path)
    # A name of its own in the target's directory: two writers of one path never share it,
    # and the rename stays on one file system.
    fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    tmp = Path(name)
    os.chmod(fd, 0o666 & ~_umask())  # mkstemp makes it private; give it the mode a plain open() would
    try:
        with open(fd, "w", encoding="utf-8", newline=newline) as f:
            yield f
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    tmp.replace(path)


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_text_atomic(path: str | Path, text: str) -> None:
    """Write ``text`` to ``path`` atomically."""
    with atomic_open(path) as f:
        f.write(text)


def replace_dir(new: Path, target: Path) -> None:
    """Move the finished directory ``new`` to ``target``; an existing ``target`` is swapped out first."""
    if not target.exists():
        new.replace(target)
        return
    old = target.with_name(f".{target.name}.old-{uuid.uuid4().hex[:8]}")
    target.replace(old)
    new.replace(target)
    shutil.rmtree(old, ignore_errors=True)
