"""A synchronous client that sends requests through ``App.fetch`` in a booted page.

It reads like Starlette's ``TestClient`` (httpx's method names and keyword
arguments) but the app runs where visitors run it: in Pyodide, in a Web
Worker, behind the browser's ``Request`` and ``Response``. So the browser's
rules apply: request headers are normalised as ``fetch`` does, repeated
response headers are joined with ", ", and ``Set-Cookie`` is not visible
(the App keeps cookies in its own jar and sends them back).
"""

from __future__ import annotations

import base64
from collections.abc import Mapping
from urllib.parse import urlencode

from .body import encode_body
from .errors import RequestError, RequestTimeout
from .response import Headers, Response

# One request through App.fetch; bodies cross as base64 (evaluate() passes JSON only).
FETCH_JS = """
async ([url, init, body, ms]) => {
  const app = await window.wasgiReady;
  if (body !== null) init.body = Uint8Array.from(atob(body), (c) => c.charCodeAt(0));
  init.signal = AbortSignal.timeout(ms);
  try {
    const r = await app.fetch(url, init);
    const bytes = new Uint8Array(await r.arrayBuffer());
    let binary = "";
    // In slices: one String.fromCharCode call with a million arguments overflows the stack.
    for (let i = 0; i < bytes.length; i += 0x8000) binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
    return { ok: true, status: r.status, statusText: r.statusText, headers: [...r.headers], url: r.url,
             redirected: r.redirected, body: btoa(binary) };
  } catch (e) {
    return { ok: false, name: String(e?.name ?? "Error"), message: String(e?.message ?? e) };
  }
}
"""
# A fresh cookie jar: each test's client starts logged out, as a new TestClient would.
RESET_JS = "async () => (await window.wasgiReady).cookies?.clear()"


class WasgiClient:
    """Requests to the app in the page. ``page`` is the Playwright page, for anything else."""

    def __init__(self, page, *, base_url: str = "", timeout: float = 30.0, console: list[str] | None = None,
                 fresh_cookies: bool = True) -> None:  # fmt: skip
        self.page = page
        self.base_url = base_url
        self.timeout = timeout
        self._console = console if console is not None else []
        self._console_start = len(self._console)
        if fresh_cookies:
            page.evaluate(RESET_JS)

    def __repr__(self) -> str:
        return f"<WasgiClient {self.base_url}>"

    @property
    def console(self) -> list[str]:
        """The page's console lines ("log: text", "error: text") since this client was made:
        the app's ``print`` and ``logging`` output lands there."""
        return self._console[self._console_start :]

    def request(self, method: str, url: str, *, params=None, headers=None, json=None, data=None, files=None,
                content=None, follow_redirects: bool = True, timeout: float | None = None) -> Response:  # fmt: skip
        """Send one request. ``url`` is the app's path ("/items?x=1"), as in ``App.fetch``."""
        body, content_type = encode_body(json=json, data=data, files=files, content=content)
        pairs = _header_pairs(headers)
        if content_type and not any(name.lower() == "content-type" for name, _ in pairs):
            pairs.append(("content-type", content_type))
        init = {"method": method.upper(), "headers": pairs, "redirect": "follow" if follow_redirects else "manual"}
        limit = self.timeout if timeout is None else timeout
        result = self.page.evaluate(FETCH_JS, [_with_params(url, params), init,
                                               None if body is None else base64.b64encode(body).decode(),
                                               int(limit * 1000)])  # fmt: skip
        if not result["ok"]:
            if result["name"] in ("TimeoutError", "AbortError"):
                raise RequestTimeout(f"{method.upper()} {url}: the app did not answer within {limit:g} s")
            raise RequestError(f"{method.upper()} {url}: {result['name']}: {result['message']}")
        return Response(result["status"], result["statusText"], Headers([tuple(h) for h in result["headers"]]),
                        base64.b64decode(result["body"]), result["url"], result["redirected"])  # fmt: skip

    def get(self, url: str, **kwargs) -> Response:
        return self.request("GET", url, **kwargs)

    def head(self, url: str, **kwargs) -> Response:
        return self.request("HEAD", url, **kwargs)

    def options(self, url: str, **kwargs) -> Response:
        return self.request("OPTIONS", url, **kwargs)

    def post(self, url: str, **kwargs) -> Response:
        return self.request("POST", url, **kwargs)

    def put(self, url: str, **kwargs) -> Response:
        return self.request("PUT", url, **kwargs)

    def patch(self, url: str, **kwargs) -> Response:
        return self.request("PATCH", url, **kwargs)

    def delete(self, url: str, **kwargs) -> Response:
        return self.request("DELETE", url, **kwargs)


def _header_pairs(headers) -> list[tuple[str, str]]:
    if headers is None:
        return []
    items = headers.items() if isinstance(headers, Mapping) else headers
    return [(str(name), str(value)) for name, value in items]


def _with_params(url: str, params) -> str:
    """``url`` with ``params`` (a mapping, pairs or a query string) added to its query."""
    if not params:
        return url
    query = params if isinstance(params, str) else urlencode(
        list(params.items()) if isinstance(params, Mapping) else list(params), doseq=True)  # fmt: skip
    path, hash_mark, fragment = url.partition("#")
    return f"{path}{'&' if '?' in path else '?'}{query}{hash_mark}{fragment}"
