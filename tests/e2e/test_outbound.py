"""An app calling another service (httpx, requests) from the browser: through the
worker's fetch, to a local "API" on another origin that allows it (CORS), or not."""

import gzip
import http.server
import json
import threading
from urllib.parse import quote

import pytest
from booted import boot_page

OUTBOUND_APP = "tests/e2e/apps/outbound_site/app.py:app"
DATA = {"items": [1, 2, 3], "name": "wasgi"}


class Api(http.server.BaseHTTPRequestHandler):
    """JSON with CORS headers (and preflights answered); /nocors without them."""

    def log_message(self, *args) -> None:
        pass

    def cors(self) -> None:
        if not self.path.startswith("/nocors"):
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Headers", "*")

    def answer(self, body: bytes, *, status: int = 200, headers: dict | None = None) -> None:
        self.send_response(status)
        self.cors()
        for name, value in {"Content-Type": "application/json", **(headers or {})}.items():
            self.send_header(name, value)
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def do_OPTIONS(self) -> None:
        self.send_response(204)
        self.cors()
        self.send_header("Access-Control-Allow-Methods", "GET, POST")
        self.end_headers()

    def do_GET(self) -> None:
        if self.path == "/redirect":
            self.send_response(302)
            self.cors()
            self.send_header("Location", "/data")
            self.send_header("Content-Length", "0")
            self.end_headers()
        elif self.path == "/gzip":
            self.answer(gzip.compress(json.dumps(DATA).encode()), headers={"Content-Encoding": "gzip"})
        elif self.path == "/missing":
            self.answer(b'{"detail": "no such thing"}', status=404)
        elif self.path == "/big":
            self.answer(bytes(4 * 1024 * 1024), headers={"Content-Type": "application/octet-stream"})
        else:
            self.answer(json.dumps({**DATA, "asked_by": self.headers.get("x-asked-by")}).encode())

    def do_POST(self) -> None:
        body = self.rfile.read(int(self.headers["Content-Length"]))
        self.answer(json.dumps({"got": json.loads(body), "type": self.headers["Content-Type"]}).encode())


@pytest.fixture(scope="module")
def api():
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Api)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


@pytest.fixture(scope="module")
def outbound(browser, sites):
    booted = boot_page(browser, sites.url(OUTBOUND_APP, "outbound"))
    yield booted
    booted.page.context.close()


def call(page, path: str, url: str) -> dict:
    response = page.call(f"{path}?url={quote(url, safe='')}")
    assert response["status"] == 200, response["body"]
    return json.loads(response["body"])


def test_httpx_async_client_gets_posts_and_follows_redirects(outbound, api):
    got = call(outbound, "/async", f"{api}/data")
    assert got == {"status": 200, "json": {**DATA, "asked_by": "wasgi"}, "type": "application/json",
                   "url": f"{api}/data"}  # fmt: skip
    # The browser follows the redirect and decodes the gzip body: the app sees the result.
    assert call(outbound, "/async", f"{api}/redirect")["json"]["items"] == [1, 2, 3]
    assert call(outbound, "/async", f"{api}/gzip")["json"] == DATA
    assert call(outbound, "/post", f"{api}/echo") == {"got": {"n": 1, "text": "é"}, "type": "application/json"}


def test_httpx_streams_a_response_in_chunks(outbound, api):
    streamed = call(outbound, "/stream", f"{api}/big")
    assert streamed["bytes"] == 4 * 1024 * 1024 and streamed["chunks"] > 1


def test_a_service_that_does_not_allow_the_origin_is_a_connect_error_naming_cors(outbound, api):
    refused = call(outbound, "/refused", f"{api}/nocors")
    assert refused["error"] == "ConnectError"
    assert f"could not fetch {api}/nocors" in refused["message"] and "CORS" in refused["message"]


def test_httpx_client_and_requests_in_a_def_endpoint_and_in_async_code(outbound, api):
    expected = {**DATA, "asked_by": None}
    assert call(outbound, "/sync", f"{api}/data") == {"httpx": expected, "requests": expected}
    assert call(outbound, "/sync-in-async", f"{api}/gzip") == {"httpx": DATA}


@pytest.mark.parametrize("path", ["/urllib", "/urllib-async"])
def test_urllib_request_through_fetch_and_through_a_synchronous_xhr(outbound, api, path):
    assert call(outbound, path, f"{api}/data") == {"status": 200, "json": {**DATA, "asked_by": None},
                                                   "type": "application/json", "encoding": None}  # fmt: skip
    assert call(outbound, path, f"{api}/gzip")["json"] == DATA  # decoded by the browser, once
    assert call(outbound, path, f"{api}/missing") == {"status": 404, "reason": "Not Found"}  # urllib's HTTPError
    refused = call(outbound, path, f"{api}/nocors")
    assert f"could not fetch {api}/nocors" in refused["error"] and "CORS" in refused["error"]
