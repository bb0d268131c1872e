"""A chat room: the open WebSocket connections, each with a name, and the
recent messages. Everything said is sent to everyone in the room."""

from collections import deque

from starlette.websockets import WebSocket

HISTORY = 20  # messages a newcomer sees


class Room:
    def __init__(self) -> None:
        self.members: dict[WebSocket, str] = {}
        self.history: deque[dict] = deque(maxlen=HISTORY)

    async def join(self, socket: WebSocket, name: str) -> None:
        for message in self.history:
            await socket.send_json(message)
        self.members[socket] = name
        await self.broadcast({"kind": "joined", "name": name})

    async def leave(self, socket: WebSocket) -> None:
        name = self.members.pop(socket, None)
        if name is not None:
            await self.broadcast({"kind": "left", "name": name})

    async def say(self, socket: WebSocket, text: str) -> None:
        message = {"kind": "said", "name": self.members[socket], "text": text}
        self.history.append(message)
        await self.broadcast(message)

    async def broadcast(self, message: dict) -> None:
        """Send ``message`` (with the current head count) to every member.

        A member whose connection fails is dropped rather than failing the
        sender: its own handler sees the disconnect and leaves the room.
        """
        message = {**message, "online": len(self.members)}
        for socket in list(self.members):
            try:
                await socket.send_json(message)
            except Exception:  # the peer went away mid-broadcast
                self.members.pop(socket, None)
