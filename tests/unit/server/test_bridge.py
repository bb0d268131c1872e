import asyncio

from wasgi.server.bridge import ASCII_BODY_MAX, Bridge
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
    assert posted[2] == ("body", 7, "head-tail", False)  # small and ASCII: as text (see _wire_body)
    await asyncio.sleep(0)
    assert bridge.cycles == {}


async def test_events_for_unknown_requests_are_ignored():
    bridge = Bridge(Server(echo), lambda *a: None)
    bridge.ack(99, 10)
    bridge.abort(99)
    bridge.body(99, b"", False)


async def test_small_ascii_bodies_cross_as_text_and_the_rest_as_bytes():
    big = b"a" * (ASCII_BODY_MAX + 1)
    bodies = {"/ascii": b'{"n": 1}', "/utf8": "caf\u00e9".encode(), "/big": big, "/empty": b""}

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": []})
        await send({"type": "http.response.body", "body": bodies[scope["path"]]})

    posted = {}
    converted = []

    def to_js(data):
        converted.append(data)
        return ("Uint8Array", data)

    bridge = Bridge(Server(app), lambda kind, rid, *args: posted.setdefault(rid, []).append((kind, *args)), to_js=to_js)
    for rid, path in enumerate(bodies, 1):
        bridge.request(rid, "GET", path, "")
    for _ in range(3):  # before Python 3.12 the requests start on the loop's next turns
        await asyncio.sleep(0)
    sent = [posted[rid][1][1] for rid in range(1, 5)]
    assert sent == ['{"n": 1}', ("Uint8Array", "caf\u00e9".encode()), ("Uint8Array", big), None]
    assert converted == ["caf\u00e9".encode(), big]
