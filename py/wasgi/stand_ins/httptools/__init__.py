"""httptools, as far as a browser needs it: ``parse_url`` and the parser errors.

httptools is compiled (llhttp) with no Pyodide wheel, and Sanic imports its
``parse_url`` to read each request's URL. Its HTTP parsers are for servers
reading sockets, which a page has not: they refuse to be made, naming why.
``tests/unit/server/test_stand_in_httptools.py`` holds ``parse_url`` to the real one.
"""

from .parser import (
    URL,
    HttpParserCallbackError,
    HttpParserError,
    HttpParserInvalidMethodError,
    HttpParserInvalidStatusError,
    HttpParserInvalidURLError,
    HttpParserUpgrade,
    HttpRequestParser,
    HttpResponseParser,
    parse_url,
)


class HTTPProtocol:
    """The callbacks a parser calls (httptools' typing protocol)."""


__version__ = "0.0+wasgi"
__all__ = [
    "HTTPProtocol", "HttpParserCallbackError", "HttpParserError", "HttpParserInvalidMethodError",
    "HttpParserInvalidStatusError", "HttpParserInvalidURLError", "HttpParserUpgrade", "HttpRequestParser",
    "HttpResponseParser", "parse_url",
]  # fmt: skip
