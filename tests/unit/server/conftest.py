"""Runs ``async def`` tests: on asyncio's loop under CPython, on an I/O-free
loop inside Pyodide (see inline_loop.py).

Another loop may already count as running in this thread: Pyodide's WebLoop
always does, and so does Playwright's when browser tests ran first in the same
session. Each test steps aside from it for its duration."""

from __future__ import annotations

import asyncio
import inspect
import sys
from asyncio import events

import pytest


def run(coro):
    """Run one coroutine to completion on a fresh loop."""
    if sys.platform == "emscripten":
        from inline_loop import InlineLoop

        loop = InlineLoop()
    else:
        loop = asyncio.new_event_loop()
    outer = events._get_running_loop()
    events._set_running_loop(None)
    try:
        return loop.run_until_complete(coro)
    finally:
        # As asyncio.run does: cancel what the test left running, then close.
        pending = [t for t in asyncio.all_tasks(loop) if not t.done()]
        for task in pending:
            task.cancel()
        if pending:
            loop.run_until_complete(_settle(pending))
        loop.run_until_complete(loop.shutdown_asyncgens())
        loop.close()
        events._set_running_loop(outer)


async def _settle(tasks):
    # gather() inside a coroutine, so it binds to the running loop.
    await asyncio.gather(*tasks, return_exceptions=True)


@pytest.hookimpl(tryfirst=True)
def pytest_pyfunc_call(pyfuncitem):
    if inspect.iscoroutinefunction(pyfuncitem.obj):
        args = {name: pyfuncitem.funcargs[name] for name in pyfuncitem._fixtureinfo.argnames}
        run(asyncio.wait_for(pyfuncitem.obj(**args), timeout=30))
        return True
    return None
