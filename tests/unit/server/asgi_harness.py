"""Drive the server the way the page does, and record what it sends back."""

from __future__ import annotations

import asyncio
from dataclasses import dataclass, field

from wasgi.server import RequestHead, Server


@dataclass
class Recorded:
    """What the page would have received for one request."""

    status: int | None = None
    headers: list[tuple[bytes, bytes]] = field(default_factory=list)
    chunks: list[bytes] = field(default_factory=list)
    complete: bool = False
    failed: str | None = None
    pulls: int = 0
    done: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def body(self) -> bytes:
        return b"".join(self.chunks)

    def header(self, name: bytes) -> bytes | None:
        return next((v for k, v in self.headers if k == name), None)


class RecordingChannel:
    """A ``ResponseChannel`` that records, and can feed the body on ``pull``."""

    def __init__(self, body_chunks: list[bytes] | None = None) -> None:
        self.out = Recorded()
        self.pending_body = list(body_chunks or [])
        self.cycle = None

    def start(self, status, headers):
        assert self.out.status is None, "start delivered twice"
        self.out.status, self.out.headers = status, headers

    def body(self, chunk, more):
        assert self.out.status is not None, "body before start"
        assert not self.out.complete, "body after completion"
        self.out.chunks.append(chunk)
        if not more:
            self.out.complete = True
            self.out.done.set()

    def fail(self, reason):
        self.out.failed = reason
        self.out.done.set()

    def pull(self):
        self.out.pulls += 1
        chunk = self.pending_body.pop(0)
        more = bool(self.pending_body)
        # Answered later, as the page does (the cycle may still be starting).
        asyncio.get_running_loop().call_soon(lambda: self.cycle.feed_body(chunk, more))


async def request(server: Server, method: str = "GET", target: str = "/", headers=(), body_chunks=None):
    """Send one request and wait until the response completes or fails."""
    chunks = list(body_chunks or [])
    first = chunks.pop(0) if chunks else b""
    channel = RecordingChannel(chunks)
    channel.cycle = server.handle_http(
        RequestHead(method, target, list(headers), "http", ("localhost", 80)), channel, first, bool(chunks)
    )
    await channel.out.done.wait()
    return channel.out
