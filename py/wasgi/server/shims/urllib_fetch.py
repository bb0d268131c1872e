"""``urllib.request``'s HTTP and HTTPS handlers, sending through the browser instead of sockets.

``urlopen(url)`` (and what calls it: ``pandas.read_csv(url)``, feed readers)
opens a socket through ``http.client``; a browser has none. With these
patches the default opener's ``http_open`` and ``https_open`` hand the request
to ``browser_http.send`` (fetch through JSPI, else a synchronous
XMLHttpRequest). The opener's other handlers (redirects, cookies,
``HTTPError`` for a 4xx or 5xx) work on the answer as on a server's.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from . import browser_http
from .patch import Patch


def patches(request_module: Any) -> list[Patch]:
    """Send ``urllib.request``'s HTTP(S) requests through the browser (only inside Pyodide)."""
    if sys.platform != "emscripten":
        return []
    return [
        Patch(request_module.HTTPHandler, "http_open", browser_open),
        Patch(request_module.HTTPSHandler, "https_open", browser_open),
    ]


def browser_open(self: Any, request: Any) -> Any:
    """``http_open``/``https_open``: the answer as ``urllib.response.addinfourl``, as a socket's would be."""
    import http.client
    import urllib.error
    import urllib.response

    body = request.data
    if body is not None and not isinstance(body, (bytes, bytearray)):
        body = body.read() if hasattr(body, "read") else b"".join(body)
    try:
        answer = browser_http.send(request.get_method(), request.full_url, request.header_items(), body)
    except Exception as exc:  # JavaScript's TypeError or NetworkError: refused (CORS) or unreachable
        raise urllib.error.URLError(browser_http.refusal(request.full_url, exc)) from None
    message = http.client.HTTPMessage()
    for name, value in answer.headers:
        message[name] = value
    response = urllib.response.addinfourl(io.BytesIO(answer.content), message, answer.url or request.full_url,
                                          answer.status)  # fmt: skip
    response.msg = response.reason = answer.reason  # what http.client's response has, and urllib's processors read
    return response
