"""httptools.parser: ``parse_url`` and the errors; the HTTP parsers refuse to start (see ..)."""

from .errors import (
    HttpParserCallbackError,
    HttpParserError,
    HttpParserInvalidMethodError,
    HttpParserInvalidStatusError,
    HttpParserInvalidURLError,
    HttpParserUpgrade,
)
from .parser import HttpRequestParser, HttpResponseParser
from .url_parser import URL, parse_url

__all__ = [
    "URL", "HttpParserCallbackError", "HttpParserError", "HttpParserInvalidMethodError", "HttpParserInvalidStatusError",
    "HttpParserInvalidURLError", "HttpParserUpgrade", "HttpRequestParser", "HttpResponseParser", "parse_url",
]  # fmt: skip
