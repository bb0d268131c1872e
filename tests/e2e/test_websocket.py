"""App.websocket end to end: a built site booted in Chromium, its app answering WebSockets."""

import json

import pytest
from booted import boot_page

APP = "tests/e2e/apps/websocket/app.py:app"

# Helpers in the page: open a socket that logs its events, wait for its next message.
HELPERS_JS = """
window.describe = (data) => typeof data === "string" ? data
  : data instanceof ArrayBuffer ? {arraybuffer: [...new Uint8Array(data)]}
  : data instanceof Blob ? {blob: data.size} : {other: String(data)};
window.wsOpen = async (path, protocols) => {
  const app = await window.wasgiReady;
  const ws = app.websocket(path, protocols);
  const log = [];
  ws.addEventListener("open", () => log.push(["open", ws.readyState, ws.protocol]));
  ws.addEventListener("message", (e) => log.push(["message", describe(e.data)]));
  ws.addEventListener("error", (e) => log.push(["error", ws.readyState, e.constructor.name]));
  ws.addEventListener("close", (e) => log.push(["close", e.code, e.reason, e.wasClean, ws.readyState, e.constructor.name]));
  ws.log = log;
  ws.closed = new Promise((resolve) => ws.addEventListener("close", resolve));
  ws.opened = new Promise((resolve) => ws.addEventListener("open", resolve));
  return ws;
};
window.nextMessage = (ws) => new Promise((resolve) => ws.addEventListener("message", (e) => resolve(e.data), {once: true}));
// What the app recorded under a name, once it has at least `count` entries.
window.seen = async (name, count) => {
  const app = await window.wasgiReady;
  for (let i = 0; i < 100; i++) {
    const entries = await (await app.fetch("/seen/" + name)).json();
    if (entries.length >= count) return entries;
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error("the app recorded too little under " + name);
};
true;  // not a function: Playwright would call it
"""

FAILED = [["error", 3, "Event"], ["close", 1006, "", False, 3, "CloseEvent"]]


@pytest.fixture(scope="module")
def ws_page(browser, sites):
    booted = boot_page(browser, sites.url(APP, "websocket"))
    booted.page.evaluate(HELPERS_JS)
    yield booted
    booted.page.context.close()


def run(ws_page, script: str, arg=None, limit_ms: int = 15000):
    """Run an async script in the page; it fails, rather than hangs, after ``limit_ms``."""
    return ws_page.page.evaluate(
        f"""async (arg) => Promise.race([
            (async () => {{ {script} }})(),
            new Promise((_, reject) => setTimeout(() => reject(new Error("timed out")), {limit_ms})),
        ])""",
        arg,
    )


def test_scope_headers_and_subprotocol(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/scope?x=1&y=%20z", ["chat", "v2"]);
        const text = await nextMessage(ws);
        await ws.closed;
        return {info: JSON.parse(text), protocol: ws.protocol, url: ws.url, extensions: ws.extensions, log: ws.log};
    """)
    host = ws_page.url.split("/")[2]
    info = out["info"]
    assert info["type"] == "websocket"
    assert info["asgi"] == {"version": "3.0", "spec_version": "2.4"}
    assert info["http_version"] == "1.1"
    assert info["scheme"] == "ws"
    assert info["path"] == "/scope" and info["raw_path"] == "/scope"
    assert info["query_string"] == "x=1&y=%20z"
    assert info["root_path"] == ""
    assert info["subprotocols"] == ["chat", "v2"]
    assert info["extensions"] == {"websocket.http.response": {}}
    assert info["client"] == ["127.0.0.1", 0]
    assert info["server"] == [host.split(":")[0], int(host.split(":")[1])]
    assert info["state"] == ["started"]
    headers = dict(info["headers"])
    assert [name for name, _ in info["headers"]][:2] == ["host", "connection"]
    assert headers["host"] == host
    assert headers["origin"] == f"http://{host}"
    assert headers["upgrade"] == "websocket" and headers["connection"] == "Upgrade"
    assert headers["sec-websocket-version"] == "13"
    assert len(headers["sec-websocket-key"]) == 24 and headers["sec-websocket-key"].endswith("==")
    assert headers["sec-websocket-protocol"] == "chat, v2"
    assert "HeadlessChrome" in headers["user-agent"] or "Chrome" in headers["user-agent"]
    assert out["protocol"] == "chat"
    assert out["url"] == f"ws://{host}/scope?x=1&y=%20z"
    assert out["extensions"] == ""
    assert out["log"] == [["open", 1, "chat"], ["message", out["log"][1][1]], ["close", 1000, "", True, 3, "CloseEvent"]]


def test_echo_text_and_every_binary_kind_in_order(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/echo");
        ws.binaryType = "arraybuffer";
        await ws.opened;
        const buffer = new Uint8Array([1, 2, 3]).buffer;
        const big = new Uint8Array([9, 9, 4, 5, 6, 9]);
        ws.send("héllo ✓");
        ws.send(buffer);
        ws.send(big.subarray(2, 5));
        ws.send(new DataView(new Uint8Array([7, 8]).buffer));
        ws.send(new Blob(["blob!"]));
        ws.send("after the blob");
        ws.send(new Uint8Array(0));
        const got = [];
        for (let i = 0; i < 7; i++) got.push(describe(await nextMessage(ws)));
        ws.close();
        await ws.closed;
        return {got, kept: buffer.byteLength, log: ws.log.at(-1)};
    """)
    assert out["got"] == [
        "héllo ✓",
        {"arraybuffer": [1, 2, 3]},
        {"arraybuffer": [4, 5, 6]},
        {"arraybuffer": [7, 8]},
        {"arraybuffer": list(b"blob!")},
        "after the blob",
        {"arraybuffer": []},
    ]
    assert out["kept"] == 3  # send() copies: the page's buffer is not detached
    assert out["log"] == ["close", 1005, "", True, 3, "CloseEvent"]


def test_binary_type_blob_is_the_default(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/echo");
        await ws.opened;
        const before = ws.binaryType;
        ws.binaryType = "nonsense";  // ignored, as in browsers
        ws.send(new TextEncoder().encode("as a blob"));
        const data = await nextMessage(ws);
        ws.close(1000);
        return {before, after: ws.binaryType, isBlob: data instanceof Blob, text: await data.text()};
    """)
    assert out == {"before": "blob", "after": "blob", "isBlob": True, "text": "as a blob"}


def test_subprotocol_negotiation(ws_page):
    out = run(ws_page, """
        const results = {};
        for (const [name, path, offered] of [["chosen", "/pick?proto=b", ["a", "b"]],
                                             ["none_chosen", "/pick", ["a"]],
                                             ["not_offered", "/pick?proto=zzz", ["a"]],
                                             ["none_offered", "/pick?proto=x", undefined]]) {
          const ws = await wsOpen(path, offered);
          const first = await Promise.race([ws.opened.then(() => nextMessage(ws)), ws.closed.then(() => null)]);
          if (ws.readyState === 1) { ws.close(); }
          await ws.closed;
          results[name] = {protocol: ws.protocol, first, log: ws.log};
        }
        return results;
    """)
    assert out["chosen"]["protocol"] == "b" and out["chosen"]["first"] == "picked b"
    # Accepting a subprotocol the page did not offer, or none when it offered some, fails the
    # connection, as a browser does (tests/differential: Chromium against Uvicorn).
    assert out["none_chosen"]["log"] == FAILED and out["none_chosen"]["protocol"] == ""
    assert out["not_offered"]["log"] == FAILED and out["not_offered"]["protocol"] == ""
    assert out["none_offered"]["log"] == FAILED
    seen = run(ws_page, "return await seen('pick', 4);")
    assert sorted(entry["code"] for entry in seen) == [1005, 1006, 1006, 1006]
    assert all(entry["type"] == "websocket.disconnect" for entry in seen)
    logged = "\n".join(ws_page.console)
    assert "accepted subprotocol 'zzz' but the page offered one of 'a'" in logged
    assert "accepted no subprotocol but the page offered one of 'a'" in logged


def test_server_close_with_code_and_reason(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/server-close?code=4001&reason=bye%20now");
        await ws.closed;
        return ws.log;
    """)
    assert out == [["open", 1, ""], ["message", "closing"], ["close", 4001, "bye%20now", True, 3, "CloseEvent"]]
    seen = run(ws_page, "return await seen('server_close', 2);")
    # As under Uvicorn: the app's receive() reports its own close, and a later send is a RuntimeError.
    assert seen[0] == {"type": "websocket.disconnect", "code": 4001, "reason": "bye%20now"}
    assert seen[1]["runtimeerror"] and "after sending 'websocket.close'" in seen[1]["message"]


def test_client_close_with_code_and_reason_then_app_send_raises_oserror(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/echo?name=client_close");
        await ws.opened;
        ws.close(4000, "client bye ✓");
        const closing = ws.readyState;
        await ws.closed;
        return {closing, log: ws.log};
    """)
    assert out["closing"] == 2
    assert out["log"] == [["open", 1, ""], ["close", 4000, "client bye ✓", True, 3, "CloseEvent"]]
    seen = run(ws_page, "return await seen('client_close', 2);")
    assert seen[0] == {"code": 4000, "reason": "client bye ✓"}
    assert seen[1]["type"] == "ClientDisconnected" and seen[1]["oserror"]


def test_close_without_code_is_1005_for_the_app(ws_page):
    run(ws_page, """
        const ws = await wsOpen("/echo?name=no_code");
        await ws.opened;
        ws.close();
        await ws.closed;
    """)
    assert run(ws_page, "return await seen('no_code', 1);")[0] == {"code": 1005, "reason": ""}


def test_rejection_before_accept_is_error_then_1006(ws_page):
    log = run(ws_page, "const ws = await wsOpen('/reject'); await ws.closed; return ws.log;")
    assert log == FAILED
    assert run(ws_page, "return await seen('reject', 1);")[0] == {"type": "websocket.disconnect", "code": 1006, "reason": ""}


def test_denial_response_is_error_then_1006_and_logged(ws_page):
    log = run(ws_page, "const ws = await wsOpen('/deny'); await ws.closed; return ws.log;")
    assert log == FAILED
    assert any("answered the handshake with HTTP 403: members only" in line for line in ws_page.console)


def test_exception_before_accept_is_error_then_1006(ws_page):
    before = len(ws_page.console)
    log = run(ws_page, "const ws = await wsOpen('/boom-before'); await ws.closed; return ws.log;")
    assert log == FAILED
    logged = "\n".join(ws_page.console[before:])
    assert "Exception in ASGI application" in logged and "HTTP 500" in logged


def test_exception_after_accept_closes_with_1011(ws_page):
    log = run(ws_page, "const ws = await wsOpen('/boom-after'); await ws.closed; return ws.log;")
    assert log == [["open", 1, ""], ["message", "about to fail"], ["close", 1011, "", True, 3, "CloseEvent"]]


def test_returning_after_accept_drops_the_connection(ws_page):
    # As under Uvicorn: no close frame, so 1006 and not clean, but no error event either.
    log = run(ws_page, "const ws = await wsOpen('/return-after'); await ws.closed; return ws.log;")
    assert log == [["open", 1, ""], ["close", 1006, "", False, 3, "CloseEvent"]]


def test_each_event_is_its_own_task(ws_page):
    # Waiting for one message at a time only works if promise callbacks run between events.
    out = run(ws_page, """
        const ws = await wsOpen("/burst?n=5");
        const got = [];
        for (let i = 0; i < 5; i++) got.push(await nextMessage(ws));
        await ws.closed;
        return got;
    """)
    assert out == ["m0", "m1", "m2", "m3", "m4"]


def test_send_and_close_errors_match_the_browser(ws_page):
    out = run(ws_page, """
        const errors = [];
        const attempt = (label, fn) => {
          try { fn(); errors.push([label, "ok"]); } catch (e) { errors.push([label, e.name, e.code ?? null]); }
        };
        const ws = await wsOpen("/echo?name=errors");
        attempt("send while connecting", () => ws.send("early"));
        await ws.opened;
        for (const code of [999, 1001, 2999, 5000]) attempt(`close(${code})`, () => ws.close(code));
        attempt("reason too long", () => ws.close(1000, "x".repeat(124)));
        attempt("reason too long in UTF-8", () => ws.close(3000, "é".repeat(62)));
        const open = ws.readyState;
        attempt("close(4999, 123 bytes)", () => ws.close(4999, "é".repeat(61) + "x"));
        attempt("close again", () => ws.close(1000));
        await ws.closed;
        attempt("send after close", () => ws.send("late"));
        attempt("send blob after close", () => ws.send(new Blob(["12345"])));
        const app = await window.wasgiReady;
        attempt("fragment", () => app.websocket("/echo#part"));
        attempt("duplicate protocols", () => app.websocket("/echo", ["a", "a"]));
        attempt("bad protocol", () => app.websocket("/echo", ["a b"]));
        attempt("bad scheme", () => app.websocket("ftp://example.test/echo"));
        let outside;
        try { app.websocket("ws://elsewhere.test/echo"); } catch (e) { outside = e.name; }
        return {errors, open, buffered: ws.bufferedAmount, code: ws.log.at(-1), outside};
    """)
    errors = {label: rest for label, *rest in out["errors"]}
    assert errors["send while connecting"] == ["InvalidStateError", 11]
    for code in (999, 1001, 2999, 5000):
        assert errors[f"close({code})"] == ["InvalidAccessError", 15]
    assert errors["reason too long"] == ["SyntaxError", 12]
    assert errors["reason too long in UTF-8"] == ["SyntaxError", 12]
    assert out["open"] == 1  # the rejected calls left the socket open
    assert errors["close(4999, 123 bytes)"] == ["ok"] and errors["close again"] == ["ok"]
    assert errors["send after close"] == ["ok"] and errors["send blob after close"] == ["ok"]
    assert out["buffered"] == 4 + 5  # counted, as a browser counts what it can no longer send
    assert out["code"][:2] == ["close", 4999]
    for label in ("fragment", "duplicate protocols", "bad protocol", "bad scheme"):
        assert errors[label] == ["SyntaxError", 12], label
    assert out["outside"] == "OutsideAppError"


def test_close_while_connecting_fails_the_connection(ws_page):
    log = run(ws_page, """
        const ws = await wsOpen("/echo?name=early_close");
        ws.close();
        const state = ws.readyState;
        await ws.closed;
        return [state, ...ws.log];
    """)
    assert log == [2, *FAILED]


def test_handlers_constants_and_listeners(ws_page):
    out = run(ws_page, """
        const app = await window.wasgiReady;
        const ws = app.websocket("/echo");
        const calls = [];
        ws.onopen = function (e) { calls.push(["onopen", e.type, this === ws]); ws.send("ping"); };
        ws.addEventListener("message", (e) => calls.push(["listener", e.data, e.origin]));
        const dropped = () => calls.push(["dropped handler"]);
        ws.onmessage = dropped;
        ws.onmessage = null;
        ws.onmessage = (e) => { calls.push(["onmessage", e.data]); ws.close(1000, "done"); };
        await new Promise((resolve) => { ws.onclose = (e) => { calls.push(["onclose", e.code, e.reason]); resolve(); }; });
        return {calls, constants: [ws.CONNECTING, ws.OPEN, ws.CLOSING, ws.CLOSED],
                statics: [ws.constructor.CONNECTING, ws.constructor.OPEN, ws.constructor.CLOSING, ws.constructor.CLOSED],
                isEventTarget: ws instanceof EventTarget, onmessageAfter: typeof ws.onmessage};
    """)
    host = ws_page.url.split("/")[2]
    assert out["calls"] == [
        ["onopen", "open", True],
        ["listener", "ping", f"ws://{host}"],
        ["onmessage", "ping"],
        ["onclose", 1000, "done"],
    ]
    assert out["constants"] == out["statics"] == [0, 1, 2, 3]
    assert out["isEventTarget"] and out["onmessageAfter"] == "function"


def test_buffered_amount_drops_when_the_app_receives(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/slow");
        await ws.opened;
        ws.send(new Uint8Array(100000));
        const queued = ws.bufferedAmount;
        const reply = await nextMessage(ws);
        const after = ws.bufferedAmount;
        ws.close();
        return {queued, reply, after};
    """)
    assert out == {"queued": 100000, "reply": "got 100000", "after": 0}


def test_starlette_websocket_with_cookies_from_fetch(ws_page):
    out = run(ws_page, """
        const app = await window.wasgiReady;
        await app.fetch("/login");
        const ws = await wsOpen("/chat", "chat");
        await ws.opened;
        ws.send("hi");
        const reply = JSON.parse(await nextMessage(ws));
        ws.close(4002, "later");
        await ws.closed;
        return {reply, protocol: ws.protocol};
    """)
    assert out == {"reply": {"you said": "hi", "cookie": "s3cret"}, "protocol": "chat"}
    assert run(ws_page, "return await seen('starlette', 1);")[0] == {"code": 4002, "reason": "later"}


def test_large_binary_messages_both_ways(ws_page):
    out = run(ws_page, """
        const ws = await wsOpen("/echo");
        ws.binaryType = "arraybuffer";
        await ws.opened;
        const size = 6 * 1024 * 1024 + 3;
        const data = new Uint8Array(size).map((_, i) => i % 251);
        ws.send(data);
        const back = new Uint8Array(await nextMessage(ws));
        let same = back.length === size;
        for (let i = 0; same && i < size; i += 4099) same = back[i] === i % 251;
        ws.close();
        return {length: back.length, same};
    """)
    assert out == {"length": 6 * 1024 * 1024 + 3, "same": True}


def test_app_close_ends_open_sockets_with_1012(browser, sites, ws_page):
    # A page of its own: closing the app would end the shared one.
    booted = boot_page(browser, sites.url(APP, "websocket"))
    try:
        booted.page.evaluate(HELPERS_JS)
        log = run(booted, """
            const ws = await wsOpen("/echo?name=shutdown");
            await ws.opened;
            await (await window.wasgiReady).close();
            await ws.closed;
            let refused = await wsOpen("/echo");
            await refused.closed;
            return [ws.log, refused.log];
        """)
    finally:
        booted.page.context.close()
    assert log[0] == [["open", 1, ""], ["close", 1012, "", True, 3, "CloseEvent"]]
    assert log[1] == FAILED  # a closed app refuses new sockets as a dead server would
