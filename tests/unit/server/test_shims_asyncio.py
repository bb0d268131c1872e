"""``asyncio.to_thread`` and ``loop.run_in_executor`` run inline, outside the loop."""

import asyncio
import contextvars
import threading
from concurrent.futures import Executor, Future, ThreadPoolExecutor

import pytest
from shims_harness import installed  # noqa: F401

request_id = contextvars.ContextVar("request_id", default=None)


def where():
    return threading.current_thread().name, asyncio._get_running_loop()


async def test_to_thread_runs_inline_without_a_running_loop(installed):
    loop = asyncio.get_running_loop()
    assert await asyncio.to_thread(where) == (threading.main_thread().name, None)
    assert asyncio._get_running_loop() is loop


async def test_to_thread_sees_the_callers_context_and_keeps_its_own(installed):
    request_id.set("r1")

    def work():
        seen = request_id.get()
        request_id.set("changed in the worker")
        return seen

    assert await asyncio.to_thread(work) == "r1"
    assert request_id.get() == "r1"


async def test_default_executor_future_is_done_at_once(installed):
    future = asyncio.get_running_loop().run_in_executor(None, pow, 2, 10)
    assert future.done()
    assert await future == 1024


async def test_executor_exceptions_reach_the_awaiting_code(installed):
    with pytest.raises(ZeroDivisionError):
        await asyncio.get_running_loop().run_in_executor(None, lambda: 1 / 0)


async def test_thread_pool_executor_runs_inline_too(installed):
    with ThreadPoolExecutor() as pool:
        assert await asyncio.get_running_loop().run_in_executor(pool, where) == (threading.main_thread().name, None)


async def test_other_executors_are_left_to_asyncio(installed):
    class RecordingExecutor(Executor):
        def __init__(self):
            self.calls = []

        def submit(self, fn, /, *args, **kwargs):
            self.calls.append(fn)
            future = Future()
            future.set_result(fn(*args, **kwargs))
            return future

    executor = RecordingExecutor()
    assert await asyncio.get_running_loop().run_in_executor(executor, abs, -3) == 3
    assert executor.calls == [abs]
