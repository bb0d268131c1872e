"""httpx's default transports, sending through the browser's ``fetch`` instead of sockets.

An app that calls another service (``httpx.AsyncClient().get(...)``, a
GitHub or weather API, say) opens a socket on a server; a browser has none,
so httpcore's connection pool fails. With these patches ``AsyncHTTPTransport``
and ``HTTPTransport`` (what every ``httpx`` client uses unless given another
transport) hand the request to the worker's ``fetch``. Other transports,
``httpx.ASGITransport`` among them, are untouched. ``requests`` needs nothing:
urllib3 2.2 and later send through ``fetch`` in Pyodide themselves.

What the browser decides, as for any page's request: the service must allow
the site's origin (CORS), an ``https:`` site cannot call ``http:`` URLs, the
browser follows redirects itself (the app sees the final response) and decodes
compressed bodies (the response has no ``Content-Encoding`` then), forbidden
headers (``Host``, ``Cookie``, ``Accept-Encoding``...) are dropped, and no
cookie of the visitor's is sent. ``httpx.Client`` (sync) waits for the answer
through JSPI, as ``async_to_sync`` does.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, AsyncIterator

from . import jspi
from .errors import AsyncToSyncUnavailableError
from .patch import Patch, require

# Headers of the answer that describe the bytes on the wire, which the browser has already decoded.
_WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


def patches(httpx: Any) -> list[Patch]:
    """Send ``httpx``'s default transports' requests through ``fetch`` (only inside Pyodide:
    under CPython the sockets work)."""
    if sys.platform != "emscripten":
        return []
    require(httpx, "AsyncHTTPTransport", "HTTPTransport", "Response", "AsyncByteStream", "ConnectError")
    return [
        Patch(httpx.AsyncHTTPTransport, "handle_async_request", handle_async_request),
        Patch(httpx.HTTPTransport, "handle_request", handle_request),
    ]


async def handle_async_request(self: Any, request: Any) -> Any:
    """``AsyncHTTPTransport.handle_async_request``: the answer streams as the browser reads it."""
    import httpx

    body = b"".join([part async for part in request.stream])
    try:
        response = await _fetch(request, body)
    except Exception as exc:  # a JavaScript TypeError: refused (CORS, mixed content) or unreachable
        raise _connect_error(httpx, request, exc) from None
    stream = _stream_type(httpx.AsyncByteStream)(response)
    return httpx.Response(response.status, headers=_headers(response), stream=stream,
                          extensions={"reason_phrase": response.statusText.encode()})  # fmt: skip


def handle_request(self: Any, request: Any) -> Any:
    """``HTTPTransport.handle_request``: the stack waits for the whole answer through JSPI."""
    import httpx

    if not jspi.can_block():
        raise AsyncToSyncUnavailableError(
            "httpx.Client cannot wait for an answer here: it needs JavaScript Promise Integration (JSPI) "
            "and code run outside the event loop (a def endpoint, a sync view); use httpx.AsyncClient "
            "in async code"
        )
    body = b"".join(request.stream)
    try:
        response = jspi.wait(_fetch(request, body))
        content = jspi.wait(response.arrayBuffer()).to_bytes()
    except Exception as exc:
        raise _connect_error(httpx, request, exc) from None
    return httpx.Response(response.status, headers=_headers(response), content=content,
                          extensions={"reason_phrase": response.statusText.encode()})  # fmt: skip


def _fetch(request: Any, body: bytes) -> Any:
    """The browser's ``fetch`` for an httpx request: a JavaScript Promise of its Response."""
    from js import Object, fetch
    from pyodide.ffi import to_js

    init = {
        "method": request.method,
        "headers": to_js([[name, value] for name, value in request.headers.multi_items()]),
        "credentials": "omit",  # a server's request carries none of the visitor's cookies
        "redirect": "follow",
    }
    if body:
        init["body"] = to_js(body)
    return fetch(str(request.url), to_js(init, dict_converter=Object.fromEntries))


def _headers(response: Any) -> list[tuple[str, str]]:
    return [(name, value) for name, value in (pair.to_py() for pair in response.headers.entries())
            if name not in _WIRE_HEADERS]  # fmt: skip


def _connect_error(httpx: Any, request: Any, exc: Exception) -> Exception:
    return httpx.ConnectError(
        f"the browser could not fetch {request.url}: {exc}. A page reaches another site only if that site "
        "allows this one's origin (CORS headers), and an https: page only https: URLs",
        request=request,
    )


@functools.cache
def _stream_type(base: type) -> type:
    """``_FetchBody`` as a subclass of httpx's ``AsyncByteStream``, which httpx checks for."""
    return type("FetchStream", (_FetchBody, base), {})


class _FetchBody:
    """A fetch Response's body, read chunk by chunk as httpx reads an ``AsyncByteStream``."""

    def __init__(self, response: Any) -> None:
        self.response = response
        self.reader: Any = None

    async def __aiter__(self) -> AsyncIterator[bytes]:
        if self.response.body is None:
            return
        self.reader = self.response.body.getReader()
        while True:
            chunk = await self.reader.read()
            if chunk.done:
                return
            yield chunk.value.to_bytes()

    async def aclose(self) -> None:
        if self.reader is not None:
            await self.reader.cancel()
