"""SQLAlchemy's async engine without greenlet: what runs without JSPI (the waits
themselves are tested in Chromium, tests/e2e/test_frameworks.py)."""

import sys
import types

import pytest

from wasgi.server.shims import AsyncToSyncUnavailableError, sqlalchemy_jspi


class MissingGreenlet(Exception):
    pass


class AwaitRequired(Exception):
    pass


@pytest.fixture
def sqlalchemy_exc(monkeypatch):
    """sqlalchemy.exc's two errors, without SQLAlchemy installed here."""
    package = types.ModuleType("sqlalchemy")
    package.exc = types.SimpleNamespace(MissingGreenlet=MissingGreenlet, AwaitRequired=AwaitRequired)
    monkeypatch.setitem(sys.modules, "sqlalchemy", package)


async def test_greenlet_spawn_runs_the_function_and_says_it_is_inside(sqlalchemy_exc):
    seen = await sqlalchemy_jspi.greenlet_spawn(lambda a, b=0: (a + b, sqlalchemy_jspi.in_greenlet()), 1, b=2)
    assert seen == (3, True)
    assert sqlalchemy_jspi.in_greenlet() is False


def test_await_only_outside_greenlet_spawn_fails_as_sqlalchemy_does(sqlalchemy_exc):
    async def never():
        raise AssertionError("not run")

    coro = never()
    with pytest.raises(MissingGreenlet, match="outside greenlet_spawn"):
        sqlalchemy_jspi.await_only(coro)
    assert coro.cr_frame is None  # closed: no "never awaited" warning


async def test_an_operation_that_must_await_and_did_not_says_so(sqlalchemy_exc):
    with pytest.raises(AwaitRequired, match="async DBAPI driver"):
        await sqlalchemy_jspi.greenlet_spawn(lambda: None, _require_await=True)


async def test_without_jspi_a_wait_names_sqlalchemy(sqlalchemy_exc):
    async def one():
        return 1

    with pytest.raises(AsyncToSyncUnavailableError, match="SQLAlchemy's await_only cannot wait here"):
        await sqlalchemy_jspi.greenlet_spawn(lambda: sqlalchemy_jspi.await_only(one()))


def test_both_sqlalchemy_layouts_are_patched_only_without_greenlet(monkeypatch):
    monkeypatch.setattr("importlib.util.find_spec", lambda name: None)

    def module(**names):
        return types.SimpleNamespace(
            greenlet_spawn=None, await_only=None, in_greenlet=None, AsyncAdaptedLock=None, **names)

    v20 = module(await_fallback=None)
    assert {p.name for p in sqlalchemy_jspi.patches(v20)} == {
        "greenlet_spawn", "await_only", "await_fallback", "in_greenlet", "AsyncAdaptedLock"}

    class Shim:
        def _initialize(self, *, raise_=True):
            if raise_:
                raise ImportError("greenlet")

    v21 = module(await_=None, _concurrency_shim_cls=Shim)
    made = sqlalchemy_jspi.patches(v21)
    for patch in made:
        patch.apply()
    Shim()._initialize()  # quiet now, where SQLAlchemy 2.1 would raise at import
    assert v21.await_ is sqlalchemy_jspi.await_only
    for patch in made:
        patch.revert()

    monkeypatch.setattr("importlib.util.find_spec", lambda name: object())
    assert sqlalchemy_jspi.patches(module()) == []
