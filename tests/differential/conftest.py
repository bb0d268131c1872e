"""Two pages, same requests: one fetches from real Uvicorn (CPython, 127.0.0.1),
the other from the same app in wasgi. See test_http_differential.py."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

APPS = Path(__file__).parent / "apps"

# Injected into both pages. fetcher(path, init) is window.fetch on the Uvicorn
# page and App.fetch on the wasgi page; everything else is the same code.
HARNESS_JS = """
(() => {
  const IGNORED = new Set(["date", "server", "transfer-encoding", "connection", "keep-alive"]);
  const hex = (buf) => Array.from(new Uint8Array(buf), (b) => b.toString(16).padStart(2, "0")).join("");
  function decodeInit(init) {
    if (!init) return undefined;
    const out = { ...init };
    if (init.binary !== undefined) out.body = Uint8Array.from({ length: init.binary }, (_, i) => i % 256);
    delete out.binary;
    return out;
  }
  window.diff = {
    async request(path, init) {
      let r;
      try { r = await window.fetcher(path, decodeInit(init)); } catch (e) { return { stage: "fetch", error: e.name }; }
      const url = new URL(r.url);
      const out = { status: r.status, statusText: r.statusText, redirected: r.redirected, type: r.type,
                    url: url.pathname + url.search, headers: [...r.headers].filter(([k]) => !IGNORED.has(k)) };
      try {
        const buf = await r.arrayBuffer();
        out.size = buf.byteLength;
        out.body = buf.byteLength > 2048 ? "sha256:" + hex(await crypto.subtle.digest("SHA-256", buf))
                                         : new TextDecoder("latin1").decode(buf);
      } catch (e) { out.bodyError = e.name; }
      return out;
    },
    // A WebSocket scenario: the events the page sees, in order.
    async socket(path, { protocols, send = [], close = null, expect = 0 } = {}) {
      const events = [];
      const ws = window.openSocket(path, protocols);
      ws.binaryType = "arraybuffer";
      let received = 0;
      const finish = () => close && ws.close(...close);
      await new Promise((resolve) => {
        ws.onopen = () => {
          events.push(["open", ws.protocol]);
          for (const m of send) ws.send(Array.isArray(m) ? Uint8Array.from(m) : m);
          if (expect === 0) finish();
        };
        ws.onmessage = (e) => {
          events.push(["message", typeof e.data === "string" ? e.data : Array.from(new Uint8Array(e.data))]);
          if (++received === expect) finish();
        };
        ws.onerror = () => events.push(["error", ws.readyState]);
        ws.onclose = (e) => { events.push(["close", e.code, e.reason, e.wasClean]); resolve(); };
      });
      return events;
    },
    async steps(steps) {
      const results = [];
      for (const [path, init] of steps) results.push(await this.request(path, init));
      return results;
    },
  };
})();
"""


class SidePage:
    """One side of the comparison: a page with the harness and its fetcher."""

    def __init__(self, page, name: str) -> None:
        self.page = page
        self.name = name

    def steps(self, steps):
        return self.page.evaluate("(steps) => window.diff.steps(steps)", steps)

    def socket(self, path: str, options: dict):
        return self.page.evaluate("([path, options]) => window.diff.socket(path, options)", [path, options])

    def script(self, source: str):
        return self.page.evaluate(f"({source})(window.fetcher)")


def start_uvicorn(app_dir: Path, spec: str, *options: str):
    proc = subprocess.Popen(
        # h11: the test dependencies include httptools (what wasgi's stand-in is held to), which
        # Uvicorn would otherwise pick; these tests compare against its h11 implementation.
        [sys.executable, "-m", "uvicorn", spec, "--app-dir", str(app_dir), "--host", "127.0.0.1", "--port", "0",
         "--lifespan", "auto", "--log-level", "info", "--http", "h11", *options],
        stderr=subprocess.PIPE, text=True,
    )
    for line in proc.stderr:
        if match := re.search(r"Uvicorn running on (http://127\.0\.0\.1:\d+)", line):
            return proc, match.group(1) + "/"
    proc.kill()
    raise RuntimeError("uvicorn did not start")


@pytest.fixture(scope="session")
def uvicorn_url():
    """The differential app served by real Uvicorn."""
    proc, url = start_uvicorn(APPS / "diff", "app:app")
    yield url
    proc.terminate()
    proc.wait(10)


@pytest.fixture(scope="session")
def diff_site(sites):
    """The differential app's wasgi site."""
    return sites.url("tests/differential/apps/diff/app.py:app", "differential")


@pytest.fixture(scope="session")
def diff_pages(browser, uvicorn_url, diff_site):
    """(uvicorn side, wasgi side) for the differential app."""
    context = browser.new_context()
    uv = context.new_page()
    uv.goto(uvicorn_url + "__page")
    # Statements end in "; 0": Playwright would call an expression that yields a function.
    uv.evaluate("window.fetcher = (path, init) => fetch(path, init); 0")
    uv.evaluate("window.openSocket = (path, protocols) => new WebSocket(location.origin.replace('http', 'ws') + path, protocols); 0")
    uv.evaluate(HARNESS_JS)

    wasgi_context = browser.new_context()
    wp = wasgi_context.new_page()
    wp.goto(diff_site)
    wp.evaluate("window.wasgiReady")
    wp.evaluate("window.fetcher = (path, init) => window.wasgiReady.then((app) => app.fetch(path, init)); 0")
    wp.evaluate("window.wasgiReady.then((app) => { window.openSocket = (path, protocols) => app.websocket(path, protocols); })")
    wp.evaluate(HARNESS_JS)
    yield SidePage(uv, "uvicorn"), SidePage(wp, "wasgi")
    context.close()
    wasgi_context.close()


@pytest.fixture(scope="session")
def app_page_sides(browser, uvicorn_url, diff_site):
    """(page on Uvicorn, the same app page in a wasgi site's frame): the first uses the
    browser's own XMLHttpRequest and EventSource, the second the runtime's (web/frame_*.js)."""
    uvicorn_context = browser.new_context()
    uvicorn = uvicorn_context.new_page()
    uvicorn.goto(uvicorn_url + "__page")
    wasgi_context = browser.new_context()
    shell = wasgi_context.new_page()
    shell.goto(diff_site + "__page")  # a deep link: the shell, with that page in its frame
    shell.wait_for_function("window.wasgiReady !== undefined")
    shell.evaluate("window.wasgiReady")
    shell.frame_locator("#wasgi-frame").locator("p").wait_for()
    yield uvicorn, shell.locator("#wasgi-frame").element_handle().content_frame()
    uvicorn_context.close()
    wasgi_context.close()
