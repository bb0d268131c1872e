import asyncio

from wasgi.server.bridge import Bridge
from wasgi.server import Server


async def echo(scope, receive, send):
    body = b""
    while True:
        message = await receive()
        body += message.get("body", b"")
        if not message.get("more_body"):
            break
    headers = [(b"x-method", scope["method"].encode()), (b"x-seen", dict(scope["headers"]).get(b"x-test", b""))]
    await send({"type": "http.response.start", "status": 201, "headers": headers})
    await send({"type": "http.response.body", "body": body})


async def test_bridge_round_trip_with_header_lines_and_pulled_body():
    posted = []
    done = asyncio.Event()

    def post(kind, rid, *args):
        posted.append((kind, rid, *args))
        if kind == "pull":
            asyncio.get_running_loop().call_soon(bridge.body, rid, b"-tail", False)
        if kind == "body" and not args[1]:
            done.set()

    bridge = Bridge(Server(echo), post, host="example.test", port=8000)
    bridge.request(7, "post", "/x", "X-Test\nyes", b"head", True)
    await done.wait()
    assert posted[0] == ("pull", 7)
    assert posted[1] == ("start", 7, 201, "x-method\nPOST\nx-seen\nyes")
    assert posted[2] == ("body", 7, b"head-tail", False)
    await asyncio.sleep(0)
    assert bridge.cycles == {}


async def test_events_for_unknown_requests_are_ignored():
    bridge = Bridge(Server(echo), lambda *a: None)
    bridge.ack(99, 10)
    bridge.abort(99)
    bridge.body(99, b"", False)
