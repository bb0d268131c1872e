"""Helpers for the shim tests: shims installed for one test, and a stand-in for
JSPI, which neither CPython nor Node 20 has."""

from __future__ import annotations

import contextvars

import pytest

from wasgi.server import shims


@pytest.fixture
def installed():
    """The shims, installed for the test and removed after it."""
    shims.install()
    try:
        yield
    finally:
        shims.uninstall()


def drive(coro):
    """Run a coroutine that only awaits bare yields, without a loop, in a copy of the
    current context: what ``jspi.block_on`` does with a task, minus the loop."""

    def steps():
        try:
            while True:
                coro.send(None)
        except StopIteration as stop:
            return stop.value

    return contextvars.copy_context().run(steps)
