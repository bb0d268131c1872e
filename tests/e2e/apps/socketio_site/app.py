"""A python-socketio ASGI server, unchanged: events with acknowledgements and
rooms, over Engine.IO's long polling and over its WebSocket transport."""

import socketio

sio = socketio.AsyncServer(async_mode="asgi")
app = socketio.ASGIApp(sio)


@sio.event
async def connect(sid, environ, auth):
    await sio.enter_room(sid, "lobby")


@sio.on("ping")
async def ping(sid, data):
    await sio.emit("pong", {"got": data}, room="lobby")
    return "ack " + str(data)
