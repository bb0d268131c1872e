"""One HTTP request/response as an explicit state machine.

The response side moves ``AWAITING_START -> SENDING_BODY -> COMPLETE``; a
message that does not fit the current state is an app error. The request
side hands the body to the app in chunks as the page supplies them, then
reports ``http.disconnect`` once the response is complete or the page
aborted.
"""

from __future__ import annotations

import asyncio
import enum
import logging
import re
from collections import deque
from typing import Any, Awaitable, Callable, Protocol

from .errors import ClientDisconnected, ProtocolError

logger = logging.getLogger("wasgi.server")

# Bytes of response body the page may hold unread before ``send`` waits:
# large enough to stream at full speed, small enough to bound memory.
RESPONSE_WINDOW = 4 * 1024 * 1024

ERROR_500_HEADERS = [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")]

# RFC 9110 field names are tokens; values must not hold CR, LF or NUL.
_TOKEN = re.compile(rb"[!#$%&'*+\-.^_`|~0-9A-Za-z]+")
_BAD_VALUE = re.compile(rb"[\r\n\x00]")
# Statuses that never carry a body, whatever the app sends.
_BODYLESS_STATUS = {204, 304}
# Header names (as bytes) already checked, lower-cased: apps send the same few
# names in every response, and checking one costs several times a lookup here.
_CHECKED_NAMES: dict[bytes, bytes] = {}
_CHECKED_NAMES_MAX = 512


class ResponseChannel(Protocol):
    """Where a cycle's output goes: the page, or a recorder in tests."""

    def start(self, status: int, headers: list[tuple[bytes, bytes]]) -> None:
        """Deliver the status and headers."""

    def body(self, chunk: bytes, more: bool) -> None:
        """Deliver one body chunk; ``more`` is False on the last one."""

    def fail(self, reason: str) -> None:
        """The response started but will not complete: error the body stream."""

    def pull(self) -> None:
        """Ask the page for the next chunk of the request body."""


class ResponseState(enum.Enum):
    AWAITING_START = "awaiting http.response.start"
    SENDING_BODY = "sending http.response.body"
    COMPLETE = "complete"


class RequestResponseCycle:
    """Runs the app for one request and enforces the ASGI message order."""

    def __init__(
        self,
        scope: dict,
        channel: ResponseChannel,
        body: bytes = b"",
        more_body: bool = False,
        save_changes: Callable[[], Awaitable[None]] | None = None,
    ) -> None:
        self.scope = scope
        self.channel = channel
        # Awaited before the response starts and before each body chunk: what the
        # request wrote is saved before the page sees its status (a page may
        # reload as soon as it has one) and before it sees anything written after
        # (a stream that writes as it goes). Without changes it costs one check.
        self.save_changes = save_changes
        self.state = ResponseState.AWAITING_START
        self.disconnected = False
        # The app has returned (or raised) for this connection.
        self.finished = False
        # Request body: chunks received from the page, not yet given to the app.
        self._chunks: deque[bytes] = deque([body] if body else [])
        self._more_body = more_body
        self._body_delivered = False
        self._pulling = False
        # What receive() waits on for the page (_wakeup) and send() for the page's
        # reading (_drained): made only when one must wait, as most requests never do.
        self._wakeup: asyncio.Event | None = None
        # Response framing, from http.response.start.
        self._status = 0
        self._expected_length: int | None = None
        self._sent_length = 0
        # Response flow control: bytes sent that the page has not yet read.
        self._unacked = 0
        self._drained: asyncio.Event | None = None

    # -- events from the page -------------------------------------------------

    def feed_body(self, chunk: bytes, more: bool) -> None:
        """The page sent the next request-body chunk."""
        self._pulling = False
        if chunk:
            self._chunks.append(chunk)
        self._more_body = more
        self._wake()

    def ack(self, nbytes: int) -> None:
        """The page read ``nbytes`` more of the response body."""
        self._unacked = max(0, self._unacked - nbytes)
        if self._unacked < RESPONSE_WINDOW and self._drained is not None:
            self._drained.set()

    def disconnect(self) -> None:
        """The page aborted the request (or went away)."""
        self.disconnected = True
        self._wake()
        if self._drained is not None:
            self._drained.set()

    def _wake(self) -> None:
        """Wake a receive() that waits for the page."""
        if self._wakeup is not None:
            self._wakeup.set()

    # -- the app --------------------------------------------------------------

    async def run_asgi(self, app: Callable[..., Awaitable[Any]], on_done: Callable[[], None] | None = None) -> None:
        """Call the app; turn its failures into a 500 or an errored body. ``on_done`` runs when it has returned."""
        try:
            result = await app(self.scope, self.receive, self.send)
        except BaseException as exc:
            if self.disconnected and _from_disconnect(exc):
                # It sent after the page had gone: Uvicorn drops such sends and logs nothing.
                logger.debug("The app stopped: the page closed the request.", exc_info=exc)
            else:
                logger.error("Exception in ASGI application\n", exc_info=exc)
            self._end_after_error("the app raised an exception: %s" % _short(exc))
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
        else:
            if result is not None:
                logger.error("ASGI callable should return None, but returned %r.", result)
                self._end_after_error("the app returned a value")
            elif self.state is ResponseState.AWAITING_START and not self.disconnected:
                logger.error("ASGI callable returned without starting response.")
                self._end_after_error("no response")
            elif self.state is ResponseState.SENDING_BODY and not self.disconnected:
                logger.error("ASGI callable returned without completing response.")
                self._end_after_error("incomplete response")
        finally:
            self.finished = True
            if on_done is not None:
                on_done()

    def _end_after_error(self, reason: str) -> None:
        if self.disconnected or self.state is ResponseState.COMPLETE:
            return
        if self.state is ResponseState.AWAITING_START:
            self._start(500, list(ERROR_500_HEADERS))
            self._body(b"Internal Server Error", False)
        else:
            self.state = ResponseState.COMPLETE
            self.channel.fail(reason)

    async def receive(self) -> dict:
        """ASGI ``receive``: request-body chunks, then ``http.disconnect``."""
        while True:
            if self.disconnected or self.state is ResponseState.COMPLETE:
                return {"type": "http.disconnect"}
            if not self._body_delivered and (self._chunks or not self._more_body):
                body = self._chunks.popleft() if self._chunks else b""
                more = bool(self._chunks) or self._more_body
                self._body_delivered = not more
                return {"type": "http.request", "body": body, "more_body": more}
            if self._more_body and not self._pulling:
                self._pulling = True
                self.channel.pull()
            self._wakeup = _armed(self._wakeup)
            await self._wakeup.wait()

    async def send(self, message: dict) -> None:
        """ASGI ``send``: validates the message order, then forwards it."""
        if self.disconnected:
            raise ClientDisconnected("the page closed the request")
        mtype = message["type"]
        if self.state is ResponseState.AWAITING_START:
            if mtype != "http.response.start":
                raise ProtocolError(f"Expected ASGI message 'http.response.start', but got {mtype!r}.")
            await self._save_changes()  # a failed save raises here: the page gets a 500
            # As in Uvicorn, the response counts as started before it is checked, so
            # an invalid start ends the request as a dropped connection, not a 500.
            self.state = ResponseState.SENDING_BODY
            status, headers = _checked_start(message)
            self._start(status, headers)
        elif self.state is ResponseState.SENDING_BODY:
            if mtype != "http.response.body":
                raise ProtocolError(f"Expected ASGI message 'http.response.body', but got {mtype!r}.")
            more = bool(message.get("more_body", False))
            await self._save_changes()
            self._body(bytes(message.get("body") or b""), more)
            if more and self._unacked >= RESPONSE_WINDOW:
                self._drained = _armed(self._drained)
                await self._drained.wait()
                if self.disconnected:
                    raise ClientDisconnected("the page closed the request")
        else:
            raise ProtocolError(f"Unexpected ASGI message {mtype!r} sent, after response already completed.")

    async def _save_changes(self) -> None:
        if self.save_changes is not None:
            await self.save_changes()
            if self.disconnected:
                raise ClientDisconnected("the page closed the request")

    def _start(self, status: int, headers: list[tuple[bytes, bytes]]) -> None:
        self.state = ResponseState.SENDING_BODY
        self._status = status
        if self.scope["method"] != "HEAD" and status not in _BODYLESS_STATUS:
            self._expected_length = _content_length(headers)
        self.channel.start(status, headers)

    def _body(self, body: bytes, more: bool) -> None:
        if self.scope["method"] == "HEAD":
            body = b""  # the headers describe a GET; the body is not sent
        elif body and self._status in _BODYLESS_STATUS:
            raise ProtocolError(f"A response with status {self._status} cannot have a body.")
        self._sent_length += len(body)
        expected = self._expected_length
        if expected is not None and self._sent_length > expected:
            raise ProtocolError(f"Response content longer than Content-Length ({expected} bytes).")
        if not more and expected is not None and self._sent_length < expected:
            self.channel.body(body, True)
            raise ProtocolError(f"Response content shorter than Content-Length ({self._sent_length} of {expected} bytes).")
        if not more:
            self.state = ResponseState.COMPLETE
            self._wake()  # a pending receive() now returns http.disconnect
        self._unacked += len(body)
        self.channel.body(body, more)


def _armed(event: asyncio.Event | None) -> asyncio.Event:
    """``event`` cleared for a new wait, or made at the first one. The same event is
    kept once made: another task may be waiting on it (two receive() calls, say)."""
    if event is None:
        return asyncio.Event()
    event.clear()
    return event


def _as_header_bytes(value: Any) -> bytes:
    # Uvicorn (through h11) also takes str; ASCII/latin-1 as HTTP/1.1 carries it.
    return value.encode("latin-1") if isinstance(value, str) else bytes(value)


def _checked_start(message: dict) -> tuple[int, list[tuple[bytes, bytes]]]:
    """The status and headers of http.response.start, or ``ProtocolError``."""
    status = message["status"]
    if not isinstance(status, int) or not 200 <= status <= 599:
        raise ProtocolError(f"Status {status!r} cannot reach the page: a browser Response carries 200 to 599 only.")
    headers = []
    for name, value in message.get("headers", ()):
        lower = _CHECKED_NAMES.get(name) if type(name) is bytes else None
        if lower is None:
            lower = _checked_name(name)
        if type(value) is not bytes:
            value = _as_header_bytes(value)
        if _BAD_VALUE.search(value):
            raise ProtocolError(f"Invalid HTTP header value {value!r} for {lower!r}.")
        headers.append((lower, value))
    return status, headers


def _checked_name(name: Any) -> bytes:
    """A header name the app sent, checked and lower-cased (and remembered, when bytes)."""
    raw = _as_header_bytes(name)
    if not _TOKEN.fullmatch(raw):
        raise ProtocolError(f"Invalid HTTP header name {raw!r}.")
    lower = raw.lower()
    if type(name) is bytes and len(_CHECKED_NAMES) < _CHECKED_NAMES_MAX:
        _CHECKED_NAMES[name] = lower
    return lower


def _content_length(headers: list[tuple[bytes, bytes]]) -> int | None:
    found = None
    for name, value in headers:
        if name == b"content-length":
            value = value.strip()
            if not value.isdigit() or (found is not None and value != found):
                raise ProtocolError(f"Invalid Content-Length header {sorted({found or value, value})!r}.")
            found = value
    return None if found is None else int(found)


def _from_disconnect(exc: BaseException) -> bool:
    """Whether ``exc`` is, wraps or groups the ``ClientDisconnected`` that ``send`` raised."""
    seen: set[int] = set()
    pending = [exc]
    while pending:
        current = pending.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        if isinstance(current, ClientDisconnected):
            return True
        pending.extend(e for e in (current.__cause__, current.__context__) if e is not None)
        if isinstance(current, BaseExceptionGroup):
            pending.extend(current.exceptions)
    return False


def _short(exc: BaseException) -> str:
    text = f"{type(exc).__name__}: {exc}"
    return text if len(text) <= 200 else text[:197] + "..."
