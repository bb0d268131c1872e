"""The naive baseline's server: import the app, run its startup, answer one GET.

It uses wasgi's shims (FastAPI's sync endpoints need them) but nothing else
of wasgi: no snapshot, no pack, no worker.
"""

import asyncio
import importlib
import os
import sys


async def first_response(spec: str, path: str) -> str:
    from wasgi.server.shims import install

    install()
    sys.path.insert(0, "/app")
    os.chdir("/app")
    module, _, attr = spec.partition(":")
    app = getattr(importlib.import_module(module), attr)

    started = asyncio.get_running_loop().create_future()
    messages = [{"type": "lifespan.startup"}]

    async def lifespan_receive():
        return messages.pop(0) if messages else await asyncio.Event().wait()

    async def lifespan_send(message):
        if not started.done():
            started.set_result(message)

    state: dict = {}
    lifespan = asyncio.ensure_future(app({"type": "lifespan", "asgi": {"version": "3.0"}, "state": state},
                                         lifespan_receive, lifespan_send))
    await asyncio.wait([started, lifespan], return_when=asyncio.FIRST_COMPLETED)
    body = []

    async def receive():
        return {"type": "http.request", "body": b"", "more_body": False}

    async def send(message):
        body.append(message.get("body", b""))

    scope = {"type": "http", "asgi": {"version": "3.0"}, "http_version": "1.1", "method": "GET", "scheme": "http",
             "path": path, "raw_path": path.encode(), "query_string": b"", "root_path": "", "headers": [(b"host", b"bench")],
             "client": ("127.0.0.1", 0), "server": ("127.0.0.1", 80), "state": dict(state)}
    await app(scope, receive, send)
    return b"".join(body).decode("utf-8", "replace")[:80]
