"""The app the runtime end-to-end tests drive: one route per behaviour."""

import asyncio
from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Route


@asynccontextmanager
async def lifespan(app):
    yield {"started_by": "lifespan", "counter": []}
    print("lifespan shutdown ran")


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


async def redirect(request: Request):
    return PlainTextResponse("", status_code=303, headers={"location": "/echo?from=redirect"})


app = Starlette(
    routes=[
        Route("/echo", echo, methods=["GET", "POST", "PUT", "DELETE", "PATCH"]),
        Route("/state", state),
        Route("/stream", stream),
        Route("/boom", boom),
        Route("/boom-midway", boom_midway),
        Route("/redirect", redirect, methods=["GET", "POST"]),
    ],
    lifespan=lifespan,
)
