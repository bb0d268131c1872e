"""Build ASGI connection scopes from what the page sends.

The page sends the request target relative to the app's root (``/items?q=1``);
the scope's ``path`` and ``raw_path`` get ``root_path`` in front, as Uvicorn
does with ``--root-path``, so frameworks that strip ``root_path`` route it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from urllib.parse import unquote

# The spec versions of Uvicorn's scopes. Under HTTP "2.3" Starlette watches for
# the disconnect while it streams, so a stream the page drops is cancelled and
# its background task still runs, as behind Uvicorn (under "2.4" it skips both).
HTTP_ASGI = {"version": "3.0", "spec_version": "2.3"}
WEBSOCKET_ASGI = {"version": "3.0", "spec_version": "2.4"}
LIFESPAN_ASGI = {"version": "3.0", "spec_version": "2.0"}

Headers = list[tuple[bytes, bytes]]


@dataclass(slots=True)
class RequestHead:
    """Everything about a request except its body."""

    method: str
    target: str  # "/path?query", percent-encoded as the browser sends it
    headers: Headers = field(default_factory=list)
    scheme: str = "http"
    server: tuple[str, int] | None = None
    client: tuple[str, int] | None = ("127.0.0.1", 0)


def split_target(target: str, root_path: str) -> tuple[str, bytes, bytes]:
    """Return ``(path, raw_path, query_string)`` for a request target.

    ``path`` is percent-decoded UTF-8; ``raw_path`` and ``query_string`` are
    the bytes as sent. Both paths carry ``root_path`` in front.
    """
    raw, _, query = target.partition("?")
    raw, _, _fragment = raw.partition("#")
    if not raw.startswith("/"):
        raw = "/" + raw
    raw_bytes = raw.encode("latin-1", "replace")
    return root_path + unquote(raw), root_path.encode("utf-8") + raw_bytes, query.encode("latin-1", "replace")


def build_http_scope(head: RequestHead, *, root_path: str, state: dict) -> dict:
    """The ASGI ``http`` scope for one request; ``state`` is copied shallowly."""
    path, raw_path, query_string = split_target(head.target, root_path)
    return {
        "type": "http",
        "asgi": dict(HTTP_ASGI),
        "http_version": "1.1",
        "method": head.method.upper(),
        "scheme": head.scheme,
        "path": path,
        "raw_path": raw_path,
        "query_string": query_string,
        "root_path": root_path,
        "headers": head.headers,
        "client": head.client,
        "server": head.server,
        "state": dict(state),
    }


def offered_subprotocols(headers: Headers) -> list[str]:
    """The subprotocols the page offered, from every ``sec-websocket-protocol`` header, in order."""
    offered: list[str] = []
    for name, value in headers:
        if name == b"sec-websocket-protocol":
            offered.extend(token for token in (t.strip() for t in value.decode("latin-1").split(",")) if token)
    return offered


def build_websocket_scope(head: RequestHead, *, root_path: str, state: dict) -> dict:
    """The ASGI ``websocket`` scope for one handshake; ``state`` is copied shallowly.

    ``head.scheme`` is the page's ``http``/``https``; the scope says ``ws``/``wss``.
    """
    path, raw_path, query_string = split_target(head.target, root_path)
    return {
        "type": "websocket",
        "asgi": dict(WEBSOCKET_ASGI),
        "http_version": "1.1",
        "scheme": "wss" if head.scheme in ("https", "wss") else "ws",
        "path": path,
        "raw_path": raw_path,
        "query_string": query_string,
        "root_path": root_path,
        "headers": head.headers,
        "client": head.client,
        "server": head.server,
        "subprotocols": offered_subprotocols(head.headers),
        "state": dict(state),
        # Apps may answer the handshake with an HTTP response instead of accepting.
        "extensions": {"websocket.http.response": {}},
    }
