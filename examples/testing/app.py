"""A small notes API, tested inside the browser runtime by tests/test_app.py."""

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse
from starlette.routing import Route


@asynccontextmanager
async def lifespan(app):
    yield {"notes": {}}


async def home(request):
    count = len(request.state.notes)
    return HTMLResponse(f"<h1>Notes</h1><p>{count} note(s). The API is under <code>api/notes</code>.</p>")


async def list_notes(request):
    notes = request.state.notes
    tag = request.query_params.get("tag")
    return JSONResponse([n for n in notes.values() if tag is None or tag in n["tags"]])


async def create_note(request):
    if request.headers.get("content-type", "").startswith("application/json"):
        payload = await request.json()
    else:
        form = await request.form()
        payload = {"text": form.get("text", ""), "tags": form.getlist("tag")}
    if not payload.get("text"):
        return JSONResponse({"error": "text is required"}, status_code=422)
    notes = request.state.notes
    note = {"id": len(notes) + 1, "text": payload["text"], "tags": payload.get("tags", [])}
    notes[note["id"]] = note
    return JSONResponse(note, status_code=201, headers={"X-Note-Id": str(note["id"])})


async def latest(request):
    notes = request.state.notes
    if not notes:
        return JSONResponse({"error": "no notes yet"}, status_code=404)
    # url_for keeps the redirect inside the site, whatever path it is served under.
    return RedirectResponse(request.url_for("note", id=max(notes)), status_code=303)


async def get_note(request):
    note = request.state.notes.get(request.path_params["id"])
    return JSONResponse(note) if note else JSONResponse({"error": "no such note"}, status_code=404)


async def delete_note(request):
    request.state.notes.pop(request.path_params["id"], None)
    return JSONResponse(None, status_code=204)


app = Starlette(
    routes=[
        Route("/", home),
        Route("/api/notes", list_notes, methods=["GET"]),
        Route("/api/notes", create_note, methods=["POST"]),
        Route("/api/notes/latest", latest),
        Route("/api/notes/{id:int}", get_note, methods=["GET"], name="note"),
        Route("/api/notes/{id:int}", delete_note, methods=["DELETE"]),
    ],
    lifespan=lifespan,
)
