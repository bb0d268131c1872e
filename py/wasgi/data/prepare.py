"""Run once in the worker after the page's data files are in place and
before the app is imported: CSV and JSON become tables of ``data.db``, then
the page's ``?sql=`` runs."""

from __future__ import annotations

import csv
import json
import sqlite3
from pathlib import Path

from . import DataFile, data_dir, files
from .importers import ImportFailed, import_csv, import_json, table_name


class DataPrepareError(Exception):
    """Importing a file or running ``?sql=`` failed; the message names which and why."""


def prepare(params: dict[str, list[str]]) -> list[str]:
    """Import, run ``?sql=``; returns one line per table made, for the page to show."""
    (data_dir() / ".wasgi-params.json").write_text(json.dumps(params))
    report: list[str] = []
    loaded = files()
    tabular = [f for f in loaded if f.kind in ("csv", "json")]
    target = data_dir() / "data.db"
    if tabular:
        with sqlite3.connect(target) as db:
            existing = {row[0] for row in db.execute("select name from sqlite_master where type = 'table'")}
            for item in tabular:
                table = table_name(item.path, existing)
                existing.add(table)
                try:
                    count = (import_csv if item.kind == "csv" else import_json)(db, item.path, table)
                except (ImportFailed, csv.Error, sqlite3.Error) as exc:
                    raise DataPrepareError(f"Could not import {item.source}: {exc}") from None
                report.append(f"{item.name} → table {table} ({count} rows)")
    for sql in params.get("sql", []):
        _run_sql(sql, target if tabular else _first_writable(loaded))
    return report


def _run_sql(sql: str, database: Path | None) -> None:
    if database is None:
        raise DataPrepareError("?sql= needs a database: add ?url=, ?csv= or ?json=")
    try:
        with sqlite3.connect(database) as db:
            db.executescript(sql)
    except sqlite3.Error as exc:
        raise DataPrepareError(f"?sql= failed on {database.name}: {exc}") from None


def _first_writable(loaded: list[DataFile]) -> Path | None:
    return next((f.path for f in loaded if f.kind == "sqlite" and not f.lazy), None)
