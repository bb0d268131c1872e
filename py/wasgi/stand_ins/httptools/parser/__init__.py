"""httptools.parser: ``parse_url`` and the errors; the HTTP parsers refuse to start (see ..)."""

from .errors import (
    HttpParserCallbackError,
    HttpParserError,
    HttpParserInvalidMethodError,
    HttpParserInvalidStatusError,
    HttpParserInvalidURLError,
    HttpParserUpgrade,
)
from .parser import HTTPProtocol, HttpRequestParser, HttpResponseParser
from .url_parser import parse_url

__all__ = (
    "HTTPProtocol", "HttpRequestParser", "HttpResponseParser", "HttpParserError", "HttpParserCallbackError",
    "HttpParserInvalidStatusError", "HttpParserInvalidMethodError", "HttpParserInvalidURLError", "HttpParserUpgrade",
    "parse_url",
)  # fmt: skip
