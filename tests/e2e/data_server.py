"""A static file server for data files, on its own port (another origin than
the site), with switches for what real hosts differ in: CORS headers and
range requests. It counts the bytes it sends per path."""

from __future__ import annotations

import functools
import http.server
import shutil
import threading
from collections import Counter
from pathlib import Path

from wasgi.devserver import SiteRequestHandler, SiteServer


class DataRequestHandler(SiteRequestHandler):
    quiet = True
    cors = True
    ranges = True

    def end_headers(self) -> None:
        if self.cors:
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Expose-Headers", "Content-Range, Accept-Ranges")
        super().end_headers()

    def send_head(self):
        if self.ranges:
            return super().send_head()
        return http.server.SimpleHTTPRequestHandler.send_head(self)

    def copyfile(self, source, outputfile) -> None:
        counting = _Counting(outputfile, self.server.sent, self.path.split("?")[0])
        shutil.copyfileobj(source, counting)


class _Counting:
    def __init__(self, out, counter: Counter, key: str) -> None:
        self.out, self.counter, self.key = out, counter, key

    def write(self, data: bytes) -> int:
        self.counter[self.key] += len(data)
        return self.out.write(data)


def serve_data(directory: Path, *, cors: bool = True, ranges: bool = True) -> SiteServer:
    """Serve ``directory`` on a free port of 127.0.0.1; ``server.sent`` counts bytes per path."""
    handler = type("Handler", (DataRequestHandler,), {"cors": cors, "ranges": ranges})
    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    server.sent = Counter()
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server
