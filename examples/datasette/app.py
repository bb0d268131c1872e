"""Datasette in the browser, with what Datasette Lite lacks: edits that
persist, writes over POST, plugin static assets, huge databases read lazily.

It takes Datasette Lite's parameters on the site's root URL:
``?url=`` (SQLite, repeatable), ``?csv=`` and ``?json=`` (imported into
``data.db``), ``?sql=``, ``?metadata=`` (JSON or YAML), ``?memory=1``, and
``?install=`` (plugins, on a site built with ``--allow-install``).

A database the page loads (or that you open from your computer) is copied
into the persistent directory the first time, and opened from there after
that: edits survive a reload. Databases too big to copy (read over HTTP
range requests) open read-only.
"""

import json
import os
import shutil
import sqlite3
from pathlib import Path

import yaml
from datasette.app import Datasette

from wasgi import data

HERE = Path(__file__).parent
# Above this, a loaded database is served from where it is rather than copied.
COPY_LIMIT = 64 * 1024 * 1024


def databases() -> tuple[list[str], list[str]]:
    """(files Datasette opens as mutable, files it opens as immutable)."""
    store = data.persist_dir()
    writable, immutable = [], []
    for item in data.files():
        if item.kind != "sqlite":
            continue
        if item.lazy or item.size > COPY_LIMIT:
            # Not immutable: Datasette would hash and count the whole file at
            # startup, reading every byte over the network. Opened as mutable it
            # counts rows with a time limit; writes fail, as the file is read-only.
            writable.append(str(item.path))
            continue
        kept = store / item.name
        if not kept.exists() and not item.read_only:
            store.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(item.path, kept)  # from now on, edits go to the kept copy
        (writable if kept.exists() else immutable).append(str(kept if kept.exists() else item.path))
    for item in data.stored_files():
        if item.kind == "sqlite" and str(item.path) not in writable:
            writable.append(str(item.path))
    if not writable and not immutable:
        # Nothing loaded: a scratch database to try things in, kept like the rest.
        scratch = store / "scratch.db"
        try:
            store.mkdir(parents=True, exist_ok=True)
            sqlite3.connect(scratch).close()  # Datasette opens files that exist
            writable.append(str(scratch))
        except (OSError, sqlite3.Error):
            pass  # read-only here (another tab holds the stored data)
    return writable, immutable


def metadata() -> dict:
    for item in data.files():
        if item.kind == "metadata":
            text = item.path.read_text()
            return json.loads(text) if text.lstrip().startswith("{") else yaml.safe_load(text)
    return {"title": "Datasette in your browser",
            "description": "Add ?url=https://…/data.db (or ?csv=, ?json=) to this page's address to open your data."}


# The path the site is served under ("/repo"), or "" at a domain's root.
ROOT_PATH = os.environ.get("WASGI_ROOT_PATH", "")
writable, immutable = databases()
datasette = Datasette(
    writable,
    immutables=immutable,
    memory="memory" in data.params(),
    metadata=metadata(),
    plugins_dir=str(HERE / "plugins"),
    template_dir=str(HERE / "templates"),
    static_mounts=[("assets", str(HERE / "static"))],
    # No threads in the browser: SQL runs on the event loop, as Datasette Lite does.
    settings={
        "num_sql_threads": 0,
        "allow_download": True,
        "suggest_facets": False,
        # Served under a path (a GitHub Pages project site), Datasette puts
        # base_url in front of every URL it makes (see below for the paths it gets).
        "base_url": ROOT_PATH + "/",
    },
)


def without_root_path(asgi):
    """Datasette expects what a proxy that strips the site's path sends: paths
    without it. Given "/repo/db/table", it routes it, but the links it makes
    from the request's own path (sorting, paging, facets) would start
    "/repo/repo/"."""

    async def app(scope, receive, send):
        if ROOT_PATH and scope["type"] != "lifespan" and scope["path"].startswith(ROOT_PATH + "/"):
            scope = dict(scope, path=scope["path"][len(ROOT_PATH):])
            scope["raw_path"] = scope.get("raw_path", b"").removeprefix(ROOT_PATH.encode())
        await asgi(scope, receive, send)

    return app


app = without_root_path(datasette.app())
