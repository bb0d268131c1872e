"""An app that calls another service, unchanged: httpx's AsyncClient and Client,
and requests. In the browser they send through the worker's fetch (httpx by
wasgi's shim, requests by urllib3's own Pyodide support)."""

import httpx
import requests
from fastapi import FastAPI

app = FastAPI()


@app.get("/async")
async def with_async_client(url: str) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.get(url, headers={"x-asked-by": "wasgi"})
        return {"status": response.status_code, "json": response.json(),
                "type": response.headers.get("content-type"), "url": str(response.url)}  # fmt: skip


@app.get("/post")
async def post_json(url: str) -> dict:
    async with httpx.AsyncClient() as client:
        response = await client.post(url, json={"n": 1, "text": "é"})
        return response.json()


@app.get("/stream")
async def stream(url: str) -> dict:
    chunks = total = 0
    async with httpx.AsyncClient() as client, client.stream("GET", url) as response:
        async for chunk in response.aiter_bytes():
            chunks += 1
            total += len(chunk)
    return {"chunks": chunks, "bytes": total}


@app.get("/refused")
async def refused(url: str) -> dict:
    try:
        async with httpx.AsyncClient() as client:
            await client.get(url)
    except httpx.ConnectError as exc:
        return {"error": type(exc).__name__, "message": str(exc)}
    return {"error": None}


@app.get("/sync")
def with_sync_client(url: str) -> dict:
    # A def endpoint runs inline, on a stack that waits through JSPI.
    with httpx.Client() as client:
        return {"httpx": client.get(url).json(), "requests": requests.get(url, timeout=10).json()}
