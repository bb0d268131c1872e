"""WebSocket differential tests: the same scenarios against real Uvicorn (a
browser WebSocket) and wasgi (App.websocket), compared event by event."""

import pytest

SCENARIOS = {
    "echo text": ("/ws/echo", {"send": ["hello", "again"], "expect": 2, "close": [1000, "done"]}),
    "echo binary": ("/ws/echo", {"send": [[0, 1, 2, 255]], "expect": 1, "close": [1000]}),
    "empty messages": ("/ws/echo", {"send": ["", []], "expect": 2, "close": [1000]}),
    "subprotocol negotiated": ("/ws/subprotocol", {"protocols": ["chat.v2", "chat.v1"], "close": [1000]}),
    "no subprotocol offered": ("/ws/subprotocol", {"close": [1000]}),
    "server close code and reason": ("/ws/close-code", {"expect": 1}),
    "client close code and reason": ("/ws/client-close", {"close": [4321, "see you"]}),
    "close without code": ("/ws/client-close", {"close": []}),
    "rejected before accept": ("/ws/reject", {}),
    "denied with an HTTP response": ("/ws/deny", {}),
    "app returns before accept": ("/ws/return-before-accept", {}),
    "app returns after accept": ("/ws/return-after-accept", {"expect": 1}),
    "subprotocol the page did not offer": ("/ws/wrong-subprotocol", {"protocols": ["a"]}),
    "subprotocols offered, none accepted": ("/ws/echo", {"protocols": ["a"]}),
}


@pytest.mark.parametrize("name", list(SCENARIOS), ids=list(SCENARIOS))
def test_same_events_as_uvicorn(diff_pages, name):
    uvicorn, wasgi = diff_pages
    path, options = SCENARIOS[name]
    expected = uvicorn.socket(path, options)
    assert wasgi.socket(path, options) == expected


def test_the_app_sees_the_same_client_close(diff_pages):
    uvicorn, wasgi = diff_pages
    seen = []
    for side in (uvicorn, wasgi):
        side.socket("/ws/client-close", {"close": [4321, "see you"]})
        side.page.wait_for_timeout(100)
        seen.append(side.steps([["/ws/client-close/seen", None]])[0]["body"])
    assert seen[0] == seen[1] == "[4321, \"see you\"]"
