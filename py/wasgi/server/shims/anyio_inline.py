"""anyio's worker threads, run inline: ``anyio.to_thread.run_sync`` and all its callers.

Every anyio API that runs sync code in a thread ends in the asyncio backend's
``run_sync_in_worker_thread``: ``to_thread.run_sync``, Starlette's
``run_in_threadpool`` and ``iterate_in_threadpool`` (FastAPI ``def``
endpoints and dependencies, sync iterators of ``StreamingResponse``),
``anyio.open_file`` and ``anyio.Path`` (``FileResponse``, ``StaticFiles``).
Replacing that one method covers them all.
"""

from __future__ import annotations

import contextvars
from types import ModuleType
from typing import Any, Callable

from .outside_loop import call_outside_loop
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
    async with limiter or cls.current_default_thread_limiter():
        # anyio runs the function in a copy of the caller's context.
        return contextvars.copy_context().run(call_outside_loop, func, *args)


def patches(asyncio_backend: ModuleType) -> list[Patch]:
    """Patch ``anyio._backends._asyncio`` (imported lazily by anyio)."""
    backend = asyncio_backend.AsyncIOBackend
    require(backend, "run_sync_in_worker_thread", "checkpoint", "current_default_thread_limiter")
    return [Patch(backend, "run_sync_in_worker_thread", classmethod(run_sync_inline))]
