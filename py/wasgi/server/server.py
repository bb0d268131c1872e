"""The server: one app, its lifespan, and the requests in flight."""

from __future__ import annotations

import asyncio
import sys
from typing import Any, Awaitable, Callable, Coroutine

from .http_cycle import RequestResponseCycle, ResponseChannel
from .lifespan import Lifespan
from .scope import RequestHead, build_http_scope, build_websocket_scope
from .websocket_cycle import WebSocketChannel, WebSocketCycle

ASGIApp = Callable[..., Awaitable[Any]]
Hook = Callable[[], Awaitable[None]]


class Server:
    """Serves one ASGI app; each request runs as its own task."""

    def __init__(self, app: ASGIApp, *, root_path: str = "", save_changes: Hook | None = None) -> None:
        """``save_changes`` is awaited before each response starts, before each of
        its body chunks and before each WebSocket message the app sends goes out (the
        persistent directory is saved there)."""
        self.app = app
        self.root_path = root_path.rstrip("/")
        self.save_changes = save_changes
        self.lifespan = Lifespan(app)
        self.tasks: set[asyncio.Task] = set()
        self.websockets: set[WebSocketCycle] = set()

    async def startup(self) -> None:
        """Run lifespan startup (raises ``LifespanFailure``)."""
        await self.lifespan.startup()

    async def shutdown(self) -> None:
        """Run lifespan shutdown (raises ``LifespanFailure``)."""
        # Open WebSockets close first (1012), as Uvicorn closes connections before lifespan shutdown.
        for cycle in list(self.websockets):
            cycle.shutdown()
        await self.lifespan.shutdown()

    def handle_http(
        self,
        head: RequestHead,
        channel: ResponseChannel,
        body: bytes = b"",
        more_body: bool = False,
        on_done: Callable[[], None] | None = None,
    ) -> RequestResponseCycle:
        """Start serving one request; returns its cycle for later page events.

        ``on_done`` runs when the app has returned for this request: already
        before this returns (``cycle.finished``) when the app answered at once.
        """
        scope = build_http_scope(head, root_path=self.root_path, state=self.lifespan.state)
        cycle = RequestResponseCycle(scope, channel, body, more_body, save_changes=self.save_changes)
        self._start(cycle.run_asgi(self.app, on_done))
        return cycle

    def handle_websocket(
        self,
        head: RequestHead,
        channel: WebSocketChannel,
        on_done: Callable[[], None] | None = None,
    ) -> WebSocketCycle:
        """Start serving one WebSocket handshake; returns its cycle for later page events.

        ``on_done`` runs when the app has returned for this connection (as for ``handle_http``).
        """
        scope = build_websocket_scope(head, root_path=self.root_path, state=self.lifespan.state)
        cycle = WebSocketCycle(scope, channel, save_changes=self.save_changes)
        self.websockets.add(cycle)

        def done() -> None:
            self.websockets.discard(cycle)
            if on_done is not None:
                on_done()

        self._start(cycle.run_asgi(self.app, done))
        return cycle

    def _start(self, work: Coroutine[Any, Any, None]) -> None:
        """Run ``work`` (a cycle's ``run_asgi``) as a task.

        The task starts eagerly (Python 3.12+): it runs at once, up to its
        first real wait, so a request the app answers without waiting is
        served inside this call, with no trip through the browser's event
        loop (each costs tens of microseconds in Pyodide). That first step runs
        on a stack that cannot suspend; the shims that run sync code inline
        (which may suspend) wait for the loop's next turn first (shims/jspi.py).
        A cycle's ``on_done`` runs in the task itself rather than as a
        done-callback, which would be one more trip; only a task that had to
        wait (and made trips anyway) is tracked by one.
        """
        task = start_task(work)
        if not task.done():
            # Keep a reference so the task is not garbage-collected mid-request.
            self.tasks.add(task)
            task.add_done_callback(self.tasks.discard)


def start_task(coro: Coroutine[Any, Any, None]) -> asyncio.Task:
    """A task that starts running now (Python 3.12+), else on the loop's next turn.

    A plain Task either way: the loop's ``create_task`` would add a done-callback of its own.
    """
    loop = asyncio.get_event_loop()
    if sys.version_info >= (3, 12):
        return asyncio.Task(coro, loop=loop, eager_start=True)
    return asyncio.Task(coro, loop=loop)
