"""wasgi.data: CSV/JSON import with type detection, ?sql=, the app-facing API.

These run under CPython and inside Pyodide (tests/pyodide)."""

import json
import sqlite3

import pytest

from wasgi import data
from wasgi.data.importers import ImportFailed, import_csv, import_json, table_name
from wasgi.data.prepare import DataPrepareError, prepare


@pytest.fixture
def dirs(tmp_path, monkeypatch):
    monkeypatch.setenv("WASGI_DATA_DIR", str(tmp_path / "data"))
    monkeypatch.setenv("WASGI_PERSIST_DIR", str(tmp_path / "persist"))
    (tmp_path / "data").mkdir()
    return tmp_path


def rows(db, table):
    return db.execute(f'select * from "{table}"').fetchall()


def types(db, table):
    return [r[2] for r in db.execute(f'pragma table_info("{table}")')]


def test_csv_types_and_sniffed_delimiter(tmp_path):
    path = tmp_path / "people.csv"
    path.write_text("name;age;score;zip\nAda;36;9.5;01234\nAlan;41;;90210\n")
    db = sqlite3.connect(":memory:")
    assert import_csv(db, path, "people") == 2
    assert types(db, "people") == ["TEXT", "INTEGER", "REAL", "TEXT"]
    assert rows(db, "people") == [("Ada", 36, 9.5, "01234"), ("Alan", 41, None, "90210")]


def test_csv_ragged_rows_blank_and_duplicate_headers(tmp_path):
    path = tmp_path / "x.csv"
    path.write_text("a,,a\n1,2,3,4\n5\n")
    db = sqlite3.connect(":memory:")
    import_csv(db, path, "x")
    assert [r[1] for r in db.execute('pragma table_info("x")')] == ["a", "column_2", "a_2", "column_4"]
    assert rows(db, "x") == [(1, 2, 3, 4), (5, None, None, None)]


@pytest.mark.parametrize(
    "payload, expected",
    [
        ([{"a": 1, "b": "x"}, {"a": 2, "c": [1]}], [(1, "x", None), (2, None, "[1]")]),
        ([["a", "b"], [1, 2], [3, 4]], [(1, 2), (3, 4)]),
        ({"rows": [{"a": 1}, {"a": 2}]}, [(1,), (2,)]),
        ({"a": [1, 2], "b": ["x", "y"]}, [(1, "x"), (2, "y")]),
        ({"k1": {"v": 1}, "k2": {"v": 2}}, [("k1", 1), ("k2", 2)]),
    ],
    ids=["objects", "lists-with-header", "wrapped", "columns", "keyed"],
)
def test_json_shapes(tmp_path, payload, expected):
    path = tmp_path / "d.json"
    path.write_text(json.dumps(payload))
    db = sqlite3.connect(":memory:")
    import_json(db, path, "d")
    assert rows(db, "d") == expected


def test_newline_delimited_json(tmp_path):
    path = tmp_path / "events.ndjson"
    path.write_text('{"id": 1, "ok": true}\n{"id": 2, "ok": false, "w": 1.5}\n')
    db = sqlite3.connect(":memory:")
    import_json(db, path, "events")
    assert rows(db, "events") == [(1, 1, None), (2, 0, 1.5)]
    assert types(db, "events") == ["INTEGER", "INTEGER", "REAL"]


def test_json_scalar_is_refused(tmp_path):
    path = tmp_path / "n.json"
    path.write_text("42")
    with pytest.raises(ImportFailed, match="not rows"):
        import_json(sqlite3.connect(":memory:"), path, "n")


def test_table_names_are_unique():
    from pathlib import Path

    assert table_name(Path("sales.csv"), {"sales"}) == "sales_2"


def test_prepare_imports_into_data_db_and_runs_sql(dirs):
    data_dir = dirs / "data"
    (data_dir / "cities.csv").write_text("city,pop\nParis,2100000\nLyon,500000\n")
    manifest = [{"name": "cities.csv", "path": str(data_dir / "cities.csv"), "kind": "csv",
                 "source": "https://example.test/cities.csv", "size": 40}]
    (data_dir / ".wasgi-data.json").write_text(json.dumps(manifest))
    report = prepare({"sql": ["create view big as select * from cities where pop > 1000000"], "memory": ["1"]})
    assert report == ["cities.csv → table cities (2 rows)"]
    db = sqlite3.connect(data_dir / "data.db")
    assert rows(db, "big") == [("Paris", 2100000)]
    assert [f.name for f in data.databases()] == ["data.db"]
    assert data.params() == {"sql": ["create view big as select * from cities where pop > 1000000"], "memory": ["1"]}


def test_bad_sql_is_named(dirs):
    data_dir = dirs / "data"
    (data_dir / "t.csv").write_text("a\n1\n")
    (data_dir / ".wasgi-data.json").write_text(json.dumps(
        [{"name": "t.csv", "path": str(data_dir / "t.csv"), "kind": "csv", "source": "u", "size": 4}]))
    with pytest.raises(DataPrepareError, match=r"\?sql= failed on data.db: near \"selec\""):
        prepare({"sql": ["selec 1"]})


def test_sql_without_a_database(dirs):
    with pytest.raises(DataPrepareError, match="needs a database"):
        prepare({"sql": ["select 1"]})


def test_stored_files_are_listed(dirs):
    persist = dirs / "persist"
    persist.mkdir()
    db = sqlite3.connect(persist / "notes.db")
    db.execute("create table t (x)")
    db.commit()
    (persist / "readme.txt").write_text("hi")
    assert [(f.name, f.kind) for f in data.stored_files()] == [("notes.db", "sqlite"), ("readme.txt", "persistent")]
