"""The app the WebSocket end-to-end tests drive: one route per behaviour.

Starlette routes; most WebSocket endpoints are bare ASGI (wrapped in ``Raw``)
so the tests see exactly what the server does, and two use Starlette's own
``WebSocket`` class. What the app observed is kept in ``SEEN`` and served as
JSON at ``/seen/{name}``.
"""

import asyncio
import json
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse
from starlette.routing import Route, WebSocketRoute
from starlette.websockets import WebSocket, WebSocketDisconnect

SEEN: dict[str, list] = {}


def note(name: str, value) -> None:
    SEEN.setdefault(name, []).append(value)


def query(scope) -> dict[str, str]:
    pairs = (part.split("=", 1) for part in scope["query_string"].decode().split("&") if "=" in part)
    return dict(pairs)


def describe(exc: BaseException) -> dict:
    return {"type": type(exc).__name__, "oserror": isinstance(exc, OSError),
            "runtimeerror": isinstance(exc, RuntimeError), "message": str(exc)}  # fmt: skip


class Raw:
    """A bare ASGI endpoint (Starlette wraps functions, not instances)."""

    def __init__(self, handler) -> None:
        self.handler = handler

    async def __call__(self, scope, receive, send) -> None:
        await self.handler(scope, receive, send)


async def scope_info(scope, receive, send):
    await receive()
    offered = scope["subprotocols"]
    await send({"type": "websocket.accept", "subprotocol": offered[0] if offered else None})
    info = {key: scope[key] for key in ("type", "asgi", "http_version", "scheme", "path", "root_path",
                                        "client", "server", "subprotocols", "extensions")}  # fmt: skip
    info["raw_path"] = scope["raw_path"].decode("latin-1")
    info["query_string"] = scope["query_string"].decode("latin-1")
    info["headers"] = [[k.decode("latin-1"), v.decode("latin-1")] for k, v in scope["headers"]]
    info["state"] = sorted(scope["state"])
    await send({"type": "websocket.send", "text": json.dumps(info)})
    await send({"type": "websocket.close", "code": 1000})


async def echo(scope, receive, send):
    """Echoes text as text and bytes as bytes; records the disconnect and a send after it."""
    name = query(scope).get("name", "echo")
    await receive()
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            note(name, {"code": message["code"], "reason": message.get("reason", "")})
            try:
                await send({"type": "websocket.send", "text": "after disconnect"})
            except BaseException as exc:  # noqa: BLE001 - recording what the server raised
                note(name, describe(exc))
            return
        if message.get("text") == "count":
            await send({"type": "websocket.send", "text": f"{len(SEEN.get(name, []))}"})
        elif message.get("bytes") is not None:
            await send({"type": "websocket.send", "bytes": message["bytes"]})
        else:
            await send({"type": "websocket.send", "text": message["text"]})


async def pick(scope, receive, send):
    """Accepts with the subprotocol named in ?proto= (none without it); records the disconnect."""
    await receive()
    chosen = query(scope).get("proto")
    await send({"type": "websocket.accept", "subprotocol": chosen})
    await send({"type": "websocket.send", "text": f"picked {chosen}"})
    message = await receive()
    note("pick", {"type": message["type"], "code": message.get("code")})


async def server_close(scope, receive, send):
    """Sends one message, closes with ?code= and ?reason=, then tries to send again."""
    params = query(scope)
    await receive()
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": "closing"})
    await send({"type": "websocket.close", "code": int(params.get("code", "1000")), "reason": params.get("reason", "")})
    note("server_close", await receive())
    try:
        await send({"type": "websocket.send", "text": "after close"})
    except BaseException as exc:  # noqa: BLE001
        note("server_close", describe(exc))


async def reject(scope, receive, send):
    await receive()
    await send({"type": "websocket.close", "code": 4003, "reason": "not allowed"})
    note("reject", await receive())


async def boom_before(scope, receive, send):
    await receive()
    raise ValueError("boom before accept")


async def boom_after(scope, receive, send):
    await receive()
    await send({"type": "websocket.accept"})
    await send({"type": "websocket.send", "text": "about to fail"})
    raise ValueError("boom after accept")


async def return_after(scope, receive, send):
    """Accepts, then returns without websocket.close."""
    await receive()
    await send({"type": "websocket.accept"})


async def burst(scope, receive, send):
    """Sends ?n= messages at once, then closes."""
    await receive()
    await send({"type": "websocket.accept"})
    for i in range(int(query(scope).get("n", "3"))):
        await send({"type": "websocket.send", "text": f"m{i}"})
    await send({"type": "websocket.close", "code": 1000})


async def slow(scope, receive, send):
    """Receives only after a pause, so the page's bufferedAmount is seen to drop."""
    await receive()
    await send({"type": "websocket.accept"})
    await asyncio.sleep(0.3)
    message = await receive()
    size = len(message["bytes"]) if message.get("bytes") is not None else len(message["text"])
    await send({"type": "websocket.send", "text": f"got {size}"})
    await receive()


async def starlette_chat(websocket: WebSocket):
    await websocket.accept(subprotocol="chat" if "chat" in websocket.scope["subprotocols"] else None)
    try:
        while True:
            text = await websocket.receive_text()
            await websocket.send_json({"you said": text, "cookie": websocket.cookies.get("session")})
    except WebSocketDisconnect as exc:
        note("starlette", {"code": exc.code, "reason": exc.reason})


async def starlette_deny(websocket: WebSocket):
    await websocket.send_denial_response(PlainTextResponse("members only", status_code=403))


async def seen(request: Request):
    return JSONResponse(SEEN.get(request.path_params["name"], []))


async def login(request: Request):
    response = PlainTextResponse("logged in")
    response.set_cookie("session", "s3cret")
    return response


@asynccontextmanager
async def lifespan(app):
    yield {"started": True}


app = Starlette(
    lifespan=lifespan,
    routes=[
        WebSocketRoute("/scope", Raw(scope_info)),
        WebSocketRoute("/echo", Raw(echo)),
        WebSocketRoute("/pick", Raw(pick)),
        WebSocketRoute("/server-close", Raw(server_close)),
        WebSocketRoute("/reject", Raw(reject)),
        WebSocketRoute("/boom-before", Raw(boom_before)),
        WebSocketRoute("/boom-after", Raw(boom_after)),
        WebSocketRoute("/return-after", Raw(return_after)),
        WebSocketRoute("/burst", Raw(burst)),
        WebSocketRoute("/slow", Raw(slow)),
        WebSocketRoute("/chat", starlette_chat),
        WebSocketRoute("/deny", starlette_deny),
        Route("/seen/{name}", seen),
        Route("/login", login),
    ],
)
