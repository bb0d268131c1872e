"""Imports that fail, or bring in code that cannot work, in the browser.

An import inside ``try: ... except ImportError`` (or ``Exception``) or under
``if TYPE_CHECKING:`` is optional and never reported.
"""

from __future__ import annotations

import ast
import importlib.util
import sys
import sysconfig
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding
from .packages import PYODIDE_PROVIDED, Resolution
from .rules import finding
from .sources import AppSources

# Extension modules of CPython's standard library that Pyodide does not build (pure-Python
# modules are checked against Pyodide's stdlib zip instead).
NO_EXTENSION_IN_PYODIDE = {"readline", "_tkinter", "_curses", "_curses_panel", "nis", "spwd", "ossaudiodev",
                           "audioop", "_crypt"}  # fmt: skip
# Packages that cannot work in a browser whatever wheel they have: (rule, why).
UNUSABLE = {
    "uvloop": ("event-loop", "replaces asyncio's event loop"),
    "gevent": ("event-loop", "patches sockets and threads with its own event loop"),
    "eventlet": ("event-loop", "patches sockets and threads with its own event loop"),
    "psycopg2": ("socket", "is a PostgreSQL client: it talks to the server through a socket"),
    "psycopg": ("socket", "is a PostgreSQL client: it talks to the server through a socket"),
    "asyncpg": ("socket", "is a PostgreSQL client: it talks to the server through a socket"),
    "MySQLdb": ("socket", "is a MySQL client: it talks to the server through a socket"),
    "pymysql": ("socket", "is a MySQL client: it talks to the server through a socket"),
    "aiomysql": ("socket", "is a MySQL client: it talks to the server through a socket"),
    "redis": ("socket", "is a Redis client: it talks to the server through a socket"),
    "pymongo": ("socket", "is a MongoDB client: it talks to the server through a socket"),
    "motor": ("socket", "is a MongoDB client: it talks to the server through a socket"),
    "pika": ("socket", "is an AMQP client: it talks to the broker through a socket"),
    "paramiko": ("socket", "is an SSH client: it needs a socket"),
    "flask_socketio": ("thread", "serves Socket.IO from threads (its Engine.IO service task, each long poll)"),
}
# A better fix than the rule's for some of them.
UNUSABLE_FIXES = {
    "flask_socketio": "serve Socket.IO with python-socketio's ASGI server instead (socketio.AsyncServer("
                      "async_mode='asgi') wrapped in socketio.ASGIApp), which runs in the browser",
}


@dataclass(frozen=True)
class ImportSite:
    """One imported module, where, and whether the import is optional."""

    module: str
    line: int
    optional: bool

    @property
    def top(self) -> str:
        return self.module.split(".")[0]


def imports_of(tree: ast.Module) -> list[ImportSite]:
    """Every absolute import in the module, nested ones too."""
    found: list[ImportSite] = []

    def walk(node: ast.AST, optional: bool) -> None:
        if isinstance(node, ast.Import):
            found.extend(ImportSite(alias.name, node.lineno, optional) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            found.append(ImportSite(node.module, node.lineno, optional))
        for name, value in ast.iter_fields(node):
            children = value if isinstance(value, list) else [value]
            # The body of a try that catches ImportError, and of "if TYPE_CHECKING:", is optional.
            guarded = optional or (name == "body" and (_catches_import_error(node) or _is_type_checking(node)))
            for child in children:
                if isinstance(child, ast.AST):
                    walk(child, guarded)

    walk(tree, False)
    return found


def check_imports(sources: AppSources, resolution: Resolution, pyodide_stdlib: set[str] | None) -> Iterator[Finding]:
    """Imports of modules Pyodide lacks, of unusable packages, and of packages no requirement provides."""
    available = set(sys.stdlib_module_names) | (pyodide_stdlib or set()) | PYODIDE_PROVIDED
    for source in sources.python:
        if source.tree is None:
            continue
        reported: set[tuple[str, str]] = set()  # one finding per module and rule in a file
        for site in imports_of(source.tree):
            top = site.top
            if site.optional or top in sources.own_modules or top == "__future__":
                continue
            for code, message in _problems(site, available, pyodide_stdlib, resolution):
                if (top, code) not in reported:
                    reported.add((top, code))
                    yield finding(source.path, site.line, code, message, UNUSABLE_FIXES.get(top))


def _problems(site: ImportSite, available: set[str], pyodide_stdlib: set[str] | None,
              resolution: Resolution) -> Iterator[tuple[str, str]]:  # fmt: skip
    top = site.top
    if top in UNUSABLE:
        code, why = UNUSABLE[top]
        yield code, f"imports {top}, which {why}; a browser tab has no such thing"
    if top in sys.stdlib_module_names:
        if _missing_from_pyodide(top, pyodide_stdlib):
            yield "not-in-pyodide", f"imports {top}, which Pyodide's Python 3.14 does not have"
        return
    if top in available or resolution.provided is None:
        return
    if top not in resolution.provided:
        packages = ", ".join(resolution.projects[:8]) + (" ..." if len(resolution.projects) > 8 else "")
        yield "missing-package", (f"imports {site.module}, but no package of the site provides {top!r} "
                                  f"(the site's packages: {packages or 'none'})")  # fmt: skip


def _missing_from_pyodide(top: str, pyodide_stdlib: set[str] | None) -> bool:
    """A stdlib module missing from Pyodide: a known unbuilt extension, or a pure-Python module
    (on this machine) that is not in Pyodide's stdlib zip."""
    if top in NO_EXTENSION_IN_PYODIDE:
        return True
    if pyodide_stdlib is None or top in pyodide_stdlib:
        return False
    try:
        spec = importlib.util.find_spec(top)
    except (ImportError, ValueError):
        return False
    origin = spec.origin if spec else None
    stdlib_dir = Path(sysconfig.get_paths()["stdlib"]).resolve()
    # Compiled-in and extension modules are not in the zip even when Pyodide has them: no verdict.
    return bool(origin) and origin.endswith(".py") and Path(origin).resolve().is_relative_to(stdlib_dir)


def _catches_import_error(node: ast.AST) -> bool:
    if not isinstance(node, (ast.Try, getattr(ast, "TryStar", ast.Try))):
        return False
    catching = {"ImportError", "ModuleNotFoundError", "Exception", "BaseException"}
    for handler in node.handlers:
        kinds = handler.type.elts if isinstance(handler.type, ast.Tuple) else [handler.type]
        for kind in kinds:
            if kind is None or (isinstance(kind, ast.Name) and kind.id in catching) or (
                    isinstance(kind, ast.Attribute) and kind.attr in catching):  # fmt: skip
                return True
    return False


def _is_type_checking(node: ast.AST) -> bool:
    if not isinstance(node, ast.If):
        return False
    test = node.test
    return (isinstance(test, ast.Name) and test.id == "TYPE_CHECKING") or (
        isinstance(test, ast.Attribute) and test.attr == "TYPE_CHECKING")  # fmt: skip

