"""A todo app on FastAPI: a JSON API over SQLite, a page that uses it from
JavaScript, and the interactive API docs at /docs, all in the browser.

    wasgi build examples/fastapi/app.py:app -o site
"""

import sqlite3
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Annotated

from fastapi import Depends, FastAPI, HTTPException, Request, Response
from fastapi.responses import FileResponse, JSONResponse
from fastapi.staticfiles import StaticFiles

import store
from models import Todo, TodoIn, TodoPatch
from offline_docs import add_offline_docs

STATIC = Path(__file__).parent / "static"
Database = Annotated[sqlite3.Connection, Depends(store.session)]


@asynccontextmanager
async def lifespan(app: FastAPI):
    try:
        store.create_tables()
    except sqlite3.OperationalError as error:
        if not store.is_read_only(error):
            raise
        # Another tab writes the stored todos; this one can still read them.
    yield


app = FastAPI(
    title="Todos",
    summary="A FastAPI app running in your browser, with SQLite for storage.",
    lifespan=lifespan,
    docs_url=None,  # replaced by add_offline_docs below: no CDN
    redoc_url=None,  # ReDoc would load from a CDN too
)
add_offline_docs(app)


@app.exception_handler(sqlite3.OperationalError)
async def read_only(request: Request, error: sqlite3.OperationalError) -> JSONResponse:
    """A write refused because another tab holds the data: say so, as a 409."""
    if not store.is_read_only(error):
        raise error
    detail = "The todos are open in another tab of this site, which is the one that can change them."
    return JSONResponse({"detail": detail}, status_code=409)


def found(todo: dict | None, todo_id: int) -> dict:
    """The todo, or a 404 naming the id that matched none."""
    if todo is None:
        raise HTTPException(status_code=404, detail=f"no todo {todo_id}")
    return todo


# `def` endpoints: on a server FastAPI runs them in its thread pool, which
# suits blocking calls such as sqlite3's; in the browser wasgi runs them inline.


@app.get("/api/todos", tags=["todos"])
def list_todos(db: Database) -> list[Todo]:
    """Every todo, oldest first."""
    return store.list_todos(db)


@app.post("/api/todos", status_code=201, tags=["todos"])
def add_todo(todo: TodoIn, db: Database) -> Todo:
    """Add a todo."""
    return store.add_todo(db, todo.title)


# `async def` endpoints run on the event loop. Their SQLite calls are quick
# reads and writes of a local file, so they do not hold the loop for long.


@app.get("/api/todos/{todo_id}", tags=["todos"])
async def get_todo(todo_id: int, db: Database) -> Todo:
    """One todo."""
    return found(store.get_todo(db, todo_id), todo_id)


@app.patch("/api/todos/{todo_id}", tags=["todos"])
async def change_todo(todo_id: int, patch: TodoPatch, db: Database) -> Todo:
    """Rename a todo or mark it done (or not done)."""
    found(store.get_todo(db, todo_id), todo_id)
    return store.update_todo(db, todo_id, patch.model_dump(exclude_unset=True, exclude_none=True))


@app.delete("/api/todos/{todo_id}", status_code=204, tags=["todos"])
async def delete_todo(todo_id: int, db: Database) -> Response:
    """Delete a todo."""
    found(store.get_todo(db, todo_id), todo_id)
    store.delete_todo(db, todo_id)
    return Response(status_code=204)


@app.get("/", include_in_schema=False)
async def page() -> FileResponse:
    return FileResponse(STATIC / "index.html")


app.mount("/static", StaticFiles(directory=STATIC), name="static")
