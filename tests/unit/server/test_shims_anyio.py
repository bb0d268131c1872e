"""anyio's worker threads run inline: ``to_thread.run_sync`` and Starlette's helpers on it."""

import asyncio
import threading

import anyio
import pytest
import anyio.to_thread
from shims_harness import installed  # noqa: F401
from starlette.concurrency import iterate_in_threadpool, run_in_threadpool


def where(*args):
    return threading.current_thread().name, asyncio._get_running_loop(), args


async def test_run_sync_runs_inline_without_a_running_loop(installed):
    loop = asyncio.get_running_loop()
    assert await anyio.to_thread.run_sync(where, 1, 2) == (threading.main_thread().name, None, (1, 2))
    assert asyncio._get_running_loop() is loop


async def test_run_sync_takes_a_token_of_the_limiter(installed):
    limiter = anyio.CapacityLimiter(1)
    assert await anyio.to_thread.run_sync(lambda: limiter.borrowed_tokens, limiter=limiter) == 1
    assert limiter.borrowed_tokens == 0


async def test_run_sync_passes_exceptions_on(installed):
    try:
        await anyio.to_thread.run_sync(int, "x")
    except ValueError as exc:
        assert "invalid literal" in str(exc)
    else:
        raise AssertionError("no ValueError")


async def test_starlette_threadpool_helpers(installed):
    assert await run_in_threadpool(where, "a") == (threading.main_thread().name, None, ("a",))

    def lines():
        yield asyncio._get_running_loop()
        yield "second"

    assert [item async for item in iterate_in_threadpool(lines())] == [None, "second"]


async def test_anyio_files_use_the_inline_threads(installed, tmp_path):
    path = tmp_path / "note.txt"
    async with await anyio.open_file(path, "w") as f:
        await f.write("written through anyio")
    assert await anyio.Path(path).read_text() == "written through anyio"


def test_uninstall_restores_anyio():
    from anyio._backends import _asyncio

    from wasgi.server import shims

    original = vars(_asyncio.AsyncIOBackend)["run_sync_in_worker_thread"]
    shims.install()
    assert vars(_asyncio.AsyncIOBackend)["run_sync_in_worker_thread"] is not original
    shims.uninstall()
    assert vars(_asyncio.AsyncIOBackend)["run_sync_in_worker_thread"] is original


async def test_code_run_inline_can_call_back_into_the_loop(installed):
    # SQLAdmin's sync writes call its async hooks with anyio.from_thread.run.
    import anyio.from_thread

    from wasgi.server.shims import AsyncToSyncUnavailableError

    loop = asyncio.get_running_loop()

    def in_the_loops_thread():
        return asyncio._get_running_loop()

    def worker():
        seen = anyio.from_thread.run_sync(in_the_loops_thread)
        try:
            waited = anyio.from_thread.run(asyncio.sleep, 0, "waited")
        except AsyncToSyncUnavailableError:  # no JSPI here (CPython, Node): the Chromium tests wait
            waited = "needs JSPI"
        return seen, waited, asyncio._get_running_loop()

    seen, waited, after = await anyio.to_thread.run_sync(worker)
    assert seen is loop and after is None
    assert waited == "needs JSPI"
    # Outside code run inline they are anyio's own: no worker thread, no loop token.
    with pytest.raises(RuntimeError):
        anyio.from_thread.run_sync(in_the_loops_thread)
