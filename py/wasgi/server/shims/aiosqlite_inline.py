"""aiosqlite without its thread: each SQLite call runs as it is queued.

aiosqlite gives every connection a thread that takes calls from a queue,
runs them and hands the results back to the event loop. Pyodide cannot
start that thread, so ``aiosqlite.connect`` failed, and with it SQLAlchemy's
``sqlite+aiosqlite`` (the usual async database of FastAPI apps and of
SQLModel's async tutorials). Here the queue runs each call when it is put
in and settles its future at once, outside the loop as the thread would
run it, and the thread is never started. Calls still run one at a time, in
the order they were made.
"""

from __future__ import annotations

import asyncio
import sqlite3
import threading
from collections import deque
from types import ModuleType
from typing import Any, Callable

from .outside_loop import call_outside_loop
from .patch import Patch, require


class InlineQueue:
    """Stands in for the ``SimpleQueue`` a connection's thread reads: runs each ``(future, call)`` now.

    A call that finds the database locked by another connection (whose
    transaction waits on the loop, as the thread would have blocked) is tried
    again from the loop until the connection's busy timeout has passed, and
    the calls queued behind it wait their turn. SQLite's own busy wait would
    hold the only thread, so the lock could never be released: it is turned
    off (``PRAGMA busy_timeout = 0``) once the connection is made.
    """

    def __init__(self) -> None:
        self.pending: deque[tuple[Any, Callable[[], Any]]] = deque()
        self.retry: asyncio.TimerHandle | None = None
        self.busy_timeout = 0.0  # seconds, from the connection's own setting
        self.deadline: float | None = None

    def put_nowait(self, item: Any) -> None:
        if not isinstance(item, tuple):
            return  # aiosqlite before 0.22 queues a bare "stop running" marker
        self.pending.append(item)
        if self.retry is None:
            self._run_pending()

    def _run_pending(self) -> None:
        self.retry = None
        while self.pending:
            future, call = self.pending[0]
            try:
                result = call_outside_loop(call)
            except sqlite3.OperationalError as error:
                if _is_busy(error) and self._try_again_later():
                    return
                self._settle(future, error=error)
            except BaseException as error:  # as the thread does: the caller's await raises it
                self._settle(future, error=error)
            else:
                if isinstance(result, sqlite3.Connection):
                    self._take_over_busy_wait(result)
                self._settle(future, result=result)

    def _settle(self, future: Any, *, result: Any = None, error: BaseException | None = None) -> None:
        self.pending.popleft()
        self.deadline = None
        if future is None or future.done():
            return
        if error is not None:
            future.set_exception(error)
        else:
            future.set_result(result)

    def _try_again_later(self) -> bool:
        """Schedule the next try if the busy timeout allows; False once it has passed."""
        try:
            loop = asyncio.get_running_loop()
        except RuntimeError:  # closing at exit: no loop to wait on
            return False
        now = loop.time()
        if self.deadline is None:
            self.deadline = now + self.busy_timeout
        if now >= self.deadline:
            return False
        self.retry = loop.call_later(RETRY_SECONDS, self._run_pending)
        return True

    def _take_over_busy_wait(self, connection: sqlite3.Connection) -> None:
        (milliseconds,) = connection.execute("PRAGMA busy_timeout").fetchone()
        self.busy_timeout = milliseconds / 1000
        connection.execute("PRAGMA busy_timeout = 0")


# How often a call that found the database locked is tried again.
RETRY_SECONDS = 0.002


def _is_busy(error: sqlite3.OperationalError) -> bool:
    """SQLITE_BUSY (extended codes included): another connection holds the lock."""
    code = getattr(error, "sqlite_errorcode", None)
    return code is not None and code & 0xFF == sqlite3.SQLITE_BUSY


class UnstartedThread:
    """Stands in for the thread aiosqlite 0.22 and later keeps in ``Connection._thread``."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        self.daemon = False  # SQLAlchemy's dialect sets it

    def start(self) -> None:
        """Nothing to start: ``InlineQueue`` runs every call."""


def _start_nothing(self: Any) -> None:
    """Stands in for ``Connection.start`` where the connection is its own thread (before 0.22)."""


def patches(core: ModuleType) -> list[Patch]:
    """Patch ``aiosqlite.core``."""
    require(core, "Connection", "SimpleQueue")
    made = [Patch(core, "SimpleQueue", InlineQueue)]
    if issubclass(core.Connection, threading.Thread):
        made.append(Patch(core.Connection, "start", _start_nothing))
    else:
        require(core, "Thread")
        made.append(Patch(core, "Thread", UnstartedThread))
    return made
