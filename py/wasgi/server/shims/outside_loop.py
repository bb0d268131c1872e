"""Call sync code as a worker thread would see it: with no running event loop.

In a real server, ``to_thread``, ``run_in_executor`` and ``sync_to_async``
hand sync code to a thread where no event loop runs. Code relies on that:
Django refuses ORM calls where it sees a running loop
(``SynchronousOnlyOperation``) and asgiref's ``async_to_sync`` refuses to
start there. Running such code inline, wasgi unregisters the loop for the
duration of the call, so the code sees what it would see in a thread.
"""

from __future__ import annotations

import asyncio
from contextvars import ContextVar
from typing import Any, Callable, TypeVar

T = TypeVar("T")

# The loop that inline sync code stepped away from; async_to_sync schedules
# coroutines back on it. A ContextVar because calls interleave per task.
_stepped_away_from: ContextVar[asyncio.AbstractEventLoop | None] = ContextVar("wasgi_stepped_away_from", default=None)


def call_outside_loop(func: Callable[..., T], /, *args: Any, **kwargs: Any) -> T:
    """Return ``func(*args, **kwargs)``, run with no event loop registered as running."""
    loop = asyncio._get_running_loop()
    if loop is None:
        return func(*args, **kwargs)
    token = _stepped_away_from.set(loop)
    asyncio._set_running_loop(None)
    try:
        return func(*args, **kwargs)
    finally:
        asyncio._set_running_loop(loop)
        _stepped_away_from.reset(token)


def stepped_away_loop() -> asyncio.AbstractEventLoop | None:
    """The loop the current inline call stepped away from, if any."""
    return _stepped_away_from.get()
