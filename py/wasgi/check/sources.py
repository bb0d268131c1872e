"""The app's files as the check sees them: what the build bundles, minus tests.

Test files (``tests/``, ``test_*.py``, ``*_test.py``, ``conftest.py``) are
bundled too but never run in the browser, so no rule looks at them.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

TEMPLATE_SUFFIXES = {".html", ".htm", ".jinja", ".jinja2", ".j2", ".djhtml", ".tmpl", ".css", ".js", ".mjs"}
TEST_DIRS = {"tests", "test"}


@dataclass
class SourceFile:
    """A Python file of the app, parsed once for every rule."""

    path: Path
    name: str  # path inside the app folder, e.g. "pkg/views.py"
    text: str
    tree: ast.Module | None  # None when it does not parse
    error: SyntaxError | None = None


@dataclass
class AppSources:
    """The files the rules read."""

    app_dir: Path
    python: list[SourceFile]
    templates: list[tuple[str, Path]]  # (name in the app folder, path)
    own_modules: set[str]  # top-level names the app's own files can be imported as


def is_test_file(name: str) -> bool:
    parts = Path(name).parts
    filename = parts[-1]
    in_tests = any(part in TEST_DIRS for part in parts[:-1])
    return in_tests or filename == "conftest.py" or filename.endswith("_test.py") or (
        filename.startswith("test_") and filename.endswith(".py"))  # fmt: skip


def collect(app_dir: Path) -> AppSources:
    """Read the app folder as the build bundles it (``wasgi.build.bundle.app_files``)."""
    from wasgi.build.bundle import app_files

    files = sorted(app_files(app_dir, exclude=[]))
    own = {Path(name).parts[0].removesuffix(".py") for name, _ in files if name.endswith(".py")}
    python, templates = [], []
    for name, path in files:
        if is_test_file(name):
            continue
        if name.endswith(".py"):
            python.append(parse(path, name))
        elif path.suffix.lower() in TEMPLATE_SUFFIXES:
            templates.append((name, path))
    return AppSources(app_dir, python, templates, own)


def parse(path: Path, name: str) -> SourceFile:
    text = path.read_text(encoding="utf-8", errors="replace")
    try:
        tree, error = ast.parse(text, filename=name), None
    except SyntaxError as exc:
        tree, error = None, exc
    return SourceFile(path, name, text, tree, error)
