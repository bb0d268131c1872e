"""One WebSocket connection as an explicit state machine.

The app's side moves::

    CONNECTING --websocket.accept--------------------> CONNECTED --websocket.close--> CLOSED
        |  \\--websocket.http.response.start--> RESPONDING --last body--> CLOSED
        \\--websocket.close (a rejection)----------------------------------------> CLOSED

A message that does not fit the current state, or a value a real server
could not put on the wire (a close code such as 1006, a reason over 123 bytes),
raises ``ProtocolError`` in the app, as Uvicorn raises ``RuntimeError``. Independently, ``disconnected`` records that the page closed or
dropped the connection; from then on ``send`` raises ``ClientDisconnected``
(an ``OSError``, ASGI spec 2.4).

The page cannot tell a rejection from a denial response or a crash before
``websocket.accept``: a browser shows all of them as an ``error`` event and a
close with code 1006, so the channel's ``deny`` carries the HTTP response only
for logging.
"""

from __future__ import annotations

import asyncio
import enum
import logging
from collections import deque
from typing import Any, Awaitable, Callable, Protocol

from .errors import ClientDisconnected, ProtocolError

logger = logging.getLogger("wasgi.server")

Headers = list[tuple[bytes, bytes]]

# Bytes of messages the page may hold undelivered before ``send`` waits.
SEND_WINDOW = 4 * 1024 * 1024
# Counted per message on top of its length, so that floods of tiny messages are bounded too.
MESSAGE_COST = 64

# Close codes with a meaning on the wire (RFC 6455 7.4): 1005, 1006 and 1015 never travel.
ABNORMAL_CLOSURE = 1006
NO_STATUS = 1005
INTERNAL_ERROR = 1011
SERVICE_RESTART = 1012
MAX_REASON_BYTES = 123

ERROR_500 = (500, [(b"content-type", b"text/plain; charset=utf-8"), (b"connection", b"close")], b"Internal Server Error")


class WebSocketChannel(Protocol):
    """Where a WebSocket cycle's output goes: the page, or a recorder in tests."""

    def accept(self, subprotocol: str | None, headers: Headers) -> None:
        """The handshake succeeded; the page's socket opens."""

    def message(self, data: str | bytes) -> None:
        """One message for the page: ``str`` is a text frame, ``bytes`` a binary one."""

    def close(self, code: int, reason: str) -> None:
        """The connection closed cleanly with ``code``; 1006 means it dropped without a close frame."""

    def deny(self, status: int, headers: Headers, body: bytes) -> None:
        """The handshake failed with this HTTP response; the page sees an error and close 1006."""

    def ack(self, count: int) -> None:
        """The app has received ``count`` more of the page's messages."""


class WebSocketState(enum.Enum):
    CONNECTING = "awaiting websocket.accept"
    RESPONDING = "sending websocket.http.response.body"
    CONNECTED = "connected"
    CLOSED = "closed"


def check_close(code: Any, reason: Any) -> tuple[int, str]:
    """Validate what the app passed in ``websocket.close``; returns ``(code, reason)``."""
    if not isinstance(code, int) or isinstance(code, bool):
        raise ProtocolError(f"websocket.close 'code' must be an int, not {type(code).__name__}.")
    if not (code in (1000, 1001, 1002, 1003) or 1007 <= code <= 1014 or 3000 <= code <= 4999):
        raise ProtocolError(f"Invalid WebSocket close code {code}: use 1000-1003, 1007-1014 or 3000-4999.")
    reason = "" if reason is None else reason
    if not isinstance(reason, str):
        raise ProtocolError(f"websocket.close 'reason' must be a str, not {type(reason).__name__}.")
    if len(reason.encode("utf-8")) > MAX_REASON_BYTES:
        raise ProtocolError(f"WebSocket close reason is longer than {MAX_REASON_BYTES} UTF-8 bytes.")
    return code, reason


def _headers(message: dict) -> Headers:
    return [(bytes(name), bytes(value)) for name, value in message.get("headers", ())]


class WebSocketCycle:
    """Runs the app for one WebSocket connection and enforces the ASGI message order."""

    def __init__(
        self, scope: dict, channel: WebSocketChannel, save_changes: Callable[[], Awaitable[None]] | None = None
    ) -> None:
        self.scope = scope
        self.channel = channel
        # Awaited before each message the app sends goes out, as for an HTTP response:
        # what a message handler wrote is saved before the page sees its reply.
        self.save_changes = save_changes
        self.state = WebSocketState.CONNECTING
        self.disconnected = False
        # The app has returned (or raised) for this connection.
        self.finished = False
        # What the app has yet to receive; the final websocket.disconnect is repeated once drained.
        self._incoming: deque[dict] = deque([{"type": "websocket.connect"}])
        self._final: dict | None = None
        self._wakeup = asyncio.Event()
        self._received = 0  # page messages the app took, not yet acknowledged to the page
        # Flow control of what the app sends: costs of the messages the page has not acknowledged.
        self._costs: deque[int] = deque()
        self._unacked = 0
        self._drained = asyncio.Event()
        self._drained.set()
        # The denial response being gathered: status, headers, body parts.
        self._denial: tuple[int, Headers, list[bytes]] | None = None

    # -- events from the page -------------------------------------------------

    def page_message(self, data: str | bytes) -> None:
        """A message from the page: ``str`` for text, ``bytes`` for binary."""
        if self._final is not None:
            return  # after either side closed, late messages are dropped (as Uvicorn does)
        key = "text" if isinstance(data, str) else "bytes"
        self._incoming.append({"type": "websocket.receive", key: data})
        self._wakeup.set()

    def page_closed(self, code: int, reason: str = "") -> None:
        """The page closed (``code`` from its close frame, 1005 without one) or dropped (1006)."""
        if self.disconnected:
            return
        self.disconnected = True
        if self.state is WebSocketState.CONNECTED and code != ABNORMAL_CLOSURE:
            # Answer the page's close frame, completing the closing handshake.
            self.state = WebSocketState.CLOSED
            self.channel.close(code, reason)
        self._queue_disconnect(code, reason)
        self._drained.set()

    def ack(self, count: int) -> None:
        """The page has delivered ``count`` more of the app's messages."""
        for _ in range(min(count, len(self._costs))):
            self._unacked -= self._costs.popleft()
        if self._unacked < SEND_WINDOW:
            self._drained.set()

    def shutdown(self) -> None:
        """The server is going away: close with 1012 (Service Restart), as Uvicorn does."""
        if self.disconnected:
            return
        if self.state in (WebSocketState.CONNECTING, WebSocketState.RESPONDING):
            self._deny(*ERROR_500)
        elif self.state is WebSocketState.CONNECTED:
            self.state = WebSocketState.CLOSED
            self.channel.close(SERVICE_RESTART, "")
        self._queue_disconnect(SERVICE_RESTART, "")
        self.disconnected = True
        self._drained.set()

    # -- the app --------------------------------------------------------------

    async def run_asgi(self, app: Callable[..., Awaitable[Any]], on_done: Callable[[], None] | None = None) -> None:
        """Call the app; turn its failures into what a browser would see from a real server.
        ``on_done`` runs when it has returned."""
        try:
            result = await app(self.scope, self.receive, self.send)
        except ClientDisconnected:
            pass  # the app let the page's close end it: nothing is left to tell the page
        except BaseException as exc:
            logger.error("Exception in ASGI application\n", exc_info=exc)
            self._end_after_error()
            if isinstance(exc, (KeyboardInterrupt, SystemExit)):
                raise
        else:
            if result is not None:
                logger.error("ASGI callable should return None, but returned %r.", result)
            if self.disconnected:
                return
            if self.state is WebSocketState.CONNECTING:
                logger.error("ASGI callable returned without sending handshake.")
                self._deny(*ERROR_500)
            elif self.state is WebSocketState.RESPONDING:
                logger.error("ASGI callable returned without completing the websocket.http.response.")
                self._deny(*ERROR_500)
            elif self.state is WebSocketState.CONNECTED:
                # As under Uvicorn: the connection ends without a close frame.
                self.state = WebSocketState.CLOSED
                self.channel.close(ABNORMAL_CLOSURE, "")
        finally:
            self.finished = True
            if on_done is not None:
                on_done()

    def _end_after_error(self) -> None:
        if self.disconnected:
            return
        if self.state in (WebSocketState.CONNECTING, WebSocketState.RESPONDING):
            self._deny(*ERROR_500)
        elif self.state is WebSocketState.CONNECTED:
            self.state = WebSocketState.CLOSED
            self._queue_disconnect(INTERNAL_ERROR, "")
            self.channel.close(INTERNAL_ERROR, "")

    async def receive(self) -> dict:
        """ASGI ``receive``: ``websocket.connect``, the page's messages, then ``websocket.disconnect``."""
        while True:
            if self._incoming:
                message = self._incoming.popleft()
                if message["type"] == "websocket.receive":
                    self._count_received()
                return message
            if self._final is not None:
                return dict(self._final)
            self._wakeup.clear()
            await self._wakeup.wait()

    async def send(self, message: dict) -> None:
        """ASGI ``send``: validates the message order, then forwards it."""
        if self.disconnected:
            raise ClientDisconnected("the page closed the WebSocket")
        if self.save_changes is not None:
            await self.save_changes()  # a failed save raises here: the app's handler fails
            if self.disconnected:
                raise ClientDisconnected("the page closed the WebSocket")
        if self._received:
            self._flush_ack()  # the page learns what the app took no later than any reply
        mtype = message["type"]
        state = self.state
        if state is WebSocketState.CONNECTING:
            if mtype == "websocket.accept":
                self._accept(message)
            elif mtype == "websocket.close":
                # A rejected handshake: Uvicorn answers 403, the page sees only a failure.
                self._deny(403, [], b"")
            elif mtype == "websocket.http.response.start":
                self._start_denial(message)
            else:
                raise ProtocolError(
                    "Expected ASGI message 'websocket.accept', 'websocket.close' or "
                    f"'websocket.http.response.start', but got {mtype!r}."
                )
        elif state is WebSocketState.RESPONDING:
            if mtype != "websocket.http.response.body":
                raise ProtocolError(f"Expected ASGI message 'websocket.http.response.body', but got {mtype!r}.")
            self._denial_body(message)
        elif state is WebSocketState.CONNECTED:
            if mtype == "websocket.send":
                await self._send_message(message)
            elif mtype == "websocket.close":
                code, reason = check_close(message.get("code", 1000), message.get("reason"))
                self.state = WebSocketState.CLOSED
                # As Uvicorn: the app's own receive() then reports its close.
                self._queue_disconnect(code, reason)
                self.channel.close(code, reason)
            else:
                raise ProtocolError(f"Expected ASGI message 'websocket.send' or 'websocket.close', but got {mtype!r}.")
        else:
            raise ProtocolError(f"Unexpected ASGI message {mtype!r}, after sending 'websocket.close' or a response.")

    # -- the steps ------------------------------------------------------------

    def _accept(self, message: dict) -> None:
        subprotocol = message.get("subprotocol")
        if subprotocol is not None and not isinstance(subprotocol, str):
            raise ProtocolError(f"websocket.accept 'subprotocol' must be a str or None, not {type(subprotocol).__name__}.")
        headers = _headers(message)
        self.state = WebSocketState.CONNECTED
        self.channel.accept(subprotocol or None, headers)

    def _start_denial(self, message: dict) -> None:
        status = message["status"]
        if not isinstance(status, int) or not 100 <= status < 600:
            raise ProtocolError(f"Invalid HTTP status code {status!r} in response.")
        self._denial = (status, _headers(message), [])
        self.state = WebSocketState.RESPONDING

    def _denial_body(self, message: dict) -> None:
        assert self._denial is not None
        status, headers, parts = self._denial
        parts.append(bytes(message.get("body", b"")))
        if not message.get("more_body", False):
            self._deny(status, headers, b"".join(parts))

    def _deny(self, status: int, headers: Headers, body: bytes) -> None:
        self.state = WebSocketState.CLOSED
        self._denial = None
        self._queue_disconnect(ABNORMAL_CLOSURE, "")
        self.channel.deny(status, headers, body)

    async def _send_message(self, message: dict) -> None:
        data: str | bytes
        if message.get("bytes") is not None:
            data = bytes(message["bytes"])
        elif message.get("text") is not None:
            data = message["text"]
            if not isinstance(data, str):
                raise ProtocolError(f"websocket.send 'text' must be a str, not {type(data).__name__}.")
        else:
            raise ProtocolError("websocket.send needs 'bytes' or 'text' that is not None.")
        cost = len(data) + MESSAGE_COST
        self._costs.append(cost)
        self._unacked += cost
        self.channel.message(data)
        if self._unacked >= SEND_WINDOW:
            self._drained.clear()
            await self._drained.wait()
            if self.disconnected:
                raise ClientDisconnected("the page closed the WebSocket")

    def _queue_disconnect(self, code: int, reason: str) -> None:
        if self._final is None:
            self._final = {"type": "websocket.disconnect", "code": code, "reason": reason}
            self._incoming.append(dict(self._final))
            self._wakeup.set()

    def _count_received(self) -> None:
        # One acknowledgement per turn of the loop, however many messages were taken.
        self._received += 1
        if self._received == 1:
            asyncio.get_running_loop().call_soon(self._flush_ack)

    def _flush_ack(self) -> None:
        count, self._received = self._received, 0
        if count and not self.disconnected:
            self.channel.ack(count)
