"""One HTTP request sent by the browser instead of a socket: what ``httpx_fetch``
and ``urllib_fetch`` share.

Async code awaits ``fetch``. Sync code waits for it through JSPI where the
stack may suspend (other requests go on meanwhile), else makes a synchronous
``XMLHttpRequest``, which a worker may (the app waits, as a blocking call holds
a server's event loop). Either way the browser's rules hold, as for any page's
request: CORS, https only from an https site, redirects followed by the
browser, compressed bodies decoded, forbidden headers (``Host``, ``Cookie``,
``Accept-Encoding``) dropped, no cookie of the visitor's sent.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from . import jspi

# Headers of an answer that describe the bytes on the wire, which the browser has already decoded.
WIRE_HEADERS = {"content-encoding", "content-length", "transfer-encoding"}


@dataclass
class Answer:
    """A whole answer, as sync callers get it."""

    status: int
    reason: str
    headers: list[tuple[str, str]]  # without WIRE_HEADERS
    content: bytes
    url: str  # after the redirects the browser followed


def refusal(url: str, exc: Exception) -> str:
    """The message for a request the browser refused or could not send."""
    return (f"the browser could not fetch {url} ({exc}): a page reaches another site only if that site "
            "allows this one's origin (CORS headers), and an https: page only https: URLs")  # fmt: skip


def fetch(method: str, url: str, headers: list[tuple[str, str]], body: bytes | None) -> Any:
    """The browser's ``fetch``: a JavaScript Promise of its Response."""
    from js import Object
    from js import fetch as browser_fetch
    from pyodide.ffi import to_js

    init = {
        "method": method,
        "headers": to_js([list(pair) for pair in headers]),
        "credentials": "omit",  # a server's request carries none of the visitor's cookies
        "redirect": "follow",
    }
    if body:
        init["body"] = to_js(bytes(body))
    return browser_fetch(url, to_js(init, dict_converter=Object.fromEntries))


def answer_headers(response: Any) -> list[tuple[str, str]]:
    """A fetch Response's headers, without ``WIRE_HEADERS``."""
    pairs = (pair.to_py() for pair in response.headers.entries())
    return [(name, value) for name, value in pairs if name not in WIRE_HEADERS]


def send(method: str, url: str, headers: list[tuple[str, str]], body: bytes | None) -> Answer:
    """Send from sync code and wait for the whole answer; a JavaScript error if the browser refuses."""
    if jspi.can_block():
        response = jspi.wait(fetch(method, url, headers, body))
        content = jspi.wait(response.arrayBuffer()).to_bytes()
        return Answer(response.status, response.statusText, answer_headers(response), content, response.url)
    return _send_by_xhr(method, url, headers, body)


def _send_by_xhr(method: str, url: str, headers: list[tuple[str, str]], body: bytes | None) -> Answer:
    from js import XMLHttpRequest
    from pyodide.ffi import to_js

    xhr = XMLHttpRequest.new()
    xhr.open(method, url, False)
    xhr.responseType = "arraybuffer"  # a worker's synchronous request may set it
    for name, value in headers:
        xhr.setRequestHeader(name, value)  # forbidden ones are ignored, as fetch ignores them
    xhr.send(to_js(bytes(body)) if body else None)
    lines = (line.split(": ", 1) for line in xhr.getAllResponseHeaders().strip().split("\r\n") if ": " in line)
    pairs = [(name, value) for name, value in lines if name.lower() not in WIRE_HEADERS]
    content = xhr.response.to_bytes() if xhr.response is not None else b""
    return Answer(xhr.status, xhr.statusText, pairs, content, xhr.responseURL)
