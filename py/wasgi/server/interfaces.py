"""Which interface an app speaks, and the ASGI 3 app that serves it.

Uvicorn asks for ``--interface`` (``asgi3``, ``asgi2``, ``wsgi``); a built site
has no command line, so the shape of the callable decides: a coroutine
function, or anything that takes ``(scope, receive, send)``, is ASGI 3; a sync
callable that takes ``(environ, start_response)`` is WSGI (Flask, Bottle);
one that takes only ``scope`` is ASGI 2.
"""

from __future__ import annotations

import inspect

from .wsgi import WSGIMiddleware


def interface(app) -> str:
    """``"asgi3"``, ``"asgi2"`` or ``"wsgi"``."""
    call = app if inspect.isroutine(app) or inspect.isclass(app) else getattr(app, "__call__", app)
    if inspect.iscoroutinefunction(call):
        return "asgi3"
    try:
        signature = inspect.signature(app)
    except (TypeError, ValueError):
        return "asgi3"  # a builtin or extension type: nothing to go on but the default
    for count, kind in ((3, "asgi3"), (2, "wsgi"), (1, "asgi2")):
        try:
            signature.bind(*[None] * count)
        except TypeError:
            continue
        return kind
    return "asgi3"


def as_asgi3(app, kind: str | None = None):
    """``app`` itself when it is ASGI 3, else an ASGI 3 app that serves it
    (``kind``: what ``interface(app)`` says, when already known)."""
    kind = kind or interface(app)
    if kind == "wsgi":
        return WSGIMiddleware(app)
    if kind == "asgi2":
        return ASGI2Middleware(app)
    return app


class ASGI2Middleware:
    """Serves an ASGI 2 app: ``app(scope)`` makes the instance that ``(receive, send)`` runs."""

    def __init__(self, app) -> None:
        self.app = app

    async def __call__(self, scope, receive, send) -> None:
        await self.app(scope)(receive, send)
