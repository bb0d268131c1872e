"""Wait for a coroutine from sync code, by suspending the WebAssembly stack.

With JavaScript Promise Integration (JSPI), ``pyodide.ffi.run_sync`` parks
the current Python stack until a Promise settles, and the browser's event
loop, and so asyncio's, keeps running meanwhile. That is what
``async_to_sync`` needs when there is no second thread to block.
"""

from __future__ import annotations

import asyncio
import functools
import sys
from typing import Any, Coroutine, TypeVar

from .errors import AsyncToSyncUnavailableError
from .outside_loop import stepped_away_loop

T = TypeVar("T")


def can_block() -> bool:
    """True where ``block_on`` works: inside Pyodide with JSPI, in a stack that may suspend."""
    try:
        from pyodide.ffi import can_run_sync
    except ImportError:  # CPython
        return False
    return bool(can_run_sync())


@functools.cache
def _engine_can_suspend() -> bool:
    """Whether this JavaScript engine has JSPI (Chromium does; Node 20 does not)."""
    if sys.platform != "emscripten":
        return False
    from js import WebAssembly

    return hasattr(WebAssembly, "Suspending") or hasattr(WebAssembly, "Suspender")


def must_defer() -> bool:
    """True where sync code about to run inline should wait for the loop's next turn.

    The worker calls into Python with a plain call, the fastest way in, and a
    request's first step runs inside that call (server.py), on a stack that
    cannot suspend; Pyodide's loop runs every later step on one that can. Sync
    code run inline may suspend (``block_on``, Pyodide's ``time.sleep``), so
    in that first step it waits for the loop's next turn.
    """
    return _engine_can_suspend() and not can_block()


async def reach_suspendable_stack() -> None:
    """Yield to the loop once if ``must_defer()``: what the task runs next may suspend."""
    if must_defer():
        await asyncio.sleep(0)


def block_on(coro: Coroutine[Any, Any, T], waiter: str = "async_to_sync") -> T:
    """Run ``coro`` as a task on the event loop and return its result.

    The calling stack is suspended (not the loop) until the task finishes;
    it then sees the running loop it had before (none, in code run inline),
    although other tasks ran meanwhile. ``AsyncToSyncUnavailableError``
    where JSPI is missing; ``waiter`` names what was waiting, for its message.
    """
    if not can_block():
        coro.close()
        raise AsyncToSyncUnavailableError(
            f"{waiter} cannot wait here: it needs JavaScript Promise Integration (JSPI), "
            "which this JavaScript engine lacks (current Chromium has it; Node 20 does not). "
            "Make the caller async and await the coroutine instead"
        )
    loop = stepped_away_loop() or asyncio.get_event_loop()
    # The task inherits a copy of this context, as asgiref's thread would.
    return wait(loop.create_task(_boxed(coro)))[0]


def wait(awaitable: Any) -> Any:
    """Suspend this stack until ``awaitable`` (a JavaScript Promise, or a task) settles;
    its result. Only where ``can_block()``. Other tasks run meanwhile, so the running
    loop this stack saw (none, in code run inline) is put back before it goes on."""
    from pyodide.ffi import run_sync

    before = asyncio._get_running_loop()
    try:
        return run_sync(awaitable)
    finally:
        asyncio._set_running_loop(before)


async def _boxed(coro: Coroutine[Any, Any, T]) -> list[T]:
    """The result in a list: it reaches run_sync through a JavaScript Promise,
    which would await a Python awaitable result again (a "thenable" there), and
    forever one that awaits to itself, as an aiosqlite connection does."""
    return [await coro]
