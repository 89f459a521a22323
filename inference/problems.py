"""Problems found in user input, reported with file, line and the offending text."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Problem:
    """One problem in an input file; ``str()`` gives the one-line report."""

    path: str
    line: int
    message: str
    record_id: str | None = None
    text: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}"
        if self.record_id:
            where += f" [{self.record_id}]"
        shown = f": «{self.text}»" if self.text else ""
        return f"{where}: {self.message}{shown}"


class InputError(ValueError):
    """Bad user input; carries the problems so a command can list them all."""

    def __init__(self, problems: list[Problem]):
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
