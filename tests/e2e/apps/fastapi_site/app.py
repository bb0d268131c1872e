"""The FastAPI test site: pydantic models, def and async def endpoints, form
data and uploads (python-multipart), dependency injection, sync dependencies
with yield, and UJSONResponse (ujson, which has no Pyodide wheel: the site gets
wasgi's stand-in)."""

import asyncio
import threading
from typing import Annotated

from fastapi import Depends, FastAPI, File, Form, HTTPException, UploadFile
from fastapi.responses import UJSONResponse
from pydantic import BaseModel, Field

app = FastAPI(title="wasgi FastAPI test site")


class Item(BaseModel):
    name: str = Field(min_length=1)
    price: float = Field(gt=0)
    tags: list[str] = []


class StoredItem(Item):
    id: int


ITEMS: dict[int, StoredItem] = {}
CLOSED: list[str] = []


def where() -> dict:
    return {"thread": threading.current_thread().name, "loop_running": asyncio._get_running_loop() is not None}


def database():
    """A sync dependency with teardown: FastAPI runs both halves in the threadpool."""
    session = {"name": "db-session"}
    try:
        yield session
    finally:
        CLOSED.append(session["name"])


async def current_user(token: str = "anonymous") -> str:
    return token.upper()


@app.post("/items", status_code=201)
def create_item(item: Item, db: Annotated[dict, Depends(database)]) -> StoredItem:
    stored = StoredItem(id=len(ITEMS) + 1, **item.model_dump())
    ITEMS[stored.id] = stored
    return stored


@app.get("/items/{item_id}")
async def read_item(item_id: int) -> StoredItem:
    if item_id not in ITEMS:
        raise HTTPException(status_code=404, detail=f"no item {item_id}")
    return ITEMS[item_id]


@app.get("/whoami")
def whoami(user: Annotated[str, Depends(current_user)], db: Annotated[dict, Depends(database)]) -> dict:
    return {"user": user, "db": db["name"], "closed_sessions": len(CLOSED), **where()}


@app.post("/login")
def login(username: Annotated[str, Form()], remember: Annotated[bool, Form()] = False) -> dict:
    return {"username": username, "remember": remember}


@app.post("/upload")
async def upload(file: Annotated[UploadFile, File()], note: Annotated[str, Form()] = "") -> dict:
    data = await file.read()
    return {"filename": file.filename, "size": len(data), "content_type": file.content_type, "note": note}


@app.get("/ujson", response_class=UJSONResponse)
async def as_ujson() -> dict:
    return {"path": "/a/b", "small": 1e-7, "text": "é"}
