"""aiosqlite runs without its thread: each call runs as it is queued, and a call
that finds the database locked waits on the loop, not in SQLite's busy wait.
(Thread.start raises under the shims: a connection that started one would fail.)"""

import asyncio
import sqlite3
import time

import aiosqlite
import pytest

from shims_harness import installed  # noqa: F401  (a fixture)


async def test_connect_query_and_close_start_no_thread(installed, tmp_path):
    async with aiosqlite.connect(tmp_path / "a.db") as db:
        await db.execute("create table t (n integer)")
        await db.executemany("insert into t values (?)", [(1,), (2,)])
        await db.commit()
        db.row_factory = aiosqlite.Row
        async with db.execute("select sum(n) as total from t") as cursor:
            total = (await cursor.fetchone())["total"]
        with pytest.raises(sqlite3.OperationalError, match="no such table"):
            await db.execute("select * from missing")
        # SQLite's own busy wait is off; the connection's timeout is kept by the queue.
        async with db.execute("pragma busy_timeout") as cursor:
            busy = (await cursor.fetchone())[0]
    assert (total, busy) == (3, 0)


async def test_a_write_waits_on_the_loop_for_another_connections_transaction(installed, tmp_path):
    path = tmp_path / "locked.db"
    order = []
    async with aiosqlite.connect(path) as first, aiosqlite.connect(path) as second:
        await first.execute("create table t (who text)")
        await first.commit()
        await first.execute("begin immediate")  # holds the write lock until it commits
        await first.execute("insert into t values ('first')")

        async def second_writes():
            await second.execute("insert into t values ('second')")
            order.append("second wrote")
            await second.commit()

        async def first_commits_later():
            await asyncio.sleep(0.05)
            order.append("first commits")
            await first.commit()

        await asyncio.gather(second_writes(), first_commits_later())
        async with first.execute("select who from t order by rowid") as cursor:
            rows = [row[0] async for row in cursor]
    assert (order, rows) == (["first commits", "second wrote"], ["first", "second"])


async def test_a_lock_held_past_the_busy_timeout_fails_as_with_the_thread(installed, tmp_path):
    path = tmp_path / "held.db"
    async with aiosqlite.connect(path) as first, aiosqlite.connect(path, timeout=0.05) as second:
        await first.execute("create table t (n integer)")
        await first.commit()
        await first.execute("begin immediate")
        started = time.monotonic()
        with pytest.raises(sqlite3.OperationalError, match="database is locked"):
            await second.execute("insert into t values (1)")
        waited = time.monotonic() - started
        await first.rollback()
        await second.execute("insert into t values (2)")  # free again: the queue goes on
        await second.commit()
    assert 0.04 < waited < 2
