"""Pyodide compatibility shims: sync code without threads.

Pyodide cannot start threads, yet ASGI frameworks run sync code in them:
FastAPI ``def`` endpoints and Starlette's threadpool helpers (through anyio),
``asyncio.to_thread`` and ``loop.run_in_executor``, Django's sync views and
ORM (through asgiref's ``sync_to_async``). ``install()`` makes all of these
run the sync code inline, outside the event loop as a worker thread would
see it (``outside_loop``), and makes ``async_to_sync`` wait through JSPI
(``jspi``). Starting a thread fails with ``ThreadsUnavailableError``.

One module per job: ``threads`` (``Thread.start``, ``ThreadPoolExecutor``),
``asyncio_inline`` (``run_in_executor``), ``anyio_inline``,
``asgiref_inline`` with ``sync_thread`` (thread-sensitive calls take turns),
``logging_inline`` (``QueueListener``), ``aiosqlite_inline`` (a connection's
thread), ``sqlalchemy_jspi`` (SQLAlchemy's async engine without greenlet,
waiting as ``async_to_sync`` does), ``import_hook`` (patches
third-party modules when the app first imports them), ``patch`` (reversible
attribute replacement). Not about threads:
``processes`` (``multiprocessing.synchronize`` and ``.forkserver`` where
Pyodide cannot start processes), ``hashlib_pbkdf2`` and ``hashlib_scrypt``
(``hashlib.pbkdf2_hmac`` and ``hashlib.scrypt``, which Pyodide's hashlib lacks),
``httpx_fetch`` and ``urllib_fetch`` (httpx's and ``urllib.request``'s requests
sent through the browser, ``browser_http``).

Inline sync work holds the event loop until it returns (or suspends through
JSPI, as Pyodide's ``time.sleep`` does): other requests wait meanwhile. The
README's "Sync code without threads" tells users what works and what cannot.
"""

from __future__ import annotations

import sys
from typing import Callable

from .. import template_cache
from . import (
    aiosqlite_inline,
    anyio_inline,
    asgiref_inline,
    asyncio_inline,
    hashlib_pbkdf2,
    hashlib_scrypt,
    httpx_fetch,
    logging_inline,
    processes,
    sqlalchemy_jspi,
    threads,
    urllib_fetch,
)
from .errors import AsyncToSyncUnavailableError, ProcessesUnavailableError, ShimError, ThreadsUnavailableError
from .import_hook import PostImportHooks
from .patch import Patch

__all__ = [
    "AsyncToSyncUnavailableError",
    "ProcessesUnavailableError",
    "ShimError",
    "ThreadsUnavailableError",
    "install",
    "installed",
    "uninstall",
]

_hooks: PostImportHooks | None = None
_stand_in = processes.ProcessModulesStandIn()
_applied: list[Patch] = []


def install() -> None:
    """Install every shim; third-party modules are patched when first imported. Idempotent."""
    global _hooks
    if _hooks is not None:
        return
    _hooks = PostImportHooks()
    sys.meta_path.insert(0, _hooks)
    sys.meta_path.insert(0, _stand_in)
    _apply(threads.patches())
    _apply(logging_inline.patches())
    _apply(asyncio_inline.patches())
    _apply(hashlib_pbkdf2.patches())
    _apply(hashlib_scrypt.patches())
    _hooks.when_imported("pyodide.webloop", _applying(asyncio_inline.webloop_patches))
    _hooks.when_imported("anyio._backends._asyncio", _applying(anyio_inline.patches))
    _hooks.when_imported("anyio.from_thread", _applying(anyio_inline.from_thread_patches))
    _hooks.when_imported("asgiref.sync", _applying(asgiref_inline.patches))
    _hooks.when_imported("aiosqlite.core", _applying(aiosqlite_inline.patches))
    _hooks.when_imported("sqlalchemy.util.concurrency", _applying(sqlalchemy_jspi.patches))
    _hooks.when_imported("httpx", _applying(httpx_fetch.patches))
    _hooks.when_imported("urllib.request", _applying(urllib_fetch.patches))
    # Not about threads, but patched the same way: compiled Jinja templates kept in the snapshot.
    _hooks.when_imported("jinja2", _applying(template_cache.patches))


def uninstall() -> None:
    """Undo ``install()``: every patched attribute gets its original back (for tests)."""
    global _hooks
    if _hooks is None:
        return
    if _hooks in sys.meta_path:
        sys.meta_path.remove(_hooks)
    _hooks = None
    if _stand_in in sys.meta_path:
        sys.meta_path.remove(_stand_in)
    while _applied:
        _applied.pop().revert()


def installed() -> bool:
    """Whether ``install()`` is in effect."""
    return _hooks is not None


def _apply(patches: list[Patch]) -> None:
    for patch in patches:
        patch.apply()
        _applied.append(patch)


def _applying(make_patches: Callable) -> Callable:
    return lambda module: _apply(make_patches(module))
