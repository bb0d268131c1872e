"""Import CSV and JSON files into SQLite tables, with column types detected.

CSV: the delimiter is sniffed (comma, semicolon, tab, pipe), the first row
names the columns. JSON: a list of objects, a list of lists (the first row
names the columns when it is all strings), an object holding one such list
(``{"rows": [...]}``), columns as lists (``{"a": [1, 2], "b": [3, 4]}``),
objects keyed by id (``{"id1": {...}}``), or newline-delimited JSON.
"""

from __future__ import annotations

import csv
import io
import json
import re
import sqlite3
from pathlib import Path
from typing import Any, Iterable


class ImportFailed(ValueError):
    """A file could not become a table; the message says why."""


def table_name(path: Path, existing: Iterable[str] = ()) -> str:
    """A table name from a file name: ``sales-2024.csv`` -> ``sales-2024``, unique among ``existing``."""
    base = re.sub(r"\.(csv|tsv|json|jsonl|ndjson)$", "", path.name, flags=re.I) or "data"
    taken = set(existing)
    name, n = base, 2
    while name in taken:
        name, n = f"{base}_{n}", n + 1
    return name


def import_csv(db: sqlite3.Connection, path: Path, table: str) -> int:
    """Create ``table`` from a CSV file; returns the number of rows."""
    text = _read_text(path)
    sample = text[:65536]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t|")
    except csv.Error:
        dialect = csv.excel_tab if path.suffix.lower() == ".tsv" else csv.excel
    rows = list(csv.reader(io.StringIO(text), dialect))
    if not rows:
        raise ImportFailed(f"{path.name} is empty")
    header, body = rows[0], rows[1:]
    width = max(len(header), *(len(r) for r in body)) if body else len(header)
    columns = _column_names(header + [""] * (width - len(header)))
    values = [[_cell(v) for v in r + [""] * (width - len(r))] for r in body]
    return _create(db, table, columns, values)


def import_json(db: sqlite3.Connection, path: Path, table: str) -> int:
    """Create ``table`` from a JSON or newline-delimited JSON file; returns the number of rows."""
    text = _read_text(path)
    try:
        data = json.loads(text)
    except json.JSONDecodeError:
        try:
            data = [json.loads(line) for line in text.splitlines() if line.strip()]
        except json.JSONDecodeError as exc:
            raise ImportFailed(f"{path.name} is neither JSON nor newline-delimited JSON ({exc})") from None
    columns, values = _rows_of(data, path.name)
    return _create(db, table, columns, values)


def _rows_of(data: Any, name: str) -> tuple[list[str], list[list[Any]]]:
    if isinstance(data, dict):
        lists = [v for v in data.values() if isinstance(v, list)]
        if len(data) == 1 and lists:
            return _rows_of(lists[0], name)
        if data and all(isinstance(v, list) for v in data.values()):
            length = len(lists[0])
            if all(len(v) == length for v in lists):
                columns = _column_names(list(data))
                return columns, [[_json_value(data[k][i]) for k in data] for i in range(length)]
        if data and all(isinstance(v, dict) for v in data.values()):
            return _rows_of([{"key": k, **v} for k, v in data.items()], name)
        return _rows_of([data], name)
    if isinstance(data, list):
        if not data:
            raise ImportFailed(f"{name} holds an empty list: no rows to import")
        if all(isinstance(item, dict) for item in data):
            keys: dict[str, None] = {}
            for item in data:
                keys.update(dict.fromkeys(item))
            columns = _column_names(list(keys))
            return columns, [[_json_value(item.get(k)) for k in keys] for item in data]
        if all(isinstance(item, list) for item in data):
            width = max(len(item) for item in data)
            if all(isinstance(v, str) for v in data[0]):
                header, body = data[0], data[1:]
            else:
                header, body = [], data
            columns = _column_names(list(header) + [""] * (width - len(header)))
            return columns, [[_json_value(v) for v in item] + [None] * (width - len(item)) for item in body]
        return ["value"], [[_json_value(item)] for item in data]
    raise ImportFailed(f"{name} holds a single {type(data).__name__}, not rows: give a list of objects or of lists")


def _create(db: sqlite3.Connection, table: str, columns: list[str], values: list[list[Any]]) -> int:
    types = [_column_type(row[i] for row in values) for i in range(len(columns))]
    quoted = ", ".join(f"{_quote(c)} {t}" for c, t in zip(columns, types))
    db.execute(f"create table {_quote(table)} ({quoted})")
    marks = ", ".join("?" * len(columns))
    db.executemany(f"insert into {_quote(table)} values ({marks})", [_typed(row, types) for row in values])
    return len(values)


def _column_type(values: Iterable[Any]) -> str:
    seen = {type(v) for v in values if v is not None and v != ""}
    if not seen:
        return "TEXT"
    if seen <= {int, bool}:
        return "INTEGER"
    if seen <= {int, float, bool}:
        return "REAL"
    return "TEXT"


def _typed(row: list[Any], types: list[str]) -> list[Any]:
    # Empty CSV cells in numeric columns are missing values, not empty strings.
    return [None if v == "" and t != "TEXT" else (str(v) if t == "TEXT" and isinstance(v, (int, float)) else v)
            for v, t in zip(row, types)]


def _cell(text: str) -> Any:
    """A CSV cell as int or float when it reads as one (leading zeros stay text: ids, zip codes)."""
    stripped = text.strip()
    if re.fullmatch(r"[-+]?(0|[1-9]\d*)", stripped):
        return int(stripped)
    if re.fullmatch(r"[-+]?(\d+\.\d*|\.\d+|\d+)([eE][-+]?\d+)?", stripped) and not re.match(r"[-+]?0\d", stripped):
        return float(stripped)
    return text


def _json_value(value: Any) -> Any:
    return json.dumps(value) if isinstance(value, (dict, list)) else value


def _column_names(raw: list[Any]) -> list[str]:
    names: list[str] = []
    for i, name in enumerate(raw, 1):
        name = str(name).strip() or f"column_{i}"
        base, n = name, 2
        while name in names:
            name, n = f"{base}_{n}", n + 1
        names.append(name)
    return names


def _quote(identifier: str) -> str:
    return '"' + identifier.replace('"', '""') + '"'


def _read_text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("latin-1")
