import asyncio

from asgi_harness import request
from wasgi.server import ClientDisconnected, RequestHead, Server
from wasgi.server.http_cycle import RESPONSE_WINDOW


async def hello(scope, receive, send):
    await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/plain")]})
    await send({"type": "http.response.body", "body": b"hello " + scope["path"].encode()})


async def test_simple_response():
    out = await request(Server(hello), target="/there")
    assert out.status == 200
    assert out.header(b"content-type") == b"text/plain"
    assert out.body == b"hello /there"
    assert out.complete and out.failed is None


async def test_body_arrives_in_chunks_and_then_disconnect():
    seen = []

    async def app(scope, receive, send):
        while True:
            message = await receive()
            seen.append(message)
            if not message.get("more_body"):
                break
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"".join(m["body"] for m in seen)})
        seen.append(await receive())

    out = await request(Server(app), "POST", body_chunks=[b"ab", b"cd", b"ef"])
    assert out.body == b"abcdef"
    assert out.pulls == 2
    assert [m["type"] for m in seen] == ["http.request"] * 3 + ["http.disconnect"]
    assert [m["more_body"] for m in seen[:3]] == [True, True, False]


async def test_empty_body_is_one_final_request_message():
    messages = []

    async def app(scope, receive, send):
        messages.append(await receive())
        await send({"type": "http.response.start", "status": 204})
        await send({"type": "http.response.body"})

    out = await request(Server(app))
    assert messages == [{"type": "http.request", "body": b"", "more_body": False}]
    assert out.status == 204 and out.body == b""


async def test_streamed_response_keeps_chunks():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        for part in (b"one", b"two", b"three"):
            await send({"type": "http.response.body", "body": part, "more_body": True})
        await send({"type": "http.response.body", "body": b""})

    out = await request(Server(app))
    assert out.chunks == [b"one", b"two", b"three", b""]


async def test_memoryview_and_bytearray_bodies():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200, "headers": [(bytearray(b"x-a"), memoryview(b"1"))]})
        await send({"type": "http.response.body", "body": bytearray(b"ab"), "more_body": True})
        await send({"type": "http.response.body", "body": memoryview(b"cd")})

    out = await request(Server(app))
    assert out.body == b"abcd"
    assert out.headers == [(b"x-a", b"1")]
    assert all(type(c) is bytes for c in out.chunks)


async def test_exception_before_start_gives_500():
    async def app(scope, receive, send):
        raise ValueError("boom")

    out = await request(Server(app))
    assert out.status == 500
    assert out.header(b"content-type") == b"text/plain; charset=utf-8"
    assert out.body == b"Internal Server Error"


async def test_returning_without_response_gives_500():
    async def app(scope, receive, send):
        return None

    out = await request(Server(app))
    assert out.status == 500 and out.body == b"Internal Server Error"


async def test_exception_after_start_fails_the_stream_and_next_request_works():
    async def app(scope, receive, send):
        if scope["path"] == "/ok":
            return await hello(scope, receive, send)
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"partial", "more_body": True})
        raise RuntimeError("midway")

    server = Server(app)
    out = await request(server, target="/bad")
    assert out.status == 200 and out.chunks == [b"partial"]
    assert "RuntimeError: midway" in out.failed
    ok = await request(server, target="/ok")
    assert ok.status == 200 and ok.body == b"hello /ok"


async def test_returning_without_completing_fails_the_stream():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"x", "more_body": True})

    out = await request(Server(app))
    assert out.failed == "incomplete response"


async def test_body_before_start_is_a_500():
    async def app(scope, receive, send):
        await send({"type": "http.response.body", "body": b"x"})

    out = await request(Server(app))
    assert out.status == 500


async def test_send_after_completion_is_an_error_but_response_stands():
    errors = []

    async def app(scope, receive, send):
        await hello(scope, receive, send)
        try:
            await send({"type": "http.response.body", "body": b"more"})
        except RuntimeError as exc:
            errors.append(str(exc))

    out = await request(Server(app))
    assert out.body == b"hello /"
    await asyncio.sleep(0)
    assert errors and "after response already completed" in errors[0]


async def test_head_keeps_headers_and_drops_body():
    out = await request(Server(hello), "HEAD")
    assert out.status == 200 and out.header(b"content-type") == b"text/plain"
    assert out.body == b""


async def test_abort_mid_stream_disconnects_and_send_raises_oserror():
    from asgi_harness import RecordingChannel

    raised = asyncio.Event()
    received = []

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        try:
            while True:
                await send({"type": "http.response.body", "body": b"tick", "more_body": True})
                await asyncio.sleep(0)
        except OSError as exc:
            assert isinstance(exc, ClientDisconnected)
            received.append(await receive())
            raised.set()

    channel = RecordingChannel()
    cycle = Server(app).handle_http(RequestHead("GET", "/"), channel)
    while len(channel.out.chunks) < 3:
        await asyncio.sleep(0)
    cycle.disconnect()
    await asyncio.wait_for(raised.wait(), 5)
    assert received == [{"type": "http.disconnect"}]


async def test_back_pressure_waits_for_acks():
    from asgi_harness import RecordingChannel

    chunk = b"x" * (256 * 1024)

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        for _ in range(64):
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body"})

    channel = RecordingChannel()
    cycle = Server(app).handle_http(RequestHead("GET", "/"), channel)
    for _ in range(50):
        await asyncio.sleep(0)
    sent = sum(map(len, channel.out.chunks))
    assert RESPONSE_WINDOW <= sent < RESPONSE_WINDOW + len(chunk) * 2, sent
    acked = 0
    while not channel.out.complete:
        delivered = sum(map(len, channel.out.chunks))
        cycle.ack(delivered - acked)
        acked = delivered
        await asyncio.sleep(0)
    assert sum(map(len, channel.out.chunks)) == 64 * len(chunk)


async def test_receive_blocks_until_the_response_completes():
    order = []

    async def app(scope, receive, send):
        await receive()

        async def watcher():
            message = await receive()
            order.append(message["type"])

        task = asyncio.ensure_future(watcher())
        await asyncio.sleep(0.01)
        order.append("sending")
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"done"})
        await task

    await request(Server(app))
    assert order == ["sending", "http.disconnect"]


async def test_an_app_that_never_answers_does_not_block_others():
    never = asyncio.Event()

    async def app(scope, receive, send):
        if scope["path"] == "/hang":
            await never.wait()
        await hello(scope, receive, send)

    server = Server(app)
    from asgi_harness import RecordingChannel

    server.handle_http(RequestHead("GET", "/hang"), RecordingChannel())
    results = await asyncio.gather(*(request(server, target=f"/n{i}") for i in range(20)))
    assert [r.body for r in results] == [f"hello /n{i}".encode() for i in range(20)]
    never.set()


async def test_changes_are_saved_before_the_status_and_before_each_chunk_is_delivered():
    # A page may reload as soon as it has the status, or a chunk of a stream: what the
    # request wrote is saved by then.
    order = []

    async def app(scope, receive, send):
        order.append("app starts")
        await send({"type": "http.response.start", "status": 201})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        order.append("app sends the last chunk")
        await send({"type": "http.response.body", "body": b"b"})

    async def save():
        order.append("saved")
        await asyncio.sleep(0)

    from asgi_harness import RecordingChannel

    channel = RecordingChannel()
    original_start, original_body = channel.start, channel.body
    channel.start = lambda status, headers: (order.append(f"delivered {status}"), original_start(status, headers))
    channel.body = lambda chunk, more: (order.append(f"delivered {chunk!r} more={more}"), original_body(chunk, more))
    server = Server(app, save_changes=save)
    server.handle_http(RequestHead("GET", "/"), channel)
    await channel.out.done.wait()
    assert order == [
        "app starts", "saved", "delivered 201", "saved", "delivered b'a' more=True",
        "app sends the last chunk", "saved", "delivered b'b' more=False",
    ]


async def test_a_failed_save_is_a_500_not_a_response_the_page_takes_as_kept():
    from wasgi.server.errors import SaveFailed

    async def save():
        raise SaveFailed("saving /persist failed: QuotaExceededError")

    out = await request(Server(hello, save_changes=save))
    assert out.status == 500 and out.body == b"Internal Server Error"


async def test_a_starlette_stream_the_page_drops_is_cancelled_and_its_background_task_runs(caplog):
    # As behind Uvicorn (HTTP spec_version "2.3"): Starlette sees http.disconnect and cancels
    # the stream; under "2.4" it skipped the background task and logged a traceback.
    from asgi_harness import RecordingChannel
    from starlette.background import BackgroundTask
    from starlette.responses import StreamingResponse

    events = []
    done = asyncio.Event()
    forever = asyncio.Event()

    async def ticks():
        try:
            yield b"tick"
            await forever.wait()  # an idle stream: nothing more to send
        finally:
            events.append("stream closed")

    async def background():
        events.append("background ran")
        done.set()

    app = StreamingResponse(ticks(), background=BackgroundTask(background))
    channel = RecordingChannel()
    cycle = Server(app).handle_http(RequestHead("GET", "/"), channel)
    while not channel.out.chunks:
        await asyncio.sleep(0)
    cycle.disconnect()
    await asyncio.wait_for(done.wait(), 5)
    assert events == ["stream closed", "background ran"]
    assert "Exception in ASGI application" not in caplog.text


async def test_a_send_after_the_page_left_is_not_logged_as_an_app_error_but_other_errors_are(caplog):
    from asgi_harness import RecordingChannel

    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"a", "more_body": True})
        while (await receive())["type"] != "http.disconnect":
            pass
        if scope["path"] == "/wrapped":
            try:
                await send({"type": "http.response.body", "body": b"b", "more_body": True})
            except OSError as exc:
                raise RuntimeError("the client went away") from exc  # as frameworks re-raise it
        raise ValueError("a real bug")

    for path, logged in [("/wrapped", False), ("/bug", True)]:
        caplog.clear()
        channel = RecordingChannel()
        cycle = Server(app).handle_http(RequestHead("GET", path), channel)
        while not channel.out.chunks:
            await asyncio.sleep(0)
        cycle.disconnect()
        while not cycle.finished:
            await asyncio.sleep(0)
        assert ("Exception in ASGI application" in caplog.text) is logged, path
