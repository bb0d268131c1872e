"""Starting a thread fails with one clear line; thread pools run work inline."""

import asyncio
import threading
from concurrent.futures import ThreadPoolExecutor
from concurrent.futures.thread import BrokenThreadPool

import pytest
from shims_harness import installed  # noqa: F401

from wasgi.server.shims import ThreadsUnavailableError


def test_starting_a_thread_says_why_and_what_to_do(installed):
    thread = threading.Thread(target=print, name="poller")
    with pytest.raises(ThreadsUnavailableError) as info:
        thread.start()
    message = str(info.value)
    # It names the code that started it (here this test; often a library's file, not the app's).
    assert message.startswith("Threads cannot run in the browser, so thread 'poller', which "
                              "test_shims_threads.py:17 starts, was not started")
    assert "asyncio.to_thread()" in message and "\n" not in message
    # Code that already handles Pyodide's own "can't start new thread" still catches it.
    assert isinstance(info.value, RuntimeError)


def test_timers_are_threads_too(installed):
    with pytest.raises(ThreadsUnavailableError):
        threading.Timer(10, print).start()


def test_pool_runs_the_call_at_once_in_this_thread(installed):
    seen = []
    with ThreadPoolExecutor(max_workers=4) as pool:
        future = pool.submit(lambda a, b=0: seen.append(threading.current_thread()) or a + b, 2, b=3)
        assert future.done()
        assert future.result() == 5
        assert list(pool.map(lambda n: n * 10, [1, 2, 3])) == [10, 20, 30]
    assert seen == [threading.main_thread()]


def test_pool_keeps_the_exception_in_the_future(installed):
    with ThreadPoolExecutor() as pool:
        future = pool.submit(int, "not a number")
    assert isinstance(future.exception(), ValueError)


def test_pool_refuses_work_after_shutdown(installed):
    pool = ThreadPoolExecutor()
    pool.shutdown()
    with pytest.raises(RuntimeError, match="after shutdown"):
        pool.submit(print)


def test_pool_initializer_runs_once(installed):
    calls = []
    with ThreadPoolExecutor(initializer=calls.append, initargs=("init",)) as pool:
        pool.submit(calls.append, "a")
        pool.submit(calls.append, "b")
    assert calls == ["init", "a", "b"]


def test_pool_with_a_failing_initializer_is_broken(installed):
    pool = ThreadPoolExecutor(initializer=int, initargs=("x",))
    with pytest.raises(BrokenThreadPool):
        pool.submit(print)
    with pytest.raises(BrokenThreadPool):
        pool.submit(print)


async def test_pool_work_sees_no_running_loop(installed):
    with ThreadPoolExecutor() as pool:
        assert pool.submit(asyncio._get_running_loop).result() is None
    assert asyncio._get_running_loop() is not None


def test_uninstall_gives_threads_back():
    from wasgi.server import shims

    original_start, original_submit = threading.Thread.start, ThreadPoolExecutor.submit
    shims.install()
    assert threading.Thread.start is not original_start
    shims.uninstall()
    assert threading.Thread.start is original_start
    assert ThreadPoolExecutor.submit is original_submit
