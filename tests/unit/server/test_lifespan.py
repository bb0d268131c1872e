import pytest

from asgi_harness import request
from wasgi.server import LifespanFailure, Server
from wasgi.server.lifespan import LifespanState


def lifespan_app(on_startup=None, on_shutdown=None, events=None):
    async def app(scope, receive, send):
        if scope["type"] == "lifespan":
            while True:
                message = await receive()
                if message["type"] == "lifespan.startup":
                    try:
                        if on_startup:
                            on_startup(scope["state"])
                    except Exception as exc:
                        await send({"type": "lifespan.startup.failed", "message": str(exc)})
                        return
                    await send({"type": "lifespan.startup.complete"})
                elif message["type"] == "lifespan.shutdown":
                    if on_shutdown:
                        on_shutdown()
                    await send({"type": "lifespan.shutdown.complete"})
                    return
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": repr(sorted(scope["state"].items())).encode()})

    return app


async def test_startup_state_reaches_requests_as_a_copy():
    server = Server(lifespan_app(on_startup=lambda state: state.update(db="ready")))
    await server.startup()
    out = await request(server)
    assert out.body == b"[('db', 'ready')]"
    assert server.lifespan.state == {"db": "ready"}


async def test_startup_failed_raises_with_the_apps_message():
    def fail(state):
        raise RuntimeError("database is missing")

    server = Server(lifespan_app(on_startup=fail))
    with pytest.raises(LifespanFailure, match="database is missing"):
        await server.startup()


async def test_app_without_lifespan_runs_anyway():
    async def app(scope, receive, send):
        assert scope["type"] == "http"
        await send({"type": "http.response.start", "status": 200})
        await send({"type": "http.response.body", "body": b"ok"})

    server = Server(app)
    await server.startup()
    assert server.lifespan.phase is LifespanState.UNSUPPORTED
    assert (await request(server)).body == b"ok"
    await server.shutdown()  # nothing to do, no error


async def test_shutdown_runs():
    calls = []
    server = Server(lifespan_app(on_shutdown=lambda: calls.append("down")))
    await server.startup()
    await server.shutdown()
    assert calls == ["down"]
    assert server.lifespan.phase is LifespanState.STOPPED


async def test_shutdown_failed_raises():
    async def app(scope, receive, send):
        await receive()
        await send({"type": "lifespan.startup.complete"})
        await receive()
        await send({"type": "lifespan.shutdown.failed", "message": "could not flush"})

    server = Server(app)
    await server.startup()
    with pytest.raises(LifespanFailure, match="could not flush"):
        await server.shutdown()
