"""Wait for a coroutine from sync code, by suspending the WebAssembly stack.

With JavaScript Promise Integration (JSPI), ``pyodide.ffi.run_sync`` parks
the current Python stack until a Promise settles, and the browser's event
loop, and so asyncio's, keeps running meanwhile. That is what
``async_to_sync`` needs when there is no second thread to block.
"""

from __future__ import annotations

import asyncio
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


def block_on(coro: Coroutine[Any, Any, T]) -> T:
    """Run ``coro`` as a task on the event loop and return its result.

    The calling stack is suspended (not the loop) until the task finishes.
    ``AsyncToSyncUnavailableError`` where JSPI is missing.
    """
    if not can_block():
        coro.close()
        raise AsyncToSyncUnavailableError(
            "async_to_sync cannot wait here: it needs JavaScript Promise Integration (JSPI), "
            "which this JavaScript engine lacks (current Chromium has it; Node 20 does not). "
            "Make the caller async and await the coroutine instead"
        )
    from pyodide.ffi import run_sync

    loop = stepped_away_loop() or asyncio.get_event_loop()
    # The task inherits a copy of this context, as asgiref's thread would.
    return run_sync(loop.create_task(coro))
