"""``httptools.parse_url`` in Python: a request target split as http-parser splits it."""

from __future__ import annotations

import re

from .errors import HttpParserInvalidURLError

# Visible ASCII only: http-parser refuses spaces, controls and other bytes in a URL.
_TAIL = rb"(?:\?(?P<query>[!-\x7e]*?))?(?:#(?P<fragment>[!-\x7e]*))?"
_ORIGIN_FORM = re.compile(rb"(?P<path>[/*][!-\x22\x24-\x3e\x40-\x7e]*)" + _TAIL)
# A fragment may follow a path or a query, not the host ("http://h#f" is refused).
_ABSOLUTE_FORM = re.compile(
    rb"(?P<schema>[A-Za-z]+)://"
    rb"(?:(?P<userinfo>[!-\x22\x24-\x2e\x30-\x3e\x41-\x5a\x5c\x5e-\x7e]*)@)?"
    rb"(?:\[(?P<ipv6>[0-9A-Fa-f:.]+)\]|(?P<host>[!-\x22\x24-\x2e\x30-\x39\x3b-\x3e\x41-\x5a\x5c\x5e-\x7e]+))"
    rb"(?::(?P<port>[0-9]+))?"
    rb"(?:(?P<path>/[!-\x22\x24-\x3e\x40-\x7e]*)" + _TAIL + rb"|\?(?P<query_only>[!-\x22\x24-\x7e]*)(?:#(?P<fragment_only>[!-\x7e]*))?)?"
)


class URL:
    """The parts of a URL, as bytes (None where absent or empty), and the port as an int."""

    __slots__ = ("schema", "host", "port", "path", "query", "fragment", "userinfo")

    def __init__(self, schema: bytes | None, host: bytes | None, port: int | None, path: bytes | None,
                 query: bytes | None, fragment: bytes | None, userinfo: bytes | None) -> None:  # fmt: skip
        self.schema, self.host, self.port, self.path = schema, host, port, path
        self.query, self.fragment, self.userinfo = query, fragment, userinfo

    def __repr__(self) -> str:
        parts = ", ".join(f"{name}={getattr(self, name)!r}" for name in self.__slots__)
        return f"<URL {parts}>"


def parse_url(url: bytes | bytearray | memoryview) -> URL:
    """Split a request target (``/path?query`` or ``scheme://host:port/path``) into its parts."""
    data = bytes(memoryview(url))  # TypeError for str, as httptools
    match = _ORIGIN_FORM.fullmatch(data)
    if match:
        return URL(None, None, None, match["path"], match["query"] or None, match["fragment"] or None, None)
    match = _ABSOLUTE_FORM.fullmatch(data)
    port = int(match["port"]) if match and match["port"] else None
    if not match or (port is not None and port > 65535):
        raise HttpParserInvalidURLError(f"invalid url {data!r}")
    return URL(
        match["schema"], match["ipv6"] or match["host"], port, match["path"],
        match["query"] or match["query_only"] or None, match["fragment"] or match["fragment_only"] or None,
        match["userinfo"] or None,
    )  # fmt: skip
