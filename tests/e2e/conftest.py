"""Shared by the browser tests in this folder: one booted page of the runtime
test app, and the data files (with servers on other origins) the data tests load."""

from __future__ import annotations

import sqlite3

import pytest

from booted import BootedPage, boot_page
from data_files import make_db
from data_server import serve_data


@pytest.fixture(scope="session")
def runtime_page(browser, sites) -> BootedPage:
    booted = boot_page(browser, sites.url("tests/e2e/apps/runtime/app.py:app", "runtime"))
    yield booted
    booted.page.context.close()


@pytest.fixture(scope="session")
def data_dir(tmp_path_factory):
    root = tmp_path_factory.mktemp("data")
    make_db(root / "small.db")
    make_db(root / "second.db", [("owl", 1.0)])
    (root / "cities.csv").write_text("city;pop;founded\nParis;2100000;-250\nLyon;500000;-43\n")
    (root / "events.ndjson").write_text('{"id": 1, "kind": "start"}\n{"id": 2, "kind": "stop", "ms": 12.5}\n')
    (root / "notes.txt").write_text("this is not a database at all, just text\n" * 10)
    (root / "page.html").write_text("<!doctype html><html><body>Not Found</body></html>")
    # A 1 GB database: a small table first, then 1 GB of blobs nobody reads.
    big = sqlite3.connect(root / "big.db")
    big.execute("create table summary (name text)")
    big.executemany("insert into summary values (?)", [(f"row {i}",) for i in range(20)])
    big.execute("create table blobs (id integer primary key, payload blob)")
    big.execute("insert into blobs (payload) select zeroblob(1048576) from "
                "(with recursive c(x) as (select 1 union all select x + 1 from c where x < 1024) select x from c)")
    big.commit()
    big.close()
    # 12 MB: over the lazy threshold, for the server without range support.
    medium = sqlite3.connect(root / "medium.db")
    medium.execute("create table t (payload blob)")
    medium.execute("insert into t select zeroblob(1048576) from "
                   "(with recursive c(x) as (select 1 union all select x + 1 from c where x < 12) select x from c)")
    medium.commit()
    medium.close()
    return root


@pytest.fixture(scope="session")
def servers(data_dir):
    made = {"cors": serve_data(data_dir), "norange": serve_data(data_dir, ranges=False),
            "nocors": serve_data(data_dir, cors=False)}
    yield made
    for server in made.values():
        server.shutdown()
