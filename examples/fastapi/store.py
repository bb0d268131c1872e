"""Todos in SQLite, through the standard library's sqlite3.

In a wasgi site, $WASGI_PERSIST_DIR names a folder that the browser keeps
(/persist): the todos survive reloads. Elsewhere (Uvicorn) the file sits
in the working directory.
"""

import os
import sqlite3
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path

DATABASE = Path(os.environ.get("WASGI_PERSIST_DIR", ".")) / "todos.db"
COLUMNS = "id, title, done, created"


def connect() -> sqlite3.Connection:
    # Autocommit (isolation_level=None): each write is saved when it is made.
    # A commit left to the dependency's teardown could come after the client
    # already has the response and asks again, and would see the old data.
    # check_same_thread=False: on a server, FastAPI opens the connection in a
    # worker thread (the dependency is sync) and an `async def` endpoint uses
    # it on the event loop's thread; one request uses it at a time.
    db = sqlite3.connect(DATABASE, isolation_level=None, check_same_thread=False)
    db.row_factory = sqlite3.Row
    return db


def create_tables() -> None:
    """Create the table, with a first todo, unless it exists."""
    DATABASE.parent.mkdir(parents=True, exist_ok=True)
    with closing(connect()) as db:
        db.execute(
            "create table if not exists todos (id integer primary key, title text not null,"
            " done integer not null default 0, created text not null default (datetime('now')))"
        )
        if not db.execute("select count(*) from todos").fetchone()[0]:
            db.execute("insert into todos (title) values (?)", ("Open the API docs at /docs",))


def session() -> Iterator[sqlite3.Connection]:
    """A FastAPI dependency: one connection per request, closed after it."""
    db = connect()
    try:
        yield db
    finally:
        db.close()


def as_dict(row: sqlite3.Row) -> dict:
    return {**dict(row), "done": bool(row["done"])}


def list_todos(db: sqlite3.Connection) -> list[dict]:
    return [as_dict(row) for row in db.execute(f"select {COLUMNS} from todos order by id")]


def get_todo(db: sqlite3.Connection, todo_id: int) -> dict | None:
    row = db.execute(f"select {COLUMNS} from todos where id = ?", (todo_id,)).fetchone()
    return as_dict(row) if row else None


def add_todo(db: sqlite3.Connection, title: str) -> dict:
    cursor = db.execute("insert into todos (title) values (?)", (title,))
    return get_todo(db, cursor.lastrowid)


def is_read_only(error: sqlite3.OperationalError) -> bool:
    """Whether a write failed because this copy of the database is read-only
    (in wasgi: another tab of the site holds the stored data)."""
    return "readonly" in str(error)


def update_todo(db: sqlite3.Connection, todo_id: int, changes: dict) -> dict | None:
    # Column names come from the TodoPatch model's fields, never from the client.
    for column, value in changes.items():
        db.execute(f"update todos set {column} = ? where id = ?", (value, todo_id))
    return get_todo(db, todo_id)


def delete_todo(db: sqlite3.Connection, todo_id: int) -> None:
    db.execute("delete from todos where id = ?", (todo_id,))
