"""``urllib.request``'s HTTP and HTTPS handlers, sending through the browser instead of sockets.

``urlopen(url)`` (and what calls it: ``pandas.read_csv(url)``, feed readers)
opens a socket through ``http.client``; a browser has none. With these
patches the default opener's ``http_open`` and ``https_open`` ask the worker's
``fetch`` and wait through JSPI where the stack may suspend (other requests
go on meanwhile), else make a synchronous ``XMLHttpRequest``, which a worker
may (the app waits, as a blocking call holds a server's event loop). The
opener's other handlers (redirects, cookies, ``HTTPError`` for a 4xx or 5xx)
work on the answer as they do on a server's.

The browser's rules hold as for httpx (``httpx_fetch.py``): CORS, https only
from an https site, redirects followed by the browser, compressed bodies
decoded, forbidden headers dropped, no cookie of the visitor's sent.
"""

from __future__ import annotations

import io
import sys
from typing import Any

from . import jspi
from .patch import Patch

# Headers of the answer that describe the bytes on the wire, which the browser has already decoded.
_WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


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
        body = b"".join(body) if not hasattr(body, "read") else body.read()
    headers = dict(request.header_items())
    try:
        send = _send_by_fetch if jspi.can_block() else _send_by_xhr
        status, reason, pairs, content, url = send(request.get_method(), request.full_url, headers, body)
    except Exception as exc:  # JavaScript's TypeError or NetworkError: refused (CORS) or unreachable
        raise urllib.error.URLError(
            f"the browser could not fetch {request.full_url} ({exc}): a page reaches another site only "
            "if that site allows this one's origin (CORS headers), and an https: page only https: URLs"
        ) from None
    message = http.client.HTTPMessage()
    for name, value in pairs:
        if name.lower() not in _WIRE_HEADERS:
            message[name] = value
    response = urllib.response.addinfourl(io.BytesIO(content), message, url or request.full_url, status)
    response.msg = response.reason = reason  # what http.client's response has, and urllib's processors read
    return response


def _send_by_fetch(method: str, url: str, headers: dict[str, str], body: bytes | None) -> tuple:
    from js import Object, fetch
    from pyodide.ffi import to_js

    init = {"method": method, "headers": to_js(list(map(list, headers.items()))), "credentials": "omit"}
    if body:
        init["body"] = to_js(bytes(body))
    response = jspi.wait(fetch(url, to_js(init, dict_converter=Object.fromEntries)))
    content = jspi.wait(response.arrayBuffer()).to_bytes()
    pairs = [tuple(pair.to_py()) for pair in response.headers.entries()]
    return response.status, response.statusText, pairs, content, response.url


def _send_by_xhr(method: str, url: str, headers: dict[str, str], body: bytes | None) -> tuple:
    from js import XMLHttpRequest
    from pyodide.ffi import to_js

    xhr = XMLHttpRequest.new()
    xhr.open(method, url, False)
    xhr.responseType = "arraybuffer"  # a worker's synchronous request may set it
    xhr.withCredentials = False
    for name, value in headers.items():
        xhr.setRequestHeader(name, value)  # forbidden ones are ignored, as fetch ignores them
    xhr.send(to_js(bytes(body)) if body else None)
    lines = [line.split(": ", 1) for line in xhr.getAllResponseHeaders().strip().split("\r\n") if ": " in line]
    content = xhr.response.to_bytes() if xhr.response is not None else b""
    return xhr.status, xhr.statusText, [(name, value) for name, value in lines], content, xhr.responseURL
