"""Malformed or unusual responses end as they do under Uvicorn."""

import pytest

from asgi_harness import request
from wasgi.server import Server


def respond(status=200, headers=(), chunks=(b"",)):
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": status, "headers": list(headers)})
        *firsts, last = chunks
        for chunk in firsts:
            await send({"type": "http.response.body", "body": chunk, "more_body": True})
        await send({"type": "http.response.body", "body": last})

    return Server(app)


async def test_duplicate_and_latin1_headers_pass_through_lowercased():
    server = respond(headers=[(b"X-Dup", b"1"), (b"x-dup", b"2"), (b"x-latin", "café".encode("latin-1"))])
    out = await request(server)
    assert out.headers == [(b"x-dup", b"1"), (b"x-dup", b"2"), (b"x-latin", b"caf\xe9")]


async def test_str_headers_are_accepted_like_uvicorn():
    out = await request(respond(headers=[("content-type", "text/plain")]))
    assert out.headers == [(b"content-type", b"text/plain")]


@pytest.mark.parametrize("name", [b"bad name", b"x\r\ninjected", b"", b"a:b"])
async def test_invalid_header_name_drops_the_request(name):
    out = await request(respond(headers=[(name, b"v")]))
    assert out.status is None and "Invalid HTTP header name" in out.failed


async def test_header_names_are_checked_every_time_though_good_ones_are_remembered():
    for _ in range(2):
        out = await request(respond(headers=[(b"Bad Name", b"v")]))
        assert out.status is None and "Invalid HTTP header name" in out.failed
    out = await request(respond(headers=[(bytearray(b"X-Array"), b"v"), (b"X-Array", b"w"), (b"X-Array", b"x")]))
    assert out.headers == [(b"x-array", b"v"), (b"x-array", b"w"), (b"x-array", b"x")]


@pytest.mark.parametrize("values", [[b"abc"], [b"-1"], [b"4", b"5"], [b"4", b"x"]])
async def test_invalid_content_length_drops_the_request(values):
    out = await request(respond(headers=[(b"content-length", value) for value in values], chunks=(b"abcd",)))
    assert out.status is None and "Invalid Content-Length" in out.failed


async def test_repeated_equal_content_lengths_are_one():
    out = await request(respond(headers=[(b"content-length", b"4"), (b"Content-Length", b" 4")], chunks=(b"abcd",)))
    assert out.complete and out.body == b"abcd"


@pytest.mark.parametrize("value", [b"a\r\nset-cookie: x=1", b"a\nb", b"a\x00b"])
async def test_crlf_in_header_value_drops_the_request(value):
    out = await request(respond(headers=[(b"x-a", value)]))
    assert out.status is None and "Invalid HTTP header value" in out.failed


@pytest.mark.parametrize("status", [100, 101, 199, 600, 999, "200"])
async def test_status_a_browser_cannot_carry_drops_the_request(status):
    out = await request(respond(status=status))
    assert out.status is None and "cannot reach the page" in out.failed


async def test_body_longer_than_content_length_errors_the_stream():
    out = await request(respond(headers=[(b"content-length", b"4")], chunks=(b"ab", b"cdef")))
    assert out.status == 200 and out.chunks == [b"ab"]
    assert "longer than Content-Length" in out.failed


async def test_body_shorter_than_content_length_errors_the_stream():
    out = await request(respond(headers=[(b"content-length", b"10")], chunks=(b"ab", b"cd")))
    assert out.chunks == [b"ab", b"cd"]
    assert "shorter than Content-Length" in out.failed


async def test_exact_content_length_completes():
    out = await request(respond(headers=[(b"content-length", b"4")], chunks=(b"ab", b"cd")))
    assert out.complete and out.failed is None and out.body == b"abcd"


async def test_head_keeps_content_length_without_a_body():
    out = await request(respond(headers=[(b"content-length", b"5")], chunks=(b"hello",)), "HEAD")
    assert out.complete and out.body == b"" and out.header(b"content-length") == b"5"


@pytest.mark.parametrize("status", [204, 304])
async def test_bodyless_status_with_a_body_is_an_app_error(status):
    out = await request(respond(status=status, chunks=(b"oops",)))
    assert out.status == status and "cannot have a body" in out.failed


@pytest.mark.parametrize("status", [204, 304])
async def test_bodyless_status_with_an_empty_body_completes(status):
    out = await request(respond(status=status, headers=[(b"content-length", b"0")]))
    assert out.status == status and out.complete


async def test_second_start_errors_the_stream():
    async def app(scope, receive, send):
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.start", "status": 200})

    out = await request(Server(app))
    assert out.status == 200 and "Expected ASGI message 'http.response.body'" in out.failed


async def test_missing_status_is_a_500():
    async def app(scope, receive, send):
        await send({"type": "http.response.start"})

    out = await request(Server(app))
    assert out.status is None and out.failed  # started, then failed: a dropped connection
