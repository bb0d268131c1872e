"""An app that shows what the page loaded (wasgi.data) and keeps notes in
the persistent directory: the data and persistence tests drive it."""

import asyncio
import os
import sqlite3
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, StreamingResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket

from wasgi import data


def notes_db() -> sqlite3.Connection:
    data.persist_dir().mkdir(parents=True, exist_ok=True)
    return sqlite3.connect(data.persist_dir() / "notes.db")


# What lifespan shutdown does, set by POST /at-shutdown: write kept.txt, then fail.
AT_SHUTDOWN: dict = {}


@asynccontextmanager
async def lifespan(app):
    try:
        with notes_db() as db:
            db.execute("create table if not exists notes (text)")
    except sqlite3.OperationalError:
        pass  # read-only in a second tab: the table exists already or cannot be made here
    yield
    if "text" in AT_SHUTDOWN:
        keep(AT_SHUTDOWN)
    if AT_SHUTDOWN.get("fail"):
        raise RuntimeError("shutdown failed on purpose")


async def overview(request: Request):
    return JSONResponse({
        "files": [{"name": f.name, "kind": f.kind, "source": f.source, "lazy": f.lazy, "size": f.size}
                  for f in data.files()],
        "databases": [f.name for f in data.databases()],
        "params": data.params(),
    })


def open_db(name: str) -> sqlite3.Connection:
    match = next(f for f in data.databases() if f.name == name)
    if match.lazy:
        return sqlite3.connect(f"file:{match.path}?immutable=1", uri=True)
    return sqlite3.connect(match.path)


async def query(request: Request):
    db = open_db(request.query_params["db"])
    cursor = db.execute(request.query_params["sql"])
    return JSONResponse({"columns": [c[0] for c in cursor.description or []], "rows": cursor.fetchall()})


async def notes(request: Request):
    if request.method == "POST":
        text = (await request.json())["text"]
        try:
            with notes_db() as db:
                db.execute("insert into notes values (?)", (text,))
        except sqlite3.OperationalError as exc:
            return JSONResponse({"error": str(exc)}, status_code=409)
        return JSONResponse({"ok": True}, status_code=201)
    with notes_db() as db:
        return JSONResponse([row[0] for row in db.execute("select text from notes")])


def keep(body: dict) -> None:
    """Write a text file under the persistent directory, padded to make its save slow,
    or given an old modification time, as shutil.copy2 or an unpacked archive leaves it."""
    path = data.persist_dir() / "kept.txt"
    path.write_text(body["text"] + "\n" + "x" * body.get("pad", 0))
    if body.get("old_mtime"):
        os.utime(path, (0, 0))


async def link(request: Request):
    """A symbolic link in the persistent directory: refused, and later writes still kept."""
    try:
        os.symlink("kept.txt", data.persist_dir() / "link.txt")
    except OSError as error:
        return JSONResponse(type(error).__name__)
    return JSONResponse("linked")


async def kept(request: Request):
    if request.method == "POST":
        keep(await request.json())
        return JSONResponse({"ok": True}, status_code=201)
    path = data.persist_dir() / "kept.txt"
    return JSONResponse(path.read_text().split("\n")[0] if path.exists() else None)


async def kept_stream(request: Request):
    """The same write, made while a response streams: a first chunk, then a long wait."""
    body = await request.json()

    async def chunks():
        keep(body)
        yield b"written\n"
        await asyncio.sleep(60)
        yield b"done\n"

    return StreamingResponse(chunks(), media_type="text/plain")


async def mode(request: Request):
    """POST {path: mode}: chmod each path under the persistent directory (made if missing, a
    folder when the name ends in /); GET: their modes."""
    root = data.persist_dir()
    if request.method == "POST":
        for name, bits in (await request.json()).items():
            path = root / name
            if name.endswith("/"):
                path.mkdir(exist_ok=True)
            elif not path.exists():
                path.write_text(name)
            os.chmod(path, bits)
    return JSONResponse({str(p.relative_to(root)) + ("/" if p.is_dir() else ""): oct(p.stat().st_mode & 0o7777)
                         for p in sorted(root.rglob("*")) if p.name != "notes.db"})


async def kept_socket(websocket: WebSocket):
    """The same write, made by a WebSocket message handler; it replies "ok"."""
    await websocket.accept()
    keep(await websocket.receive_json())
    await websocket.send_text("ok")
    await websocket.close()


async def at_shutdown(request: Request):
    AT_SHUTDOWN.update(await request.json())
    return JSONResponse({"ok": True}, status_code=201)


async def stored(request: Request):
    return JSONResponse([f.name for f in data.stored_files()])


app = Starlette(routes=[
    Route("/", overview),
    Route("/query", query),
    Route("/notes", notes, methods=["GET", "POST"]),
    Route("/kept", kept, methods=["GET", "POST"]),
    Route("/kept-stream", kept_stream, methods=["POST"]),
    Route("/link", link, methods=["POST"]),
    Route("/mode", mode, methods=["GET", "POST"]),
    WebSocketRoute("/kept", kept_socket),
    Route("/stored", stored),
    Route("/at-shutdown", at_shutdown, methods=["POST"]),
], lifespan=lifespan)
