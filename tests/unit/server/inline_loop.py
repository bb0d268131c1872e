"""An asyncio loop with no I/O, for running the server tests inside Pyodide.

Pyodide's own loop (WebLoop) only runs when control returns to JavaScript,
so a synchronous test runner such as pytest cannot wait on it. The server
needs no sockets, so a plain ``BaseEventLoop`` whose "selector" only waits for
the next timer is enough, and runs the same coroutines as under CPython.
"""

from __future__ import annotations

import asyncio
import time


class _NoIO:
    """Stands in for a selector: there is never I/O, only the next timer."""

    def select(self, timeout):
        if timeout:
            time.sleep(timeout)
        return []


class InlineLoop(asyncio.BaseEventLoop):
    def __init__(self) -> None:
        super().__init__()
        self._selector = _NoIO()

    def _process_events(self, event_list) -> None:
        pass

    def _write_to_self(self) -> None:
        pass
