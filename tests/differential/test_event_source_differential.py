"""EventSource from an app page, compared with the browser's own.

As in test_xhr_differential.py: the same cases run in a page served by real
Uvicorn (the browser's EventSource) and in the same app's page inside a wasgi
site's frame (web/frame_event_source.js's, answered by the App). The events, their data,
lastEventId and the readyState at each must agree, reconnections included."""

from __future__ import annotations

import pytest

# Runs in both pages. sseCase(spec) opens one EventSource and returns what a script saw,
# once the source is closed for good (or after spec.ms).
SSE_JS = """
(() => {
  window.sseCase = (spec) => new Promise((resolve) => {
    const log = [];
    let source;
    try { source = new EventSource(spec.url); } catch (e) { return resolve({ throws: e.name }); }
    const record = (e) => {
      log.push([e.type, source.readyState, e.data ?? null, e.lastEventId ?? null, e.origin === undefined ? null : e.origin === location.origin]);
      if (spec.closeOn === e.type) source.close();
    };
    for (const type of ["open", "message", "error", "named", "empty"]) source.addEventListener(type, record);
    let handlers = 0;
    source.onmessage = () => handlers++;
    let finished = false;
    const finish = () => {
      if (finished) return;
      finished = true;
      source.close();
      resolve({ log, handlers, readyState: source.readyState, url: source.url.replace(location.origin, ""),
                withCredentials: source.withCredentials, constants: [EventSource.CLOSED, source.OPEN],
                isEventSource: source instanceof EventSource });
    };
    source.addEventListener("error", () => source.readyState === EventSource.CLOSED && setTimeout(finish, 50));
    if (spec.closeOn) source.addEventListener(spec.closeOn, () => setTimeout(finish, 300));
    setTimeout(finish, spec.ms || 5000);
  });
})();
"""

CASES: dict[str, dict] = {
    "a stream, a reconnection with Last-Event-ID, then a 204 ends it": {"url": "sse"},
    "a 404 fails the connection": {"url": "status/404"},
    "a response that is not an event stream fails it": {"url": "text"},
    "close() in open stops it": {"url": "sse", "closeOn": "open"},
    "close() in the first message": {"url": "sse", "closeOn": "message"},
    "an invalid URL throws": {"url": "http://[bad"},
}


@pytest.fixture(scope="module")
def sse_sides(app_page_sides):
    for side in app_page_sides:
        side.evaluate(SSE_JS)
    return app_page_sides


def test_the_app_pages_event_source_is_the_runtimes(sse_sides):
    _, frame = sse_sides
    assert frame.evaluate("Object.getPrototypeOf(EventSource.prototype) !== EventTarget.prototype")


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_event_source_same_as_uvicorn(sse_sides, case):
    uvicorn, wasgi = sse_sides
    expected = uvicorn.evaluate("(spec) => window.sseCase(spec)", CASES[case])
    actual = wasgi.evaluate("(spec) => window.sseCase(spec)", CASES[case])
    assert actual == expected
