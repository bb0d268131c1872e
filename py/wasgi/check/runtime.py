"""``--runtime``: build the site, boot it in headless Chromium, and report what the browser saw.

It uses the pytest plugin's machinery (``wasgi.testing``): the site is built
into wasgi's cache (``check-sites/``) and reused while nothing changes, then
served on 127.0.0.1 and opened in a page. An import or startup error becomes
a finding at the deepest line of the app's own code in the traceback; when
the app starts, ``GET /`` is asked for, and a 5xx answer is reported too.
"""

from __future__ import annotations

import asyncio
import threading

import re
from dataclasses import dataclass
from pathlib import Path

from .findings import Finding
from .rules import finding

# Frames of the app's own files: the worker unpacks the app at /app (worker/boot.mjs).
_FRAME = re.compile(r'File "/app/(?P<name>[^"]+)", line (?P<line>\d+)')
CODES = {"import": "import-error", "startup": "startup-error"}  # any other kind: load-error


@dataclass
class RuntimeReport:
    findings: list[Finding]
    details: list[str]  # tracebacks and console lines, shown with -v


class BrowserUnavailable(Exception):
    """Chromium or Playwright is missing: ``--runtime`` cannot run (a usage problem, not a finding)."""


def check_runtime(config, source: Path, app_dir: Path, **options) -> RuntimeReport:
    """Build and boot ``config``'s site; ``source`` is the app module (findings without a better place go there).

    Playwright's sync API refuses to run where an asyncio loop is running (a
    caller's own, or a test session's browser): then this runs in a thread.
    """
    try:
        asyncio.get_running_loop()
    except RuntimeError:
        return _check_runtime(config, source, app_dir, **options)
    outcome: dict = {}

    def run() -> None:
        try:
            outcome["report"] = _check_runtime(config, source, app_dir, **options)
        except BaseException as exc:  # handed to the caller below
            outcome["error"] = exc

    thread = threading.Thread(target=run, name="wasgi-check-runtime")
    thread.start()
    thread.join()
    if "error" in outcome:
        raise outcome["error"]
    return outcome["report"]


def _check_runtime(config, source: Path, app_dir: Path, *, site_cache: Path, chromium: str | None = None, log=print,
                   boot_timeout: float = 120.0) -> RuntimeReport:  # fmt: skip
    from wasgi.build import BuildError
    from wasgi.testing.client import WasgiClient
    from wasgi.testing.errors import (AppStartupError, BootTimeout, ChromiumNotFound, PlaywrightMissing,
                                      RequestError, WasgiTestingError)  # fmt: skip
    from wasgi.testing.session import BrowserSession
    from wasgi.testing.sitecache import ensure_site

    try:
        site = ensure_site(config, site_cache, log=log)
    except BuildError as exc:
        lines = str(exc).splitlines() or [""]
        return RuntimeReport([finding(source, 1, "build-error", f"the site does not build: {lines[0]}")], lines[1:])
    session = BrowserSession(chromium=chromium, boot_timeout=boot_timeout)
    try:
        session.start(site.path)
    except (ChromiumNotFound, PlaywrightMissing) as exc:
        raise BrowserUnavailable(str(exc)) from None
    except AppStartupError as exc:
        path, line = _deepest_app_frame(exc.traceback, app_dir) or (source, 1)
        message, fix = _split_hint(exc.message)
        code = CODES.get(exc.kind, "load-error")
        return RuntimeReport([finding(path, line, code, f"in the browser: {message}", fix)], exc.traceback.splitlines())
    except BootTimeout as exc:
        return RuntimeReport([finding(source, 1, "startup-error", str(exc).splitlines()[0])], str(exc).splitlines()[1:])
    except WasgiTestingError as exc:  # the page did not open
        return RuntimeReport([finding(source, 1, "load-error", str(exc))], [])
    mark = len(session.console)
    try:
        response = WasgiClient(session.page, console=session.console).get("/")
        answer = f"answered {response.status_code} {response.reason_phrase}" if response.status_code >= 500 else None
    except RequestError as exc:
        answer = f"failed: {exc}"
    finally:
        console = session.console[mark:]
        session.close()
    if answer is None:
        return RuntimeReport([], [])
    path, line = _deepest_app_frame("\n".join(console), app_dir) or (source, 1)
    return RuntimeReport([finding(path, line, "server-error", f"in the browser, GET / {answer}")], console)


def _deepest_app_frame(traceback: str, app_dir: Path) -> tuple[Path, int] | None:
    """The last ``File "/app/..."`` frame of a Pyodide traceback, as a path on this machine."""
    frames = list(_FRAME.finditer(traceback))
    if not frames:
        return None
    last = frames[-1]
    return app_dir / last["name"], int(last["line"])


def _split_hint(message: str) -> tuple[str, str | None]:
    """wasgi's import errors end with ". Add it to the site's requirements (...)": that part is the fix."""
    head, found, hint = message.partition(". Add it to")
    return (head, "add it to" + hint.rstrip(".")) if found else (message, None)
