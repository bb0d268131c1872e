"""Serve a WSGI app (Flask, Bottle, Django's ``get_wsgi_application()``) as ASGI.

Uvicorn does this with ``--interface wsgi``, running each request on a thread.
The browser has no threads, so here the app runs inline on the event loop, as
wasgi's shims run other sync code, one request's code at a time (``Turn``).
WSGI reads the request body synchronously, so it is received whole before the
app is called; the response goes out chunk by chunk as the app's iterable
yields them.
"""

from __future__ import annotations

import asyncio
import io
import sys
import time
from typing import Any, Callable, Iterable

from .shims.jspi import reach_suspendable_stack
from .shims.outside_loop import call_outside_loop

WSGIApp = Callable[[dict, Callable], Iterable[bytes]]


class WSGIMiddleware:
    """An ASGI app that serves ``app``, a WSGI app, per PEP 3333."""

    def __init__(self, app: WSGIApp) -> None:
        self.app = app
        # Held by the request whose code runs (Turn): the code may suspend
        # (time.sleep, async_to_sync), and no other request may enter the app
        # meanwhile, as on one worker thread.
        self.lock = asyncio.Lock()

    async def __call__(self, scope: dict, receive, send) -> None:
        if scope["type"] == "lifespan":
            # WSGI has no lifespan: acknowledge both ends, so startup goes on quietly.
            while (await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
            return
        if scope["type"] == "websocket":
            await send({"type": "websocket.close", "code": 1000})  # refused, as a WSGI server refuses it
            return
        body = await _read_body(receive)
        # Once per request: from here on the task runs where the app's code may suspend.
        await reach_suspendable_stack()
        turn = Turn(self.lock)
        try:
            await WSGIResponse(send, turn).run(self.app, build_environ(scope, body))
        finally:
            turn.give_up()


# A step of the app's code that takes longer than this slept or waited: its
# request then gives up its turn, so that others are not held behind it.
SLOW_STEP = 0.005


class Turn:
    """One request's turn at the app's code.

    The app's code runs in steps (the call, each item of the response's
    iterable, ``close``), each as on a worker thread: with no event loop
    running (Django's ORM refuses to run where one is). A request keeps its
    turn from one quick step to the next, so a short request finishes in one
    go; it gives it up after a slow step and before each body chunk but the
    last (which may wait for a slow reader), so a long or slow stream lets
    other requests through between its items.
    """

    def __init__(self, lock: asyncio.Lock) -> None:
        self.lock = lock
        self.held = False

    async def step(self, func: Callable[..., Any], *args: Any) -> Any:
        """Run ``func(*args)``, the app's code, in this request's turn."""
        if not self.held:
            await self.lock.acquire()
            self.held = True
        started = time.monotonic()
        try:
            return call_outside_loop(func, *args)
        finally:
            if time.monotonic() - started > SLOW_STEP:
                self.give_up()

    def give_up(self) -> None:
        """Let another request's code run (this one takes its turn back at its next step)."""
        if self.held:
            self.held = False
            self.lock.release()


async def _read_body(receive) -> bytes:
    chunks = []
    while True:
        message = await receive()
        if message["type"] != "http.request":
            break  # http.disconnect: the page went away
        chunks.append(message.get("body", b""))
        if not message.get("more_body", False):
            break
    return b"".join(chunks)


def build_environ(scope: dict, body: bytes) -> dict:
    """The WSGI environ for an ASGI HTTP scope (strings as PEP 3333 has them: latin-1 of the bytes)."""
    root_path = scope.get("root_path", "")
    path = scope["path"]
    if root_path and path.startswith(root_path):
        path = path[len(root_path):]  # the scope's path includes root_path, as Uvicorn's does
    server = scope.get("server") or ("localhost", 80)
    client = scope.get("client") or ("127.0.0.1", 0)
    environ: dict[str, Any] = {
        "REQUEST_METHOD": scope["method"],
        "SCRIPT_NAME": root_path.encode("utf-8").decode("latin-1"),
        "PATH_INFO": path.encode("utf-8").decode("latin-1"),
        "QUERY_STRING": scope.get("query_string", b"").decode("latin-1"),
        "SERVER_NAME": str(server[0]),
        "SERVER_PORT": str(server[1]),
        "SERVER_PROTOCOL": f"HTTP/{scope.get('http_version', '1.1')}",
        "REMOTE_ADDR": str(client[0]),
        "REMOTE_PORT": str(client[1]),
        "wsgi.version": (1, 0),
        "wsgi.url_scheme": scope.get("scheme", "http"),
        "wsgi.input": io.BytesIO(body),
        "wsgi.errors": sys.stderr,
        "wsgi.multithread": False,
        "wsgi.multiprocess": False,
        "wsgi.run_once": False,
    }
    for raw_name, raw_value in scope.get("headers", ()):
        name, value = raw_name.decode("latin-1").lower(), raw_value.decode("latin-1")
        if name == "content-type":
            key = "CONTENT_TYPE"
        elif name == "content-length":
            key = "CONTENT_LENGTH"
        else:
            key = "HTTP_" + name.upper().replace("-", "_")
        environ[key] = f"{environ[key]},{value}" if key in environ else value
    return environ


class WSGIResponse:
    """One response: ``start_response``'s status and headers, then the body.

    The status goes out with the first non-empty chunk, as PEP 3333 asks; each
    chunk is held until the next one arrives (or the iterable ends), so the
    last goes out marked as last: a one-chunk body is one message.
    """

    def __init__(self, send, turn: Turn) -> None:
        self.send = send
        self.turn = turn
        self.status: int | None = None
        self.headers: list[tuple[bytes, bytes]] = []
        self.started = False  # http.response.start has gone out
        self.written: list[bytes] = []  # what the legacy write() callable was given

    def start_response(self, status: str, headers: list[tuple[str, str]], exc_info=None):
        """PEP 3333's start_response; returns the legacy ``write`` callable."""
        if exc_info is not None and self.started:
            raise exc_info[1].with_traceback(exc_info[2])  # too late to change the status: end the response
        self.status = int(status.split(" ", 1)[0])
        self.headers = [(name.lower().encode("latin-1"), value.encode("latin-1")) for name, value in headers]
        return self.written.append

    async def run(self, app: WSGIApp, environ: dict) -> None:
        """Call the app and send what it returns."""
        step = self.turn.step
        result = await step(app, environ, self.start_response)
        held = None
        try:
            chunks = await step(iter, result)
            while (chunk := await step(next, chunks, None)) is not None:
                for part in [*self.written, bytes(chunk)]:
                    if not part:
                        continue
                    if held is None:
                        await self._start()
                    else:
                        self.turn.give_up()  # the send may wait for the reader
                        await self.send({"type": "http.response.body", "body": held, "more_body": True})
                    held = part
                self.written.clear()
        finally:
            close = getattr(result, "close", None)
            if close is not None:
                await step(close)
        self.turn.give_up()
        await self._start()
        await self.send({"type": "http.response.body", "body": b"".join([held or b"", *self.written])})

    async def _start(self) -> None:
        if self.started:
            return
        if self.status is None:
            raise RuntimeError("The WSGI app returned without calling start_response().")
        self.started = True
        await self.send({"type": "http.response.start", "status": self.status, "headers": self.headers})
