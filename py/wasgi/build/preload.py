"""The runtime modules a page needs before its app can boot, for the shell to
fetch all at once.

A browser finds a module's imports only once the module has arrived, so a
graph five imports deep costs five round trips before the worker even starts,
and the worker's own graph as many again: about 0.6 s over a 50 ms network
before Pyodide's download begins. The shell names every module of both graphs
up front (``<link rel="modulepreload">``); the worker then finds its modules in
the HTTP cache (their names are content-hashed and cached for good).
"""

from __future__ import annotations

import json
import re
from pathlib import Path

# Where the boot starts: the shell page's module and the worker's script.
BOOT_ENTRIES = ("web/shell.mjs", "worker/worker.mjs")

# Static imports and re-exports of a relative module: `import ... from "./x.mjs"`
# (no parentheses or semicolon in between, so no code is taken for one) and
# `import "./x.mjs"`. A dynamic `import()` is not loaded at boot, so not followed.
_STATIC_IMPORT = re.compile(r'^(?:(?:import|export)\s[^;"()]*?\bfrom\s*|import\s*)"(\.\.?/[^"]+)"', re.MULTILINE)


def boot_modules(runtime_root: Path, entries: tuple[str, ...] = BOOT_ENTRIES) -> list[str]:
    """Every module the entries import statically, the entries included, as
    paths relative to ``runtime_root`` (the folder holding ``web/`` and
    ``worker/``): the first entry's graph, then what the next one adds, each
    breadth first. The page's modules come first because the worker starts
    only once they have run (over HTTP/1.1 a browser fetches six at a time)."""
    found: list[str] = []
    for entry in entries:
        pending = [entry]
        while pending:
            path = pending.pop(0)
            if path in found:
                continue
            found.append(path)
            source = (runtime_root / path).read_text()
            pending += [_normalize(f"{Path(path).parent.as_posix()}/{target}") for target in _STATIC_IMPORT.findall(source)]
    return found


def embed_module(runtime_name: str, runtime_root: Path) -> str:
    """The source of ``_wasgi/wasgi.mjs``, the entry for pages that embed the
    app: it re-exports this build's ``web/wasgi.mjs`` and imports every module
    of that graph itself, so all are asked for at once; once they have run, it
    preloads the worker's, before any ``start()`` can start the worker."""
    page = boot_modules(runtime_root, ("web/wasgi.mjs",))
    worker = [path for path in boot_modules(runtime_root, ("web/wasgi.mjs", "worker/worker.mjs")) if path not in page]
    imports = "".join(f'import "./{runtime_name}/{path}";\n' for path in page[1:])
    return (
        "// The runtime of this build, for pages that embed the app. Every module it\n"
        "// loads is named here, so the browser asks for them at once rather than\n"
        "// import by import (py/wasgi/build/preload.py).\n"
        f"{imports}"
        f'export * from "./{runtime_name}/web/wasgi.mjs";\n\n'
        "// The worker's modules, into the HTTP cache before start() starts it.\n"
        f"for (const path of {json.dumps(worker)}) {{\n"
        f'  const href = new URL("./{runtime_name}/" + path, import.meta.url).href;\n'
        '  globalThis.document?.head.append(Object.assign(document.createElement("link"), { rel: "modulepreload", href }));\n'
        "}\n"
    )


def _normalize(path: str) -> str:
    """``web/../worker/x.mjs`` as ``worker/x.mjs``."""
    parts: list[str] = []
    for part in path.split("/"):
        if part == "..":
            parts.pop()
        elif part not in ("", "."):
            parts.append(part)
    return "/".join(parts)
