"""What the worker runs once the files are in place: import the app, start
it, and return the ``Bridge`` that serves requests.

A failure is posted to the page as ``("failed", 0, kind, message,
traceback)``: ``kind`` is ``import`` or ``startup``, ``message`` is one line
naming the cause, ``traceback`` the full Python traceback.
"""

from __future__ import annotations

import logging
import os
import sys
import traceback
from typing import Any, Callable

from .app_loader import load_app
from .bridge import Bridge, Post
from .errors import AppLoadError, LifespanFailure, SaveFailed
from .server import Server
from .shims import install as install_shims
from .shims.outside_loop import call_outside_loop


class PostLogHandler(logging.Handler):
    """Sends log records to the page, which prints them on its console."""

    def __init__(self, post: Post) -> None:
        super().__init__()
        self.post = post
        self.setFormatter(logging.Formatter("%(name)s: %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        try:
            self.post("log", 0, record.levelname.lower(), self.format(record))
        except Exception:  # logging must never raise
            self.handleError(record)


def prepare(app_dir: str, post: Post) -> None:
    """Make the app importable and its relative paths work, as when run in its folder."""
    if app_dir not in sys.path:
        sys.path.insert(0, app_dir)
    os.chdir(app_dir)
    handler = PostLogHandler(post)
    server_log = logging.getLogger("wasgi.server")
    server_log.addHandler(handler)
    server_log.setLevel(logging.INFO)
    server_log.propagate = False
    # Records that no handler takes reach the console, from INFO up, as
    # Python's last-resort handler would print them to stderr (WARNING up).
    # Not a root handler: a logger with handlers of its own (a StreamHandler,
    # say) prints once, through them, and logging.basicConfig still works.
    logging.lastResort = handler
    root = logging.getLogger()
    if not root.handlers and root.level == logging.WARNING:
        root.setLevel(logging.INFO)


async def boot_app(
    spec: str,
    post: Post,
    *,
    app_dir: str,
    root_path: str,
    scheme: str,
    host: str,
    port: int,
    on_phase: Callable[[str], None] = lambda phase: None,
    storage: Any = None,
) -> Bridge | None:
    """Import and start the app; on failure post it and return None.

    ``storage`` is the persistent directory's keeper (worker/persistence.mjs):
    what changed there is saved before each response completes (``Saver``).
    """
    prepare(app_dir, post)
    # Known before the first request: frameworks that fix URL prefixes at import
    # (Django's STATIC_URL, say) can read it here.
    os.environ["WASGI_ROOT_PATH"] = root_path
    install_shims()  # no threads in the browser: sync code runs inline (see shims/)
    try:
        # Imported with no running loop, as before a server's loop starts:
        # Django's ORM refuses to run (migrate at import, say) where it sees one.
        app = call_outside_loop(load_app, spec)
    except AppLoadError as exc:
        cause = exc.__cause__
        tb = "".join(traceback.format_exception(cause)) if cause is not None else ""
        post("failed", 0, "import", str(exc).split("\n\n", 1)[0], tb)
        return None
    save_changes = Saver(storage) if storage is not None else None
    server = Server(app, root_path=root_path, save_changes=save_changes)
    on_phase("startup")
    try:
        await server.startup()
    except LifespanFailure as exc:
        detail = str(exc).strip()
        summary = detail.splitlines()[-1] if detail else "lifespan startup failed"
        post("failed", 0, "startup", f"Application startup failed: {summary}", detail)
        return None
    if save_changes is not None:
        await save_changes()  # what startup wrote (migrations, say) is kept too
    return Bridge(server, post, to_js=uint8array_maker(), scheme=scheme, host=host, port=port)


class Saver:
    """Saves the persistent directory before a response starts and before it
    completes, if it changed; raises ``SaveFailed`` when the save fails.

    ``storage.dirty`` says a file changed or a save is in progress (set by
    the filesystem hooks: JavaScript cannot call into Python from there, as
    the GIL may be released, by SQLite say); reading it costs far less than
    calling ``storage.flushIfDirty()`` for every response.
    """

    def __init__(self, storage: Any) -> None:
        self.storage = storage

    async def __call__(self) -> None:
        if not self.storage.dirty:
            return
        pending = self.storage.flushIfDirty()
        if pending is not None:
            try:
                await pending
            except Exception as exc:  # a JsException naming what the browser refused
                raise SaveFailed(f"{exc}: the request's changes are not kept; reload the page and "
                                 "retry, and if it repeats, free some of the browser's storage") from exc


def uint8array_maker() -> Callable[[bytes], Any]:
    """A function that copies bytes into a new JavaScript Uint8Array: about
    twice as fast as ``to_js``. ``Uint8Array`` is looked up once, here: each
    lookup is a trip into JavaScript, and this runs for every response body."""
    from js import Uint8Array

    def uint8array(data: bytes) -> Any:
        array = Uint8Array.new(len(data))
        array.assign(data)
        return array

    return uint8array
