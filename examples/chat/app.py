"""A chat room over WebSockets on Starlette, running in the browser.

    wasgi build examples/chat/app.py:app -o site

The page's script opens ``new WebSocket(...)`` to ``/ws`` and the server
relays every message to every open connection. Each browser tab runs its own
copy of the app, so the room holds the connections of one tab: the page can
open several chat panes to talk with itself (README.md says more).
"""

from pathlib import Path

from starlette.applications import Starlette
from starlette.routing import Mount, WebSocketRoute
from starlette.staticfiles import StaticFiles
from starlette.websockets import WebSocket, WebSocketDisconnect

from room import Room

STATIC = Path(__file__).parent / "static"
MAX_NAME = 30
MAX_TEXT = 1000

room = Room()


async def chat(socket: WebSocket) -> None:
    name = socket.query_params.get("name", "").strip()[:MAX_NAME]
    if not name:
        await socket.close(code=1008, reason="a name is required")
        return
    await socket.accept()
    await room.join(socket, name)
    try:
        while True:
            text = (await socket.receive_text()).strip()[:MAX_TEXT]
            if text:
                await room.say(socket, text)
    except WebSocketDisconnect:
        pass
    finally:
        await room.leave(socket)


app = Starlette(
    routes=[
        WebSocketRoute("/ws", chat),
        # The page, its script and its stylesheet; "/" serves index.html.
        Mount("/", StaticFiles(directory=STATIC, html=True)),
    ]
)
