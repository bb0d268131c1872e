"""Memory snapshots: the interpreter's memory with the app's dependencies
already imported, made in the browser after a first visit
(worker/snapshot_worker.mjs) and restored on later visits instead of a
normal boot.

A snapshot holds memory, not files: after a restore the worker puts
site-packages and the app back on the filesystem before anything imports,
then calls ``after_restore``. Only third-party and stdlib modules are
imported into a snapshot, never the app's own: an app's import-time side
effects (an open database, say) must not be frozen into memory.
"""

from __future__ import annotations

import importlib
import importlib.abc
import json
import random
import sys
from importlib.machinery import ExtensionFileLoader, FileFinder, PathFinder


class SnapshotImportRefused(ImportError):
    """While making a snapshot: an import of a module a snapshot cannot hold."""


class _RefuseUnsnapshottable(importlib.abc.MetaPathFinder):
    """Keeps out of a snapshot the compiled extensions (``.so``) that were not
    preloaded, and the modules that hold JavaScript objects.

    Pyodide's snapshot restores memory but not the WebAssembly code and
    function-table slots of dynamically loaded libraries. The worker preloads
    the libraries a first visit used, at the same addresses in every run
    (worker/dynlibs.mjs); any other extension imported before the snapshot
    would crash ("table index is out of bounds") when called after a restore.
    Refusing it makes the modules that need it fail here and be imported at
    boot instead; a library that falls back to pure Python when an
    accelerator is missing keeps that fallback.
    """

    def __init__(self, preloaded: set[str]) -> None:
        self.preloaded = preloaded

    def find_spec(self, name, path, target=None):  # noqa: ANN001, D102 - importlib protocol
        if name in _NEVER_SNAPSHOT:
            raise SnapshotImportRefused(f"{name} holds JavaScript objects: imported after the snapshot is restored")
        spec = PathFinder.find_spec(name, path, target)
        if spec is not None and isinstance(spec.loader, ExtensionFileLoader) and spec.origin not in self.preloaded:
            raise SnapshotImportRefused(f"{name} is a compiled extension: imported after the snapshot is restored")
        return None


def preimport(
    modules: list[str], maybe: list[str] = (), preloaded: list[str] = (), templates: dict[str, str] | None = None
) -> list[str]:
    """Import each module (in the snapshot's interpreter); return those that failed.

    ``preloaded`` are the paths of the compiled extensions the worker loaded
    before Python started; no other extension may be imported.

    ``maybe`` names that may not be modules at all (``from pkg import name``
    names a function as often as a submodule): their failures go unreported.
    A module that cannot be imported here (it needs the app's settings, say)
    is simply imported later, as without a snapshot.

    ``templates``: the first visit's compiled Jinja templates (``first_visit_plan``).
    """
    from . import template_cache
    from .shims import install

    install()  # the shims patch libraries as they are imported; they must be in place first
    template_cache.preload(templates or {})
    refuse = _RefuseUnsnapshottable(set(preloaded))
    sys.meta_path.insert(0, refuse)
    failed = []
    try:
        for name in [*modules, *maybe]:
            before = set(sys.modules)
            try:
                importlib.import_module(name)
            except BaseException:  # noqa: BLE001 - anything at all: this module stays out of the snapshot
                # Drop what the failed import left behind too: a submodule in
                # sys.modules that was never bound to its half-made parent
                # would break ``parent.submodule`` after the restore.
                for leftover in set(sys.modules) - before:
                    del sys.modules[leftover]
                if name in modules:
                    failed.append(name)
    finally:
        sys.meta_path.remove(refuse)
    return failed


# Modules that hold references to JavaScript objects: a snapshot cannot keep them.
_NEVER_SNAPSHOT = ("js", "pyodide_js")


def imported_modules(app_dir: str) -> list[str]:
    """The modules imported so far that a snapshot may hold, in import order.

    After a first visit this includes what the app imports lazily (anyio's
    backend on the first request, say), which a static reading of its source
    cannot find. The app's own modules are left out, as in the build's plan.
    """
    app_prefix = app_dir.rstrip("/") + "/"
    names = []
    for name, module in list(sys.modules.items()):
        origin = getattr(module, "__file__", None) or ""
        if name == "__main__" or name.split(".")[0] in _NEVER_SNAPSHOT or origin.startswith(app_prefix):
            continue
        names.append(name)
    return names


def first_visit_plan(app_dir: str) -> str:
    """What the next visit's snapshot should hold, as JSON: the modules
    imported so far (``imported_modules``) and the templates compiled so far
    (``template_cache``)."""
    from . import template_cache

    return json.dumps({"modules": imported_modules(app_dir), "templates": template_cache.export()})


def after_restore() -> None:
    """Make a restored interpreter fit for this visit."""
    # Every restore starts from the same memory: without a reseed, every
    # visitor would draw the same "random" numbers.
    random.seed()
    # The files are new since the snapshot: drop what importlib cached about
    # folders. Only the folder finders: importlib.invalidate_caches() would also
    # re-read the standard library's zip index, 150 ms for nothing.
    for finder in list(sys.path_importer_cache.values()):
        if isinstance(finder, FileFinder):
            finder.invalidate_caches()
