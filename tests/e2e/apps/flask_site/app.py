"""A Flask app, unchanged: WSGI, served through wasgi's WSGI interface."""

import time

from flask import Flask, jsonify, redirect, request, session, stream_with_context, url_for
from werkzeug.security import check_password_hash, generate_password_hash

app = Flask(__name__)
app.secret_key = "test only"


@app.get("/")
def index():
    return f'<h1>Flask</h1><a id="next" href="{url_for("numbered", n=2)}">next</a>'


@app.get("/page/<int:n>")
def numbered(n):
    return f"<h1>Page {n}</h1>"


@app.post("/echo")
def echo():
    return jsonify(form=request.form.to_dict(), args=request.args.to_dict(), script_root=request.script_root,
                   path=request.path)  # fmt: skip


@app.post("/visit")
def visit():
    session["visits"] = session.get("visits", 0) + 1
    return jsonify(visits=session["visits"])


@app.get("/stream")
def stream():
    return app.response_class(stream_with_context(f"line {i}\n" for i in range(3)), mimetype="text/plain")


@app.get("/go")
def go():
    return redirect(url_for("numbered", n=7))


# What /slow did, in order: steps of two requests must not interleave, even when one sleeps.
EVENTS = []


@app.get("/slow/<name>")
def slow(name):
    EVENTS.append(f"start {name}")
    time.sleep(0.2)  # suspends the Python stack where the browser has JSPI: the event loop goes on
    EVENTS.append(f"end {name}")
    return name


@app.get("/events")
def events():
    seen = list(EVENTS)
    EVENTS.clear()
    return jsonify(seen)


@app.get("/ticks")
def ticks():
    def tick():
        for i in range(5):
            time.sleep(0.1)
            yield f"tick {i}\n"

    return app.response_class(tick(), mimetype="text/plain")


@app.post("/password")
def password():
    # Werkzeug's default method (scrypt) and pbkdf2, through hashlib.scrypt and
    # hashlib.pbkdf2_hmac: wasgi's shims in Pyodide.
    given = request.form["password"]
    hashes = [generate_password_hash(given), generate_password_hash(given, method="pbkdf2")]
    return jsonify([{"method": hashed.split("$")[0], "right": check_password_hash(hashed, given),
                     "wrong": check_password_hash(hashed, "not it")} for hashed in hashes])
