"""SQLAlchemy's asyncio extension without greenlet, through JSPI.

SQLAlchemy's async engine runs its sync core inside a greenlet
(``greenlet_spawn``); where the core needs the async driver, ``await_only``
switches back out of the greenlet to await it. greenlet has no Pyodide
wheel, so ``create_async_engine`` and ``AsyncSession`` failed ("the greenlet
library is required"). Here ``greenlet_spawn`` calls the function directly,
on a stack that can suspend, and ``await_only`` waits for the awaitable by
suspending that stack (``jspi.block_on``), as ``async_to_sync`` does: the
same order of events, with the browser's stack switching in place of
greenlet's. SQLAlchemy 2.0 and 2.1; where greenlet is installed, nothing is
patched.
"""

from __future__ import annotations

import asyncio
import importlib.util
from contextvars import ContextVar
from types import ModuleType
from typing import Any, Awaitable, Callable, TypeVar

from . import jspi
from .patch import Patch, require

T = TypeVar("T")


class _Spawn:
    """One ``greenlet_spawn`` call in progress: counts its waits (``_require_await``)."""

    __slots__ = ("waits",)

    def __init__(self) -> None:
        self.waits = 0


# The greenlet_spawn whose function is running here; None outside one, as in
# the coroutines await_only waits for (greenlet's parent runs those).
_spawn: ContextVar[_Spawn | None] = ContextVar("wasgi_sqlalchemy_spawn", default=None)


async def greenlet_spawn(fn: Callable[..., T], *args: Any, _require_await: bool = False, **kwargs: Any) -> T:
    """Stands in for SQLAlchemy's ``greenlet_spawn``: run ``fn``, whose ``await_only`` calls may wait."""
    await jspi.reach_suspendable_stack()
    spawn = _Spawn()
    token = _spawn.set(spawn)
    try:
        result = fn(*args, **kwargs)
    finally:
        _spawn.reset(token)
    if _require_await and not spawn.waits:
        from sqlalchemy import exc

        raise exc.AwaitRequired(
            "The current operation required an async execution but none was detected: "
            "use an async DBAPI driver (such as aiosqlite) with the async engine"
        )
    return result


def await_only(awaitable: Awaitable[T]) -> T:
    """Stands in for SQLAlchemy's ``await_only``: wait for ``awaitable`` from sync code in ``greenlet_spawn``."""
    spawn = _spawn.get()
    if spawn is None:
        _close(awaitable)
        from sqlalchemy import exc

        raise exc.MissingGreenlet(
            "await_only() was called outside greenlet_spawn: was IO attempted in an unexpected place "
            "(a lazy load after the session's async call returned, say)?"
        )
    spawn.waits += 1
    return _wait(awaitable, "SQLAlchemy's await_only")


def await_fallback(awaitable: Awaitable[T]) -> T:
    """Stands in for SQLAlchemy's ``await_fallback``: ``await_only``, or a wait where no loop runs."""
    if _spawn.get() is not None or asyncio._get_running_loop() is not None:
        return await_only(awaitable)
    return _wait(awaitable, "SQLAlchemy's await_fallback")


def in_greenlet() -> bool:
    """Stands in for SQLAlchemy's ``in_greenlet``: whether ``await_only`` may wait here."""
    return _spawn.get() is not None


class AsyncAdaptedLock:
    """Stands in for SQLAlchemy's lock of the same name: an ``asyncio.Lock`` taken from sync code."""

    def __init__(self) -> None:
        self.mutex = asyncio.Lock()  # binds to the loop on its first wait, not here

    def __enter__(self) -> bool:
        return await_fallback(self.mutex.acquire())

    def __exit__(self, *exc_info: Any) -> None:
        self.mutex.release()


def _wait(awaitable: Awaitable[T], waiter: str) -> T:
    if not jspi.can_block():
        _close(awaitable)  # block_on says why it cannot wait
    return jspi.block_on(_awaited(awaitable), waiter=waiter)


async def _awaited(awaitable: Awaitable[T]) -> T:
    _spawn.set(None)  # in this task's own context: the awaitable is not in greenlet_spawn
    return await awaitable


def _close(awaitable: Awaitable[Any]) -> None:
    """Close a coroutine that will never be awaited (no 'never awaited' warning)."""
    if asyncio.iscoroutine(awaitable):
        awaitable.close()


def _initialize_quietly(original: Callable[..., None]) -> Callable[..., None]:
    """SQLAlchemy 2.1 imports greenlet on first use and raises without it: set up without raising."""

    def _initialize(self: Any, *, raise_: bool = True) -> None:
        original(self, raise_=False)

    return _initialize


# The functions this module stands in for, by their names in SQLAlchemy 2.0
# (await_only, await_fallback) and 2.1 (await_, await_only an alias).
_REPLACEMENTS = {
    "greenlet_spawn": greenlet_spawn,
    "await_only": await_only,
    "await_": await_only,
    "await_fallback": await_fallback,
    "in_greenlet": in_greenlet,
    "AsyncAdaptedLock": AsyncAdaptedLock,
}


def patches(concurrency: ModuleType) -> list[Patch]:
    """Patch ``sqlalchemy.util.concurrency`` where greenlet is missing."""
    if importlib.util.find_spec("greenlet") is not None:
        return []
    require(concurrency, "greenlet_spawn", "await_only", "in_greenlet", "AsyncAdaptedLock")
    made = [Patch(concurrency, name, value) for name, value in _REPLACEMENTS.items() if hasattr(concurrency, name)]
    shim = getattr(concurrency, "_concurrency_shim_cls", None)
    if shim is not None:
        made.append(Patch(shim, "_initialize", _initialize_quietly(shim._initialize)))
    return made
