"""The worker's JavaScript talks to the server through this one object.

JavaScript calls ``Bridge.request/body/ack/abort`` with plain values (ints,
strings, ArrayBuffers; headers as one string, see worker/protocol.mjs) and
receives results through ``post(kind, id, ...)``. Conversions between
JavaScript and Python values happen only here (bytes through the ``to_js``
hook), so the rest of the server is plain Python and the same code is tested
under CPython.
"""

from __future__ import annotations

from typing import Any, Callable

from .http_cycle import RequestResponseCycle
from .scope import RequestHead
from .server import Server
from .websocket_cycle import WebSocketCycle

Post = Callable[..., None]


def _identity(value: Any) -> Any:
    return value


def _as_bytes(value: Any) -> bytes:
    """An ArrayBuffer/Uint8Array proxy, bytes-like, or None, as bytes."""
    if value is None:
        return b""
    to_bytes = getattr(value, "to_bytes", None)
    return to_bytes() if to_bytes is not None else bytes(value)


def _parse_headers(lines: str) -> list[tuple[bytes, bytes]]:
    """Request headers from their wire form (names and values alternate, one
    per line; see worker/protocol.mjs), names lower-cased."""
    if not lines:
        return []
    flat = iter(lines.encode("latin-1").split(b"\n"))  # one encode for all of them
    return [(name.lower(), value) for name, value in zip(flat, flat)]


# Response bodies up to this size that are plain ASCII (JSON, most CSS, many
# pages) cross into JavaScript as a str, and the page encodes them back to the
# same bytes (web/exchange.mjs): in Pyodide that costs a fraction of filling a
# Uint8Array (about 13 of ~65 us per small request, measured in Node). Past
# ~8 KB the Uint8Array is as fast, and it can be transferred rather than copied.
ASCII_BODY_MAX = 8 * 1024


def _wire_body(chunk: bytes, to_js: Callable[[Any], Any]) -> Any:
    """A response-body chunk as it crosses to the page: None, a str, or a Uint8Array."""
    if not chunk:
        return None
    if len(chunk) <= ASCII_BODY_MAX and chunk.isascii():
        return chunk.decode("ascii")
    return to_js(chunk)


def _header_lines(headers: list[tuple[bytes, bytes]]) -> str:
    """Response headers in their wire form (values were checked free of newlines)."""
    return b"\n".join([part for pair in headers for part in pair]).decode("latin-1")


class PostChannel:
    """A ``ResponseChannel`` that posts one request's output to the page."""

    __slots__ = ("post", "rid", "to_js")

    def __init__(self, post: Post, rid: int, to_js: Callable[[Any], Any]) -> None:
        self.post = post
        self.rid = rid
        self.to_js = to_js

    def start(self, status: int, headers: list[tuple[bytes, bytes]]) -> None:
        self.post("start", self.rid, status, _header_lines(headers))

    def body(self, chunk: bytes, more: bool) -> None:
        self.post("body", self.rid, _wire_body(chunk, self.to_js), more)

    def fail(self, reason: str) -> None:
        self.post("fail", self.rid, reason)

    def pull(self) -> None:
        self.post("pull", self.rid)


class WebSocketPostChannel:
    """A ``WebSocketChannel`` that posts one WebSocket's output to the page (kinds ``ws.*``)."""

    __slots__ = ("post", "rid", "to_js")

    def __init__(self, post: Post, rid: int, to_js: Callable[[Any], Any]) -> None:
        self.post = post
        self.rid = rid
        self.to_js = to_js

    def accept(self, subprotocol: str | None, headers: list[tuple[bytes, bytes]]) -> None:
        self.post("ws.accept", self.rid, subprotocol or "", _header_lines(headers))

    def message(self, data: str | bytes) -> None:
        # Text stays a string; bytes become a Uint8Array whose buffer the worker transfers.
        self.post("ws.message", self.rid, data if isinstance(data, str) else self.to_js(data))

    def close(self, code: int, reason: str) -> None:
        self.post("ws.close", self.rid, code, reason)

    def deny(self, status: int, headers: list[tuple[bytes, bytes]], body: bytes) -> None:
        # The body goes first: the worker transfers the buffer of a first Uint8Array argument.
        self.post("ws.deny", self.rid, self.to_js(body) if body else None, status, _header_lines(headers))

    def ack(self, count: int) -> None:
        self.post("ws.ack", self.rid, count)


class Bridge:
    """Routes page events to request cycles and WebSocket cycles by id."""

    def __init__(
        self,
        server: Server,
        post: Post,
        *,
        to_js: Callable[[Any], Any] = _identity,
        scheme: str = "http",
        host: str = "localhost",
        port: int = 80,
    ) -> None:
        self.server = server
        self.post = post
        self.to_js = to_js
        self.scheme = scheme
        self.server_addr = (host, port)
        self.cycles: dict[int, RequestResponseCycle] = {}
        self.websockets: dict[int, WebSocketCycle] = {}

    def request(self, rid: int, method: str, target: str, headers: str, body: Any = None, more: bool = False) -> None:
        """A new request; ``headers`` in their wire form ("name\\nvalue\\n...")."""
        head = RequestHead(method, target, _parse_headers(headers), self.scheme, self.server_addr)
        channel = PostChannel(self.post, rid, self.to_js)
        cycle = self.server.handle_http(
            head, channel, _as_bytes(body), bool(more), on_done=lambda: self.cycles.pop(rid, None)
        )
        if not cycle.finished:  # an app that answered at once is done already
            self.cycles[rid] = cycle

    def body(self, rid: int, chunk: Any, more: bool) -> None:
        """The next request-body chunk, answering a ``pull``."""
        cycle = self.cycles.get(rid)
        if cycle is not None:
            cycle.feed_body(_as_bytes(chunk), bool(more))

    def ack(self, rid: int, nbytes: int) -> None:
        """The page has read ``nbytes`` more of the response body."""
        cycle = self.cycles.get(rid)
        if cycle is not None:
            cycle.ack(int(nbytes))

    def abort(self, rid: int) -> None:
        """The page aborted the request."""
        cycle = self.cycles.get(rid)
        if cycle is not None:
            cycle.disconnect()

    def ws_open(self, wid: int, target: str, headers: str) -> None:
        """A new WebSocket handshake; ``headers`` in their wire form, as for ``request``."""
        head = RequestHead("GET", target, _parse_headers(headers), self.scheme, self.server_addr)
        channel = WebSocketPostChannel(self.post, wid, self.to_js)
        cycle = self.server.handle_websocket(head, channel, on_done=lambda: self.websockets.pop(wid, None))
        if not cycle.finished:
            self.websockets[wid] = cycle

    def ws_message(self, wid: int, data: Any) -> None:
        """A message from the page: a string (text) or an ArrayBuffer (binary)."""
        cycle = self.websockets.get(wid)
        if cycle is not None:
            cycle.page_message(data if isinstance(data, str) else _as_bytes(data))

    def ws_ack(self, wid: int, count: int) -> None:
        """The page has delivered ``count`` more of the app's messages."""
        cycle = self.websockets.get(wid)
        if cycle is not None:
            cycle.ack(int(count))

    def ws_close(self, wid: int, code: int, reason: str = "") -> None:
        """The page closed the WebSocket (1005: no code given) or dropped it (1006)."""
        cycle = self.websockets.get(wid)
        if cycle is not None:
            cycle.page_closed(int(code), str(reason or ""))
