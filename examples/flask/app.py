"""A guestbook on Flask and SQLite: a WSGI app, unchanged, in your browser.

Messages go into SQLite under ``$WASGI_PERSIST_DIR``, which the browser keeps
(under Flask's own server or any WSGI server, the current folder). The form
posts, then redirects (post/redirect/get) with a flashed message, which rides
in Flask's signed session cookie.
"""

import os
import sqlite3
from pathlib import Path

from flask import Flask, flash, jsonify, redirect, render_template, request, url_for

DB = Path(os.environ.get("WASGI_PERSIST_DIR", ".")) / "guestbook.db"

app = Flask(__name__)
app.secret_key = "a demo key: this app's cookies never leave the browser"


def connect() -> sqlite3.Connection:
    DB.parent.mkdir(parents=True, exist_ok=True)
    db = sqlite3.connect(DB)
    db.row_factory = sqlite3.Row
    db.execute("create table if not exists entries (id integer primary key, name text not null, "
               "message text not null, created text default current_timestamp)")  # fmt: skip
    return db


def entries() -> list[dict]:
    with connect() as db:
        return [dict(row) for row in db.execute("select * from entries order by id desc")]


@app.get("/")
def index():
    return render_template("index.html", entries=entries())


@app.post("/sign")
def sign():
    name, message = request.form.get("name", "").strip(), request.form.get("message", "").strip()
    if not name or not message:
        flash("Both a name and a message, please.", "error")
        return redirect(url_for("index"))
    with connect() as db:
        db.execute("insert into entries (name, message) values (?, ?)", (name, message))
    flash(f"Thanks, {name}!", "ok")
    return redirect(url_for("index"))


@app.get("/api/entries")
def api_entries():
    return jsonify(entries())
