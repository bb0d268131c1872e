"""A bare WSGI app for the WSGI differential tests: served by Uvicorn
(``--interface wsgi``) and by wasgi, which finds the interface by itself."""

import json
from urllib.parse import parse_qs

ENVIRON_KEYS = ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING", "CONTENT_TYPE", "CONTENT_LENGTH",
                "HTTP_X_ONE", "HTTP_X_TWO", "SERVER_PROTOCOL", "wsgi.url_scheme")  # fmt: skip


def app(environ, start_response):
    path = environ["PATH_INFO"]
    query = {key: values[0] for key, values in parse_qs(environ["QUERY_STRING"]).items()}
    if path == "/__page":
        start_response("200 OK", [("Content-Type", "text/html")])
        return [b"<!doctype html><title>wsgi</title><p>wsgi page</p>"]
    if path == "/text":
        start_response("200 OK", [("Content-Type", "text/plain; charset=utf-8")])
        return ["héllo from WSGI".encode()]
    if path.startswith("/environ"):
        body = environ["wsgi.input"].read()
        seen = {key: environ[key] for key in ENVIRON_KEYS if key in environ}
        out = json.dumps({**seen, "body_length": len(body), "body_sum": sum(body) % 65521}).encode()
        start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
        return [out]
    if path == "/stream":
        start_response("200 OK", [("Content-Type", "text/plain")])
        return (f"chunk {i}\n".encode() * int(query.get("size", 1)) for i in range(int(query.get("n", 3))))
    if path.startswith("/status/"):
        code = int(path.rsplit("/", 1)[1])
        start_response(f"{code} Whatever", [("X-Code", str(code))])
        return [] if code in (204, 304) else [f"status {code}".encode()]
    if path == "/headers":
        start_response("200 OK", [("X-Dup", "a"), ("X-Dup", "b"), ("Content-Type", "text/plain")])
        return [b"dup"]
    if path == "/redirect":
        start_response("302 Found", [("Location", query.get("to", "/text"))])
        return [b""]
    if path == "/error/before":
        raise RuntimeError("before the start")
    if path == "/error/after":
        start_response("200 OK", [("Content-Type", "text/plain")])

        def body():
            yield b"partial "
            raise RuntimeError("after the start")

        return body()
    start_response("404 Not Found", [("Content-Type", "text/plain")])
    return [b"not found"]
