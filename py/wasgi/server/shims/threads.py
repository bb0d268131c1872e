"""Threads in a browser: starting one fails clearly, thread pools run work inline.

Pyodide cannot start threads; on its own, ``Thread.start()`` fails with a
bare "can't start new thread". ``ThreadsUnavailableError`` says what to do
instead. A ``ThreadPoolExecutor`` runs each submitted call at once, in the
caller's thread, and hands back a finished ``Future``: a future may be done
when ``submit`` returns, so code that submits work and waits on the result
keeps working. It blocks the event loop while the call runs.
"""

from __future__ import annotations

import contextvars
import functools
import sys
import threading
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures.thread import BrokenThreadPool
from typing import Any, Callable

from ..code_location import in_stdlib, short_name
from .errors import ThreadsUnavailableError
from .outside_loop import call_outside_loop
from .patch import Patch

# Set on an executor once its initializer ran (inline, there is one "worker").
_INITIALIZED = "_wasgi_initialized"


def refuse_to_start(thread: threading.Thread) -> None:
    """Stands in for ``Thread.start``: raise ``ThreadsUnavailableError``."""
    raise ThreadsUnavailableError(
        f"Threads cannot run in the browser, so thread {thread.name!r}{_starter()} was not started: "
        "call the function directly, await it with asyncio.to_thread() or anyio.to_thread.run_sync() "
        "(wasgi runs those inline), or start an asyncio task instead"
    )


def _starter() -> str:
    """", which pkg/module.py:12 starts": the first caller outside the standard library and wasgi."""
    frame = sys._getframe(2)
    while frame is not None and (in_stdlib(frame.f_code.co_filename) or frame.f_globals.get("__name__", "").startswith("wasgi.")):
        frame = frame.f_back
    return "" if frame is None else f", which {short_name(frame.f_code.co_filename, frame.f_lineno)} starts,"


def submit_inline(executor: ThreadPoolExecutor, fn: Callable[..., Any], /, *args: Any, **kwargs: Any) -> Future:
    """Stands in for ``ThreadPoolExecutor.submit``: run ``fn`` now, return its finished future."""
    if getattr(executor, "_broken", False):
        raise BrokenThreadPool(executor._broken)
    if getattr(executor, "_shutdown", False):
        raise RuntimeError("cannot schedule new futures after shutdown")
    _run_initializer_once(executor)
    future: Future = Future()
    future.set_running_or_notify_cancel()
    try:
        # A fresh context and no running loop: what a pool thread would have.
        result = contextvars.copy_context().run(call_outside_loop, fn, *args, **kwargs)
    except BaseException as exc:  # a pool thread hands every exception to the future
        future.set_exception(exc)
    else:
        future.set_result(result)
    return future


def _run_initializer_once(executor: ThreadPoolExecutor) -> None:
    # Inline there is one "worker thread", so the initializer runs once.
    if executor.__dict__.get(_INITIALIZED):
        return
    executor.__dict__[_INITIALIZED] = True
    create_worker_context = getattr(executor, "_create_worker_context", None)
    if create_worker_context is not None:  # Python 3.14
        initialize = create_worker_context().initialize
    elif getattr(executor, "_initializer", None) is not None:  # Python 3.11 to 3.13
        initialize = functools.partial(executor._initializer, *executor._initargs)
    else:
        return
    try:
        call_outside_loop(initialize)
    except BaseException as exc:
        executor._broken = "A thread initializer failed, the thread pool is not usable anymore"
        raise BrokenThreadPool(executor._broken) from exc


def patches() -> list[Patch]:
    """The patches that refuse threads and run thread pools inline."""
    return [
        Patch(threading.Thread, "start", refuse_to_start),
        Patch(ThreadPoolExecutor, "submit", submit_inline),
    ]
