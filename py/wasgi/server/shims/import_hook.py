"""Run a callback right after a module is first imported (a post-import hook).

Shims patch third-party modules (anyio's asyncio backend, asgiref) that the
app may import later, or never. A finder at the front of ``sys.meta_path``
notices the import of a watched module, lets the usual finders locate it,
and wraps its loader so the callback runs once the module's code has run.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import sys
from types import ModuleType
from typing import Callable, Sequence

from .errors import ShimError

Callback = Callable[[ModuleType], None]
log = logging.getLogger("wasgi.shims")


class PostImportHooks(importlib.abc.MetaPathFinder):
    """Callbacks per module name, run after each import of that module."""

    def __init__(self) -> None:
        self._callbacks: dict[str, list[Callback]] = {}

    def when_imported(self, name: str, callback: Callback) -> None:
        """Run ``callback(module)`` after ``name`` is imported; now, if it already is."""
        self._callbacks.setdefault(name, []).append(callback)
        module = sys.modules.get(name)
        if module is not None:
            _run(name, callback, module)

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        callbacks = self._callbacks.get(fullname)
        if not callbacks:
            return None
        spec = self._find_with_other_finders(fullname, path, target)
        if spec is None or spec.loader is None or not hasattr(spec.loader, "exec_module"):
            return spec
        spec.loader = _LoaderThenCallbacks(spec.loader, fullname, list(callbacks))
        return spec

    def _find_with_other_finders(self, fullname, path, target):
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(fullname, path, target)
            if spec is not None:
                return spec
        return None


class _LoaderThenCallbacks(importlib.abc.Loader):
    """Delegates to the real loader, then runs the callbacks on the new module."""

    def __init__(self, loader: importlib.abc.Loader, name: str, callbacks: list[Callback]) -> None:
        self.loader = loader
        self.name = name
        self.callbacks = callbacks

    def create_module(self, spec):
        return self.loader.create_module(spec)

    def exec_module(self, module: ModuleType) -> None:
        # The module should look imported the usual way (pkgutil, resources).
        module.__loader__ = self.loader
        if module.__spec__ is not None:
            module.__spec__.loader = self.loader
        self.loader.exec_module(module)
        for callback in self.callbacks:
            _run(self.name, callback, module)

    def __getattr__(self, name: str):
        return getattr(self.loader, name)


def _run(name: str, callback: Callback, module: ModuleType) -> None:
    # A shim that cannot apply must not break the app's import; say what breaks.
    try:
        callback(module)
    except ShimError as exc:
        log.warning("wasgi could not adapt %s to the browser (%s); its thread-based features will fail", name, exc)
    except Exception:
        log.exception("wasgi's shim for %s failed", name)
