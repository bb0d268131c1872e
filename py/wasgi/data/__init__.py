"""Data for apps running in wasgi: what the page loaded, and where to keep files.

``DATA_DIR`` (``/data`` in the browser) holds the files named by the page's
``?url= ?csv= ?json= ?metadata=`` parameters and files the person opened;
CSV and JSON are imported into tables of ``DATA_DIR/data.db``. Files there
are fetched again on each visit.

``PERSIST_DIR`` (``/persist``) is kept in the browser's storage: what the app
writes there survives reloads and browser restarts. It is flushed after every
request that wrote to it, before the response completes. When the site is
open in another tab that holds the data, it is read-only here.

Outside the browser both come from ``$WASGI_DATA_DIR`` and
``$WASGI_PERSIST_DIR`` (defaults ``./data`` and ``./persist``), so an app can
use this module unchanged under Uvicorn.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

MANIFEST = ".wasgi-data.json"


def data_dir() -> Path:
    """Where loaded data lands."""
    return Path(os.environ.get("WASGI_DATA_DIR", "data"))


def persist_dir() -> Path:
    """Where files survive reloads."""
    return Path(os.environ.get("WASGI_PERSIST_DIR", "persist"))


@dataclass(frozen=True)
class DataFile:
    """One loaded file."""

    name: str
    path: Path
    kind: str  # "sqlite", "csv", "json", "metadata", or "persistent" for files in persist_dir()
    source: str  # the URL, "local file", "imported" (data.db) or "storage"
    size: int
    lazy: bool = False  # read over HTTP range requests, read-only

    @property
    def read_only(self) -> bool:
        return self.lazy or not os.access(self.path, os.W_OK)


def files() -> list[DataFile]:
    """Files the page loaded (in load order), then data.db if one was made."""
    manifest = data_dir() / MANIFEST
    entries = json.loads(manifest.read_text()) if manifest.is_file() else []
    found = [
        DataFile(e["name"], Path(e["path"]), e["kind"], e["source"], e["size"], e.get("lazy", False))
        for e in entries
    ]
    imported = data_dir() / "data.db"
    if imported.is_file():
        found.append(DataFile("data.db", imported, "sqlite", "imported", imported.stat().st_size))
    return found


def stored_files() -> list[DataFile]:
    """Files in persist_dir(), the ones kept in the browser's storage."""
    root = persist_dir()
    if not root.is_dir():
        return []
    return [
        DataFile(p.name, p, "sqlite" if _is_sqlite(p) else "persistent", "storage", p.stat().st_size)
        for p in sorted(root.rglob("*"))
        if p.is_file()
    ]


def databases() -> list[DataFile]:
    """Every SQLite database: loaded ones first, then stored ones."""
    return [f for f in files() if f.kind == "sqlite"] + [f for f in stored_files() if f.kind == "sqlite"]


def params() -> dict[str, list[str]]:
    """The data parameters the page was opened with (``?memory=1`` gives ``{"memory": ["1"]}``)."""
    path = data_dir() / ".wasgi-params.json"
    return json.loads(path.read_text()) if path.is_file() else {}


def _is_sqlite(path: Path) -> bool:
    with path.open("rb") as f:
        return f.read(16) == b"SQLite format 3\x00"
