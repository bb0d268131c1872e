"""One ASGI app with a route per behaviour, served by Uvicorn and by wasgi
in the differential tests. Bare ASGI where the server's behaviour shows;
Starlette only where a framework's reaction to the server matters."""

import asyncio
import gzip
import hashlib
import json
import zlib
from urllib.parse import parse_qs

from starlette.responses import StreamingResponse

PAGE = b"<!doctype html><title>differential</title><p>Uvicorn side</p>"
SEEN = {"ticker": 0, "after_response": None}


def query(scope) -> dict:
    return {k: v[0] for k, v in parse_qs(scope["query_string"].decode("latin-1"), keep_blank_values=True).items()}


async def read_body(receive) -> bytes:
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            return body


async def respond(send, status=200, body=b"", headers=(), content_type=b"text/plain; charset=utf-8"):
    base = [(b"content-type", content_type)] if content_type else []
    await send({"type": "http.response.start", "status": status, "headers": base + list(headers)})
    await send({"type": "http.response.body", "body": body})


async def respond_json(send, data, status=200):
    await respond(send, status, json.dumps(data, sort_keys=True).encode(), content_type=b"application/json")


def ticker(request):
    async def ticks():
        SEEN["ticker"] = 0
        while True:
            SEEN["ticker"] += 1
            yield b"tick\n"
            await asyncio.sleep(0.01)

    return StreamingResponse(ticks(), media_type="text/plain")


async def server_sent_events(scope, send):
    """A stream that exercises an EventSource's parser, then a reconnection (Last-Event-ID), then
    a 204, which ends it for good."""
    headers = dict(scope["headers"])
    last = headers.get(b"last-event-id", b"").decode()
    if last == "9":
        return await respond(send, 204)
    seen = {name: headers.get(name.encode(), b"").decode() for name in ("accept", "cache-control", "last-event-id")}
    echo = b"data: headers " + json.dumps(seen, sort_keys=True).encode() + b"\n\n"
    if not last:
        chunks = [b"retry: 100\n\n", b": a comment\n", b"data: one\n\n", b"event: named\ndata: two\ndata: lines\nid: 7\n\n",
                  b"data:no space\n\n", b"id: 8\r\ndata: crlf\r\n\r\n", b"data: caf\xc3", b"\xa9 split\n\n",
                  b"data: x\r", b"\ndata: y\n\n", b"data\n\n", b"event: empty\n\n", b"retry: soon\n", b"id: a\x00b\n",
                  b"data: after bad fields\n\n", echo, b"data: never dispatched"]
    else:
        chunks = [b"data: again after " + last.encode() + b"\n\n", b"id: 9\n" + echo]
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", b"text/event-stream; charset=utf-8"), (b"cache-control", b"no-cache")]})
    for chunk in chunks:
        await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await asyncio.sleep(0.005)
    await send({"type": "http.response.body", "body": b""})


async def websocket(scope, receive, send):
    path = scope["path"]
    first = await receive()
    assert first["type"] == "websocket.connect"
    if path == "/ws/reject":
        return await send({"type": "websocket.close", "code": 1008, "reason": "not allowed"})
    if path == "/ws/deny":
        await send({"type": "websocket.http.response.start", "status": 403, "headers": [(b"content-type", b"text/plain")]})
        return await send({"type": "websocket.http.response.body", "body": b"members only"})
    if path == "/ws/return-before-accept":
        return
    subprotocol = scope["subprotocols"][0] if path == "/ws/subprotocol" and scope["subprotocols"] else None
    if path == "/ws/wrong-subprotocol":
        subprotocol = "not-offered"
    await send({"type": "websocket.accept", "subprotocol": subprotocol})
    if path == "/ws/close-code":
        await send({"type": "websocket.send", "text": "bye"})
        return await send({"type": "websocket.close", "code": 4001, "reason": "custom reason"})
    if path == "/ws/return-after-accept":
        return await send({"type": "websocket.send", "text": "leaving"})
    if path == "/ws/client-close":
        message = await receive()
        SEEN["ws_close"] = [message.get("code"), message.get("reason", "")]
        return
    while True:  # echo
        message = await receive()
        if message["type"] == "websocket.disconnect":
            return
        if message.get("text") is not None:
            await send({"type": "websocket.send", "text": message["text"]})
        else:
            await send({"type": "websocket.send", "bytes": message["bytes"]})


async def app(scope, receive, send):
    if scope["type"] == "websocket":
        return await websocket(scope, receive, send)
    if scope["type"] == "lifespan":
        message = await receive()
        assert message["type"] == "lifespan.startup"
        scope["state"]["started"] = "yes"
        scope["state"]["shared"] = []
        await send({"type": "lifespan.startup.complete"})
        message = await receive()
        await send({"type": "lifespan.shutdown.complete"})
        return
    path = scope["path"]
    q = query(scope)

    if path == "/__page":
        return await respond(send, body=PAGE, content_type=b"text/html; charset=utf-8")
    if path == "/text":
        return await respond(send, body=b"hello")
    if path == "/raw":  # these bytes (hex), as they are
        return await respond(send, body=bytes.fromhex(q.get("hex", "")), content_type=q.get("type", "").encode())
    if path.startswith("/path/"):
        return await respond_json(send, {"path": path, "raw_path": scope["raw_path"].decode("latin-1"),
                                          "query_string": scope["query_string"].decode("latin-1"),
                                          "root_path": scope["root_path"], "http_version": scope["http_version"],
                                          "scheme": scope["scheme"]})
    if path == "/echo":
        body = await read_body(receive)
        headers = {}
        for name, value in scope["headers"]:
            name = name.decode("latin-1")
            if name.startswith("x-") or name in ("content-type", "content-length", "cookie"):
                headers.setdefault(name, []).append(value.decode("latin-1"))
        names = sorted({n.decode() for n, _ in scope["headers"]} & {"host", "user-agent", "accept", "origin"})
        return await respond_json(send, {"method": scope["method"], "headers": headers, "present": names,
                                          "length": len(body), "sha256": hashlib.sha256(body).hexdigest(),
                                          "start": body[:64].decode("latin-1"), "query": q})
    if path == "/headers/dup":
        return await respond(send, body=b"dup", headers=[(b"x-dup", b"one"), (b"x-dup", b"two"), (b"X-Mixed-Case", b"v")])
    if path == "/headers/latin1":
        return await respond(send, body=b"latin1", headers=[(b"x-latin", "café ü".encode("latin-1"))])
    if path == "/headers/length":
        return await respond(send, body=b"hello world", headers=[(b"content-length", b"11")])
    if path.startswith("/status/"):
        code = int(path.rsplit("/", 1)[1])
        body = b"" if code in (204, 304) else f"status {code}".encode()
        return await respond(send, code, body)
    if path == "/stream":
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
        for i in range(int(q.get("n", "5"))):
            await send({"type": "http.response.body", "body": f"part {i};".encode() * int(q.get("size", "1")), "more_body": True})
        await send({"type": "http.response.body", "body": b"end"})
        return
    if path == "/large":
        size = int(q.get("mb", "1")) * 1024 * 1024
        return await respond(send, body=bytes(range(256)) * (size // 256), content_type=b"application/octet-stream")
    if path in ("/encoded/gzip", "/encoded/deflate"):
        raw = b"compressed " * 300
        body = gzip.compress(raw) if path.endswith("gzip") else zlib.compress(raw)
        return await respond(send, body=body, headers=[(b"content-encoding", path.rsplit("/", 1)[1].encode()),
                                                       (b"content-length", str(len(body)).encode())])
    if path == "/unicode":
        return await respond(send, body="héllo ✓ 世界".encode())
    if path == "/error/before":
        raise RuntimeError("before start")
    if path == "/error/noresponse":
        return
    if path == "/error/after":
        # nosniff: else a browser holds the headers back to sniff the body, which never completes.
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"x-content-type-options", b"nosniff")]})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise RuntimeError("after start")
    if path == "/error/body-before-start":
        await send({"type": "http.response.body", "body": b"x"})
        return
    if path == "/error/crlf":
        return await respond(send, body=b"x", headers=[(b"x-bad", b"a\r\nx-injected: 1")])
    if path == "/error/badname":
        return await respond(send, body=b"x", headers=[(b"bad name", b"v")])
    if path == "/error/long":
        return await respond(send, body=b"0123456789", headers=[(b"content-length", b"4")])
    if path == "/error/short":
        return await respond(send, body=b"0123", headers=[(b"content-length", b"10")])
    if path.startswith("/redirect/"):
        code = int(path.rsplit("/", 1)[1])
        return await respond(send, code, b"", headers=[(b"location", q.get("to", "/echo").encode())])
    if path.startswith("/chain/"):
        n = int(path.rsplit("/", 1)[1])
        target = f"/chain/{n - 1}" if n > 0 else "/echo?chain=done"
        return await respond(send, 302, b"", headers=[(b"location", target.encode())])
    if path == "/cookie/set":
        cookie = f"{q['name']}={q.get('value', '')}{q.get('attrs', '')}".encode()
        return await respond(send, body=b"set", headers=[(b"set-cookie", cookie)])
    if path == "/cookie/set-two":
        return await respond(send, body=b"set", headers=[(b"set-cookie", b"a=1; Path=/"), (b"set-cookie", b"b=2; Path=/")])
    if path.startswith("/cookie/echo"):
        cookie = dict(scope["headers"]).get(b"cookie", b"").decode("latin-1")
        return await respond(send, body=cookie.encode())
    if path == "/state":
        scope["state"]["shared"].append(1)
        scope["state"]["mine"] = "not shared"
        return await respond_json(send, {"started": scope["state"].get("started"), "count": len(scope["state"]["shared"]),
                                          "keys": sorted(scope["state"])})
    if path == "/after-response":
        await respond(send, body=b"done")
        SEEN["after_response"] = (await receive())["type"]
        return
    if path == "/after-response/seen":
        return await respond(send, body=str(SEEN["after_response"]).encode())
    if path == "/ws/client-close/seen":
        return await respond_json(send, SEEN.get("ws_close"))
    if path == "/drip":
        # One chunk, then nothing for a while; nosniff so browsers pass the chunk on at once.
        if q.get("before"):
            await asyncio.sleep(float(q["before"]))
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain"), (b"x-content-type-options", b"nosniff")]})
        await send({"type": "http.response.body", "body": b"first\n", "more_body": True})
        await asyncio.sleep(float(q.get("after", "1")))
        await send({"type": "http.response.body", "body": b"last\n"})
        return
    if path == "/split":
        # A two-byte character in two chunks, 100 ms apart (nosniff: browsers pass the first on at once).
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"text/plain; charset=utf-8"), (b"x-content-type-options", b"nosniff")]})
        await send({"type": "http.response.body", "body": b"caf\xc3", "more_body": True})
        await asyncio.sleep(0.1)
        await send({"type": "http.response.body", "body": b"\xa9 whole"})
        return
    if path == "/sse":
        return await server_sent_events(scope, send)
    if path == "/ticker":
        return await ticker(None)(scope, receive, send)
    if path == "/ticker/count":
        return await respond(send, body=str(SEEN["ticker"]).encode())
    return await respond(send, 404, b"no route " + path.encode())
