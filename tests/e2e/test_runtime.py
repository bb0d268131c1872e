"""The runtime end to end: a built site booted in Chromium, driven through App.fetch."""

import json
import subprocess
import sys

from booted import boot_page


def test_get(runtime_page):
    r = runtime_page.call("/echo?x=1&y=two")
    assert r["status"] == 200
    assert r["statusText"] == "OK"
    body = json.loads(r["body"])
    assert body["method"] == "GET"
    assert body["path"] == "/echo"
    assert body["query"] == "x=1&y=two"
    assert body["headers"]["host"] == runtime_page.url.split("/")[2]
    assert r["headers"]["content-type"] == "application/json"
    assert r["url"].endswith("/echo?x=1&y=two")


def test_post_with_a_body(runtime_page):
    r = runtime_page.call("/echo", {"method": "POST", "body": "name=wasgi&x=1",
                                    "headers": {"content-type": "application/x-www-form-urlencoded"}})
    body = json.loads(r["body"])
    assert body["method"] == "POST"
    assert body["body"] == "name=wasgi&x=1"
    assert body["headers"]["content-type"] == "application/x-www-form-urlencoded"
    assert body["headers"]["content-length"] == "14"


def test_large_post_arrives_whole(runtime_page):
    result = runtime_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const data = new Uint8Array(3 * 1024 * 1024 + 5).map((_, i) => 65 + (i % 26));
        const r = await app.fetch('/echo', {method: 'POST', body: data});
        return JSON.parse(await r.text()).length;
    }""")
    assert result == 3 * 1024 * 1024 + 5


def test_streamed_response_is_read_chunk_by_chunk(runtime_page):
    chunks = runtime_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const r = await app.fetch('/stream?n=4');
        const reader = r.body.getReader();
        const seen = [];
        const decoder = new TextDecoder();
        for (;;) {
            const {done, value} = await reader.read();
            if (done) break;
            seen.push({text: decoder.decode(value), at: performance.now()});
        }
        return seen;
    }""")
    texts = [c["text"] for c in chunks if c["text"]]
    assert texts == [f"chunk {i}\n" for i in range(4)]
    # The chunks arrive as the app sends them (50 ms apart), not all at the end.
    nonempty = [c["at"] for c in chunks if c["text"]]
    assert nonempty[-1] - nonempty[0] > 100


def test_lifespan_state_is_visible_to_requests(runtime_page):
    first = json.loads(runtime_page.call("/state")["body"])
    second = json.loads(runtime_page.call("/state")["body"])
    assert first["started_by"] == "lifespan"
    # The state is a shallow copy: the list inside is shared across requests.
    assert second["count"] == first["count"] + 1


def test_exception_gives_500_and_next_request_works(runtime_page):
    before = len(runtime_page.console)
    r = runtime_page.call("/boom")
    assert r["status"] == 500
    assert r["body"] == "Internal Server Error"
    assert r["headers"]["content-type"] == "text/plain; charset=utf-8"
    assert runtime_page.call("/echo")["status"] == 200
    logged = "\n".join(runtime_page.console[before:])
    assert "Exception in ASGI application" in logged
    assert "RuntimeError: boom from the app" in logged


def test_each_log_record_reaches_the_console_once(runtime_page):
    before = len(runtime_page.console)
    assert runtime_page.call("/log")["body"] == "logged"
    runtime_page.page.wait_for_timeout(200)
    logged = runtime_page.console[before:]
    # Through its own StreamHandler (stderr) only, not a second time through the root.
    assert sum("own handler line" in line for line in logged) == 1, logged
    assert [line for line in logged if "plain info line" in line] == ["info: runtime.plain: plain info line"]


def test_exception_after_start_errors_the_body_stream(runtime_page):
    result = runtime_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const r = await app.fetch('/boom-midway');
        try { await r.text(); return 'completed'; } catch (e) { return `${r.status} ${e.name}: ${e.message}`; }
    }""")
    # Chromium reports an errored body as it does a dropped connection: a TypeError.
    assert result.startswith("200 TypeError")
    assert runtime_page.call("/echo")["status"] == 200


def test_abort_before_the_response(runtime_page):
    # The signal may come in init, or with a Request (also when init names no signal of its own).
    result = runtime_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const results = [];
        for (const how of ['init', 'request', 'request, init without signal']) {
            const controller = new AbortController();
            const request = new Request(new URL('stream?n=50', app.siteURL), {signal: controller.signal});
            const pending = how === 'init' ? app.fetch('/stream?n=50', {signal: controller.signal})
                : how === 'request' ? app.fetch(request) : app.fetch(request, {signal: undefined, method: 'GET'});
            controller.abort();
            try { await pending; results.push('resolved'); } catch (e) { results.push(e.name); }
        }
        return results;
    }""")
    assert result == ["AbortError"] * 3


def test_redirect_is_followed(runtime_page):
    r = runtime_page.call("/redirect", {"method": "POST", "body": "x"})
    assert r["status"] == 200 and r["redirected"] is True
    body = json.loads(r["body"])
    assert body["method"] == "GET" and body["query"] == "from=redirect"


def test_url_outside_the_site_is_refused(runtime_page):
    result = runtime_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        try { await app.fetch('http://example.invalid/x'); return 'fetched'; } catch (e) { return e.name; }
    }""")
    assert result == "OutsideAppError"


def test_failing_startup_rejects_wasgi_ready_and_shows_the_message(browser, sites):
    url = sites.url("tests/e2e/apps/failing_startup/app.py:app", "failing")
    page = browser.new_context().new_page()
    page.goto(url)
    page.wait_for_function("window.wasgiReady !== undefined")
    error = page.evaluate("window.wasgiReady.then(() => null, (e) => ({name: e.name, kind: e.kind, message: e.message}))")
    assert error["name"] == "StartupError" and error["kind"] == "startup"
    assert "database unreachable: check DATABASE_URL" in error["message"]
    page.wait_for_selector("#wasgi-error:not([hidden])")
    shown = page.inner_text("#wasgi-error")
    assert "The app failed to start" in shown
    assert "database unreachable" in shown
    assert "Traceback" in shown
    page.context.close()


def test_bad_app_spec_fails_the_build_with_status_2(tmp_path):
    proc = subprocess.run(
        [sys.executable, "-m", "wasgi", "build", "examples/hello/app.py:aplication", "-o", str(tmp_path / "site")],
        capture_output=True, text=True,
    )
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "no top-level name 'aplication'" in lines[0] and "did you mean 'app'" in lines[0]


def test_hello_example_answers_its_root(browser, sites):
    booted = boot_page(browser, sites.url("examples/hello/app.py:app", "hello"))
    r = booted.call("/")
    assert r["status"] == 200 and "Hello from Python in your browser" in r["body"]
    assert json.loads(booted.call("/api/hello?name=you")["body"]) == {"hello": "you"}
    booted.page.wait_for_selector("#wasgi-frame:not([hidden])")
    frame_text = booted.page.frame_locator("#wasgi-frame").locator("h1").inner_text()
    assert frame_text == "Hello from Python in your browser"
    booted.page.context.close()
