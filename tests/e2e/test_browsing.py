"""Browsing mode in Chromium: the app's pages behave like a website served by
a real server, and the address bar always holds a shareable URL."""

from __future__ import annotations

import collections
import functools
import time
from pathlib import Path

import pytest

from booted import Browsing, assert_worker_modules_were_preloaded
from wasgi.devserver import serve_in_thread
from wasgi.testing.chromium import launch_options

NODE_MODULES = Path(__file__).resolve().parents[2] / "node_modules"

BROWSING_APP = "tests/e2e/apps/browsing/app.py:app"


@pytest.fixture(scope="module")
def site(sites):
    return sites.url(BROWSING_APP, "browsing")


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


@pytest.fixture
def shell(context, site):
    page = context.new_page()
    yield Browsing(page).open(site)
    page.close()


def test_scripts_styles_and_images_of_a_page_load(shell):
    frame = shell.frame
    frame.locator("#inline-result", has_text="inline:true").wait_for()
    frame.locator("#external-result", has_text="external:3").wait_for()
    frame.locator("#xhr-result", has_text="xhr:true").wait_for()
    assert frame.locator("h1").evaluate("(h) => getComputedStyle(h).color") == "rgb(10, 20, 30)"
    assert frame.locator("#logo").evaluate("(img) => img.complete && img.naturalWidth") == 40


def test_whole_answers_to_the_service_worker_skip_the_shell_unless_they_need_it(shell, site):
    # worker/direct_answers.mjs: the app's worker sends a whole answer to the service worker
    # itself, and the shell hears only that it was answered; answers that set a cookie (the
    # shell's jar) or need decoding (gzip) still go through the shell.
    shell.frame.locator("#xhr-result", has_text="xhr:true").wait_for()
    shell.page.evaluate("""async () => {
      const connection = (await window.wasgiReady).connection;
      window.answeredElsewhere = 0;
      const handle = connection.worker.onmessage;
      connection.worker.onmessage = (event) => {
        for (const m of event.data) if (m[0] === "answered") window.answeredElsewhere++;
        handle(event);
      };
    }""")
    frame = shell.page.frames[1]
    # The browser's own XMLHttpRequest, which goes through the service worker (the page's is the App's).
    got = frame.evaluate("""async () => {
      const BrowserXHR = Object.getPrototypeOf(XMLHttpRequest);
      const get = (path) => new Promise((resolve, reject) => {
        const request = new BrowserXHR();
        request.open("GET", path);
        request.onload = () => resolve([request.status, request.getResponseHeader("content-type"), request.responseText.slice(0, 40)]);
        request.onerror = reject;
        request.send();
      });
      return [await get("api/data"), await get("api/data"), await get("compressed"), await get("api/remember")];
    }""")
    assert got == [
        [200, "application/json", '{"items":[1,2,3]}'],
        [200, "application/json", '{"items":[1,2,3]}'],
        [200, "text/html; charset=utf-8", "<!doctype html><title>Compressed</title>"],
        [200, "application/json", '{"remembered":true}'],
    ]
    assert shell.page.evaluate("window.answeredElsewhere") == 2
    cookie = shell.page.evaluate("(url) => window.wasgiReady.then((app) => app.cookies.header(url))", site + "api/data")
    assert "remembered=yes" in cookie


def test_links_back_forward_and_reload_keep_the_address_bar_true(shell):
    shell.frame.locator("#to-page-2").click()
    shell.wait_path("/page/2")
    assert shell.page.title() == "Page 2"
    shell.frame.locator("#next").click()
    shell.wait_path("/page/3")
    shell.page.go_back()
    shell.frame.locator("h1", has_text="Page 2").wait_for()
    shell.wait_path("/page/2")
    shell.page.go_forward()
    shell.frame.locator("h1", has_text="Page 3").wait_for()
    shell.wait_path("/page/3")
    shell.page.reload()
    shell.page.evaluate("window.wasgiReady")
    shell.frame.locator("h1", has_text="Page 3").wait_for()
    assert shell.path() == "/page/3"


def test_get_form_and_post_form_with_303_redirect(shell):
    shell.frame.locator("#search button").click()
    shell.frame.locator("#query", has_text="wasgi").wait_for()
    shell.wait_path("/search?q=wasgi")
    shell.page.go_back()
    shell.frame.locator("#submit button").click()
    shell.frame.locator("#thanks").wait_for()
    assert shell.text("#thanks") == "Ada GET"  # the 303 turned the POST into a GET
    shell.wait_path("/thanks?name=Ada")  # the final URL is the one shown


def test_multipart_upload(shell):
    shell.frame.locator("#upload input[type=file]").set_input_files(
        files=[{"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello world"}]
    )
    shell.frame.locator("#upload button").click()
    shell.frame.locator("#uploaded").wait_for()
    assert shell.text("#uploaded") == "notes.txt 11 hello"


def test_cookie_login_persists_across_pages_and_a_reload(shell):
    shell.frame.locator("#nav-login").click()
    shell.frame.locator("#login button").click()
    shell.frame.locator("#user", has_text="grace").wait_for()
    shell.wait_path("/me")
    # document.cookie sees the app's cookies, but never the HttpOnly session.
    script_cookies = shell.text("#script-cookies")
    assert "csrftoken=token-" in script_cookies and "fromjs=1" in script_cookies
    assert "sid=" not in script_cookies
    shell.frame.locator("#nav-home").click()
    shell.wait_path("/")
    shell.page.reload()
    app_view = shell.page.evaluate("window.wasgiReady.then((app) => app.fetch('/api/whoami')).then((r) => r.json())")
    assert app_view == {"user": "grace", "fromjs": "1"}


def test_session_cookies_end_with_the_browser_and_the_others_stay(browser, site, tmp_path):
    """A restart of the browser (a persistent profile, closed and opened again) drops the
    jar's session cookies, as the browser drops its own; a new tab keeps them."""
    jar = """async () => {
      const app = await window.wasgiReady;
      const header = app.cookies.header(location.href);
      return ["sid", "keep"].filter((name) => header.includes(name + "="));
    }"""
    login = """async () => {
      const app = await window.wasgiReady;
      await app.fetch("/login", { method: "POST", body: new URLSearchParams({ user: "ada" }) });
      app.cookies.store(location.href, ["keep=1; Max-Age=3600"]);
    }"""
    seen = []
    for visit in ("first", "restart"):
        context = browser.browser_type.launch_persistent_context(str(tmp_path / "profile"), **launch_options())
        tab = Browsing(context.new_page()).open(site)
        if visit == "first":
            tab.page.evaluate(login)
            seen.append(Browsing(context.new_page()).open(site).page.evaluate(jar))  # another tab, same browser
        seen.append(tab.page.evaluate(jar))
        context.close()
    assert seen == [["sid", "keep"], ["sid", "keep"], ["keep"]]


def test_fetch_from_an_app_page_goes_to_the_app_and_gives_the_page_its_own_objects(shell, site):
    # An app page's fetch() reaches the App directly (no service-worker trip),
    # yet behaves as the page's own: its Response class, its JSON objects, its errors.
    shell.frame.locator("#to-page-2").wait_for()  # the home page, not the frame's first blank document
    result = shell.frame.locator("body").evaluate(
        """async (body, site) => {
            const r = await fetch('api/whoami');
            const data = await r.json();
            const posted = await fetch(new Request('api/whoami', { method: 'GET', headers: { 'x-test': '1' } }));
            const controller = new AbortController();
            controller.abort();
            const aborted = await fetch('api/whoami', { signal: controller.signal }).then(() => 'resolved', (e) => e.name + ':' + (e instanceof DOMException));
            const missing = await fetch('no-such-page');
            // No network fetch happened, so the browser timed none.
            const direct = performance.getEntriesByName(site + 'api/whoami').length === 0;
            return { direct, ok: r.ok, own: r instanceof Response, plain: Object.getPrototypeOf(data) === Object.prototype,
                     url: r.url === site + 'api/whoami', type: r.type, request: posted.status, aborted, missing: missing.status };
        }""",
        site,
    )
    assert result == {"direct": True, "ok": True, "own": True, "plain": True, "url": True, "type": "basic", "request": 200,
                      "aborted": "AbortError:true", "missing": 404}


def test_a_redirected_fetch_still_names_its_page_as_referer(shell, site):
    shell.frame.locator("#to-page-2").wait_for()
    seen = shell.frame.locator("body").evaluate(
        "async () => [await (await fetch('api/referer', {method: 'POST'})).text(),"
        " await (await fetch('api/moved', {method: 'POST'})).text()]")
    assert seen == [site, site]  # as a browser's fetch sends it after a 307


# A synchronous XMLHttpRequest to the app, then what a page sees after it.
SYNC_XHR_JS = """async () => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', 'api/whoami', false);
    const t0 = performance.now();
    let error;
    try { xhr.send(); } catch (e) { error = e; }
    const seen = { name: error?.name, dom: error instanceof DOMException, why: /synchronous XMLHttpRequest to the app/.test(error?.message),
                   fast: performance.now() - t0 < 1000, state: xhr.readyState, status: xhr.status };
    try { xhr.send(); } catch (e) { seen.again = e.name; }
    xhr.abort();
    seen.aborted = xhr.readyState;
    xhr.open('GET', 'api/whoami');  // the same object, asynchronous: answered
    seen.async = await new Promise((resolve) => { xhr.onload = () => resolve(xhr.status + ' ' + ('user' in JSON.parse(xhr.responseText))); xhr.send(); });
    const other = new XMLHttpRequest();  // not the app's: the browser's own synchronous request
    other.open('GET', 'data:text/plain,native', false);
    other.send();
    seen.other = other.responseText;
    return seen;
}"""
SYNC_XHR_SEEN = {"name": "NetworkError", "dom": True, "why": True, "fast": True, "state": 4, "status": 0,
                 "again": "InvalidStateError", "aborted": 0, "async": "200 true", "other": "native"}


def test_a_synchronous_xhr_to_the_app_fails_at_once_and_says_why(shell):
    # Without this the browser sent it past the service worker to the static host (a 404 page, silently).
    shell.frame.locator("#to-page-2").wait_for()
    assert shell.frame.locator("body").evaluate(SYNC_XHR_JS) == SYNC_XHR_SEEN


# Beacons from an app page, then what the app received.
BEACON_JS = """async () => {
    const sent = [navigator.sendBeacon('api/beacon', 'hello'), navigator.sendBeacon('api/beacon', new Blob(['b'], { type: 'text/plain' })),
                  navigator.sendBeacon('api/beacon', 'x'.repeat(70000))];  // past the browser's keepalive quota: refused
    for (let i = 0; i < 50; i++) {
        const received = await (await fetch('api/beacons')).json();
        if (received.length >= 2) return { sent, received };
        await new Promise((resolve) => setTimeout(resolve, 100));
    }
    return { sent, received: 'none' };
}"""
BEACONS_SEEN = {"sent": [True, True, False], "received": ["text/plain;charset=UTF-8: hello", "text/plain: b"]}


def test_beacons_from_an_app_page_reach_the_app(shell):
    shell.frame.locator("#to-page-2").wait_for()
    assert shell.frame.locator("body").evaluate(BEACON_JS) == BEACONS_SEEN


def test_upload_progress_of_a_form_data_body_knows_its_length(shell):
    # The multipart length is worked out as the standard's upload events need it, at
    # once; the browser's own encoding of the same form (as a Blob) must agree.
    shell.frame.locator("#to-page-2").wait_for()
    result = shell.frame.locator("body").evaluate(
        """async () => {
            const forms = {
                plain: [['via', 'plain'], ['n', '1']],
                escaped: [['a"b', 'x'], ['line\\nbreak', 'v'], ['cr\\rlf\\r\\n', 'a\\rb\\nc\\r\\nd']],
                unicode: [['naïve', 'café ☕'], ['😀', '']],
                files: [['f', new File(['hello'], 'a.txt', { type: 'text/plain' })], ['g', new File([new Uint8Array(3000)], 'na"me é.bin')],
                        ['h', new Blob(['xy'])], ['i', new File([], '')]],
                empty: [],
            };
            const seen = {};
            for (const [label, entries] of Object.entries(forms)) {
                const form = new FormData();
                for (const [name, value] of entries) form.append(name, value);
                const size = (await new Response(form).blob()).size;
                const events = await new Promise((resolve) => {
                    const xhr = new XMLHttpRequest(), log = [];
                    for (const type of ['loadstart', 'progress', 'load']) {
                        xhr.upload.addEventListener(type, (e) => log.push(e.lengthComputable && e.total === size));
                    }
                    xhr.onloadend = () => resolve(log);
                    xhr.open('POST', 'api/whoami');
                    xhr.send(form);
                });
                seen[label] = events;
            }
            return seen;
        }"""
    )
    assert result == {label: [True, True, True] for label in ("plain", "escaped", "unicode", "files", "empty")}


@pytest.mark.parametrize("workers", ["allow", "block"])
def test_htmx_jquery_and_axios_requests_reach_the_app(browser, sites, site, workers):
    # Their XMLHttpRequests go to the App directly: without a service worker nothing else could answer.
    libraries = sites.serve(NODE_MODULES)  # htmx 2, jQuery and axios, pinned in package.json
    context = browser.new_context(service_workers=workers)
    tab = Browsing(context.new_page()).open(site + "libraries?from=" + libraries)
    tab.frame.locator("#hx").click()
    tab.frame.locator("#hx-out", has_text="htmx said htmx to anonymous").wait_for()
    tab.frame.locator("#ax-out", has_text="axios said plain to anonymous").wait_for()
    # In the fallback the page is about:srcdoc, so jQuery takes the app's URL for another origin's.
    tab.frame.locator("#jq-out", has_text="jquery said jquery" if workers == "allow" else "jquery said").wait_for()
    context.close()


def test_server_sent_events(shell, site):
    shell.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "events-page")
    shell.frame.locator("#events li", has_text="event 2").wait_for()
    assert shell.frame.locator("#events li").all_inner_texts() == ["event 0", "event 1", "event 2"]


def test_websocket_chat_from_an_app_page(shell):
    shell.frame.locator("#nav-chat").click()
    shell.wait_path("/chat")
    shell.frame.locator("#text").wait_for()
    shell.page.frame_locator("#wasgi-frame").locator("body").evaluate("() => window.chatOpen")
    shell.frame.locator("#text").fill("hello over a websocket")
    shell.frame.locator("#send").click()
    shell.frame.locator("#messages li", has_text="hello over a websocket").wait_for()


def test_an_app_pages_binary_websocket_messages_arrive_as_bytes(shell):
    # The page's ArrayBuffer and Blob belong to its own window (socket.io sends ArrayBuffers).
    replies = shell.frame.locator("body").evaluate("""() => new Promise((resolve) => {
      const socket = new WebSocket("ws/kinds");
      const replies = [];
      socket.onmessage = (event) => { replies.push(event.data); if (replies.length === 5) resolve(replies); };
      socket.onclose = (event) => resolve([...replies, `closed ${event.code}`]);
      setTimeout(() => resolve([...replies, "timed out"]), 5000);
      socket.onopen = () => {
        socket.send(new Uint8Array([1, 2]).buffer);
        socket.send(new Uint8Array([3]));
        socket.send(new DataView(new Uint8Array([4]).buffer));
        socket.send(new Blob([new Uint8Array([5, 6])]));
        socket.send("six");
      };
    })""")
    assert replies == ["bytes [1, 2]", "bytes [3]", "bytes [4]", "bytes [5, 6]", "text six"]


def test_leaving_a_page_closes_its_connections_as_a_browser_does(shell, site):
    # The page's WebSocket, EventSource and streaming fetch live in the shell, which stays:
    # the app must still see them end when the page goes, as behind a server.
    shell.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "linger")
    # Its binary message is the page's own ArrayBuffer, in the page's own MessageEvent.
    shell.frame.locator("#state", has_text="open: events socket stream").wait_for()
    shell.frame.locator("body").evaluate("() => { location.href = 'page/2'; }")
    shell.frame.locator("h1", has_text="Page 2").wait_for()
    seen = shell.page.evaluate("""async () => {
      const app = await window.wasgiReady;
      for (let i = 0; i < 50; i++) {
        const seen = await (await app.fetch("/linger/seen")).json();
        if (seen.length === 3) return seen;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return await (await app.fetch("/linger/seen")).json();
    }""")
    assert seen == ["events closed", "socket 1001", "stream closed"]


def test_a_pop_up_window_opens_over_the_page_and_talks_to_its_opener(shell, site):
    """As the Django admin's "+": the pop-up's form reaches the same app, calls
    opener.added(window, ...), which closes it. No second copy of the site opens."""
    shell.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "pick")
    pages = len(shell.page.context.pages)
    shell.frame.locator("#add").click()
    popup = shell.page.frame_locator("dialog.wasgi-popup iframe")
    popup.locator("#seen", has_text="choice__1 has an opener").wait_for()
    assert shell.page.locator("dialog.wasgi-popup").evaluate("(d) => d.open && d.querySelector('span').textContent") == "Add a choice"
    size = shell.page.locator("dialog.wasgi-popup iframe").bounding_box()
    assert (round(size["width"]), round(size["height"])) == (400, 300)
    popup.locator("#value").fill("tea")
    popup.locator("button").click()
    shell.frame.locator("#picked", has_text="choice__1 gave tea #").wait_for()
    shell.page.locator("dialog.wasgi-popup").wait_for(state="detached")
    assert shell.frame.locator("#choice").input_value().startswith("tea #")
    assert len(shell.page.context.pages) == pages
    assert shell.path() == "/pick"  # the address bar stayed on the page
    # Escape closes a pop-up, as the window's close button would.
    shell.frame.locator("#add").click()
    popup.locator("#seen", has_text="choice__1").wait_for()
    shell.page.keyboard.press("Escape")
    shell.page.locator("dialog.wasgi-popup").wait_for(state="detached")


def test_download_keeps_its_filename(shell):
    with shell.page.expect_download() as info:
        shell.frame.locator("#download").click()
    download = info.value
    assert download.suggested_filename == "report.csv"
    assert open(download.path()).read() == "id,name\n1,Ada\n"


def test_a_gzip_encoded_page_is_decoded_as_from_a_server(shell):
    # A page-made Response is never decoded by the browser; wasgi decodes it, and keeps the headers.
    shell.frame.locator("body").evaluate("() => { location.href = 'compressed'; }")
    shell.frame.locator("h1", has_text="Compressed page").wait_for()
    shell.wait_path("/compressed")
    fetched = shell.page.frames[1].evaluate("""async () => {
      const response = await fetch('compressed');
      return [response.headers.get('content-encoding'), (await response.text()).slice(0, 40)];
    }""")
    assert fetched == ["gzip", "<!doctype html><title>Compressed</title>"]


def test_frame_blocking_headers_are_handled(shell):
    shell.frame.locator("#framed").click()
    shell.frame.locator("#framed-ok").wait_for()


def test_same_document_navigation_updates_the_address_bar(shell):
    shell.frame.locator("#nav-spa").click()
    shell.frame.locator("#go").click()
    shell.wait_path("/spa/step-2")
    assert shell.page.title() == "Step 2"


def test_deep_link_in_a_new_tab(context, site):
    tab = Browsing(context.new_page()).open(site + "page/7?x=1")
    tab.frame.locator("h1", has_text="Page 7").wait_for()
    assert tab.path() == "/page/7?x=1"
    tab.page.close()


def test_service_worker_restart_mid_session(shell):
    shell.frame.locator("#to-page-2").click()
    shell.wait_path("/page/2")
    cdp = shell.page.context.new_cdp_session(shell.page)
    cdp.send("ServiceWorker.enable")
    cdp.send("ServiceWorker.stopAllWorkers")
    shell.frame.locator("#next").click()
    shell.frame.locator("h1", has_text="Page 3").wait_for()
    shell.wait_path("/page/3")
    # The restarted worker asked the shell for a new port of its own (web/sw.js): requests go over it.
    shell.frame.locator("#next").click()
    shell.frame.locator("h1", has_text="Page 4").wait_for()
    shell.wait_path("/page/4")


def test_a_closed_shells_note_about_a_navigation_is_not_followed(context, site, shell):
    # A shell tells the service worker which URL its frame is about to load
    # (web/sw.js), for a frame's first page, whose request names no client. A
    # note that arrives after its request is never taken. Here another tab left
    # such a note and closed; then a new frame in this tab loads that URL with
    # no note of its own (as when its note is late). The closed tab was asked
    # to answer, and the frame hung.
    gone = Browsing(context.new_page()).open(site)
    gone.page.evaluate("(url) => navigator.serviceWorker.controller.postMessage({ t: 'wasgi-navigate', url })", site + "page/5")
    gone.page.close()
    shell.page.evaluate(
        "(url) => { const frame = document.createElement('iframe'); frame.id = 'second'; frame.src = url; document.body.append(frame); }",
        site + "page/5",
    )
    shell.page.frame_locator("#second").locator("h1", has_text="Page 5").wait_for(timeout=10_000)


def test_first_visit_to_a_deep_link_boots_from_404_html(browser, site):
    context = browser.new_context()  # no service worker installed yet
    tab = Browsing(context.new_page()).open(site + "page/9")
    tab.frame.locator("h1", has_text="Page 9").wait_for()
    assert tab.path() == "/page/9"
    context.close()


# Whether the service worker's cache holds every runtime file the shell and its worker loaded
# (lock.json aside: install kept this build's, and a deep link's 404.html probed others).
EVERY_LOADED_FILE_KEPT = """async () => {
  const app = await window.wasgiReady;
  const loaded = [...performance.getEntriesByType("resource").map((e) => e.name), ...(await app.connection.call("loaded-urls"))];
  const runtime = loaded.filter((url) => url.includes("/_wasgi/") && !url.endsWith("/lock.json"));
  const keys = (await caches.keys()).filter((key) => key.startsWith("wasgi-") && key !== "wasgi-snapshots");
  if (keys.length !== 1 || runtime.length < 30) return false;
  const kept = new Set((await (await caches.open(keys[0])).keys()).map((r) => r.url));
  return runtime.every((url) => kept.has(url));
}"""


def test_a_return_visit_needs_no_network(browser, sites):
    """The service worker keeps the shell page, this build's lock.json and every content-named
    file a visit loads (web/sw.js). A first visit began before it was there: once the visit is
    done, it copies that visit's files from the HTTP cache (web/frame_host.mjs). So the first
    reload, with the server gone and the HTTP cache emptied, opens the app on the same page."""
    server = serve_in_thread(sites.build(BROWSING_APP, "offline"))
    context = browser.new_context()
    try:
        tab = Browsing(context.new_page()).open(server.url + "page/2")
        tab.frame.locator("h1", has_text="Page 2").wait_for()
        tab.page.evaluate("window.wasgiReady.then((app) => app.snapshotMade)")
        deadline = time.monotonic() + 30
        while not tab.page.evaluate(EVERY_LOADED_FILE_KEPT):  # wait_for_function would not await it
            assert time.monotonic() < deadline, "the service worker did not keep the first visit's files"
            time.sleep(0.25)
    finally:
        server.shutdown()
        server.server_close()
    context.new_cdp_session(tab.page).send("Network.clearBrowserCache")
    tab.page.reload()
    outcome = tab.page.evaluate("window.wasgiReady.then(() => 'ready', (e) => e.message)")
    assert outcome == "ready", outcome
    tab.frame.locator("h1", has_text="Page 2").wait_for()
    assert tab.path() == "/page/2"
    context.close()


def test_a_first_visit_downloads_each_file_once(browser, sites):
    """The snapshot maker loads Pyodide again once the first visit is idle. The boot's worker
    copied its downloads into the service worker's cache as they arrived (worker/progress.mjs
    keepIn), so it finds them there. Before, it downloaded the 9.6 MB wasm again wherever the
    HTTP cache had not kept it (a private window's often does not): here the server forbids the
    HTTP cache to keep the big files, so that is every time."""
    server = serve_in_thread(sites.build(BROWSING_APP, "once"))
    downloads = count_downloads(server, no_store=(".wasm", ".zip", ".pack.gz"))
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(server.url)
    made = tab.page.evaluate("window.wasgiReady.then((app) => app.snapshotMade)")
    context.close()
    server.shutdown()
    server.server_close()
    assert made["ok"], made
    big = {name: n for name, n in downloads.items() if name.endswith((".wasm", ".zip", ".pack.gz"))}
    assert len(big) == 4 and set(big.values()) == {1}, downloads


def count_downloads(server, no_store: tuple[str, ...]) -> collections.Counter:
    """Count the GET requests the server answers, by file name; files whose names end with
    `no_store` are sent with Cache-Control: no-store."""
    counts: collections.Counter = collections.Counter()
    handler = server.RequestHandlerClass  # functools.partial(Handler, directory=...)

    class Counting(handler.func):
        def do_GET(self):
            counts[self.path.split("?")[0].rsplit("/", 1)[-1]] += 1
            super().do_GET()

        def end_headers(self):
            if self.path.split("?")[0].endswith(no_store):  # wins over the server's own Cache-Control
                self.send_header("Cache-Control", "no-store")
            super().end_headers()

    server.RequestHandlerClass = functools.partial(Counting, *handler.args, **handler.keywords)
    return counts


def test_a_first_visit_asks_for_every_boot_module_at_once(browser, site):
    """The shell preloads the page's and the worker's modules (py/wasgi/build/preload.py);
    the worker then loads its own from the HTTP cache, not a round trip per level of imports.
    A deep link: its 404.html must resolve them from the site's folder too."""
    context = browser.new_context()  # an empty HTTP cache
    tab = Browsing(context.new_page()).open(site + "page/9")
    tab.frame.locator("h1", has_text="Page 9").wait_for()
    assert_worker_modules_were_preloaded(tab.page)
    context.close()


def test_site_under_a_sub_path(browser, sites):
    url = sites.url_under_path(BROWSING_APP, "browsing-sub", "repo")
    assert url.endswith("/repo/")
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(url + "page/4")  # a first-visit deep link too
    tab.frame.locator("h1", has_text="Page 4").wait_for()
    assert tab.path() == "/repo/page/4"
    tab.frame.locator("#nav-home").click()
    tab.frame.locator("#root-path", has_text="/repo").wait_for()
    tab.frame.locator("#to-page-2").click()
    tab.wait_path("/repo/page/2")
    # A redirect to "/repo", which the static host sends back to "/repo/": a loop
    # the browser would end with an empty frame. The frame says why instead.
    errors = []
    tab.page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", url + "unslashed")
    tab.frame.locator("h1", has_text="The app redirected outside its site").wait_for()
    assert "make it build URLs from the scope's root_path" in tab.frame.locator("p").inner_text()
    assert any("redirected /repo/unslashed to /repo, outside the site" in error for error in errors), errors
    rejected = tab.page.evaluate("window.wasgiReady.then((app) => app.fetch('/unslashed')).catch((e) => e.name)")
    assert rejected == "RedirectLoopError"  # App.fetch fails as a browser's fetch fails on a loop, saying why
    # A doubled slash before the site's path would make root_path "//repo", and the
    # app's links protocol-relative URLs to a host named "repo": the page goes to "/repo/".
    tab.page.goto(url.replace("/repo/", "//repo/") + "page/5")
    tab.page.evaluate("window.wasgiReady")
    tab.frame.locator("h1", has_text="Page 5").wait_for()
    assert tab.path() == "/repo/page/5"
    tab.frame.locator("#nav-home").click()
    tab.frame.locator("#root-path", has_text="/repo").wait_for()
    assert tab.text("#root-path") == "/repo"
    context.close()
    # Without a service worker, the shell's own navigation says the same.
    context = browser.new_context(service_workers="block")
    tab = Browsing(context.new_page()).open(url)
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", url + "unslashed")
    tab.frame.locator("h1", has_text="The app redirected outside its site").wait_for()
    context.close()


def test_without_a_service_worker_the_fallback_still_browses(browser, site):
    context = browser.new_context(service_workers="block")
    tab = Browsing(context.new_page()).open(site)
    tab.page.locator("#wasgi-fallback").wait_for()
    assert "no service worker" in tab.page.inner_text("#wasgi-fallback")
    tab.frame.locator("#inline-result", has_text="inline:true").wait_for()
    tab.frame.locator("#xhr-result", has_text="xhr:true").wait_for()  # answered by the App: nothing else could
    assert tab.frame.locator("body").evaluate(SYNC_XHR_JS) == SYNC_XHR_SEEN
    assert tab.frame.locator("body").evaluate(BEACON_JS) == BEACONS_SEEN  # else they went to the static host
    # An image and a stylesheet the page adds after it loaded come from the App too.
    added = tab.frame.locator("body").evaluate("""async () => {
        const img = Object.assign(document.createElement('img'), { id: 'later-logo' });
        document.body.append(img);
        img.setAttribute('src', 'static/logo.svg');  // a src set after the element is in the page
        const box = document.createElement('div');
        box.innerHTML = '<link rel="stylesheet" href="static/style.css"><p class="later">later</p>';
        document.head.querySelectorAll('style').forEach((style) => style.remove());  // the page's own copy of style.css
        document.body.append(box);
        const h1 = document.querySelector('h1');
        const styled = () => getComputedStyle(h1).color === 'rgb(10, 20, 30)';  // black until the later style.css applies
        for (let i = 0; i < 200 && !(img.complete && img.naturalWidth && styled()); i++) {
            await new Promise((resolve) => setTimeout(resolve, 50));
        }
        const logo = Object.assign(document.createElement('div'), { className: 'with-logo' });  // style.css names logo.svg
        document.body.append(logo);
        const named = getComputedStyle(logo).backgroundImage.slice(5, -2);
        const drawn = await new Promise((resolve) => Object.assign(new Image(), { onload: (e) => resolve(e.target.naturalWidth), onerror: () => resolve(0), src: named }));
        return { width: img.naturalWidth, blob: img.src.startsWith('blob:'), color: getComputedStyle(h1).color,
                 named: named.startsWith('blob:'), drawn };
    }""")
    assert added == {"width": 40, "blob": True, "color": "rgb(10, 20, 30)", "named": True, "drawn": 40}
    tab.frame.locator("#external-result", has_text="external:3").wait_for()  # its URLs resolve against its app URL
    # Scripts the page adds later: held back until they are in the page, then run from the App, in order.
    scripts = tab.frame.locator("body").evaluate("""async () => {
        const events = [];
        const first = document.createElement('script');
        first.async = false;
        first.src = 'static/later.js';  // set before the script is in the page
        const second = document.createElement('script');
        second.async = false;
        second.setAttribute('src', 'static/later.js?again');
        const missing = document.createElement('script');
        missing.src = 'static/no-such.js';
        for (const [name, script] of [['first', first], ['second', second], ['missing', missing]]) {
            script.onload = () => events.push(name + ' load');
            script.onerror = () => events.push(name + ' error');
        }
        const src = first.src;
        document.head.append(first, second, missing);
        for (let i = 0; i < 200 && events.length < 3; i++) await new Promise((resolve) => setTimeout(resolve, 50));
        const order = events.indexOf('first load') < events.indexOf('second load');
        return { events: events.sort(), runs: window.laterRuns, src: new URL(src).pathname, order };
    }""")
    assert scripts == {"events": ["first load", "missing error", "second load"], "runs": ["/api/data", "/api/data"],
                       "src": "/static/later.js", "order": True}
    assert tab.frame.locator("h1").evaluate("(h) => getComputedStyle(h).color") == "rgb(10, 20, 30)"
    tab.frame.locator("#to-page-2").click()
    tab.frame.locator("h1", has_text="Page 2").wait_for()
    assert tab.path() == "/#/page/2"
    tab.page.go_back()
    tab.frame.locator("h1", has_text="Home").wait_for()
    tab.frame.locator("#submit button").click()
    tab.frame.locator("#thanks", has_text="Ada GET").wait_for()
    assert tab.path() == "/#/thanks?name=Ada"
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "events-page")
    tab.frame.locator("#events li", has_text="event 2").wait_for()  # EventSource, answered by the App too
    assert tab.frame.locator("#events li").all_inner_texts() == ["event 0", "event 1", "event 2"]
    context.close()


VERSIONED_APP = """
async def app(scope, receive, send):
    if scope["type"] != "http":
        return
    body = b"<!doctype html><html><head><title>v</title></head><body><p id='v'>{text}</p></body></html>"
    await send({{"type": "http.response.start", "status": 200, "headers": [(b"content-type", b"text/html")]}})
    await send({{"type": "http.response.body", "body": body}})
"""


def test_a_new_build_replaces_a_running_page_without_stale_runtime_files(browser, sites, tmp_path):
    app = tmp_path / "versioned.py"
    app.write_text(VERSIONED_APP.format(text="version one"))
    site = sites.build(f"{app}:app", "versioned")
    url = sites.serve(site)
    context = browser.new_context()
    tab = Browsing(context.new_page()).open(url + "page")
    tab.frame.locator("#v", has_text="version one").wait_for()
    old_version = tab.page.evaluate("document.querySelector('meta[name=wasgi-version]').content")

    app.write_text(VERSIONED_APP.format(text="version two"))
    sites.build(f"{app}:app", "versioned")
    # The hard case: requests keep reaching the outgoing service worker while the new one
    # installs, so Chromium cannot stop it when it first tries the switch (which left the
    # new worker waiting for good, as Playwright's DevTools keep an idle worker alive).
    tab.page.evaluate("""void (async () => {
        const storm = setInterval(() => fetch("page").catch(() => {}), 5);
        const registration = await navigator.serviceWorker.getRegistration();
        for (let i = 0; i < 100 && !registration.waiting; i++) await new Promise((r) => setTimeout(r, 100));
        setTimeout(() => clearInterval(storm), 2000);  // past Chromium's first try at the switch
    })()""")
    # What a browser does on its own at the next navigation or after 24 hours.
    tab.page.evaluate("navigator.serviceWorker.getRegistration().then((r) => r.update())")
    tab.page.wait_for_function("(old) => document.querySelector('meta[name=wasgi-version]')?.content !== old",
                               arg=old_version, timeout=30_000)
    tab.page.evaluate("window.wasgiReady")
    tab.frame.locator("#v", has_text="version two").wait_for()
    assert tab.path() == "/page"  # the reload kept the page the person was on
    context.close()
