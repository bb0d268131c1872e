"""``wasgi serve APP --reload``: watch the app's files and requirements,
rebuild what changed, and tell every open page to reload the app.

Pages in a dev build (``BuildOptions(dev=True)``) listen on
``/_wasgi/dev/events`` (server-sent events) and send their console output to
``/_wasgi/dev/log``, which this server prints. Only what changed is rebuilt:
an app edit re-zips the app (the packages and their pack are cached); a
requirements edit resolves again.
"""

from __future__ import annotations

import json
import queue
import threading
import time
from pathlib import Path
from typing import Callable


class DevChannel:
    """Fans reload events out to the pages listening."""

    def __init__(self) -> None:
        self._listeners: list[queue.Queue] = []
        self._lock = threading.Lock()

    def subscribe(self) -> queue.Queue:
        listener: queue.Queue = queue.Queue()
        with self._lock:
            self._listeners.append(listener)
        return listener

    def unsubscribe(self, listener: queue.Queue) -> None:
        with self._lock:
            if listener in self._listeners:
                self._listeners.remove(listener)

    def publish(self, event: str, data: dict) -> None:
        message = f"event: {event}\ndata: {json.dumps(data)}\n\n"
        with self._lock:
            for listener in self._listeners:
                listener.put(message)


class Reloader:
    """Polls the watched files; on a change, rebuilds and publishes ``reload``."""

    def __init__(
        self,
        rebuild: Callable[[], object],
        app_files: Callable[[], list[Path]],
        requirement_files: list[Path],
        channel: DevChannel,
        *,
        log=print,
        interval: float = 0.3,
    ) -> None:
        self.rebuild = rebuild
        self.app_files = app_files
        self.requirement_files = requirement_files
        self.channel = channel
        self.log = log
        self.interval = interval
        self._stop = threading.Event()
        self._seen = self._stat()

    def _stat(self) -> dict[Path, tuple[float, int]]:
        seen = {}
        for path in [*self.app_files(), *self.requirement_files]:
            try:
                stat = path.stat()
            except OSError:
                continue
            seen[path] = (stat.st_mtime, stat.st_size)
        return seen

    def start(self) -> threading.Thread:
        thread = threading.Thread(target=self._run, daemon=True, name="wasgi-reload")
        thread.start()
        return thread

    def stop(self) -> None:
        self._stop.set()

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.check()

    def check(self) -> bool:
        """Rebuild if something changed since the last look; True when it did."""
        now = self._stat()
        changed = sorted({*now, *self._seen} - {p for p in now if self._seen.get(p) == now[p]})
        if not changed:
            return False
        self._seen = now
        what = "requirements" if any(p in self.requirement_files for p in changed) else "app"
        names = ", ".join(p.name for p in changed[:5]) + (" ..." if len(changed) > 5 else "")
        started = time.perf_counter()
        try:
            self.rebuild()
        except Exception as exc:  # a broken edit: say so, keep watching
            self.log(f"Rebuild failed ({names} changed): {exc}")
            self.channel.publish("build-error", {"message": str(exc), "changed": names})
            return True
        seconds = time.perf_counter() - started
        done = "resolved the requirements and rebuilt the site" if what == "requirements" else "rebuilt the app bundle"
        self.log(f"{names} changed: {done} in {seconds:.2f} s; reloading open pages")
        self.channel.publish("reload", {"what": what, "changed": names, "seconds": round(seconds, 3)})
        return True
