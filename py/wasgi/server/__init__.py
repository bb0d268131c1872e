"""The ASGI server that runs inside Pyodide (and, for tests, under CPython).

A request travels: ``bridge.Bridge`` (messages from the worker's JavaScript)
-> ``server.Server`` (one per app) -> ``http_cycle.RequestResponseCycle``
(one per request) -> the app, and back through a ``ResponseChannel``.
WebSockets take ``websocket_cycle.WebSocketCycle`` and a ``WebSocketChannel``.
"""

from .errors import AppLoadError, ClientDisconnected, LifespanFailure, ProtocolError
from .http_cycle import RequestResponseCycle, ResponseChannel
from .scope import RequestHead
from .server import Server
from .websocket_cycle import WebSocketChannel, WebSocketCycle

__all__ = [
    "AppLoadError",
    "ClientDisconnected",
    "LifespanFailure",
    "ProtocolError",
    "RequestHead",
    "RequestResponseCycle",
    "ResponseChannel",
    "Server",
    "WebSocketChannel",
    "WebSocketCycle",
]
