"""ASGI lifespan, in Uvicorn's "auto" mode.

An app that raises on the lifespan scope before it reports anything is
taken not to support lifespan and runs without it; an app that sends
``lifespan.startup.failed`` fails startup with its own message.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from typing import Any, Awaitable, Callable

from .errors import LifespanFailure
from .scope import LIFESPAN_ASGI

logger = logging.getLogger("wasgi.server")


class LifespanState(enum.Enum):
    NOT_STARTED = "not started"
    STARTING = "starting"
    STARTED = "started"
    UNSUPPORTED = "unsupported"  # the app raised on the lifespan scope
    STOPPING = "stopping"
    STOPPED = "stopped"
    FAILED = "failed"


class Lifespan:
    """Drives the app's lifespan scope; ``state`` is shared with requests."""

    def __init__(self, app: Callable[..., Awaitable[Any]]) -> None:
        self.app = app
        self.state: dict = {}
        self.phase = LifespanState.NOT_STARTED
        self._inbox: asyncio.Queue[dict] = asyncio.Queue()
        self._answered = asyncio.Event()
        self._failure: str | None = None
        self._task: asyncio.Task | None = None

    async def startup(self) -> None:
        """Run startup; raise ``LifespanFailure`` with the app's message if it fails."""
        self.phase = LifespanState.STARTING
        scope = {"type": "lifespan", "asgi": dict(LIFESPAN_ASGI), "state": self.state}
        self._task = asyncio.ensure_future(self._main(scope))
        await self._inbox.put({"type": "lifespan.startup"})
        await self._answered.wait()
        if self.phase is LifespanState.FAILED:
            raise LifespanFailure(self._failure or "lifespan startup failed")
        if self.phase is LifespanState.STARTING:
            self.phase = LifespanState.STARTED

    async def shutdown(self) -> None:
        """Run shutdown; raise ``LifespanFailure`` if the app reports failure."""
        if self.phase is not LifespanState.STARTED:
            return
        self.phase = LifespanState.STOPPING
        self._answered.clear()
        await self._inbox.put({"type": "lifespan.shutdown"})
        await self._answered.wait()
        if self.phase is LifespanState.FAILED:
            raise LifespanFailure(self._failure or "lifespan shutdown failed")
        self.phase = LifespanState.STOPPED

    async def _main(self, scope: dict) -> None:
        try:
            await self.app(scope, self._receive, self._send)
        except BaseException as exc:
            if self.phase is LifespanState.FAILED:
                pass  # the app already reported the failure with its message
            elif self.phase is LifespanState.STARTING:
                self.phase = LifespanState.UNSUPPORTED
                logger.info("ASGI 'lifespan' protocol appears unsupported (%s: %s).", type(exc).__name__, exc)
            else:
                logger.error("Exception in 'lifespan' protocol\n", exc_info=exc)
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
        finally:
            self._answered.set()

    async def _receive(self) -> dict:
        return await self._inbox.get()

    async def _send(self, message: dict) -> None:
        mtype = message["type"]
        expected = {
            LifespanState.STARTING: ("lifespan.startup.complete", "lifespan.startup.failed"),
            LifespanState.STOPPING: ("lifespan.shutdown.complete", "lifespan.shutdown.failed"),
        }.get(self.phase, ())
        if mtype not in expected:
            raise RuntimeError(f"Unexpected ASGI lifespan message {mtype!r} while {self.phase.value}.")
        if mtype.endswith(".failed"):
            self.phase = LifespanState.FAILED
            self._failure = message.get("message", "") or mtype
        self._answered.set()
