"""What a site's memory snapshot should hold: the third-party modules the app
imports, found by reading its source (never by running it).

The snapshot itself is made in the visitor's browser on the first visit
(worker/snapshot_worker.mjs): Pyodide notes at startup what the JavaScript
engine can do (stack switching, which ``run_sync`` needs), and a snapshot
keeps that note, so it must be made by the same engine that restores it.
"""

from __future__ import annotations

import ast
from pathlib import Path

# Always in the snapshot: what every boot imports.
RUNTIME_MODULES = ["wasgi.server.boot", "wasgi.data"]


def app_imports(files: list[tuple[str, Path]]) -> tuple[list[str], list[str]]:
    """Absolute imports in the app's source that are not the app's own modules:
    ``(modules, maybe)``, where ``maybe`` are ``from pkg import name`` names that
    may be submodules, or may be functions and classes."""
    own = {Path(name).parts[0].removesuffix(".py") for name, _ in files}
    found: set[str] = set()
    maybe: set[str] = set()
    for name, path in files:
        if not name.endswith(".py"):
            continue
        try:
            tree = ast.parse(path.read_bytes(), filename=name)
        except SyntaxError:
            continue
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found.update(alias.name for alias in node.names)
            elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
                found.add(node.module)
                # "from pkg import mod" often names a submodule: try it too.
                maybe.update(f"{node.module}.{alias.name}" for alias in node.names if alias.name != "*")
    foreign = lambda m: m.split(".")[0] not in own and m.split(".")[0] != "__future__"  # noqa: E731
    return sorted(filter(foreign, found)), sorted(filter(foreign, maybe - found))


def snapshot_plan(files: list[tuple[str, Path]]) -> dict:
    """The lock's ``snapshot`` entry: what the browser imports before snapshotting."""
    modules, maybe = app_imports(files)
    return {"modules": [*RUNTIME_MODULES, *modules], "maybe": maybe}
