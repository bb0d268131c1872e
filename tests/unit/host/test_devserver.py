import urllib.request

from wasgi.devserver import serve_in_thread


def fetch(url, headers=None):
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers or {})) as r:
        return r.status, dict(r.headers), r.read()


def test_range_requests(tmp_path):
    (tmp_path / "data.bin").write_bytes(bytes(range(256)) * 4)
    server = serve_in_thread(tmp_path)
    try:
        status, headers, body = fetch(server.url + "data.bin", {"Range": "bytes=10-19"})
        assert status == 206 and body == bytes(range(10, 20))
        assert headers["Content-Range"] == "bytes 10-19/1024"
        status, headers, body = fetch(server.url + "data.bin", {"Range": "bytes=-4"})
        assert body == bytes([252, 253, 254, 255])
        status, headers, body = fetch(server.url + "data.bin")
        assert status == 200 and len(body) == 1024 and headers["Accept-Ranges"] == "bytes"
    finally:
        server.shutdown()


def test_missing_paths_get_the_404_html_github_pages_would_serve(tmp_path):
    # A project site's own (the served folder has none), never a folder's below it.
    (tmp_path / "repo" / "demo").mkdir(parents=True)
    (tmp_path / "repo" / "404.html").write_text("project 404")
    (tmp_path / "repo" / "demo" / "404.html").write_text("demo 404")
    server = serve_in_thread(tmp_path)
    try:
        for path in ("repo/deep/link", "repo/demo/deep/link"):
            try:
                urllib.request.urlopen(server.url + path)
            except urllib.error.HTTPError as error:
                assert error.code == 404 and error.read() == b"project 404", path
            else:
                raise AssertionError("expected a 404")
    finally:
        server.shutdown()
