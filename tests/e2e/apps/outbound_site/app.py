"""An app that calls another service, unchanged: httpx's AsyncClient and Client,
requests, and urllib.request. In the browser they send through the worker
(httpx and urllib by wasgi's shims, requests by urllib3's own Pyodide support)."""

import json
import urllib.error
import urllib.request

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


@app.get("/sync-in-async")
async def with_sync_client_in_async_code(url: str) -> dict:
    # A request's first step cannot suspend: a synchronous XMLHttpRequest, holding the app meanwhile.
    with httpx.Client() as client:
        return {"httpx": client.get(url).json()}


def read_with_urllib(url: str) -> dict:
    try:
        with urllib.request.urlopen(url, timeout=10) as response:
            return {"status": response.status, "json": json.loads(response.read()),
                    "type": response.headers["content-type"], "encoding": response.headers["content-encoding"]}
    except urllib.error.HTTPError as exc:
        return {"status": exc.code, "reason": exc.reason}
    except urllib.error.URLError as exc:
        return {"error": str(exc.reason)}


@app.get("/urllib")
def urllib_in_a_def_endpoint(url: str) -> dict:
    return read_with_urllib(url)  # a stack that may suspend: fetch, waited for through JSPI


@app.get("/urllib-async")
async def urllib_in_an_async_endpoint(url: str) -> dict:
    return read_with_urllib(url)  # a request's first step cannot suspend: a synchronous XMLHttpRequest
