"""The Starlette test site: sync and async endpoints, streaming, files, and every
way of handing sync code to a thread, which wasgi runs inline."""

import asyncio
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio.from_thread
import anyio.to_thread
from asgiref.sync import async_to_sync, sync_to_async
from starlette.applications import Starlette
from starlette.responses import FileResponse, JSONResponse, PlainTextResponse, StreamingResponse
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

FILES = Path(__file__).parent / "files"


def where() -> dict:
    """What sync code sees about where it runs."""
    return {"thread": threading.current_thread().name, "loop_running": asyncio._get_running_loop() is not None}


def sync_endpoint(request):
    return JSONResponse({"kind": "sync", "name": request.path_params["name"], **where()})


async def async_endpoint(request):
    return JSONResponse({"kind": "async", "name": request.path_params["name"]})


def sync_stream(request):
    def lines():
        for i in range(3):
            yield f"line {i}\n"

    return StreamingResponse(lines(), media_type="text/plain")


def file_endpoint(request):
    return FileResponse(FILES / "hello.txt")


async def handoffs(request):
    """Each way of handing sync work to a thread; each reports where the work ran."""
    loop = asyncio.get_running_loop()
    with ThreadPoolExecutor(max_workers=2) as pool:
        submitted = pool.submit(where).result()
        mapped = list(pool.map(lambda n: n * n, [1, 2, 3]))
    return JSONResponse(
        {
            "anyio": await anyio.to_thread.run_sync(where),
            "to_thread": await asyncio.to_thread(where),
            "default_executor": await loop.run_in_executor(None, where),
            "pool_executor": await loop.run_in_executor(ThreadPoolExecutor(), where),
            "pool_submit": submitted,
            "pool_map": mapped,
            "sync_to_async": await sync_to_async(where)(),
        }
    )


async def _double_later(n):
    await asyncio.sleep(0.01)
    return n * 2


def _sync_bridge(n):
    # Sync code waiting for a coroutine: needs JSPI in the browser.
    return {"doubled": async_to_sync(_double_later)(n), **where()}


async def bridge(request):
    return JSONResponse(await sync_to_async(_sync_bridge)(21))


def start_a_thread(request):
    try:
        threading.Thread(target=print, name="background-job").start()
    except RuntimeError as exc:
        return PlainTextResponse(f"{type(exc).__name__}: {exc}", status_code=500)
    return PlainTextResponse("a thread started")


def sleepy(request):
    started = time.monotonic()
    time.sleep(float(request.query_params.get("s", "0.3")))
    return JSONResponse({"slept": round(time.monotonic() - started, 3)})


def _timed_nap(seconds):
    started = time.monotonic()
    time.sleep(seconds)
    return [started, time.monotonic()]


async def nap(request):
    """asgiref runs thread-sensitive calls one at a time, others side by side."""
    sensitive = request.query_params["thread_sensitive"] == "1"
    return JSONResponse(await sync_to_async(_timed_nap, thread_sensitive=sensitive)(0.3))


async def _double_later(n: int) -> int:
    await asyncio.sleep(0.01)
    return n * 2


def from_thread(request):
    """A sync endpoint (run "in a thread") calling back into the loop, as SQLAdmin's writes do."""
    return JSONResponse({
        "run": anyio.from_thread.run(_double_later, 21),
        "run_sync_sees_the_loop": anyio.from_thread.run_sync(lambda: asyncio._get_running_loop() is not None),
        **where(),
    })


async def ping(request):
    return PlainTextResponse("pong")


app = Starlette(
    routes=[
        Route("/sync/{name}", sync_endpoint),
        Route("/async/{name}", async_endpoint),
        Route("/stream", sync_stream),
        Route("/file", file_endpoint),
        Route("/handoffs", handoffs),
        Route("/bridge", bridge),
        Route("/thread", start_a_thread),
        Route("/sleep", sleepy),
        Route("/nap", nap),
        Route("/ping", ping),
        Route("/from-thread", from_thread),
        Mount("/static", StaticFiles(directory=FILES)),
    ]
)
