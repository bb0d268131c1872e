"""An app for the memory-snapshot tests: what must differ between visits
(random numbers) and what needs the browser's stack switching (async_to_sync)."""

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
    return JSONResponse({"random": random.random(), "preimported": "starlette.routing" in sys.modules})


app = Starlette(routes=[Route("/bridge", bridge), Route("/state", state)])
