"""The naive baseline's server: import the app, run its startup, answer GET /."""

import importlib
import os
import sys


async def first_response(spec: str) -> str:
    sys.path.insert(0, "/app")
    os.chdir("/app")
    module, _, attr = spec.partition(":")
    app = getattr(importlib.import_module(module), attr)
    messages = [{"type": "lifespan.startup"}]
    sent = []

    async def lifespan_receive():
        return messages.pop(0) if messages else await _never()

    async def lifespan_send(message):
        sent.append(message)

    import asyncio

    lifespan = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": {}},
                                         lifespan_receive, lifespan_send))
    while not sent and not lifespan.done():
        await asyncio.sleep(0)
    body = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        body.append(message.get("body", b""))

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": "/", "raw_path": b"/", "query_string": b"", "root_path": "", "headers": [(b"host", b"bench")],
             "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80), "state": {}}
    await app(scope, receive, send)
    return b"".join(body).decode("utf-8", "replace")[:80]


async def _never():
    import asyncio

    await asyncio.Event().wait()
