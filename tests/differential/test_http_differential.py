"""Differential tests: every case runs against real Uvicorn and against wasgi
in the same Chromium, and the results must agree: status, reason, headers
(but date, server, transfer-encoding, connection), body bytes, whether and
how the request failed, redirect outcome."""

from __future__ import annotations

import pytest

POST = "POST"
CASES: dict[str, list] = {
    # Basics and the scope
    "get text": [["/text", None]],
    "unicode body": [["/unicode", None]],
    "path percent-decoding": [["/path/caf%C3%A9%20x/y", None]],
    "encoded slash stays in raw_path": [["/path/a%2Fb", None]],
    "raw query string": [["/path/q?a=1&b=%20x&c&d=%C3%A9", None]],
    "scope versions and scheme": [["/path/meta", None]],
    "no route gives the app's 404": [["/nope", None]],
    # Request side
    "request header echo": [["/echo", {"headers": {"x-one": "1", "x-Two": "Zwei", "content-type": "text/x-test"}}]],
    "headers a browser adds": [["/echo", None]],
    "post text body": [["/echo", {"method": POST, "body": "name=wasgi&x=1",
                                  "headers": {"content-type": "application/x-www-form-urlencoded"}}]],
    "post json body": [["/echo", {"method": POST, "body": '{"a": [1, 2]}', "headers": {"content-type": "application/json"}}]],
    "post binary body": [["/echo", {"method": POST, "binary": 256}]],
    "post 5 MB body": [["/echo", {"method": POST, "binary": 5 * 1024 * 1024}]],
    "post empty body": [["/echo", {"method": POST, "body": ""}]],
    "put": [["/echo", {"method": "PUT", "body": "x"}]],
    "patch": [["/echo", {"method": "PATCH", "body": "y"}]],
    "delete": [["/echo", {"method": "DELETE"}]],
    "options": [["/echo", {"method": "OPTIONS"}]],
    "head keeps headers, drops body": [["/headers/length", {"method": "HEAD"}]],
    "head of a gzip-encoded body": [["/encoded/gzip", {"method": "HEAD"}]],
    # Response headers and bodies
    "duplicate response headers": [["/headers/dup", None]],
    "latin-1 header value": [["/headers/latin1", None]],
    "content-length kept": [["/headers/length", None]],
    "streamed chunks": [["/stream?n=20", None]],
    "many small chunks": [["/stream?n=1000", None]],
    "large chunks": [["/stream?n=8&size=20000", None]],
    "10 MB response": [["/large?mb=10", None]],
    "gzip-encoded body is decoded": [["/encoded/gzip", None]],
    "deflate-encoded body is decoded": [["/encoded/deflate", None]],
    # Statuses
    "201": [["/status/201", None]],
    "204 without body": [["/status/204", None]],
    "304 without body": [["/status/304", None]],
    "404": [["/status/404", None]],
    "418": [["/status/418", None]],
    "503": [["/status/503", None]],
    # App errors
    "exception before start is a 500": [["/error/before", None], ["/text", None]],
    "no response is a 500": [["/error/noresponse", None], ["/text", None]],
    "exception after start errors the body": [["/error/after", None], ["/text", None]],
    "body before start is a 500": [["/error/body-before-start", None]],
    "CR/LF in a header value drops the request": [["/error/crlf", None], ["/text", None]],
    "invalid header name drops the request": [["/error/badname", None]],
    "body longer than content-length": [["/error/long", None]],
    "body shorter than content-length": [["/error/short", None]],
    # Redirects
    "301 is followed": [["/redirect/301?to=/echo%3Ffrom%3D301", None]],
    "302 after POST becomes GET": [["/redirect/302", {"method": POST, "body": "data"}]],
    "303 after POST becomes GET": [["/redirect/303", {"method": POST, "body": "data"}]],
    "307 repeats the POST and body": [["/redirect/307", {"method": POST, "body": "kept",
                                                         "headers": {"content-type": "text/plain"}}]],
    "308 repeats the PUT": [["/redirect/308", {"method": "PUT", "body": "kept"}]],
    "redirect chain": [["/chain/4", None]],
    "relative redirect": [["/redirect/302?to=../text", None]],
    "redirect error mode": [["/redirect/302", {"redirect": "error"}]],
    # Cookies
    "cookie set then sent": [["/cookie/set?name=session&value=abc", None], ["/cookie/echo", None]],
    "two cookies in one response": [["/cookie/set-two", None], ["/cookie/echo", None]],
    "cookie deleted by max-age=0": [["/cookie/set?name=gone&value=1&attrs=;%20Path=/", None],
                                    ["/cookie/set?name=gone&value=&attrs=;%20Max-Age=0;%20Path=/", None],
                                    ["/cookie/echo", None]],
    "cookie path scoping": [["/cookie/set?name=scoped&value=1&attrs=;%20Path=/cookie/echo/deep", None],
                            ["/cookie/echo", None], ["/cookie/echo/deep/x", None]],
    "cookie with credentials omit": [["/cookie/set?name=omit&value=1&attrs=;%20Path=/", None],
                                     ["/cookie/echo", {"credentials": "omit"}]],
    # Lifespan and disconnects
    "lifespan state is a shallow copy": [["/state", None], ["/state", None]],
    "receive after the response is http.disconnect": [["/after-response", None], ["/after-response/seen", None]],
}

# Set-Cookie from a fetch is hidden from JS; cookies persist across cases, so
# each cookie case uses its own names (the echo shows every cookie though).
COOKIE_CASES = {name for name in CASES if name.startswith("cookie")}


def normalise(results: list[dict], case: str) -> list[dict]:
    out = []
    for result in results:
        result = dict(result)
        if case in COOKIE_CASES and result.get("body") and "=" in result.get("body", ""):
            # Keep only this case's cookies: other cases' cookies are in the same jar.
            names = {"session", "a", "b", "gone", "scoped", "omit"}
            kept = [p for p in result["body"].split("; ") if p.split("=")[0] in names]
            result["body"] = "; ".join(sorted(kept))
        out.append(result)
    return out


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_same_as_uvicorn(diff_pages, case):
    uvicorn, wasgi = diff_pages
    steps = CASES[case]
    expected = normalise(uvicorn.steps(steps), case)
    actual = normalise(wasgi.steps(steps), case)
    assert actual == expected


ABORT_TICKER = """async (fetcher) => {
  const controller = new AbortController();
  const r = await fetcher('/ticker', {signal: controller.signal});
  const reader = r.body.getReader();
  for (let i = 0; i < 3; i++) await reader.read();
  controller.abort();
  const outcome = await reader.read().then(() => 'read', (e) => e.name);
  const wait = () => new Promise((done) => setTimeout(done, 300));
  await wait();
  const a = await (await fetcher('/ticker/count')).text();
  await wait();
  const b = await (await fetcher('/ticker/count')).text();
  return {outcome, stopped: a === b};
}"""


def test_abort_mid_stream_stops_a_starlette_stream_on_both(diff_pages):
    uvicorn, wasgi = diff_pages
    expected = uvicorn.script(ABORT_TICKER)
    assert expected == {"outcome": "AbortError", "stopped": True}
    assert wasgi.script(ABORT_TICKER) == expected


# Every way to read a body, and what the Response says after: an answer that came
# whole is read from the bytes in hand (web/app_response.mjs), and must be read as
# a fetched one is: text decoding (a byte order mark, invalid UTF-8), JSON errors,
# bodyUsed, a second read, clone(), a body stream taken or locked first.
READ_BODIES = """async (fetcher) => {
  const hex = (text) => Array.from(new TextEncoder().encode(text), (b) => b.toString(16).padStart(2, "0")).join("");
  const bodies = { bom: "efbbbf68c3a9", invalid: "68ff80e282", json: hex('{"a": [1, "\u00e9"]}'),
                   "bad json": hex('{"a":'), empty: "" };
  const shown = (how, v) => how === "arrayBuffer" ? [v.constructor.name, ...new Uint8Array(v)]
    : how === "bytes" ? [v.constructor.name, ...v] : how === "blob" ? [v.type, v.size] : v;
  const out = {};
  for (const [name, bytes] of Object.entries(bodies)) {
    for (const how of ["arrayBuffer", "bytes", "text", "json", "blob", "formData"]) {
      const r = await fetcher("/raw?type=application/json&hex=" + bytes);
      const value = await r[how]().then((v) => shown(how, v), (e) => "error " + e.name);
      const again = await r.text().then(() => "read again", (e) => e.name);
      let clone = "cloned";
      try { r.clone(); } catch (e) { clone = e.name; }
      out[`${name} ${how}`] = { value, used: r.bodyUsed, locked: r.body.locked, again, clone };
    }
  }
  let r = await fetcher("/text");
  const reader = r.body.getReader();
  out["locked, then text"] = await r.text().then(() => "read", (e) => e.name);
  out["read a chunk, then text"] = [(await reader.read()).value.length, r.bodyUsed];
  r = await fetcher("/text");
  const copy = r.clone();
  out["clone, then both"] = [await r.text(), await copy.json().catch((e) => e.name), r.bodyUsed, copy.bodyUsed];
  r = await fetcher("/text");
  out["stream"] = [r.bodyUsed, new TextDecoder().decode((await r.body.getReader().read()).value), r.bodyUsed];
  // (A fetched 204 or 304 has an empty body too; a page-made one cannot, so wasgi's is null.)
  r = await fetcher("/headers/length", { method: "HEAD" });
  out["HEAD"] = [r.body === null, await r.text(), r.bodyUsed];
  return out;
}"""


def test_reading_a_body_every_way_is_the_same_as_a_fetched_one(diff_pages):
    uvicorn, wasgi = diff_pages
    expected = uvicorn.script(READ_BODIES)
    assert expected["bom json"]["value"] == "error SyntaxError"  # the harness ran: JSON.parse saw "h\u00e9"
    assert expected["json arrayBuffer"]["used"] is True
    assert wasgi.script(READ_BODIES) == expected


def test_there_are_at_least_40_cases():
    assert len(CASES) + 1 >= 40
