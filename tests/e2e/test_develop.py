"""The development loop: `wasgi serve APP --reload` rebuilds on a change and
the open page shows it; tracebacks in an overlay; the app's output in the
terminal."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from booted import Browsing

REPO = Path(__file__).resolve().parents[2]

APP = '''
import logging
from starlette.applications import Starlette
from starlette.responses import HTMLResponse
from starlette.routing import Route

async def home(request):
    print("home was asked for")
    logging.getLogger("myapp").warning("a warning from the app")
    return HTMLResponse("<!doctype html><html><head><title>dev</title></head><body><p id='v'>{text}</p></body></html>")

async def boom(request):
    return helper()

def helper():
    raise ValueError("broken on purpose")

app = Starlette(routes=[Route("/", home), Route("/boom", boom)])
'''


class DevServer:
    """`wasgi serve APP --reload` in a subprocess, with its terminal output collected."""

    def __init__(self, app: Path, out: Path) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "wasgi", "serve", f"{app}:app", "--reload", "--port", "0", "-o", str(out)],
            stderr=subprocess.PIPE, text=True, cwd=app.parent, env={**os.environ, "PYTHONPATH": str(REPO / "py")},
        )  # fmt: skip
        self.lines: list[str] = []
        self.url = None
        for line in self.proc.stderr:
            self.lines.append(line)
            if match := re.search(r"Serving .* at (http://127\.0\.0\.1:\d+/)", line):
                self.url = match.group(1)
                break
        assert self.url, "".join(self.lines)
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        for line in self.proc.stderr:
            self.lines.append(line)

    def wait_for(self, pattern: str, timeout: float = 30) -> str:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            for line in self.lines:
                if re.search(pattern, line):
                    return line
            time.sleep(0.1)
        raise AssertionError(f"no line matching {pattern!r} in:\n{''.join(self.lines)}")

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


@pytest.fixture
def dev(tmp_path):
    app = tmp_path / "app.py"
    app.write_text(APP.replace("{text}", "version one"))
    (tmp_path / "requirements.txt").write_text("starlette\n")
    server = DevServer(app, tmp_path / "site")
    yield server, app
    server.stop()


def test_a_change_shows_in_the_open_page_on_the_same_page(dev, browser):
    server, app = dev
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(server.url)
    tab.frame.locator("#v", has_text="version one").wait_for()
    # Steady state: the browser has made its memory snapshot (an edit keeps it:
    # the app's own code is not in it), as after a first visit.
    tab.page.evaluate("window.wasgiReady.then((app) => app.snapshotMade)")
    started = time.perf_counter()
    app.write_text(APP.replace("{text}", "version two"))
    tab.frame.locator("#v", has_text="version two").wait_for(timeout=30_000)
    elapsed = time.perf_counter() - started
    print(f"\nreload cycle (save to page showing the change): {elapsed:.2f} s")
    tab.page.locator("#wasgi-toast", has_text="Reloaded: app.py changed").wait_for()
    assert "rebuilt the app bundle" in server.wait_for(r"app\.py changed: rebuilt the app bundle in [\d.]+ s")
    assert tab.path() == "/"
    context.close()


def test_tracebacks_show_in_an_overlay_and_logs_reach_the_terminal(dev, browser):
    server, _ = dev
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(server.url)
    tab.frame.locator("#v").wait_for()
    server.wait_for(r"\[browser\] info: home was asked for")
    server.wait_for(r"\[browser\] warning: myapp: a warning from the app")
    tab.page.evaluate("window.wasgiReady.then((app) => app.fetch('/boom'))")
    overlay = tab.page.locator("#wasgi-overlay")
    overlay.wait_for()
    text = overlay.inner_text()
    assert "ValueError: broken on purpose" in text and "in app.py:16 in helper" in text
    overlay.locator("button").click()
    assert overlay.count() == 0
    server.wait_for(r"\[browser\] error: .*Exception in ASGI application")
    context.close()


def test_a_production_build_shows_no_overlay(browser, sites, tmp_path):
    app = tmp_path / "app.py"
    app.write_text(APP.replace("{text}", "prod"))
    (tmp_path / "requirements.txt").write_text("starlette\n")
    url = sites.serve(sites.build(f"{app}:app", "production"))
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(url)
    status = tab.page.evaluate("window.wasgiReady.then((app) => app.fetch('/boom')).then((r) => r.status)")
    assert status == 500
    tab.page.wait_for_timeout(300)
    assert tab.page.locator("#wasgi-overlay").count() == 0
    # ...unless asked for.
    tab.open(url + "?wasgi-debug=1")
    tab.page.evaluate("window.wasgiReady.then((app) => app.fetch('/boom'))")
    tab.page.locator("#wasgi-overlay").wait_for()
    context.close()
