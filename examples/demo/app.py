"""wasgi's demo: a notes app on Starlette and SQLite, running in your browser.

``wasgi serve`` with no argument builds and serves this app.
"""

import os
import platform
import sqlite3
import sys
from contextlib import asynccontextmanager
from pathlib import Path

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, Response
from starlette.routing import Route

# In the browser, WASGI_PERSIST_DIR is kept in the browser's storage: notes
# survive reloads. Under Uvicorn, the current folder.
DB = Path(os.environ.get("WASGI_PERSIST_DIR", ".")) / "notes.db"


def connect() -> sqlite3.Connection:
    DB.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(DB)
    db.row_factory = sqlite3.Row
    return db


@asynccontextmanager
async def lifespan(app):
    with connect() as db:
        db.execute("create table if not exists notes (id integer primary key, text text not null, created text default current_timestamp)")
        if not db.execute("select count(*) from notes").fetchone()[0]:
            db.execute("insert into notes (text) values (?)", ("This note lives in SQLite, inside your browser tab.",))
    yield


async def home(request: Request):
    return HTMLResponse((Path(__file__).parent / "index.html").read_text())


async def list_notes(request: Request):
    with connect() as db:
        rows = db.execute("select id, text, created from notes order by id desc").fetchall()
    return JSONResponse([dict(row) for row in rows])


async def add_note(request: Request):
    data = await request.json()
    text = str(data.get("text", "")).strip()
    if not text:
        return JSONResponse({"error": "text is required"}, status_code=422)
    with connect() as db:
        cursor = db.execute("insert into notes (text) values (?)", (text,))
        row = db.execute("select id, text, created from notes where id = ?", (cursor.lastrowid,)).fetchone()
    return JSONResponse(dict(row), status_code=201)


async def delete_note(request: Request):
    with connect() as db:
        deleted = db.execute("delete from notes where id = ?", (request.path_params["id"],)).rowcount
    return Response(status_code=204 if deleted else 404)


async def info(request: Request):
    return JSONResponse(
        {
            "python": sys.version.split()[0],
            "platform": sys.platform,
            "machine": platform.machine(),
            "sqlite": sqlite3.sqlite_version,
            "server": request.scope.get("server"),
        }
    )


app = Starlette(
    routes=[
        Route("/", home),
        Route("/api/notes", list_notes, methods=["GET"]),
        Route("/api/notes", add_note, methods=["POST"]),
        Route("/api/notes/{id:int}", delete_note, methods=["DELETE"]),
        Route("/api/info", info),
    ],
    lifespan=lifespan,
)
