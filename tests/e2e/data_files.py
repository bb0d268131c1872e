"""Data files the data tests load: small and 1 GB SQLite databases, CSV, JSON,
and things that are not databases at all."""

import sqlite3


def make_db(path, rows=(("heron", 1.8), ("wren", 0.15))):
    db = sqlite3.connect(path)
    db.execute("create table birds (name text, wingspan real)")
    db.executemany("insert into birds values (?, ?)", rows)
    db.commit()
    db.close()
