"""The app the runtime end-to-end tests drive: one route per behaviour."""

import asyncio
import logging
import tracemalloc
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Mount, Route


@asynccontextmanager
async def lifespan(app):
    yield {"started_by": "lifespan", "counter": []}
    print("lifespan shutdown ran")
    try:  # in the browser: tell the tests' listening page
        import js

        js.BroadcastChannel.new("wasgi-lifespan").postMessage("shutdown ran")
    except ImportError:
        pass


async def echo(request: Request):
    body = await request.body()
    return JSONResponse(
        {
            "method": request.method,
            "path": request.url.path,
            "query": request.url.query,
            "headers": {k: v for k, v in request.headers.items()},
            "body": body.decode("latin-1"),
            "length": len(body),
            "root_path": request.scope["root_path"],
        }
    )


async def state(request: Request):
    request.state.counter.append(1)
    return JSONResponse({"started_by": request.state.started_by, "count": len(request.state.counter)})


async def stream(request: Request):
    count = int(request.query_params.get("n", "5"))

    async def chunks():
        for i in range(count):
            yield f"chunk {i}\n"
            await asyncio.sleep(0.05)

    return StreamingResponse(chunks(), media_type="text/plain")


async def boom(request: Request):
    raise RuntimeError("boom from the app")


async def boom_midway(request: Request):
    async def chunks():
        yield "first part\n"
        raise RuntimeError("failed while streaming")

    return StreamingResponse(chunks(), media_type="text/plain")


async def log(request: Request):
    """One line through a logger with a handler of its own, one through a logger with none."""
    own = logging.getLogger("runtime.own")
    if not own.handlers:
        own.addHandler(logging.StreamHandler())  # stderr, as python-socketio's logger=True adds
    own.warning("own handler line")
    logging.getLogger("runtime.plain").info("plain info line")
    return PlainTextResponse("logged")


async def redirect(request: Request):
    return PlainTextResponse("", status_code=303, headers={"location": "/echo?from=redirect"})


async def upload_stats(request: Request):
    """Reads the body as it streams in and reports how it arrived."""
    tracemalloc.start()
    sizes = []
    async for chunk in request.stream():
        if chunk:
            sizes.append(len(chunk))
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return JSONResponse({"total": sum(sizes), "chunks": len(sizes), "largest": max(sizes, default=0), "peak": peak})


async def item(request: Request):
    return PlainTextResponse(request.path_params["n"])


# Raw ASGI routes, for what frameworks hide.
TICKER = {"sent": 0, "ended_by": None}
NEVER = asyncio.Event()


async def raw(scope, receive, send):
    path = scope["path"][len(scope["root_path"]):] if scope["path"].startswith(scope["root_path"]) else scope["path"]
    if path == "/ticker":
        TICKER.update(sent=0, ended_by=None)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"tick\n", "more_body": True})
                TICKER["sent"] += 1
                await asyncio.sleep(0.01)
        except OSError as exc:
            TICKER["ended_by"] = type(exc).__name__
            raise
    elif path == "/ticker-status":
        body = f'{{"sent": {TICKER["sent"]}, "ended_by": "{TICKER["ended_by"]}"}}'.encode()
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/json")]})
        await send({"type": "http.response.body", "body": body})
    elif path == "/never":
        await NEVER.wait()
    elif path == "/crash":
        import ctypes

        ctypes.string_at(2**32 - 16, 64)  # reads outside wasm memory: a fatal trap


app = Starlette(
    routes=[
        Route("/echo", echo, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/state", state),
        Route("/stream", stream),
        Route("/boom", boom),
        Route("/boom-midway", boom_midway),
        Route("/redirect", redirect, methods=["GET", "POST"]),
        Route("/log", log),
        Route("/upload-stats", upload_stats, methods=["POST"]),
        Route("/item/{n}", item),
        Mount("/raw", app=raw),
    ],
    lifespan=lifespan,
)
