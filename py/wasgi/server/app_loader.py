"""Import the app named by a ``module:attr`` spec."""

from __future__ import annotations

import importlib
import logging
import sys
import traceback

from .code_location import in_stdlib, short_name
from .errors import AppLoadError
from .interfaces import as_asgi3, interface

logger = logging.getLogger("wasgi.server")
# What the console says when an app is not ASGI 3, as Uvicorn's --interface names it.
INTERFACE_NOTES = {
    "wsgi": "a WSGI app (Uvicorn's --interface wsgi): it runs inline, one request's code at a time",
    "asgi2": "an ASGI 2 app (Uvicorn's --interface asgi2)",
}


def load_app(spec: str):
    """Return the ASGI 3 app ``spec`` names; ``AppLoadError`` says what went wrong.

    ``spec`` is ``module:attr`` where ``attr`` may be dotted (``mod:obj.app``).
    A WSGI or ASGI 2 app comes back wrapped (``interfaces.py``).
    """
    module_name, _, attr = spec.partition(":")
    attr = attr or "app"
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as exc:
        if exc.name == module_name:
            raise AppLoadError(f"No module named {module_name!r} in the app bundle (app spec {spec!r}).") from exc
        raise AppLoadError(_import_failed(spec, exc)) from exc
    except BaseException as exc:
        raise AppLoadError(_import_failed(spec, exc)) from exc
    obj = module
    for part in attr.split("."):
        try:
            obj = getattr(obj, part)
        except AttributeError:
            raise AppLoadError(f"Module {module_name!r} has no attribute {attr!r} (app spec {spec!r}).") from None
    if not callable(obj):
        raise AppLoadError(f"{spec!r} is a {type(obj).__name__}, not an ASGI or WSGI application.")
    kind = interface(obj)
    if kind in INTERFACE_NOTES:
        logger.info("Serving %r as %s.", spec, INTERFACE_NOTES[kind])
    return as_asgi3(obj, kind)


def _import_failed(spec: str, exc: BaseException) -> str:
    tb = "".join(traceback.format_exception(exc))
    hint = ""
    if isinstance(exc, ModuleNotFoundError) and exc.name:
        top = exc.name.split(".")[0]
        if top in sys.stdlib_module_names:
            # Not a package pip could add: Pyodide's Python was built without it.
            hint = (
                f". {top!r} is part of Python's standard library, but Pyodide's Python has no {top!r} "
                f"(a browser cannot provide it); {_importer(exc)} imports it: avoid that import, "
                "or use a version of that package that does not need it"
            )
        else:
            hint = (
                f"; {_importer(exc)} imports it. Add it to the site's requirements (wasgi build -p {top}) "
                "and rebuild (if the build said it left it out, by --without or as a server's compiled extra, "
                "the app needs it after all)"
            )
    return f"Importing the app {spec!r} failed: {type(exc).__name__}: {exc}{hint}\n\n{tb}"


def _importer(exc: BaseException) -> str:
    """The file outside the standard library whose import failed, for the message."""
    files = [frame.f_code.co_filename for frame, _ in traceback.walk_tb(exc.__traceback__)]
    files = [name for name in files if not in_stdlib(name)]
    return short_name(files[-1]) if files else "the app"
