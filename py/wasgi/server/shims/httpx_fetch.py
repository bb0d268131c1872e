"""httpx's default transports, sending through the browser instead of sockets.

An app that calls another service (``httpx.AsyncClient().get(...)``, a
GitHub or weather API, say) opens a socket on a server; a browser has none,
so httpcore's connection pool fails. With these patches ``AsyncHTTPTransport``
and ``HTTPTransport`` (what every ``httpx`` client uses unless given another
transport) hand the request to the browser (``browser_http``): the async one
awaits ``fetch`` and streams the answer as the browser reads it; the sync one
waits for the whole answer. Other transports, ``httpx.ASGITransport`` among
them, are untouched. ``requests`` needs nothing: urllib3 2.2 and later send
through ``fetch`` in Pyodide themselves.
"""

from __future__ import annotations

import functools
import sys
from typing import Any, AsyncIterator

from . import browser_http
from .patch import Patch, require


def patches(httpx: Any) -> list[Patch]:
    """Send ``httpx``'s default transports' requests through the browser (only inside Pyodide:
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
        response = await browser_http.fetch(request.method, str(request.url), request.headers.multi_items(), body)
    except Exception as exc:  # a JavaScript TypeError: refused (CORS, mixed content) or unreachable
        raise httpx.ConnectError(browser_http.refusal(str(request.url), exc), request=request) from None
    stream = _stream_type(httpx.AsyncByteStream)(response)
    return httpx.Response(response.status, headers=browser_http.answer_headers(response), stream=stream,
                          extensions={"reason_phrase": response.statusText.encode()})  # fmt: skip


def handle_request(self: Any, request: Any) -> Any:
    """``HTTPTransport.handle_request``: the whole answer, waited for."""
    import httpx

    body = b"".join(request.stream)
    try:
        answer = browser_http.send(request.method, str(request.url), request.headers.multi_items(), body)
    except Exception as exc:
        raise httpx.ConnectError(browser_http.refusal(str(request.url), exc), request=request) from None
    return httpx.Response(answer.status, headers=answer.headers, content=answer.content,
                          extensions={"reason_phrase": answer.reason.encode()})  # fmt: skip


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
