"""wasgi's httptools stand-in (wasgi.stand_ins.httptools), run under CPython and inside Pyodide.

The expected parts are the real httptools' (0.9, http-parser's URL rules); under
CPython, where the real httptools is a test dependency, the last test checks that they still are.
"""

from __future__ import annotations

import pytest

from wasgi.stand_ins import httptools as stand_in

# (url, (schema, host, port, path, query, fragment, userinfo)), or None where it is refused.
CASES = [
    (b"http://user:pw@host:8080/path?q=1#frag", (b"http", b"host", 8080, b"/path", b"q=1", b"frag", b"user:pw")),
    (b"/path?x=1", (None, None, None, b"/path", b"x=1", None, None)),
    (b"/", (None, None, None, b"/", None, None, None)),
    (b"*", (None, None, None, b"*", None, None, None)),
    (b"*x", (None, None, None, b"*x", None, None, None)),
    (b"https://[::1]:443/a", (b"https", b"::1", 443, b"/a", None, None, None)),
    (b"http://host", (b"http", b"host", None, None, None, None, None)),
    (b"HTTP://H/", (b"HTTP", b"H", None, b"/", None, None, None)),
    (b"http://h:0/", (b"http", b"h", 0, b"/", None, None, None)),
    (b"http://h?x", (b"http", b"h", None, None, b"x", None, None)),
    (b"http://h?x#f", (b"http", b"h", None, None, b"x", b"f", None)),
    (b"http://h/p?q#", (b"http", b"h", None, b"/p", b"q", None, None)),
    (b"//host/p", (None, None, None, b"//host/p", None, None, None)),
    (b"/p?", (None, None, None, b"/p", None, None, None)),
    (b"/p?a?b#c#d", (None, None, None, b"/p", b"a?b", b"c#d", None)),
    (b"/a#b?c", (None, None, None, b"/a", None, b"b?c", None)),
    (b"/%20?a=%20", (None, None, None, b"/%20", b"a=%20", None, None)),
    (b"/~!$&()*+,;=:@", (None, None, None, b"/~!$&()*+,;=:@", None, None, None)),
    (b"", None),
    (b"/a b", None),
    (b"/\t", None),
    (b"http://h/\xff", None),
    (b"example.com:443", None),
    (b"http://h:99999/", None),
    (b"http://h:/", None),
    (b"http://h#f", None),
    (b"http:/h/", None),
    (b"http://", None),
    (b"http://[::1/", None),
    (b"1a://h/", None),
    (b"http://a@b@c/", None),
]

FIELDS = ("schema", "host", "port", "path", "query", "fragment", "userinfo")


def parts(module, url: bytes):
    try:
        parsed = module.parse_url(url)
    except module.HttpParserInvalidURLError:
        return None
    return tuple(getattr(parsed, field) for field in FIELDS)


@pytest.mark.parametrize(("url", "expected"), CASES)
def test_parse_url_splits_as_httptools_does(url, expected):
    assert parts(stand_in, url) == expected


def test_parse_url_takes_bytes_like_objects_only_and_its_error_is_a_parser_error():
    assert stand_in.parse_url(bytearray(b"/x")).path == b"/x" and stand_in.parse_url(memoryview(b"/y")).path == b"/y"
    with pytest.raises(TypeError):
        stand_in.parse_url("/text")
    assert issubclass(stand_in.HttpParserInvalidURLError, stand_in.HttpParserError)
    from wasgi.stand_ins.httptools.parser.errors import HttpParserInvalidURLError  # where Sanic imports it from

    assert HttpParserInvalidURLError is stand_in.HttpParserInvalidURLError


def test_the_http_parsers_refuse_to_start_saying_why():
    with pytest.raises(NotImplementedError, match="has parse_url only"):
        stand_in.HttpRequestParser(object())


def test_the_expected_parts_and_names_are_the_real_httptools():
    httptools = pytest.importorskip("httptools", reason="the real httptools has no Pyodide wheel: checked under CPython")
    assert [parts(httptools, url) for url, _ in CASES] == [expected for _, expected in CASES]
    assert set(stand_in.__all__) <= {name for name in dir(httptools) if not name.startswith("_")}
