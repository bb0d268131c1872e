"""``loop.run_in_executor`` (and so ``asyncio.to_thread``) without threads.

With the default executor or a ``ThreadPoolExecutor``, the call runs inline,
outside the loop as a pool thread would see it: at once, so the returned
future is already done, or at the loop's next turn where the calling stack
cannot suspend (``jspi.must_defer``). Pyodide's own ``WebLoop`` already runs
such calls inline, but with its loop still registered as running, which
makes Django refuse ORM calls made through ``asyncio.to_thread``.
"""

from __future__ import annotations

import asyncio
import contextvars
from concurrent.futures import ThreadPoolExecutor
from types import ModuleType
from typing import Any, Callable

from . import jspi
from .outside_loop import call_outside_loop
from .patch import Patch


def make_run_in_executor(original: Callable[..., Any]) -> Callable[..., Any]:
    """A ``run_in_executor`` that runs thread-pool work inline and defers other executors to ``original``."""

    def run_in_executor(self: asyncio.AbstractEventLoop, executor: Any, func: Callable[..., Any], *args: Any):
        if executor is not None and not isinstance(executor, ThreadPoolExecutor):
            return original(self, executor, func, *args)
        if self.is_closed():
            raise RuntimeError("Event loop is closed")
        future = self.create_future()
        context = contextvars.copy_context()

        def run() -> None:
            if future.cancelled():
                return
            try:
                result = context.run(call_outside_loop, func, *args)
            except BaseException as exc:  # an executor hands every exception to the future
                future.set_exception(exc)
            else:
                future.set_result(result)

        if jspi.must_defer():
            self.call_soon(run)
        else:
            run()
        return future

    run_in_executor.__doc__ = "Run ``func`` inline (no threads in the browser); return its future."
    return run_in_executor


def patches(base_events: ModuleType = asyncio.base_events) -> list[Patch]:
    """Patch asyncio's own loops (``BaseEventLoop``)."""
    loop_class = base_events.BaseEventLoop
    return [Patch(loop_class, "run_in_executor", make_run_in_executor(loop_class.run_in_executor))]


def webloop_patches(webloop: ModuleType) -> list[Patch]:
    """Patch Pyodide's ``WebLoop``, the loop every browser task runs on."""
    loop_class = webloop.WebLoop
    return [Patch(loop_class, "run_in_executor", make_run_in_executor(loop_class.run_in_executor))]
