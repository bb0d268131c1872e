"""``wasgi check APP``: find what in an app breaks in a browser, before building it.

Static checks read the app's files (they never import them):

* ``calls.py``: threads, processes, subprocesses, signals, sockets and
  network clients, blocking sleeps;
* ``imports.py``: imports of modules Pyodide's Python lacks, and of packages
  no requirement provides (``packages.py`` resolves the requirements as the
  build does and lists what each wheel can be imported as);
* ``urls.py``: absolute URLs in templates and code that leave a site served
  under a sub-path such as ``/repo/``.

``runtime.py`` (``--runtime``) builds the site and boots it in headless
Chromium, reporting import and startup errors as the browser sees them.

Each finding is one line: ``path:line: [code] severity: message — fix``.
"""

from __future__ import annotations

__all__ = ["CheckOptions", "Finding", "Severity", "run_check"]
_HOMES = {"CheckOptions": "runner", "run_check": "runner", "Finding": "findings", "Severity": "findings"}


def __getattr__(name: str):
    # Lazy: `wasgi build` loads the command's argument parser, and nothing else of the check.
    import importlib

    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
