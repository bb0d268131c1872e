"""Errors the Pyodide compatibility shims raise; each says what to do instead."""


class ShimError(Exception):
    """A library's internals are not what a shim expects (an unsupported version)."""


class ThreadsUnavailableError(RuntimeError):
    """Something tried to start a thread, which the browser cannot run.

    A ``RuntimeError`` like Pyodide's own "can't start new thread", so code
    that already falls back on that error keeps working.
    """


class AsyncToSyncUnavailableError(RuntimeError):
    """Sync code asked to wait for a coroutine where the stack cannot be suspended.

    Waiting needs JavaScript Promise Integration (JSPI): present in current
    Chromium, missing in Node 20 and in browsers without it.
    """


class ProcessesUnavailableError(NotImplementedError):
    """Something tried to make a multiprocessing lock, which needs processes.

    A ``NotImplementedError``, as CPython raises on platforms whose
    ``multiprocessing.synchronize`` does not work.
    """
