"""A Litestar app with its default logging config, unchanged: that config
queues records for a ``QueueListener`` whose thread cannot start in the
browser (py/wasgi/server/shims/logging_inline.py handles them inline)."""

from dataclasses import dataclass

from litestar import Litestar, Request, get, post


@dataclass
class Note:
    text: str
    stars: int = 0


NOTES: list[Note] = []


@post("/notes")
async def add_note(data: Note, request: Request) -> Note:
    request.logger.info("added note %r", data.text)
    NOTES.append(data)
    return data


@get("/notes")
async def list_notes() -> list[Note]:
    return NOTES


app = Litestar([add_note, list_notes])
