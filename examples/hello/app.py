"""The smallest useful wasgi app: a Starlette app with a page and a JSON API."""

from contextlib import asynccontextmanager

from starlette.applications import Starlette
from starlette.responses import HTMLResponse, JSONResponse
from starlette.routing import Route


@asynccontextmanager
async def lifespan(app):
    yield {"greeting": "Hello from Python in your browser"}


async def home(request):
    return HTMLResponse(f"<h1>{request.state.greeting}</h1><p>Try <code>/api/hello?name=you</code>.</p>")


async def hello(request):
    return JSONResponse({"hello": request.query_params.get("name", "world")})


app = Starlette(routes=[Route("/", home), Route("/api/hello", hello)], lifespan=lifespan)
