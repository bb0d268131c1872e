"""The benchmark's tiny app: a small JSON endpoint, a long stream, an upload
sink, pages for the Uvicorn side, and pages that measure, with no DevTools
attached, the browser's fetch to this app (under Uvicorn) and an app page's own
requests (under wasgi). Bare ASGI, so the numbers are the
server's and the bridge's, not a framework's."""

import json
from pathlib import Path

PAGE = b"<!doctype html><title>bench</title><p>bench page</p>"
# The browser's fetch to this app, measured in a page with no DevTools attached (bench/run.py, plain_visits).
LATENCY_PAGE = b"""<!doctype html><title>latency</title><script type="module">
  const measure = (0, eval)(await (await fetch("latency.js")).text());
  window.call = () => fetch("json");
  const params = new URLSearchParams(location.search);
  const result = await measure([Number(params.get("n")), 100, Number(params.get("total"))]);
  await (await import("./visits.mjs")).reportAndVisitAgain(result);
</script>"""
# An app page's own requests (fetch, XMLHttpRequest, and the browser's XMLHttpRequest through
# the service worker), measured with no DevTools attached.
XHR_PAGE = b"""<!doctype html><title>app page latency</title><p>bench page</p><script type="module">
  const measure = (0, eval)(await (await fetch("page_latency.js")).text());
  const n = Number(new URLSearchParams(location.search).get("n"));
  const measures = {};
  for (const kind of ["fetch", "xhr", "sw"]) {
    const { p50, p99 } = await measure([n, kind]);
    Object.assign(measures, { [`${kind}_p50`]: p50, [`${kind}_p99`]: p99 });
  }
  await (await import("./visits.mjs")).reportAndVisitAgain(measures);
</script>"""
SCRIPTS = {
    name: (Path(__file__).with_name(name).read_bytes(), b"text/javascript")
    for name in ("latency.js", "page_latency.js", "visits.mjs")
}
# The pages that time the browser's fetch to this app under Uvicorn are cross-origin
# isolated, as App.fetch's page is (bench/run.py, timing_server): there
# performance.now() counts in 5 us steps rather than 100 us.
ISOLATED = ((b"cross-origin-opener-policy", b"same-origin"), (b"cross-origin-embedder-policy", b"require-corp"))
SMALL = json.dumps({"hello": "world", "n": 1}).encode()
CHUNK = bytes(1024 * 1024)


def wasm_memory() -> int:
    """Bytes of WebAssembly memory in the worker (0 outside Pyodide)."""
    try:
        import pyodide_js

        return pyodide_js._module.HEAP8.length
    except ImportError:
        return 0


async def app(scope, receive, send):
    if scope["type"] != "http":
        if scope["type"] == "lifespan":
            while (message := await receive())["type"] != "lifespan.shutdown":
                await send({"type": "lifespan.startup.complete"})
            await send({"type": "lifespan.shutdown.complete"})
        return
    path = scope["path"]
    if path.endswith("/json"):
        return await _respond(send, SMALL, b"application/json")
    if path.endswith("/page"):
        return await _respond(send, PAGE, b"text/html")
    if path.endswith("/xhr-page"):
        return await _respond(send, XHR_PAGE, b"text/html")
    if path.endswith("/latency-page"):
        return await _respond(send, LATENCY_PAGE, b"text/html", ISOLATED)
    if path.endswith("/timing-page"):
        return await _respond(send, PAGE, b"text/html", ISOLATED)
    if (name := path.rpartition("/")[2]) in SCRIPTS:
        return await _respond(send, *SCRIPTS[name])
    if path.endswith("/memory"):
        return await _respond(send, json.dumps({"wasm": wasm_memory()}).encode(), b"application/json")
    if path.endswith("/stream"):
        megabytes = int(scope["query_string"].decode().partition("=")[2] or 256)
        await send({"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"application/octet-stream")]})
        for _ in range(megabytes):
            await send({"type": "http.response.body", "body": CHUNK, "more_body": True})
        return await send({"type": "http.response.body", "body": b""})
    if path.endswith("/upload"):
        total = 0
        while True:
            message = await receive()
            total += len(message.get("body", b""))
            if not message.get("more_body"):
                break
        return await _respond(send, json.dumps({"received": total, "wasm": wasm_memory()}).encode(), b"application/json")
    await _respond(send, b"hello", b"text/plain")


async def _respond(send, body: bytes, content_type: bytes, extra: tuple = ()) -> None:
    await send({"type": "http.response.start", "status": 200,
                "headers": [(b"content-type", content_type), (b"content-length", str(len(body)).encode()), *extra]})
    await send({"type": "http.response.body", "body": body})
