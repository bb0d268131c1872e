"""asgiref's bridges without threads: ``sync_to_async`` inline, ``async_to_sync``
through a suspended stack (JSPI, stood in for by ``drive``), as Django uses them."""

import asyncio
import contextvars
import threading

import pytest
from asgiref.sync import ThreadSensitiveContext, async_to_sync, sync_to_async
from shims_harness import drive, installed  # noqa: F401

from wasgi.server.shims import AsyncToSyncUnavailableError, asgiref_inline, jspi

user = contextvars.ContextVar("user", default="anonymous")


@pytest.fixture
def jspi_stand_in(monkeypatch):
    monkeypatch.setattr(jspi, "block_on", drive)


async def test_sync_to_async_runs_inline_as_in_a_worker_thread(installed):
    loop = asyncio.get_running_loop()

    def view():
        return threading.current_thread().name, asyncio._get_running_loop()

    for thread_sensitive in (True, False):
        assert await sync_to_async(view, thread_sensitive=thread_sensitive)() == (threading.main_thread().name, None)
    assert asyncio._get_running_loop() is loop


async def test_sync_to_async_keeps_context_changes_as_asgiref_does(installed):
    def log_in():
        seen = user.get()
        user.set("ann")
        return seen

    assert await sync_to_async(log_in)() == "anonymous"
    assert user.get() == "ann"


async def test_sync_to_async_runs_in_a_given_context(installed):
    given = contextvars.copy_context()
    given.run(user.set, "in the given context")
    assert await sync_to_async(user.get, context=given)() == "in the given context"


async def test_sync_to_async_exceptions_reach_the_caller(installed):
    with pytest.raises(KeyError):
        await sync_to_async({}.__getitem__)("missing")


async def test_thread_sensitive_context_starts_no_thread_on_exit(installed):
    # Django wraps every request in one; without the shims its exit joins an executor in a new thread.
    async with ThreadSensitiveContext():
        assert await sync_to_async(lambda: 42)() == 42


async def test_thread_sensitive_calls_wait_for_the_one_running(installed):
    ran = []
    lock = asgiref_inline.SYNC_THREAD.lock()
    await lock.acquire()  # as a call suspended part-way (JSPI) would hold it
    sensitive = asyncio.ensure_future(sync_to_async(ran.append)("sensitive"))
    insensitive = asyncio.ensure_future(sync_to_async(ran.append, thread_sensitive=False)("insensitive"))
    for _ in range(5):
        await asyncio.sleep(0)
    assert ran == ["insensitive"]
    lock.release()
    await asyncio.gather(sensitive, insensitive)
    assert ran == ["insensitive", "sensitive"]


async def test_async_to_sync_inside_sync_to_async(installed, jspi_stand_in):
    async def fetch_profile(name):
        await asyncio.sleep(0)
        user.set(name)
        # Nested thread-sensitive work re-enters the running call instead of waiting for it.
        return await sync_to_async(str.upper)(name)

    def view():
        profile = async_to_sync(fetch_profile)("bob")
        return profile, user.get(), asyncio._get_running_loop()

    assert await sync_to_async(view)() == ("BOB", "bob", None)


async def test_async_to_sync_where_a_loop_runs_is_refused(installed):
    async def noop():
        pass

    with pytest.raises(RuntimeError, match="await the coroutine function directly"):
        async_to_sync(noop)()


async def test_async_to_sync_without_jspi_says_so(installed):
    called = []

    async def never_called():
        called.append(True)

    def view():
        return async_to_sync(never_called)()

    with pytest.raises(AsyncToSyncUnavailableError, match="JavaScript Promise Integration"):
        await sync_to_async(view)()
    assert called == []
