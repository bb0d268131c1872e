"""``multiprocessing.synchronize`` where Python cannot make its locks.

Pyodide leaves out ``_multiprocessing`` (a browser tab cannot start
processes), so ``import multiprocessing.synchronize`` fails, and with it every
library that imports its classes only to name them in type hints. Hypercorn
does, so Quart, which imports Hypercorn, could not even be imported. Where
``_multiprocessing`` is missing, a finder supplies a stand-in module whose
classes raise ``ProcessesUnavailableError`` when made.

Only that module is stood in for: code that probes ``_multiprocessing`` itself
(joblib does, to pick its serial mode) still finds it missing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
from types import ModuleType
from typing import Sequence

from .errors import ProcessesUnavailableError

MODULE = "multiprocessing.synchronize"
# The names the real module exports.
NAMES = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition", "Event", "Barrier")


def needed() -> bool:
    """Whether this Python lacks what ``multiprocessing.synchronize`` is built on."""
    return importlib.util.find_spec("_multiprocessing") is None


class SynchronizeStandIn(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and makes the stand-in ``multiprocessing.synchronize``."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != MODULE or not needed():
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        module.__doc__ = "A stand-in from wasgi: this Python cannot make multiprocessing's locks."
        module.__all__ = list(NAMES)
        for name in NAMES:
            setattr(module, name, _unavailable(name))


def _unavailable(name: str) -> type:
    def __init__(self, *args, **kwargs) -> None:
        raise ProcessesUnavailableError(
            f"multiprocessing.{name} needs processes, which a browser tab cannot start "
            "(Pyodide has no _multiprocessing): use asyncio's or threading's primitives instead"
        )

    return type(name, (), {"__init__": __init__, "__module__": MODULE, "__qualname__": name})
