"""A finding: where, which rule, what is wrong, what to do."""

from __future__ import annotations

import enum
import os
import re
from dataclasses import dataclass
from pathlib import Path


class Severity(enum.Enum):
    """``error``: fails in the browser (``wasgi check`` exits 1); ``warning``: may fail, or fails in some setups."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Finding:
    """One problem: the file and line, the rule's code and severity, what is wrong and the fix."""

    path: Path
    line: int
    code: str
    severity: Severity
    message: str
    fix: str

    def format(self, relative_to: Path | None = None) -> str:
        """``path:line: [code] severity: message — fix``, the path relative to ``relative_to`` when inside it."""
        where = f"{display_path(self.path, relative_to)}:{self.line}"
        return f"{where}: [{self.code}] {self.severity.value}: {self.message} — {self.fix}"

    @property
    def sort_key(self) -> tuple:
        return (str(self.path), self.line, self.code, self.message)


def display_path(path: Path, relative_to: Path | None = None) -> str:
    """``path`` relative to ``relative_to`` (default: the working directory) when inside it, else as it is."""
    base = relative_to or Path.cwd()
    try:
        return os.path.relpath(path, base) if Path(path).resolve().is_relative_to(base.resolve()) else str(path)
    except ValueError:  # another drive (Windows)
        return str(path)


# "# wasgi: ignore" silences every finding on its line; "# wasgi: ignore[code, code]" only those codes.
_IGNORE = re.compile(r"wasgi:\s*ignore(?:\[(?P<codes>[\w\s,-]+)\])?")


def ignored(line_text: str, code: str) -> bool:
    """Whether a ``wasgi: ignore`` comment on this source line silences ``code``."""
    match = _IGNORE.search(line_text)
    if match is None:
        return False
    codes = match["codes"]
    return codes is None or code in {c.strip() for c in codes.split(",")}
