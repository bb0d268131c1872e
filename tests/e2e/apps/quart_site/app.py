"""A Quart app (Flask's API on ASGI), unchanged: templates, a form with a
flashed message and a redirect, the session cookie, JSON, a WebSocket and a
startup hook. Quart imports Hypercorn, which imports
``multiprocessing.synchronize``: Pyodide cannot make its locks
(py/wasgi/server/shims/processes.py)."""

from quart import Quart, flash, jsonify, redirect, render_template, request, session, url_for, websocket

app = Quart(__name__)
app.secret_key = "test-only"
notes: list[str] = []
started: list[str] = []


@app.before_serving
async def startup():
    started.append("before_serving")


@app.route("/")
async def index():
    return await render_template("index.html", notes=notes)


@app.post("/notes")
async def add_note():
    text = (await request.form).get("text", "").strip()
    if text:
        notes.append(text)
        await flash(f"Added {text}")
    return redirect(url_for("index"))


@app.post("/visit")
async def visit():
    session["visits"] = session.get("visits", 0) + 1
    return jsonify(visits=session["visits"])


@app.route("/api")
async def api():
    return jsonify(started=started, args=request.args.to_dict(), root_path=request.root_path)


@app.websocket("/ws")
async def echo():
    while True:
        await websocket.send("echo " + await websocket.receive())
