"""A static file server for built sites, with the MIME types Pyodide needs."""

from __future__ import annotations

import functools
import http.server
import json
import re
import sys
import threading
from pathlib import Path

IMMUTABLE = re.compile(r"/_wasgi/(r-[0-9a-f]+/|pyodide-[^/]+/|[a-z-]+-[0-9a-f]{16}\.)")
MIME_TYPES = {
    ".wasm": "application/wasm",
    ".mjs": "text/javascript",
    ".js": "text/javascript",
    ".json": "application/json",
    ".zip": "application/zip",
    ".whl": "application/zip",
    ".html": "text/html; charset=utf-8",
    ".css": "text/css",
    ".svg": "image/svg+xml",
}


class SiteRequestHandler(http.server.SimpleHTTPRequestHandler):
    """Serves a folder; ``quiet`` turns off the per-request log lines. With a
    ``dev`` channel it also serves reload events and takes the pages' logs."""

    extensions_map = {**http.server.SimpleHTTPRequestHandler.extensions_map, **MIME_TYPES}
    quiet = False
    dev = None  # a reload.DevChannel for `wasgi serve --reload`
    _error = False  # set while sending an error page, which must not be cached

    def do_GET(self) -> None:
        if self.dev is not None and self.path.split("?")[0].endswith("/_wasgi/dev/events"):
            return self._reload_events()
        super().do_GET()

    def do_POST(self) -> None:
        if self.dev is not None and self.path.split("?")[0].endswith("/_wasgi/dev/log"):
            return self._page_log()
        self.send_error(405)

    def _reload_events(self) -> None:
        """Server-sent events: one ``reload`` per rebuild, a comment now and then to keep it open."""
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.end_headers()
        listener = self.dev.subscribe()
        try:
            self.wfile.write(b": connected\n\n")
            self.wfile.flush()
            while True:
                try:
                    message = listener.get(timeout=15)
                except Exception:
                    message = ": still here\n\n"
                self.wfile.write(message.encode())
                self.wfile.flush()
        except OSError:
            pass  # the page went away
        finally:
            self.dev.unsubscribe(listener)

    def _page_log(self) -> None:
        """What the page's console got (the app's print and logging), printed here too."""
        length = int(self.headers.get("Content-Length") or 0)
        try:
            lines = json.loads(self.rfile.read(length) or b"[]")
        except ValueError:
            lines = []
        for line in lines:
            level, text = str(line.get("level", "info")), str(line.get("text", ""))
            print(f"[browser] {level}: {text}", file=sys.stderr, flush=True)
        self.send_response(204)
        self.end_headers()

    def end_headers(self) -> None:
        # Files named by content or version never change: cache them for good, as a
        # CDN would. Everything else is revalidated, so a rebuild shows at once.
        immutable = IMMUTABLE.search(self.path.split("?")[0]) and not self._error
        self.send_header("Cache-Control", "public, max-age=31536000, immutable" if immutable else "no-cache")
        self.send_header("Accept-Ranges", "bytes")
        super().end_headers()

    def send_head(self):
        """As the base class, plus single byte ranges (206), so large databases
        can be read lazily from a site served here."""
        match = re.fullmatch(r"bytes=(\d*)-(\d*)", self.headers.get("Range", "").strip())
        path = Path(self.translate_path(self.path))
        if not match or not path.is_file() or match.group(0) == "bytes=-":
            return super().send_head()
        size = path.stat().st_size
        first, last = match.groups()
        start, end = (int(first), int(last or size - 1)) if first else (max(0, size - int(last)), size - 1)
        end = min(end, size - 1)
        if start > end:
            self.send_response(416)
            self.send_header("Content-Range", f"bytes */{size}")
            self.send_header("Content-Length", "0")
            self.end_headers()
            return None
        f = path.open("rb")
        f.seek(start)
        self.send_response(206)
        self.send_header("Content-Type", self.guess_type(str(path)))
        self.send_header("Content-Range", f"bytes {start}-{end}/{size}")
        self.send_header("Content-Length", str(end - start + 1))
        self.end_headers()
        return _Slice(f, end - start + 1)

    def send_error(self, code: int, message: str | None = None, explain: str | None = None) -> None:
        # As GitHub Pages does: a missing path gets the 404.html of the (project) site it is in.
        self._error = True
        page = self._site_404()
        if code == 404 and page is not None:
            body = page.read_bytes()
            self.send_response(404)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            if self.command != "HEAD":
                self.wfile.write(body)
            return
        super().send_error(code, message, explain)

    def _site_404(self) -> Path | None:
        """The 404.html GitHub Pages would answer with: the one at the site's
        root, never one in a folder below it. The served folder is taken as the
        site when it has one; otherwise its folders are project sites
        (``/repo/``), each with its own."""
        root = Path(self.directory)
        parts = Path(self.translate_path(self.path)).relative_to(root).parts  # no "..": translate_path drops them
        for site in (root, root / parts[0]) if len(parts) > 1 else (root,):
            if (site / "404.html").is_file():
                return site / "404.html"
        return None

    def log_message(self, format: str, *args) -> None:
        if not self.quiet:
            super().log_message(format, *args)


class _Slice:
    """A file read from its current position for ``length`` bytes (one range)."""

    def __init__(self, f, length: int) -> None:
        self.f = f
        self.left = length

    def read(self, n: int = -1) -> bytes:
        n = self.left if n < 0 else min(n, self.left)
        data = self.f.read(n)
        self.left -= len(data)
        return data

    def close(self) -> None:
        self.f.close()


class SiteServer(http.server.ThreadingHTTPServer):
    daemon_threads = True

    @property
    def url(self) -> str:
        host, port = self.server_address[:2]
        return f"http://{host}:{port}/"

    def handle_error(self, request, client_address) -> None:
        # A browser that stops reading (a cancelled fetch, a page navigated
        # away) resets the connection: routine, not worth a traceback.
        if isinstance(sys.exc_info()[1], ConnectionError):
            return
        super().handle_error(request, client_address)


def make_server(directory: Path, host: str = "127.0.0.1", port: int = 8000, *, quiet: bool = False,
                dev=None) -> SiteServer:
    """Bind a server for ``directory`` (port 0 picks a free port); raises ``OSError`` if the port is taken.

    ``dev`` (a ``reload.DevChannel``) turns on the reload events and the page log endpoint.
    """
    handler = type("Handler", (SiteRequestHandler,), {"quiet": quiet, "dev": dev})
    return SiteServer((host, port), functools.partial(handler, directory=str(directory)))


def serve_in_thread(directory: Path, host: str = "127.0.0.1", port: int = 0) -> SiteServer:
    """Start a quiet server in a daemon thread (for tests and benchmarks)."""
    server = make_server(directory, host, port, quiet=True)
    threading.Thread(target=server.serve_forever, daemon=True, name="wasgi-devserver").start()
    return server
