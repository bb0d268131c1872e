"""``multiprocessing.synchronize`` and ``multiprocessing.forkserver`` where
Python cannot start processes.

Pyodide leaves out ``_multiprocessing`` (a browser tab cannot start
processes), so ``import multiprocessing.synchronize`` and ``import
multiprocessing.forkserver`` fail, and with them every library that imports
those modules only to name their classes or read their settings. Hypercorn
imports the first, so Quart could not even be imported; NiceGUI imports the
second, and reads the fork server's preload list before it tries (and fails,
which it handles) to make a process pool. Where ``_multiprocessing`` is
missing, a finder supplies stand-in modules: their classes and functions
raise ``ProcessesUnavailableError`` when used, and the fork server's
settings are plain values.

Only these modules are stood in for: code that probes ``_multiprocessing``
itself (joblib does, to pick its serial mode) still finds it missing.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import importlib.util
from types import ModuleType
from typing import Any, Callable, Sequence

from .errors import ProcessesUnavailableError

SYNCHRONIZE = "multiprocessing.synchronize"
FORKSERVER = "multiprocessing.forkserver"
# The names the real multiprocessing.synchronize exports.
LOCKS = ("Lock", "RLock", "Semaphore", "BoundedSemaphore", "Condition", "Event", "Barrier")


def needed() -> bool:
    """Whether this Python lacks what these modules are built on."""
    return importlib.util.find_spec("_multiprocessing") is None


def _refuse(what: str) -> ProcessesUnavailableError:
    return ProcessesUnavailableError(
        f"{what} needs processes, which a browser tab cannot start "
        "(Pyodide has no _multiprocessing): use asyncio's or threading's primitives instead"
    )


def _lock_class(name: str) -> type:
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        raise _refuse(f"multiprocessing.{name}")

    return type(name, (), {"__init__": __init__, "__module__": SYNCHRONIZE, "__qualname__": name})


def _fill_synchronize(module: ModuleType) -> None:
    module.__all__ = list(LOCKS)
    for name in LOCKS:
        setattr(module, name, _lock_class(name))


class ForkServer:
    """Stands in for multiprocessing's fork server: it keeps its preload list and starts nothing."""

    __module__ = FORKSERVER

    def __init__(self) -> None:
        self._preload_modules = ["__main__"]  # CPython's default

    def set_forkserver_preload(self, modules_names: list[str]) -> None:
        """Record the modules a fork server would import first, as CPython checks them."""
        if not all(type(name) is str for name in modules_names):
            raise TypeError("module_names must be a list of strings")
        self._preload_modules = modules_names

    def _unavailable(self, *args: Any, **kwargs: Any) -> Any:
        raise _refuse("multiprocessing's fork server")

    ensure_running = connect_to_new_process = get_inherited_fds = _unavailable


def _fill_forkserver(module: ModuleType) -> None:
    server = ForkServer()
    module.ForkServer = ForkServer
    module._forkserver = server
    for name in ("ensure_running", "connect_to_new_process", "get_inherited_fds", "set_forkserver_preload"):
        setattr(module, name, getattr(server, name))
    module.main = server._unavailable


_FILLERS: dict[str, Callable[[ModuleType], None]] = {SYNCHRONIZE: _fill_synchronize, FORKSERVER: _fill_forkserver}


class ProcessModulesStandIn(importlib.abc.MetaPathFinder, importlib.abc.Loader):
    """Finds and makes the stand-in modules."""

    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in _FILLERS or not needed():
            return None
        return importlib.machinery.ModuleSpec(fullname, self)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # the default module object

    def exec_module(self, module: ModuleType) -> None:
        module.__doc__ = "A stand-in from wasgi: this Python cannot start processes."
        _FILLERS[module.__name__](module)
