"""The WebSocket cycle, driven as the page drives it, with its output recorded."""

from __future__ import annotations

import asyncio
import gc
import logging

import pytest

from wasgi.server import ClientDisconnected, RequestHead, Server
from wasgi.server.bridge import Bridge
from wasgi.server.errors import ProtocolError
from wasgi.server.websocket_cycle import MESSAGE_COST, SEND_WINDOW, WebSocketState


class RecordingWebSocket:
    """A ``WebSocketChannel`` that records what the page would have received."""

    def __init__(self) -> None:
        self.events: list[tuple] = []

    def accept(self, subprotocol, headers):
        self.events.append(("accept", subprotocol, headers))

    def message(self, data):
        self.events.append(("message", data))

    def close(self, code, reason):
        self.events.append(("close", code, reason))

    def deny(self, status, headers, body):
        self.events.append(("deny", status, headers, body))

    def ack(self, count):
        self.events.append(("ack", count))

    def kinds(self) -> list[str]:
        return [event[0] for event in self.events]


class Connection:
    """One WebSocket served by ``server``: the cycle, the recorder, and the app's end."""

    def __init__(self, server: Server, target: str = "/ws", headers=(), scheme: str = "http", page=None) -> None:
        self.page = page or RecordingWebSocket()
        self.done = asyncio.Event()
        head = RequestHead("GET", target, list(headers), scheme, ("example.test", 8000))
        self.cycle = server.handle_websocket(head, self.page, on_done=self.done.set)

    async def finished(self) -> None:
        await asyncio.wait_for(self.done.wait(), 5)


async def settle(rounds: int = 20) -> None:
    """Let the app's task run until it waits on something."""
    for _ in range(rounds):
        await asyncio.sleep(0)


async def echo(scope, receive, send):
    """Accepts, echoes every message, and records the disconnect."""
    assert (await receive())["type"] == "websocket.connect"
    await send({"type": "websocket.accept"})
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            echo.last_disconnect = message
            return
        await send({"type": "websocket.send", "text": message.get("text"), "bytes": message.get("bytes")})


# -- the scope ----------------------------------------------------------------


async def test_scope_has_every_websocket_field():
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)
        await receive()
        await send({"type": "websocket.close"})

    server = Server(app, root_path="/site")
    server.lifespan.state["shared"] = [1]
    headers = [(b"host", b"example.test:8000"), (b"sec-websocket-protocol", b"chat, v2"),
               (b"sec-websocket-protocol", b"extra"), (b"origin", b"http://example.test:8000")]  # fmt: skip
    conn = Connection(server, "/p%20a/th?q=1&x=%20", headers)
    await conn.finished()
    assert seen["type"] == "websocket"
    assert seen["asgi"] == {"version": "3.0", "spec_version": "2.4"}
    assert seen["http_version"] == "1.1"
    assert seen["scheme"] == "ws"
    assert seen["path"] == "/site/p a/th"
    assert seen["raw_path"] == b"/site/p%20a/th"
    assert seen["query_string"] == b"q=1&x=%20"
    assert seen["root_path"] == "/site"
    assert seen["headers"] == headers
    assert seen["client"] == ("127.0.0.1", 0)
    assert seen["server"] == ("example.test", 8000)
    assert seen["subprotocols"] == ["chat", "v2", "extra"]
    assert seen["extensions"] == {"websocket.http.response": {}}
    assert "method" not in seen
    # A shallow copy: the dict is new, what is inside is shared.
    assert seen["state"] == {"shared": [1]} and seen["state"] is not server.lifespan.state
    assert seen["state"]["shared"] is server.lifespan.state["shared"]


async def test_https_page_gives_wss_and_no_protocol_header_gives_no_subprotocols():
    seen = {}

    async def app(scope, receive, send):
        seen.update(scope)
        await send({"type": "websocket.close"})

    conn = Connection(Server(app), scheme="https")
    await conn.finished()
    assert seen["scheme"] == "wss"
    assert seen["subprotocols"] == []


# -- the connection's life ------------------------------------------------------


async def test_echo_text_and_bytes_then_page_closes_with_code_and_reason():
    conn = Connection(Server(echo))
    await settle()
    assert conn.page.events == [("accept", None, [])]
    conn.cycle.page_message("héllo")
    conn.cycle.page_message(b"\x00\x01")
    conn.cycle.page_message(b"")
    await settle()
    messages = [e for e in conn.page.events if e[0] == "message"]
    assert messages == [("message", "héllo"), ("message", b"\x00\x01"), ("message", b"")]
    assert type(messages[1][1]) is bytes
    conn.cycle.page_closed(4000, "client bye")
    await conn.finished()
    assert echo.last_disconnect == {"type": "websocket.disconnect", "code": 4000, "reason": "client bye"}
    # The close frame is answered, completing the closing handshake.
    assert conn.page.events[-1] == ("close", 4000, "client bye")


async def test_page_close_without_code_is_1005():
    conn = Connection(Server(echo))
    await settle()
    conn.cycle.page_closed(1005)
    await conn.finished()
    assert echo.last_disconnect["code"] == 1005
    assert conn.page.events[-1] == ("close", 1005, "")


async def test_accept_with_subprotocol_and_headers():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept", "subprotocol": scope["subprotocols"][-1],
                    "headers": [(bytearray(b"x-extra"), memoryview(b"1"))]})  # fmt: skip
        await send({"type": "websocket.close", "code": 1000})

    conn = Connection(Server(app), headers=[(b"sec-websocket-protocol", b"a, b")])
    await conn.finished()
    assert conn.page.events[0] == ("accept", "b", [(b"x-extra", b"1")])
    assert all(type(part) is bytes for part in conn.page.events[0][2][0])


async def test_app_close_with_code_and_reason_then_send_is_an_error():
    outcome = {}
    gate = asyncio.Event()

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "code": 4001, "reason": "bye"})
        await gate.wait()
        outcome["receive"] = await receive()
        outcome["again"] = await receive()
        with pytest.raises(ProtocolError, match="after sending 'websocket.close'") as info:
            await send({"type": "websocket.send", "text": "late"})
        outcome["error"] = info.value

    conn = Connection(Server(app))
    await settle()
    conn.cycle.page_message("too late")  # dropped: the app already closed
    gate.set()
    await conn.finished()
    assert conn.page.events == [("accept", None, []), ("close", 4001, "bye")]
    # As Uvicorn: the app's own close comes back as the disconnect, and repeats.
    assert outcome["receive"] == {"type": "websocket.disconnect", "code": 4001, "reason": "bye"}
    assert outcome["again"] == outcome["receive"]
    assert isinstance(outcome["error"], RuntimeError)


async def test_close_defaults_to_1000_and_empty_reason():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.close", "reason": None})

    conn = Connection(Server(app))
    await conn.finished()
    assert conn.page.events[-1] == ("close", 1000, "")


@pytest.mark.parametrize(
    "message, error",
    [
        ({"code": 1006}, "Invalid WebSocket close code 1006"),
        ({"code": 1005}, "Invalid WebSocket close code 1005"),
        ({"code": 5000}, "Invalid WebSocket close code 5000"),
        ({"code": 1000, "reason": "é" * 62}, "longer than 123 UTF-8 bytes"),
        ({"code": "1000"}, "must be an int"),
    ],
)
async def test_close_values_a_real_server_could_not_send(message, error, caplog):
    raised = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        try:
            await send({"type": "websocket.close", **message})
        except ProtocolError as exc:
            raised.append(str(exc))
            raise

    conn = Connection(Server(app))
    await conn.finished()
    assert error in raised[0]
    # The app raised after accepting: the page sees close 1011.
    assert conn.page.events[-1] == ("close", 1011, "")


async def test_send_needs_bytes_or_text():
    raised = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        try:
            await send({"type": "websocket.send", "text": None, "bytes": None})
        except ProtocolError as exc:
            raised.append(exc)

    conn = Connection(Server(app))
    await conn.finished()
    assert raised and "'bytes' or 'text'" in str(raised[0])


async def test_bytes_win_over_text_and_bytes_like_become_bytes():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "bytes": bytearray(b"b"), "text": "t"})
        await send({"type": "websocket.send", "bytes": memoryview(b"mv")})
        await send({"type": "websocket.close"})

    conn = Connection(Server(app))
    await conn.finished()
    assert conn.page.events[1:3] == [("message", b"b"), ("message", b"mv")]
    assert all(type(event[1]) is bytes for event in conn.page.events[1:3])


# -- before the handshake: rejection, denial, failures ------------------------------


async def test_close_before_accept_is_a_403_and_the_app_sees_1006():
    seen = {}

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.close", "code": 4003, "reason": "not you"})
        seen["receive"] = await receive()
        with pytest.raises(ProtocolError):
            await send({"type": "websocket.accept"})

    conn = Connection(Server(app))
    await conn.finished()
    assert conn.page.events == [("deny", 403, [], b"")]
    assert seen["receive"] == {"type": "websocket.disconnect", "code": 1006, "reason": ""}


async def test_denial_response_in_parts():
    seen = {}
    page = RecordingWebSocket()

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 401,
                    "headers": [(b"content-type", b"text/plain"), (b"www-authenticate", b"Basic")]})  # fmt: skip
        await send({"type": "websocket.http.response.body", "body": b"log ", "more_body": True})
        assert page.events == []  # nothing reaches the page before the body is complete
        await send({"type": "websocket.http.response.body", "body": b"in first"})
        seen["receive"] = await receive()
        with pytest.raises(ProtocolError, match="after sending"):
            await send({"type": "websocket.http.response.body", "body": b"more"})

    conn = Connection(Server(app), page=page)
    await conn.finished()
    assert conn.page.events == [
        ("deny", 401, [(b"content-type", b"text/plain"), (b"www-authenticate", b"Basic")], b"log in first")
    ]
    assert seen["receive"]["code"] == 1006


async def test_denial_with_a_bad_status_is_an_app_error(caplog):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 99})

    conn = Connection(Server(app))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
    assert conn.page.events == [("deny", 500, conn.page.events[0][2], b"Internal Server Error")]
    assert "Invalid HTTP status code 99" in caplog.text


async def test_other_message_during_denial_is_an_app_error():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 403})
        await send({"type": "websocket.accept"})

    conn = Connection(Server(app))
    await conn.finished()
    assert conn.page.kinds() == ["deny"] and conn.page.events[0][1] == 500


async def test_send_before_accept_is_an_app_error(caplog):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.send", "text": "hi"})

    conn = Connection(Server(app))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
    assert conn.page.kinds() == ["deny"] and conn.page.events[0][1] == 500
    assert "Expected ASGI message 'websocket.accept', 'websocket.close' or" in caplog.text


async def test_exception_before_accept_gives_500(caplog):
    async def app(scope, receive, send):
        raise ValueError("boom")

    conn = Connection(Server(app))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
    status, headers, body = conn.page.events[0][1:]
    assert (status, body) == (500, b"Internal Server Error")
    assert (b"content-type", b"text/plain; charset=utf-8") in headers
    assert "Exception in ASGI application" in caplog.text and "ValueError: boom" in caplog.text


async def test_returning_before_accept_gives_500(caplog):
    async def app(scope, receive, send):
        await receive()

    conn = Connection(Server(app))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
    assert conn.page.kinds() == ["deny"] and conn.page.events[0][1] == 500
    assert "returned without sending handshake" in caplog.text


async def test_exception_after_accept_closes_with_1011(caplog):
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await send({"type": "websocket.send", "text": "first"})
        raise RuntimeError("later")

    conn = Connection(Server(app))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
    assert conn.page.events == [("accept", None, []), ("message", "first"), ("close", 1011, "")]
    assert "Exception in ASGI application" in caplog.text


async def test_returning_after_accept_drops_the_connection():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})

    conn = Connection(Server(app))
    await conn.finished()
    # As under Uvicorn: no close frame, so the page sees 1006.
    assert conn.page.events == [("accept", None, []), ("close", 1006, "")]


# -- the page goes away -------------------------------------------------------------


async def test_send_after_page_close_raises_oserror_and_the_app_ends_quietly(caplog):
    raised = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        assert message["type"] == "websocket.disconnect"
        try:
            await send({"type": "websocket.send", "text": "anyone?"})
        except OSError as exc:
            raised.append(exc)
            raise

    conn = Connection(Server(app))
    await settle()
    conn.cycle.page_closed(1001, "going away")
    unhandled = []
    asyncio.get_running_loop().set_exception_handler(lambda loop, context: unhandled.append(context))
    with caplog.at_level(logging.ERROR, logger="wasgi.server"):
        await conn.finished()
        await settle()
        gc.collect()  # an exception left on the task would be reported now
    assert unhandled == []
    assert isinstance(raised[0], ClientDisconnected)
    assert conn.page.events == [("accept", None, []), ("close", 1001, "going away")]
    assert "Exception" not in caplog.text  # an OSError from send is the app's normal way out


async def test_page_gone_before_accept_makes_accept_raise():
    seen = {}

    async def app(scope, receive, send):
        await receive()
        seen["receive"] = await receive()
        with pytest.raises(ClientDisconnected):
            await send({"type": "websocket.accept"})

    conn = Connection(Server(app))
    await settle()
    conn.cycle.page_closed(1006)
    await conn.finished()
    assert seen["receive"] == {"type": "websocket.disconnect", "code": 1006, "reason": ""}
    assert conn.page.events == []  # the page already gave up: nothing is posted to it


async def test_page_dropping_an_open_connection_gets_no_answer():
    conn = Connection(Server(echo))
    await settle()
    conn.cycle.page_closed(1006)  # e.g. the page refused the subprotocol the app chose
    await conn.finished()
    assert echo.last_disconnect["code"] == 1006
    assert conn.page.events == [("accept", None, [])]


async def test_shutdown_closes_open_connections_with_1012_and_fails_pending_handshakes():
    seen = {}

    async def app(scope, receive, send):
        await receive()
        if scope["path"] == "/pending":
            seen["pending"] = await receive()
            return
        await send({"type": "websocket.accept"})
        seen["open"] = await receive()
        with pytest.raises(ClientDisconnected):
            await send({"type": "websocket.send", "text": "x"})

    async def lifespan_aware(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                await send({"type": message["type"] + ".complete"})
                if message["type"] == "lifespan.shutdown":
                    return
        await app(scope, receive, send)

    server = Server(lifespan_aware)
    await server.startup()
    opened, pending = Connection(server, "/open"), Connection(server, "/pending")
    await settle()
    await server.shutdown()
    await opened.finished()
    await pending.finished()
    assert opened.page.events == [("accept", None, []), ("close", 1012, "")]
    assert seen["open"] == {"type": "websocket.disconnect", "code": 1012, "reason": ""}
    assert pending.page.kinds() == ["deny"] and pending.page.events[0][1] == 500
    assert server.websockets == set()


# -- flow control ---------------------------------------------------------------------


async def test_send_waits_for_the_page_once_the_window_is_full():
    chunk = b"x" * (256 * 1024)
    per_window = -(-SEND_WINDOW // (len(chunk) + MESSAGE_COST))
    sent = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        for i in range(per_window + 3):
            await send({"type": "websocket.send", "bytes": chunk})
            sent.append(i)
        await send({"type": "websocket.close"})

    conn = Connection(Server(app))
    await settle()
    assert len(sent) == per_window - 1  # the send that filled the window is waiting
    conn.cycle.ack(1)
    await settle()
    assert len(sent) == per_window  # one message delivered: room for one more, which fills it again
    conn.cycle.ack(10)
    await conn.finished()
    assert len(sent) == per_window + 3
    assert conn.cycle.state is WebSocketState.CLOSED


async def test_page_close_releases_a_waiting_send():
    raised = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        try:
            while True:
                await send({"type": "websocket.send", "bytes": b"y" * 65536})
        except ClientDisconnected as exc:
            raised.append(exc)

    conn = Connection(Server(app))
    await settle()
    conn.cycle.page_closed(1000)
    await conn.finished()
    assert raised


async def test_received_messages_are_acknowledged_once_per_loop_turn():
    taken = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        for _ in range(3):
            taken.append(await receive())
        await send({"type": "websocket.close"})

    conn = Connection(Server(app))
    await settle()
    for text in ("a", "b", "c"):
        conn.cycle.page_message(text)
    await conn.finished()
    await settle()
    assert [m["text"] for m in taken] == ["a", "b", "c"]
    assert [e for e in conn.page.events if e[0] == "ack"] == [("ack", 3)]


async def test_the_ack_goes_out_before_a_reply():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        message = await receive()
        await send({"type": "websocket.send", "text": "got " + message["text"]})
        await receive()

    conn = Connection(Server(app))
    await settle()
    conn.cycle.page_message("x")
    await settle()
    assert conn.page.events[1:] == [("ack", 1), ("message", "got x")]
    conn.cycle.page_closed(1000)
    await conn.finished()


# -- through the bridge, as the worker calls it -----------------------------------------


async def test_bridge_round_trip():
    posted = []
    bridge = Bridge(Server(echo), lambda *args: posted.append(args), host="example.test", port=8000)
    bridge.ws_open(5, "/chat?room=1", "Host\nexample.test:8000\nSec-WebSocket-Protocol\na, b")
    await settle()
    bridge.ws_message(5, "text")
    bridge.ws_message(5, bytearray(b"\x01\x02"))
    await settle()
    bridge.ws_close(5, 3000, "done")
    await settle()
    assert posted == [
        ("ws.accept", 5, "", ""),
        ("ws.ack", 5, 1),
        ("ws.message", 5, "text"),
        ("ws.ack", 5, 1),
        ("ws.message", 5, b"\x01\x02"),
        ("ws.close", 5, 3000, "done"),
    ]
    assert echo.last_disconnect == {"type": "websocket.disconnect", "code": 3000, "reason": "done"}
    assert bridge.websockets == {}


async def test_bridge_posts_a_denial_with_the_body_first():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.http.response.start", "status": 403, "headers": [(b"x-why", b"no")]})
        await send({"type": "websocket.http.response.body", "body": b"go away"})

    posted = []
    bridge = Bridge(Server(app), lambda *args: posted.append(args))
    bridge.ws_open(9, "/", "")
    await settle()
    assert posted == [("ws.deny", 9, b"go away", 403, "x-why\nno")]


async def test_bridge_ignores_events_for_unknown_websockets():
    bridge = Bridge(Server(echo), lambda *args: None)
    bridge.ws_message(99, "x")
    bridge.ws_ack(99, 1)
    bridge.ws_close(99, 1000, "")


# -- a framework on top ------------------------------------------------------------------


async def test_starlette_websocket_echo_and_denial():
    from starlette.applications import Starlette
    from starlette.responses import PlainTextResponse
    from starlette.routing import WebSocketRoute
    from starlette.websockets import WebSocket, WebSocketDisconnect

    closed = {}

    async def chat(websocket: WebSocket):
        await websocket.accept(subprotocol="chat")
        try:
            while True:
                await websocket.send_text("echo: " + await websocket.receive_text())
        except WebSocketDisconnect as exc:
            closed["code"], closed["reason"] = exc.code, exc.reason

    async def private(websocket: WebSocket):
        await websocket.send_denial_response(PlainTextResponse("members only", status_code=403))

    app = Starlette(routes=[WebSocketRoute("/chat", chat), WebSocketRoute("/private", private)])
    server = Server(app)
    conn = Connection(server, "/chat", [(b"sec-websocket-protocol", b"chat")])
    await settle()
    conn.cycle.page_message("hi")
    await settle()
    conn.cycle.page_closed(4002, "later")
    await conn.finished()
    assert conn.page.events[0] == ("accept", "chat", [])
    assert ("message", "echo: hi") in conn.page.events
    assert closed == {"code": 4002, "reason": "later"}

    denied = Connection(server, "/private")
    await denied.finished()
    kind, status, headers, body = denied.page.events[0]
    assert (kind, status, body) == ("deny", 403, b"members only")
    assert (b"content-type", b"text/plain; charset=utf-8") in headers


async def test_what_a_handler_wrote_is_saved_before_its_reply_goes_out():
    order = []

    async def app(scope, receive, send):
        await receive()
        await send({"type": "websocket.accept"})
        await receive()
        order.append("handler wrote")
        await send({"type": "websocket.send", "text": "ok"})

    async def save():
        order.append("saved")
        await asyncio.sleep(0)

    page = RecordingWebSocket()
    page.message = lambda data: order.append(f"page got {data!r}")
    conn = Connection(Server(app, save_changes=save), page=page)
    await settle()
    conn.cycle.page_message("note")
    await conn.finished()
    assert order == ["saved", "handler wrote", "saved", "page got 'ok'"]
