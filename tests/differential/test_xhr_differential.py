"""XMLHttpRequest from an app page, compared with the browser's own.

The same XHR cases run in a page served by real Uvicorn (the browser's
XMLHttpRequest over the network) and in the same app's page inside a wasgi
site's frame, where web/frame_xhr.js answers requests to the app's URLs through
the App. Everything a script can observe must agree: the events and the
readyState at each, status, headers, the response in every responseType,
upload events and the errors thrown."""

from __future__ import annotations

import re

import pytest

# Runs in both pages. xhrCase(spec) makes one request and returns what a script saw.
XHR_JS = """
(() => {
  const IGNORED = /^(date|server|transfer-encoding|connection|keep-alive):/;
  const TYPES = ["readystatechange", "loadstart", "progress", "load", "error", "abort", "timeout", "loadend"];
  const checksum = (bytes) => bytes.reduce((sum, b, i) => (sum * 31 + b + i) % 1000000007, 7);
  const bodies = {
    text: () => "name=wasgi&x=\\u00e9",
    urlencoded: () => new URLSearchParams({ a: "1", b: "two words" }),
    form: () => { const f = new FormData(); f.append("a", "1"); f.append("file", new Blob(["hello"], { type: "text/plain" }), "h.txt"); return f; },
    blob: () => new Blob(["blob body"], { type: "application/x-blob" }),
    bytes: () => Uint8Array.from({ length: 300 }, (_, i) => i % 256),
    big: () => new Uint8Array(3 * 1024 * 1024).fill(7),
  };
  async function summary(xhr, type) {
    const value = xhr.response;
    if (value === null) return null;
    if (type === "" || type === "text") return value.length > 2000 ? [value.length, value.slice(0, 50)] : value;
    if (type === "json") return JSON.stringify(value);
    if (type === "arraybuffer") return [value.byteLength, checksum(new Uint8Array(value))];
    if (type === "blob") return [value.size, value.type, await value.text()];
    if (type === "document") return [value.contentType, value.title, value.documentElement.nodeName];
  }
  const attempt = (f) => { try { const v = f(); return v === null || typeof v !== "object" ? v : String(v); } catch (e) { return "throws " + e.name; } };
  window.xhrCase = (spec) => new Promise((resolve) => {
    const xhr = spec.reuse || new XMLHttpRequest();
    const log = [];
    const seen = new Set();
    let replaced = false;
    const record = (where) => (e) => {
      // How often progress (and readystatechange at LOADING) fires depends on how bytes arrive, and
      // so does a last progress once DONE (for bytes not reported yet): keep the first.
      const repeatable = e.type === "progress" || (e.type === "readystatechange" && xhr.readyState === 3);
      const key = `${where}:${e.type}@${e.type === "progress" && xhr.readyState === 4 ? 3 : xhr.readyState}`;
      if (repeatable && seen.has(key)) return;
      seen.add(key);
      const entry = [key, xhr.status];
      if (e.type !== "readystatechange" && e.type !== "progress") entry.push(e.loaded, e.total, e.lengthComputable);
      log.push(entry);
      if (spec.abortOn === key) { xhr.abort(); log.push(["aborted", xhr.readyState, xhr.status]); }
      if (spec.watchText && e.type === "progress" && xhr.responseText.includes("\ufffd")) replaced = true;
    };
    const listeners = TYPES.map((type) => [type, record("xhr")]);
    for (const [type, f] of listeners) xhr.addEventListener(type, f);
    const uploadListeners = spec.upload ? TYPES.slice(1).map((type) => [type, record("upload")]) : [];
    for (const [type, f] of uploadListeners) xhr.upload.addEventListener(type, f);
    const finish = async () => {
      for (const [type, f] of listeners) xhr.removeEventListener(type, f);
      for (const [type, f] of uploadListeners) xhr.upload.removeEventListener(type, f);
      if (spec.abortAfter) xhr.abort();
      const type = xhr.responseType;
      const url = xhr.responseURL ? new URL(xhr.responseURL) : null;
      resolve({
        log,
        readyState: xhr.readyState,
        status: xhr.status,
        statusText: xhr.statusText,
        responseURL: url && url.pathname + url.search,
        headers: xhr.getAllResponseHeaders().split("\\r\\n").filter((line) => line && !IGNORED.test(line)),
        contentType: xhr.getResponseHeader("Content-Type"),
        duplicate: xhr.getResponseHeader("X-DUP"),
        setCookie: xhr.getResponseHeader("set-cookie"),
        response: await summary(xhr, type),
        responseText: attempt(() => xhr.responseText.slice(0, 200)),
        responseXML: attempt(() => xhr.responseXML && xhr.responseXML.documentElement.nodeName),
        setTypeNow: attempt(() => { xhr.responseType = "text"; return xhr.responseType; }),
        replacementCharacterWhileLoading: replaced,
      });
    };
    xhr.addEventListener("loadend", () => setTimeout(finish, 0));
    if (spec.abortOn && spec.abortOn.startsWith("xhr:readystatechange@1")) setTimeout(finish, 100);
    xhr.open(spec.method || "GET", spec.url);
    if (spec.responseType) xhr.responseType = spec.responseType;
    if (spec.mime) xhr.overrideMimeType(spec.mime);
    if (spec.timeout && !spec.timeoutAfterSend) xhr.timeout = spec.timeout;
    for (const [name, value] of spec.headers || []) xhr.setRequestHeader(name, value);
    xhr.send(spec.body ? bodies[spec.body]() : null);
    if (spec.timeoutAfterSend) xhr.timeout = spec.timeout;
    if (spec.abortAfterSend) { xhr.abort(); log.push(["aborted", xhr.readyState, xhr.status]); setTimeout(finish, 50); }
  });
  // Calls that must throw (or not) the same way; each step gets a fresh, opened request.
  window.xhrThrows = (steps) => steps.map((step) => {
    const xhr = new XMLHttpRequest();
    return attempt(() => { const value = new Function("xhr", step)(xhr); return value === undefined ? "ok " + xhr.readyState : value; });
  });
  window.xhrReused = async (urls) => {
    const xhr = new XMLHttpRequest();
    const results = [];
    for (const url of urls) results.push(await window.xhrCase({ url, reuse: xhr }));
    return results;
  };
})();
"""

CASES: dict[str, dict] = {
    # Responses, in each responseType
    "text": {"url": "text"},
    "utf-8 text": {"url": "unicode"},
    "responseType text": {"url": "unicode", "responseType": "text"},
    "json": {"url": "path/meta?x=1", "responseType": "json"},
    "json that does not parse is null": {"url": "text", "responseType": "json"},
    "arraybuffer, 1 MB": {"url": "large?mb=1", "responseType": "arraybuffer"},
    "blob": {"url": "unicode", "responseType": "blob"},
    "document from HTML": {"url": "__page", "responseType": "document"},
    "HTML gives no responseXML without responseType document": {"url": "__page"},
    "streamed chunks": {"url": "stream?n=50"},
    "a character split across chunks, read at each progress": {"url": "split", "watchText": True},
    "overrideMimeType's charset decodes the text": {"url": "unicode", "mime": "text/plain; charset=windows-1252"},
    "overrideMimeType sets the blob's type": {"url": "text", "responseType": "blob", "mime": "application/x-thing"},
    # Requests
    "request headers, a repeated one combined": {
        "url": "echo", "headers": [["X-One", "1"], ["x-two", "a"], ["X-Two", "b"], ["Content-Type", "text/x-test"]]},
    "a header the browser forbids is dropped": {"url": "echo", "headers": [["Content-Length", "999"], ["X-Kept", "1"]]},
    "GET drops its body": {"url": "echo", "body": "text"},
    "POST text": {"method": "POST", "url": "echo", "body": "text", "upload": True},
    "POST urlencoded": {"method": "POST", "url": "echo", "body": "urlencoded", "upload": True},
    "POST multipart": {"method": "POST", "url": "echo", "body": "form", "upload": True},
    "POST blob": {"method": "POST", "url": "echo", "body": "blob", "upload": True},
    "POST bytes": {"method": "POST", "url": "echo", "body": "bytes", "upload": True},
    "POST 3 MB with upload events": {"method": "POST", "url": "echo", "body": "big", "upload": True},
    "lowercase put is normalised": {"method": "put", "url": "echo", "body": "text"},
    "DELETE": {"method": "DELETE", "url": "echo"},
    "HEAD": {"method": "HEAD", "url": "headers/length"},
    # Statuses and headers
    "204": {"url": "status/204"},
    "404": {"url": "status/404"},
    "503": {"url": "status/503"},
    "duplicate response headers": {"url": "headers/dup"},
    "latin-1 header value": {"url": "headers/latin1"},
    "set-cookie is hidden": {"url": "cookie/set?name=xhr&value=1"},
    "the cookie is sent back": {"url": "cookie/echo"},
    # Redirects
    "301 is followed, responseURL is the last": {"url": "redirect/301?to=/echo%3Ffrom%3D301"},
    "302 after POST becomes GET": {"method": "POST", "url": "redirect/302", "body": "text"},
    "307 repeats the POST": {"method": "POST", "url": "redirect/307", "body": "text", "upload": True},
    "redirect chain": {"url": "chain/3"},
    # Failures
    "exception before start is a 500": {"url": "error/before"},
    "exception after start is a network error": {"url": "error/after"},
    # Abort and timeout
    "abort while loading": {"url": "ticker", "abortOn": "xhr:progress@3"},
    "abort in loadstart": {"url": "text", "abortOn": "xhr:loadstart@1"},
    "abort right after send": {"url": "text", "abortAfterSend": True},
    "abort after done resets to UNSENT": {"url": "text", "abortAfter": True},
    "abort with an upload": {"method": "POST", "url": "echo", "body": "text", "upload": True,
                             "abortOn": "xhr:loadstart@1"},
    "timeout before the response": {"url": "drip?before=1", "timeout": 200},
    "timeout while loading": {"url": "drip?after=1", "timeout": 300},
    "a timeout set after send counts from send": {"url": "drip?after=1", "timeout": 300, "timeoutAfterSend": True},
    "a late chunk ends the request": {"url": "drip?after=0.2"},
}

THROWS = [
    "xhr.open('GET', 'text'); xhr.setRequestHeader('bad name', 'x')",
    "xhr.open('GET', 'text'); xhr.setRequestHeader('X-Bad', 'a\\r\\nb')",
    "xhr.open('GET', 'text'); xhr.setRequestHeader('X-Trimmed', '  fine  ')",
    "xhr.open('GET', 'text'); xhr.send(); xhr.send()",
    "xhr.open('GET', 'text'); xhr.send(); xhr.setRequestHeader('X-Late', '1')",
    "xhr.open('BAD METHOD', 'text')",
    "xhr.open('TRACE', 'text')",
    "xhr.open('GET', 'http://[bad')",
    "xhr.open('GET', 'text'); xhr.responseType = 'json'; return xhr.responseText",
    "xhr.open('GET', 'text'); xhr.responseType = 'text'; return xhr.responseXML",
    "xhr.open('GET', 'text'); return [xhr.status, xhr.response, xhr.responseText, xhr.getAllResponseHeaders(), xhr.getResponseHeader('x')].join('|')",
    "xhr.setRequestHeader('X-Early', '1')",
    "xhr.send()",
]


def normalise(result: dict) -> dict:
    """Multipart boundaries are random: the echo's (and the body's hash) must not count."""
    for key in ("response", "responseText"):
        if isinstance(result[key], str) and "WebKitFormBoundary" in result[key]:
            result[key] = re.sub(r"WebKitFormBoundary\w+", "WebKitFormBoundary", result[key])
            result[key] = re.sub(r'"sha256": "\w+"', "", result[key])
    return result


@pytest.fixture(scope="module")
def xhr_sides(app_page_sides):
    for side in app_page_sides:
        side.evaluate(XHR_JS)
    return app_page_sides


def test_the_app_pages_xhr_is_the_runtimes_and_still_an_xhr(xhr_sides):
    _, frame = xhr_sides
    native = "Object.getPrototypeOf(XMLHttpRequest)"
    assert frame.evaluate(f"{native} !== XMLHttpRequestEventTarget && new XMLHttpRequest() instanceof {native}")
    assert frame.evaluate("XMLHttpRequest.DONE") == 4


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_xhr_same_as_uvicorn(xhr_sides, case):
    uvicorn, wasgi = xhr_sides
    expected = normalise(uvicorn.evaluate("(spec) => window.xhrCase(spec)", CASES[case]))
    actual = normalise(wasgi.evaluate("(spec) => window.xhrCase(spec)", CASES[case]))
    assert actual == expected


def test_xhr_errors_thrown_same_as_the_browser(xhr_sides):
    uvicorn, wasgi = xhr_sides
    expected = uvicorn.evaluate("(steps) => window.xhrThrows(steps)", THROWS)
    assert wasgi.evaluate("(steps) => window.xhrThrows(steps)", THROWS) == expected


def test_a_reused_xhr_same_as_uvicorn(xhr_sides):
    uvicorn, wasgi = xhr_sides
    urls = ["text", "status/404", "unicode"]
    expected = uvicorn.evaluate("(urls) => window.xhrReused(urls)", urls)
    assert wasgi.evaluate("(urls) => window.xhrReused(urls)", urls) == expected
