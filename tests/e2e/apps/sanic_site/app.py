"""A Sanic app, unchanged: routes, middleware, path parameters, JSON and a WebSocket.
Sanic reads each request's URL with httptools' parse_url, and writes and reads
JSON with ujson: neither has a Pyodide wheel, so the site gets wasgi's
stand-ins (wasgi.stand_ins.httptools and .ujson)."""

from sanic import Sanic
from sanic.response import json, text

app = Sanic("wasgi_sanic")


@app.on_request
async def refuse_blocked(request):
    if request.path == "/blocked":
        return text("blocked by middleware", status=403)


@app.on_response
async def mark(request, response):
    response.headers["x-middleware"] = "1"


@app.get("/items/<item_id:int>")
async def item(request, item_id: int):
    return json({"id": item_id, "args": dict(request.args), "path": request.path})


@app.post("/echo-json")
async def echo_json(request):
    return json({"got": request.json})


@app.websocket("/echo")
async def echo(request, ws):
    while (message := await ws.recv()) is not None:  # under ASGI, Sanic's socket has no async iterator
        await ws.send(f"echo:{message}")
