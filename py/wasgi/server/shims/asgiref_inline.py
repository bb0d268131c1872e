"""asgiref's ``sync_to_async`` inline and ``async_to_sync`` through JSPI.

``sync_to_async`` normally runs the function in a thread (one shared thread
when ``thread_sensitive``); here it runs inline, outside the loop, so Django
sync views, middleware, signals and the ORM see what they see in that thread,
and thread-sensitive calls still run one at a time (``sync_thread``).
Nothing is ever submitted to an executor, so ``ThreadSensitiveContext`` has
no executor to shut down and starts no thread on exit.

``async_to_sync`` normally runs the coroutine on the loop's thread and blocks
its own thread until it is done; here ``jspi.block_on`` suspends the calling
stack instead, while the loop runs the coroutine. ``force_new_loop`` is
ignored: there is one loop.
"""

from __future__ import annotations

import asyncio
import contextvars
import functools
from types import ModuleType
from typing import Any

from . import jspi
from .outside_loop import call_outside_loop
from .patch import Patch, require
from .sync_thread import SyncThread

# Context variables can be unset, so "no value" needs its own marker.
_UNSET = object()

# Where thread-sensitive calls run, one at a time, as in asgiref's one thread.
SYNC_THREAD = SyncThread()


async def sync_to_async_call(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Stands in for ``SyncToAsync.__call__``: run the function now, as its thread would."""
    await jspi.reach_suspendable_stack()  # the function may wait in async_to_sync
    call = functools.partial(self.func, *args, **kwargs)
    # Without a given context, asgiref runs the function in a copy of the
    # caller's and then copies every change back: the same as running it in
    # the caller's context, as here.
    context = getattr(self, "context", None)  # asgiref 3.8 and later
    if getattr(self, "_thread_sensitive", True):
        return await SYNC_THREAD.run(call, context)
    if context is not None:
        return context.run(call_outside_loop, call)
    return call_outside_loop(call)


def async_to_sync_call(self: Any, *args: Any, **kwargs: Any) -> Any:
    """Stands in for ``AsyncToSync.__call__``: wait for the coroutine with the stack suspended."""
    if asyncio._get_running_loop() is not None:
        raise RuntimeError(
            "async_to_sync() was called where an event loop is running; await the coroutine function directly"
        )
    captured: list[contextvars.Context] = []

    async def run_and_keep_context() -> Any:
        try:
            return await self.awaitable(*args, **kwargs)
        finally:
            captured.append(contextvars.copy_context())

    try:
        return jspi.block_on(run_and_keep_context())
    finally:
        if captured:
            _adopt(captured[0])


def _adopt(context: contextvars.Context) -> None:
    """Carry context variables the coroutine set back to the caller, as asgiref does."""
    for var, value in context.items():
        if var.get(_UNSET) is not value:
            var.set(value)


def patches(sync: ModuleType) -> list[Patch]:
    """Patch ``asgiref.sync``."""
    require(sync, "SyncToAsync", "AsyncToSync")
    return [
        Patch(sync.SyncToAsync, "__call__", sync_to_async_call),
        Patch(sync.AsyncToSync, "__call__", async_to_sync_call),
    ]
