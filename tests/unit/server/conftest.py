"""Runs ``async def`` tests: on asyncio's loop under CPython, on an I/O-free
loop inside Pyodide (see inline_loop.py)."""

from __future__ import annotations

import asyncio
import inspect
import sys

import pytest


def run(coro):
    """Run one coroutine to completion on a fresh loop."""
    if sys.platform == "emscripten":
        from inline_loop import InlineLoop

        loop = InlineLoop()
    else:
        loop = asyncio.new_event_loop()
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
