"""WSGI apps served as ASGI (py/wasgi/server/wsgi.py), through the server as the page drives it."""

from __future__ import annotations

import asyncio
import json

from asgi_harness import request
from wasgi.server import Server
from wasgi.server.interfaces import as_asgi3, interface
from wasgi.server.wsgi import WSGIMiddleware


def echo_environ(environ, start_response):
    """A bare WSGI app: reports what PEP 3333 says it is given."""
    body = environ["wsgi.input"].read()
    seen = {key: environ[key] for key in ("REQUEST_METHOD", "SCRIPT_NAME", "PATH_INFO", "QUERY_STRING",
                                          "CONTENT_TYPE", "CONTENT_LENGTH", "HTTP_X_TWICE", "SERVER_PROTOCOL",
                                          "wsgi.url_scheme") if key in environ}  # fmt: skip
    out = json.dumps({**seen, "body": body.decode()}).encode()
    start_response("201 Created", [("Content-Type", "application/json"), ("Content-Length", str(len(out)))])
    return [out]


class Flaskish:
    """Shaped as Flask is: an instance whose sync __call__ takes (environ, start_response)."""

    def __call__(self, environ, start_response):
        return echo_environ(environ, start_response)


async def test_a_wsgi_app_gets_its_environ_and_answers():
    server = Server(as_asgi3(Flaskish()), root_path="/repo")
    headers = [(b"content-type", b"text/plain"), (b"x-twice", b"a"), (b"x-twice", b"b")]
    out = await request(server, "POST", "/caf%C3%A9/x?q=1", headers, [b"he", b"llo"])
    assert out.status == 201 and out.header(b"content-type") == b"application/json"
    assert json.loads(out.body) == {
        "REQUEST_METHOD": "POST", "SCRIPT_NAME": "/repo", "PATH_INFO": "/café/x".encode().decode("latin-1"),
        "QUERY_STRING": "q=1", "CONTENT_TYPE": "text/plain", "HTTP_X_TWICE": "a,b", "SERVER_PROTOCOL": "HTTP/1.1",
        "wsgi.url_scheme": "http", "body": "hello",
    }  # fmt: skip
    assert out.complete and len(out.chunks) == 1  # one chunk: one message


async def test_a_generator_streams_and_is_closed_all_outside_the_loop():
    closed = []
    loops = []  # the running loop, as the app's code sees it: none, as on a worker thread

    def app(environ, start_response):
        loops.append(asyncio._get_running_loop())
        start_response("200 OK", [("Content-Type", "text/plain")])

        def lines():
            try:
                for i in range(3):
                    loops.append(asyncio._get_running_loop())
                    yield f"line {i}\n".encode()
                    yield b""  # empty chunks are skipped
            finally:
                closed.append(True)

        return lines()

    out = await request(Server(as_asgi3(app)))
    assert out.chunks == [b"line 0\n", b"line 1\n", b"line 2\n"] and out.complete
    assert closed == [True] and loops == [None] * 4


async def test_the_legacy_write_callable():
    def app(environ, start_response):
        write = start_response("200 OK", [])
        write(b"written ")
        return [b"returned"]

    out = await request(Server(as_asgi3(app)))
    assert out.body == b"written returned"


async def test_a_slow_stream_does_not_hold_other_requests():
    order = []

    def app(environ, start_response):
        start_response("200 OK", [])
        path = environ["PATH_INFO"]

        def body():
            order.append(("start", path))
            yield b"a"
            yield b"b"  # the response's start waits for the save: other requests go on meanwhile
            order.append(("end", path))

        return body()

    async def save_changes():
        await asyncio.sleep(0)  # as saving /persist does: other tasks run meanwhile

    server = Server(as_asgi3(app), save_changes=save_changes)
    await asyncio.gather(request(server, target="/1"), request(server, target="/2"))
    assert order[:2] == [("start", "/1"), ("start", "/2")] and len(order) == 4


async def test_no_start_response_is_a_500():
    def app(environ, start_response):
        return []

    out = await request(Server(as_asgi3(app)))
    assert out.status == 500


async def test_an_error_after_the_start_ends_the_response():
    def app(environ, start_response):
        start_response("200 OK", [])

        def body():
            yield b"partial"
            try:
                raise ValueError("broke mid-body")
            except ValueError:
                import sys

                start_response("500 Internal Server Error", [], sys.exc_info())

        return body()

    out = await request(Server(as_asgi3(app)))
    assert out.status == 200 and out.failed and "broke mid-body" in out.failed


async def test_lifespan_starts_and_websockets_are_refused():
    server = Server(WSGIMiddleware(echo_environ))
    await server.startup()
    await server.shutdown()
    sent = []

    async def receive():
        return {"type": "websocket.connect"}

    async def send(message):
        sent.append(message)

    await WSGIMiddleware(echo_environ)({"type": "websocket"}, receive, send)
    assert sent == [{"type": "websocket.close", "code": 1000}]


def test_the_interface_follows_the_callable():
    async def asgi3(scope, receive, send):
        pass

    class ASGI2:
        def __init__(self, scope):
            self.scope = scope

        async def __call__(self, receive, send):
            pass

    class Handler:  # an ASGI 3 class instance with a sync __call__ returning a coroutine
        def __call__(self, scope, receive, send):
            return asgi3(scope, receive, send)

    assert [interface(app) for app in (asgi3, ASGI2, Handler(), Flaskish(), echo_environ, print)] == [
        "asgi3", "asgi2", "asgi3", "wsgi", "wsgi", "asgi3",
    ]  # fmt: skip
    assert as_asgi3(asgi3) is asgi3


async def test_an_asgi2_app_is_served():
    class ASGI2:
        def __init__(self, scope):
            self.scope = scope

        async def __call__(self, receive, send):
            await send({"type": "http.response.start", "status": 200, "headers": []})
            await send({"type": "http.response.body", "body": self.scope["path"].encode()})

    out = await request(Server(as_asgi3(ASGI2)), target="/two")
    assert out.body == b"/two"
