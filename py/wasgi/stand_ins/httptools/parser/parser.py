"""httptools' HTTP/1 parsers: servers feed them bytes from sockets, and a page
has neither. They exist so that modules importing them load, and refuse to be
made, with a message saying why."""

from __future__ import annotations

from typing import Any


class HTTPProtocol:
    """The callbacks a parser calls (httptools' typing protocol)."""


class _NoParser:
    def __init__(self, protocol: Any = None) -> None:
        raise NotImplementedError(
            f"httptools.{type(self).__name__}: this is wasgi's httptools stand-in, which has parse_url only; "
            "in a browser no server reads HTTP from a socket, so nothing has bytes to parse"
        )


class HttpRequestParser(_NoParser):
    pass


class HttpResponseParser(_NoParser):
    pass
