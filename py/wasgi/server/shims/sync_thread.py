"""asgiref's shared sync thread, emulated: thread-sensitive calls run one at a time.

asgiref runs ``thread_sensitive`` ``sync_to_async`` calls in one thread, one
after another, and lets calls nested inside one (through ``async_to_sync``)
re-enter that thread. Run inline, a call can be suspended part-way: JSPI
suspends the stack in ``async_to_sync`` and in Pyodide's ``time.sleep``.
Another request's call must not start meanwhile, because both would share
the thread's state, such as Django's database connection in the middle of a
transaction. So a call waits until the running one is done, unless it is
nested inside it.
"""

from __future__ import annotations

import asyncio
import functools
import weakref
from contextvars import Context, ContextVar
from typing import Any, Callable

from .outside_loop import call_outside_loop

# True in a thread-sensitive call and in tasks it starts through async_to_sync
# (a task inherits a copy of its creator's context).
_inside: ContextVar[bool] = ContextVar("wasgi_inside_sync_thread", default=False)


class SyncThread:
    """Admits one thread-sensitive call at a time, and calls nested inside it."""

    def __init__(self) -> None:
        # asyncio.Lock belongs to one loop; tests use a loop each.
        self._locks: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, asyncio.Lock] = weakref.WeakKeyDictionary()

    async def run(self, call: Callable[[], Any], context: Context | None = None) -> Any:
        """Return ``call()`` (in ``context`` if given), run outside the loop once no other
        thread-sensitive call is running."""
        enter = functools.partial(_call_inside, call)
        if context is not None:
            enter = functools.partial(context.run, enter)
        if _inside.get():
            return enter()
        async with self.lock():
            return enter()

    def lock(self) -> asyncio.Lock:
        """The lock a thread-sensitive call holds while it runs on the current loop."""
        return self._locks.setdefault(asyncio.get_running_loop(), asyncio.Lock())


def _call_inside(call: Callable[[], Any]) -> Any:
    # Set in the context the call runs in, so tasks it starts inherit it.
    token = _inside.set(True)
    try:
        return call_outside_loop(call)
    finally:
        _inside.reset(token)
