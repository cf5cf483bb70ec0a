"""Problems found in editors' input, reported all at once.

Every problem renders as ``<file>:<line>: <field>: <what is wrong> (<what to write>)``
so that editors, CI annotations and tests read the same sentence.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass


@dataclass(frozen=True, order=True)
class Problem:
    path: str  # relative to the site root, e.g. "drafts/hoc-phi/index.md"
    line: int | None
    field: str  # dotted path into the front matter, "body" or "file"
    message: str  # what is wrong
    fix: str = ""  # what to write instead

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        fix = f" ({self.fix})" if self.fix else ""
        return f"{where}: {self.field}: {self.message}{fix}"

    def as_dict(self) -> dict:
        return asdict(self)


class DraftsInvalid(Exception):
    """Raised with every problem of every draft, never only the first."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.path, p.line or 0, p.field))
        super().__init__(self.report())

    def report(self) -> str:
        count = len(self.problems)
        files = len({p.path for p in self.problems})
        head = f"{count} lỗi trong {files} tệp dự thảo:"
        return "\n".join([head, *(f"  {p}" for p in self.problems)])
