from wasgi.server.scope import RequestHead, build_http_scope, split_target


def test_scope_has_every_asgi_field():
    head = RequestHead("get", "/a%20b/c?x=1&y=%20", [(b"host", b"example.test")], "https", ("example.test", 443))
    scope = build_http_scope(head, root_path="", state={"k": 1})
    assert scope["type"] == "http"
    assert scope["asgi"] == {"version": "3.0", "spec_version": "2.3"}  # as Uvicorn's HTTP scopes
    assert scope["http_version"] == "1.1"
    assert scope["method"] == "GET"
    assert scope["scheme"] == "https"
    assert scope["path"] == "/a b/c"
    assert scope["raw_path"] == b"/a%20b/c"
    assert scope["query_string"] == b"x=1&y=%20"
    assert scope["root_path"] == ""
    assert scope["headers"] == [(b"host", b"example.test")]
    assert scope["client"] == ("127.0.0.1", 0)
    assert scope["server"] == ("example.test", 443)
    assert scope["state"] == {"k": 1}


def test_path_is_percent_decoded_utf8():
    path, raw, query = split_target("/caf%C3%A9/%E2%9C%93", "")
    assert path == "/café/✓"
    assert raw == b"/caf%C3%A9/%E2%9C%93"
    assert query == b""


def test_root_path_prefixes_path_like_uvicorn():
    path, raw, _ = split_target("/items", "/repo")
    assert path == "/repo/items"
    assert raw == b"/repo/items"


def test_state_is_a_shallow_copy():
    state = {"items": []}
    scope = build_http_scope(RequestHead("GET", "/"), root_path="", state=state)
    scope["state"]["new"] = 1
    scope["state"]["items"].append(1)
    assert "new" not in state
    assert state["items"] == [1]


def test_fragment_is_dropped_and_missing_slash_added():
    assert split_target("x#frag", "") == ("/x", b"/x", b"")
