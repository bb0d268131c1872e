"""An app for the memory-snapshot tests: what must differ between visits
(random numbers), what needs the browser's stack switching (async_to_sync),
and a module a slow first request imports lazily."""

import asyncio
import importlib
import random
import sys

from asgiref.sync import async_to_sync
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


async def double(n: int) -> int:
    return 2 * n


def bridge(request):
    # A sync endpoint waiting for a coroutine: needs run_sync (JSPI) after a restore too.
    return JSONResponse({"doubled": async_to_sync(double)(21)})


async def state(request):
    return JSONResponse({"random": random.random(), "preimported": "starlette.routing" in sys.modules,
                         "lazy_in_memory": "colorsys" in sys.modules})


async def lazy(request):
    await asyncio.sleep(0.5)  # still in flight when the page turns idle
    # Named at run time, so the build (which reads the source for imports) does not see it.
    colorsys = importlib.import_module("".join(["color", "sys"]))
    return JSONResponse({"hls": colorsys.rgb_to_hls(1, 0, 0)})


app = Starlette(routes=[Route("/bridge", bridge), Route("/state", state), Route("/lazy", lazy)])
