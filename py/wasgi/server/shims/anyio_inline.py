"""anyio's worker threads, run inline: ``anyio.to_thread.run_sync`` and all its callers.

Every anyio API that runs sync code in a thread ends in the asyncio backend's
``run_sync_in_worker_thread``: ``to_thread.run_sync``, Starlette's
``run_in_threadpool`` and ``iterate_in_threadpool`` (FastAPI ``def``
endpoints and dependencies, sync iterators of ``StreamingResponse``),
``anyio.open_file`` and ``anyio.Path`` (``FileResponse``, ``StaticFiles``).
Replacing that one method covers them all.

Code in such a "worker thread" may call back into the event loop with
``anyio.from_thread.run`` (SQLAdmin does, for its hooks around a sync
session's writes) or ``from_thread.run_sync``. Inline there is no other
thread to block, so ``run`` waits through JSPI as ``async_to_sync`` does
(``jspi.block_on``), and ``run_sync`` calls the function with the loop
running again. Called anywhere else, they are anyio's own.
"""

from __future__ import annotations

import asyncio
import contextvars
from types import ModuleType
from typing import Any, Callable

from . import jspi
from .outside_loop import call_outside_loop, stepped_away_loop
from .patch import Patch, require


async def run_sync_inline(
    cls: Any,
    func: Callable[..., Any],
    args: tuple[Any, ...],
    abandon_on_cancel: bool = False,
    limiter: Any = None,
) -> Any:
    """Stands in for ``AsyncIOBackend.run_sync_in_worker_thread``: call ``func`` here and now.

    Still a checkpoint and still takes a token of the limiter, as anyio's own
    does. Cancellation cannot interrupt the call once it has started.
    """
    await cls.checkpoint()
    await jspi.reach_suspendable_stack()  # the function may wait: from_thread.run, time.sleep
    async with limiter or cls.current_default_thread_limiter():
        # anyio runs the function in a copy of the caller's context.
        return contextvars.copy_context().run(call_outside_loop, func, *args)


def patches(asyncio_backend: ModuleType) -> list[Patch]:
    """Patch ``anyio._backends._asyncio`` (imported lazily by anyio)."""
    backend = asyncio_backend.AsyncIOBackend
    require(backend, "run_sync_in_worker_thread", "checkpoint", "current_default_thread_limiter")
    return [Patch(backend, "run_sync_in_worker_thread", classmethod(run_sync_inline))]


def from_thread_patches(from_thread: ModuleType) -> list[Patch]:
    """Patch ``anyio.from_thread``: ``run`` and ``run_sync`` from code run inline by ``run_sync_inline``."""
    require(from_thread, "run", "run_sync")
    original_run, original_run_sync = from_thread.run, from_thread.run_sync

    def run(func: Callable[..., Any], *args: Any, token: Any = None) -> Any:
        if stepped_away_loop() is None:
            return original_run(func, *args, token=token)
        return jspi.block_on(func(*args))

    def run_sync(func: Callable[..., Any], *args: Any, token: Any = None) -> Any:
        loop = stepped_away_loop()
        if loop is None:
            return original_run_sync(func, *args, token=token)
        asyncio._set_running_loop(loop)  # the function runs "in the event loop's thread"
        try:
            return func(*args)
        finally:
            asyncio._set_running_loop(None)

    return [Patch(from_thread, "run", run), Patch(from_thread, "run_sync", run_sync)]
