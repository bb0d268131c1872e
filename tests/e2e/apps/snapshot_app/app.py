"""An app for the memory-snapshot tests: what must differ between visits
(random numbers), what needs the browser's stack switching (async_to_sync),
a module a slow first request imports lazily, and a Jinja template it
renders (compiled once, then kept in the snapshot)."""

import asyncio
import importlib
import random
import sys

import jinja2
from asgiref.sync import async_to_sync
from starlette.applications import Starlette
from starlette.responses import JSONResponse
from starlette.routing import Route


class CountingEnvironment(jinja2.Environment):
    """Counts the templates it compiles from source."""

    compiled = 0

    def compile(self, *args, **kwargs):
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


TEMPLATES = CountingEnvironment(loader=jinja2.DictLoader({"hello.html": "{% for n in names %}Hello {{ n }}! {% endfor %}"}))


def greeting() -> str:
    return TEMPLATES.get_template("hello.html").render(names=["Ada"])


async def double(n: int) -> int:
    return 2 * n


def bridge(request):
    # A sync endpoint waiting for a coroutine: needs run_sync (JSPI) after a restore too.
    return JSONResponse({"doubled": async_to_sync(double)(21)})


async def state(request):
    return JSONResponse({"random": random.random(), "preimported": "starlette.routing" in sys.modules,
                         "lazy_in_memory": "colorsys" in sys.modules, "greeting": greeting(),
                         "templates_compiled": CountingEnvironment.compiled})


async def lazy(request):
    await asyncio.sleep(0.5)  # still in flight when the page turns idle
    # Named at run time, so the build (which reads the source for imports) does not see it.
    colorsys = importlib.import_module("".join(["color", "sys"]))
    return JSONResponse({"hls": colorsys.rgb_to_hls(1, 0, 0), "greeting": greeting()})


app = Starlette(routes=[Route("/bridge", bridge), Route("/state", state), Route("/lazy", lazy)])
