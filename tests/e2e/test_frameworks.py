"""Real frameworks, unchanged, in Chromium: Starlette, FastAPI, Django, Flask (WSGI), Quart, Litestar,
SQLAlchemy's async ORM, Shiny for Python, Plotly Dash, Sanic, python-socketio and Django Channels, with
their sync code (threadpool endpoints, sync iterators, file I/O, Django's sync
views and ORM) running inline through wasgi's shims. One booted page per
framework, shared by its tests."""

import json
import re

import pytest
from booted import Browsing, boot_page


def booted_site(app: str, name: str):
    """A module fixture: one booted page of the site built from ``app``, shared by its tests."""

    @pytest.fixture(scope="module")
    def booted(browser, sites):
        page = boot_page(browser, sites.url(app, name))
        yield page
        page.page.context.close()

    return booted


starlette_page = booted_site("tests/e2e/apps/starlette_site/app.py:app", "starlette")
fastapi_page = booted_site("tests/e2e/apps/fastapi_site/app.py:app", "fastapi")
flask_page = booted_site("tests/e2e/apps/flask_site/app.py:app", "flask")
quart_page = booted_site("tests/e2e/apps/quart_site/app.py:app", "quart")
litestar_page = booted_site("tests/e2e/apps/litestar_site/app.py:app", "litestar")
django_page = booted_site("tests/e2e/apps/django_site/app.py:application", "django")
sqlalchemy_page = booted_site("tests/e2e/apps/sqlalchemy_site/app.py:app", "sqlalchemy")


def json_body(response: dict):
    assert response["status"] < 500, response["body"]
    return json.loads(response["body"])


INLINE = {"thread": "MainThread", "loop_running": False}

# Starlette


def test_starlette_routes_sync_and_async_endpoints(starlette_page):
    assert json_body(starlette_page.call("/sync/a%20b")) == {"kind": "sync", "name": "a b", **INLINE}
    assert json_body(starlette_page.call("/async/c")) == {"kind": "async", "name": "c"}
    assert starlette_page.call("/nowhere")["status"] == 404


def test_starlette_streams_a_sync_iterator(starlette_page):
    r = starlette_page.call("/stream")
    assert r["status"] == 200
    assert r["body"] == "line 0\nline 1\nline 2\n"


def test_starlette_file_response_and_static_files(starlette_page):
    for path in ("/file", "/static/hello.txt"):
        r = starlette_page.call(path)
        assert r["status"] == 200, path
        assert r["body"] == "A file served by FileResponse.\n"
        assert r["headers"]["content-type"] == "text/plain; charset=utf-8"
        assert r["headers"]["content-length"] == "31"
        assert "etag" in r["headers"]


def test_every_way_of_handing_work_to_a_thread_runs_inline_outside_the_loop(starlette_page):
    body = json_body(starlette_page.call("/handoffs"))
    assert body.pop("pool_map") == [1, 4, 9]
    assert body == {
        way: INLINE
        for way in ("anyio", "to_thread", "default_executor", "pool_executor", "pool_submit", "sync_to_async")
    }


def test_async_to_sync_in_sync_code_waits_for_the_coroutine(starlette_page):
    assert json_body(starlette_page.call("/bridge")) == {"doubled": 42, **INLINE}


def test_sync_code_calls_back_into_the_loop_with_anyio_from_thread(starlette_page):
    # In the request's first step too: the inline call reaches a stack that can wait first.
    assert json_body(starlette_page.call("/from-thread")) == {"run": 42, "run_sync_sees_the_loop": True, **INLINE}


def test_starting_a_thread_fails_with_one_line_saying_what_to_do(starlette_page):
    r = starlette_page.call("/thread")
    assert r["status"] == 500
    assert re.match(
        r"ThreadsUnavailableError: Threads cannot run in the browser, so thread 'background-job', "
        r"which app\.py:\d+ starts, was not started: ", r["body"]
    ), r["body"]
    assert "asyncio.to_thread()" in r["body"]
    assert "\n" not in r["body"]


def test_time_sleep_in_sync_code_lets_other_requests_through(starlette_page):
    # Pyodide's time.sleep suspends the stack (JSPI) instead of blocking the worker.
    order = starlette_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const done = [];
        const sleeping = app.fetch('/sleep?s=1').then((r) => r.text()).then(() => done.push('sleep'));
        await new Promise((resolve) => setTimeout(resolve, 100));
        await app.fetch('/ping').then((r) => r.text()).then(() => done.push('ping'));
        await sleeping;
        return done;
    }""")
    assert order == ["ping", "sleep"]


def two_naps_at_once(page, thread_sensitive: bool) -> list[list[float]]:
    return page.page.evaluate("""async (flag) => {
        const app = await window.wasgiReady;
        const nap = () => app.fetch('/nap?thread_sensitive=' + flag).then((r) => r.json());
        return Promise.all([nap(), nap()]);
    }""", "1" if thread_sensitive else "0")


def test_thread_sensitive_sync_to_async_calls_run_one_at_a_time(starlette_page):
    # Each call sleeps 0.3 s (suspended, through JSPI). Thread-sensitive calls
    # share asgiref's one sync thread, so the second starts after the first ends.
    (start1, end1), (start2, end2) = sorted(two_naps_at_once(starlette_page, thread_sensitive=True))
    assert start2 >= end1
    (start1, end1), (start2, end2) = sorted(two_naps_at_once(starlette_page, thread_sensitive=False))
    assert start2 < end1


# FastAPI


def test_fastapi_validates_pydantic_models_in_def_and_async_endpoints(fastapi_page):
    headers = {"content-type": "application/json"}
    created = fastapi_page.call("/items", {"method": "POST", "headers": headers,
                                           "body": json.dumps({"name": "pen", "price": 1.5, "tags": ["blue"]})})
    assert created["status"] == 201
    item = json.loads(created["body"])
    assert item == {"id": item["id"], "name": "pen", "price": 1.5, "tags": ["blue"]}
    assert json_body(fastapi_page.call(f"/items/{item['id']}")) == item
    missing = fastapi_page.call("/items/999")
    assert (missing["status"], json.loads(missing["body"])) == (404, {"detail": "no item 999"})
    invalid = fastapi_page.call("/items", {"method": "POST", "headers": headers,
                                           "body": json.dumps({"name": "", "price": -1})})
    assert invalid["status"] == 422
    assert [error["loc"] for error in json.loads(invalid["body"])["detail"]] == [["body", "name"], ["body", "price"]]
    assert json_body(fastapi_page.call("/openapi.json"))["info"]["title"] == "wasgi FastAPI test site"


def test_fastapi_dependencies_including_sync_ones_with_teardown(fastapi_page):
    first = json_body(fastapi_page.call("/whoami?token=ann"))
    assert first == {"user": "ANN", "db": "db-session", "closed_sessions": first["closed_sessions"], **INLINE}
    second = json_body(fastapi_page.call("/whoami"))
    assert second["user"] == "ANONYMOUS"
    # The yield dependency's teardown ran after the first request.
    assert second["closed_sessions"] == first["closed_sessions"] + 1


def test_fastapi_ujson_response_writes_what_ujson_writes(fastapi_page):
    response = fastapi_page.call("/ujson")
    assert response["body"] == '{"path":"\\/a\\/b","small":1e-7,"text":"é"}'


def test_fastapi_form_fields(fastapi_page):
    r = fastapi_page.call("/login", {"method": "POST", "body": "username=ann&remember=true",
                                     "headers": {"content-type": "application/x-www-form-urlencoded"}})
    assert json_body(r) == {"username": "ann", "remember": True}
    assert fastapi_page.call("/login", {"method": "POST", "body": ""})["status"] == 422


def test_fastapi_upload_large_enough_to_spill_to_a_temporary_file(fastapi_page):
    # Over 1 MB, python-multipart writes to a temporary file and Starlette
    # reads it back through the threadpool.
    result = fastapi_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const form = new FormData();
        const bytes = new Uint8Array(1536 * 1024).map((_, i) => i % 251);
        form.append('file', new Blob([bytes], {type: 'application/octet-stream'}), 'data.bin');
        form.append('note', 'big');
        const r = await app.fetch('/upload', {method: 'POST', body: form});
        return {status: r.status, body: await r.text()};
    }""")
    assert json_body(result) == {"filename": "data.bin", "size": 1536 * 1024,
                                 "content_type": "application/octet-stream", "note": "big"}


# Django


def test_django_sync_views_read_and_write_sqlite_through_the_orm(django_page):
    before = json_body(django_page.call("/notes/"))["notes"]
    assert before[0] == "first note"  # created at import, after migrate
    created = django_page.call("/notes/", {"method": "POST", "body": json.dumps({"text": "from the browser"})})
    assert created["status"] == 201
    after = json_body(django_page.call("/notes/"))["notes"]
    assert after == [*before, "from the browser"]


def test_django_through_wsgi_reads_and_writes_through_the_orm(browser, sites):
    # Its sync code runs with no event loop running, or the ORM would refuse (SynchronousOnlyOperation).
    booted = boot_page(browser, sites.url("tests/e2e/apps/django_site/wsgi_app.py:application", "django-wsgi"))
    try:
        assert json_body(booted.call("/notes/"))["notes"] == ["first note"]
        created = booted.call("/notes/", {"method": "POST", "body": json.dumps({"text": "over WSGI"})})
        assert created["status"] == 201
        assert json_body(booted.call("/notes/"))["notes"] == ["first note", "over WSGI"]
    finally:
        booted.page.context.close()


def test_django_concurrent_transactions_stay_apart(django_page):
    # Each view sleeps inside transaction.atomic(); while it is suspended the
    # others arrive. Django's sync code shares one database connection (one
    # "thread"), so their sync parts must take turns, as in asgiref's thread:
    # interleaved, their transactions would mix (nested in one another, one's
    # commit or rollback applying to the others' writes).
    results = django_page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const add = (text, abandon) => app.fetch('/notes/slowly/',
            {method: 'POST', body: JSON.stringify({text, abandon})}).then((r) => r.status);
        return Promise.all([add('first', false), add('abandoned', true), add('third', false)]);
    }""")
    assert results == [201, 409, 201]
    notes = json_body(django_page.call("/notes/"))["notes"]
    assert notes[-2:] == ["first (kept)", "third (kept)"]
    assert "abandoned" not in notes


def test_django_sync_code_runs_as_in_a_worker_thread(django_page):
    r = django_page.call("/where/")
    assert json_body(r) == {"thread": "MainThread", "loop_running_in_view": False, "loop_running_in_middleware": False,
                            "database": "sqlite", "database_file": "/app/db.sqlite3"}
    # The sync-only middleware ran: Django bridged it to the async handler with async_to_sync.
    assert r["headers"]["x-sync-middleware"] == "ran"


def test_django_async_to_sync_and_async_orm(django_page):
    count = len(json_body(django_page.call("/notes/"))["notes"])
    assert json_body(django_page.call("/bridge/")) == {"count_plus_100": count + 100}
    body = json_body(django_page.call("/async-orm/"))
    assert body["count"] == body["to_thread_count"] == count
    assert body["texts"][0] == "first note"


def test_django_scrypt_and_pbkdf2_hashers(django_page):
    assert json_body(django_page.call("/hashers/")) == {"scrypt": [True, False], "pbkdf2_sha256": [True, False]}


def test_django_admin_login(django_page):
    page = django_page.call("/admin/login/?next=/admin/")
    assert page["status"] == 200
    assert "<title>Log in | Django site admin</title>" in page["body"]
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page["body"]).group(1)

    def log_in(password: str) -> dict:
        form = f"csrfmiddlewaretoken={token}&username=admin&password={password}&next=/admin/"
        # The cookie jar of App.fetch sends the csrftoken cookie the login page
        # set; a cookie header given here is dropped by Request (a forbidden header).
        return django_page.call("/admin/login/?next=/admin/", {
            "method": "POST", "body": form,
            "headers": {"content-type": "application/x-www-form-urlencoded", "cookie": f"csrftoken={token}"},
        })

    wrong = log_in("not-the-password")
    assert wrong["status"] == 200
    assert "Please enter the correct username and password" in wrong["body"]
    right = log_in("wasgi-admin-password")
    assert right["status"] == 200, right["body"][:2000]
    assert right["redirected"] and right["url"].endswith("/admin/")
    assert "Site administration" in right["body"]
    assert "Notes" in right["body"]


# Flask: a WSGI app, served as Uvicorn's --interface wsgi serves it (inline here, no threads)


def test_flask_pages_forms_and_redirects(flask_page):
    index = flask_page.call("/")
    assert index["status"] == 200 and 'href="/page/2"' in index["body"]
    echoed = json_body(flask_page.call("/echo?x=1", {"method": "POST", "body": "name=Ada&lang=py",
                                                      "headers": {"content-type": "application/x-www-form-urlencoded"}}))
    assert echoed == {"form": {"name": "Ada", "lang": "py"}, "args": {"x": "1"}, "script_root": "", "path": "/echo"}
    followed = flask_page.call("/go")
    assert followed["redirected"] and followed["body"] == "<h1>Page 7</h1>"
    assert flask_page.call("/nowhere")["status"] == 404
    assert any("as a WSGI app (Uvicorn's --interface wsgi)" in line for line in flask_page.console), flask_page.console


def test_flask_session_cookie_and_streaming(flask_page):
    assert [json_body(flask_page.call("/visit", {"method": "POST"}))["visits"] for _ in range(3)] == [1, 2, 3]
    streamed = flask_page.call("/stream")
    assert streamed["headers"]["content-type"].startswith("text/plain") and streamed["body"] == "line 0\nline 1\nline 2\n"


def test_flask_werkzeug_password_hashes(flask_page):
    r = flask_page.call("/password", {"method": "POST", "body": "password=s3cret",
                                      "headers": {"content-type": "application/x-www-form-urlencoded"}})
    assert json_body(r) == [{"method": "scrypt:32768:8:1", "right": True, "wrong": False},
                            {"method": "pbkdf2:sha256:1000000", "right": True, "wrong": False}]


def test_flask_sync_code_takes_turns_and_a_slow_stream_does_not_hold_the_app(flask_page):
    # time.sleep suspends a view's stack; another request must not enter the app meanwhile.
    flask_page.page.evaluate("Promise.all(['a', 'b'].map((n) => window.call('/slow/' + n)))")
    assert json_body(flask_page.call("/events")) == ["start a", "end a", "start b", "end b"]
    # A stream whose items each sleep 0.1 s: a request made meanwhile finishes before it does.
    order = flask_page.page.evaluate("""async () => {
      const app = await window.wasgiReady;
      const order = [];
      const reader = (await app.fetch("/ticks")).body.getReader();
      await reader.read();
      const page = app.fetch("/page/1").then((r) => r.text()).then(() => order.push("page"));
      while (!(await reader.read()).done);
      order.push("ticks");
      await page;
      return order;
    }""")
    assert order == ["page", "ticks"]


def test_flask_static_file_and_a_conditional_request(flask_page):
    # send_file streams the file through the WSGI iterable (wasgi offers no wsgi.file_wrapper).
    static = flask_page.call("/static/big.txt")
    assert static["status"] == 200 and len(static["body"]) == 2000 * 12 == int(static["headers"]["content-length"])
    assert static["body"].startswith("line 000000\n") and static["body"].endswith("line 001999\n")
    again = flask_page.call("/static/big.txt", {"headers": {"if-none-match": static["headers"]["etag"]}})
    assert (again["status"], again["body"]) == (304, "")


def test_flask_under_a_sub_path(browser, sites):
    # SCRIPT_NAME is the site's path, so url_for stays inside the site.
    booted = boot_page(browser, sites.url_under_path("tests/e2e/apps/flask_site/app.py:app", "flask-sub", "repo"))
    try:
        assert 'href="/repo/page/2"' in booted.call("/")["body"]
        echoed = json_body(booted.call("/echo", {"method": "POST"}))
        assert (echoed["script_root"], echoed["path"]) == ("/repo", "/echo")
    finally:
        booted.page.context.close()


# Quart: Flask's API on ASGI. It imports Hypercorn, which imports multiprocessing.synchronize:
# without wasgi's stand-in for it, importing the app fails in Pyodide.


def test_quart_pages_forms_flash_session_and_json(quart_page):
    assert json_body(quart_page.call("/api?x=1")) == {"started": ["before_serving"], "args": {"x": "1"}, "root_path": ""}
    added = quart_page.call("/notes", {"method": "POST", "body": "text=hello",
                                        "headers": {"content-type": "application/x-www-form-urlencoded"}})
    assert added["redirected"] and '<p class="flash">Added hello</p>' in added["body"] and "<li>hello</li>" in added["body"]
    assert 'action="/notes"' in added["body"]
    assert [json_body(quart_page.call("/visit", {"method": "POST"}))["visits"] for _ in range(2)] == [1, 2]


def test_quart_websocket(quart_page):
    replies = quart_page.page.evaluate("""async () => {
      const app = await window.wasgiReady;
      const ws = app.websocket("/ws");
      const replies = [];
      await new Promise((resolve) => { ws.onopen = resolve; });
      for (const text of ["a", "b"]) {
        const reply = new Promise((resolve) => { ws.onmessage = (event) => resolve(event.data); });
        ws.send(text);
        replies.push(await reply);
      }
      ws.close(1000);
      return replies;
    }""")
    assert replies == ["echo a", "echo b"]


# Litestar: its default logging config hands records to a QueueListener's thread.


def test_litestar_with_its_default_logging_validates_and_logs(litestar_page):
    added = litestar_page.call("/notes", {"method": "POST", "body": '{"text": "hi", "stars": 2}',
                                          "headers": {"content-type": "application/json"}})
    assert added["status"] == 201 and json.loads(added["body"]) == {"text": "hi", "stars": 2}
    invalid = litestar_page.call("/notes", {"method": "POST", "body": '{"stars": "many"}',
                                            "headers": {"content-type": "application/json"}})
    assert invalid["status"] == 400
    assert json_body(litestar_page.call("/notes")) == [{"text": "hi", "stars": 2}]
    # The record went through the queue to Litestar's console handler, at once.
    assert any("added note 'hi'" in line for line in litestar_page.console), litestar_page.console


# SQLAlchemy's async ORM on aiosqlite (FastAPI)


def test_sqlalchemy_async_orm_on_aiosqlite_reads_and_writes(sqlalchemy_page):
    # greenlet has no Pyodide wheel and aiosqlite's thread cannot start: the shims stand in for both.
    for name, title in (("Le Guin", "The Dispossessed"), ("Le Guin", "Lathe of Heaven"), ("Banks", "Excession")):
        assert json_body(sqlalchemy_page.call(f"/authors/{name}/books/{title}", {"method": "POST"})) == {"added": title}
    assert json_body(sqlalchemy_page.call("/authors")) == {
        "Banks": ["Excession"], "Le Guin": ["Lathe of Heaven", "The Dispossessed"]}
    assert json_body(sqlalchemy_page.call("/many", {"method": "POST"})) == {"volumes": 10}
    assert json_body(sqlalchemy_page.call("/rollback", {"method": "POST"})) == {"ghosts": 0}
    # A lazy load where nothing awaits fails as it does on a server; awaitable_attrs works.
    assert json_body(sqlalchemy_page.call("/lazy")) == {"plain": "MissingGreenlet", "awaited": True}
    assert json_body(sqlalchemy_page.call("/raw")) == {
        "rows": ["Excession", "Lathe of Heaven"], "failure": "no such table: no_such_table"}


# Shiny for Python


def test_shiny_inputs_reach_the_server_and_reactive_outputs_come_back(browser, sites):
    # With no flags: libsass (for themes) is left out unasked, and orjson, which Shiny
    # imports, is wasgi's stand-in.
    site = sites.url("tests/e2e/apps/shiny_site/app.py:app", "shiny")
    tab = Browsing(browser.new_context().new_page()).open(site)
    try:
        doubled, greeting, clicks = (tab.frame.locator(f"#{name}") for name in ("doubled", "greeting", "clicks"))
        doubled.filter(has_text="n*2 is 40").wait_for()
        assert greeting.inner_text() == "Hello, world!" and clicks.inner_text() == "added 0"
        tab.frame.locator("#name").fill("wasgi")
        greeting.filter(has_text="Hello, wasgi!").wait_for()
        tab.frame.locator("#n").evaluate("(el) => Shiny.setInputValue('n', 42)")
        doubled.filter(has_text="n*2 is 84").wait_for()
        for _ in range(2):
            tab.frame.locator("#add").click()
        clicks.filter(has_text="added 2").wait_for()
        assert tab.frame.locator("#items-list li").all_inner_texts() == ["item 0", "item 1"]
    finally:
        tab.page.context.close()


# Plotly Dash (Flask, through WSGI)


def test_dash_callbacks_chain_and_read_state(browser, sites):
    site = sites.url("tests/e2e/apps/dash_site/app.py:server", "dash")
    tab = Browsing(browser.new_context().new_page()).open(site)
    try:
        greeting, length, counted = (tab.frame.locator(f"#{name}") for name in ("greeting", "length", "counted"))
        greeting.filter(has_text="Hello, world!").wait_for()
        length.filter(has_text="13 characters").wait_for()  # the second callback, fed by the first
        tab.frame.locator("#name").fill("wasgi")
        tab.frame.locator("#name").fill("Dash in a browser")
        length.filter(has_text="25 characters").wait_for()
        tab.frame.locator("#count").click()
        counted.filter(has_text="Dash in a browser counted 1").wait_for()
    finally:
        tab.page.context.close()


# Sanic


def test_sanic_routes_middleware_json_and_websocket(browser, sites):
    page = boot_page(browser, sites.url("tests/e2e/apps/sanic_site/app.py:app", "sanic"))
    try:
        found = page.call("/items/7?colour=red")
        assert found["status"] == 200 and found["headers"]["x-middleware"] == "1"
        assert json.loads(found["body"]) == {"id": 7, "args": {"colour": ["red"]}, "path": "/items/7"}
        # Byte for byte as Sanic writes on a server, where ujson is installed beside it (the
        # stand-in here): its floats, and its compact error pages (Sanic's json fallback has
        # "1.5e-07", and spaces in error pages).
        echoed = page.call("/echo-json", {"method": "POST", "body": '{"url": "a/b", "n": [1.5e-7]}'})
        assert echoed["body"] == '{"got":{"url":"a/b","n":[1.5e-7]}}'
        missing = page.call("/items/seven", {"headers": {"accept": "application/json"}})
        assert missing["status"] == 404 and missing["body"].startswith('{"description":"Not Found","status":404,')
        blocked = page.call("/blocked")
        assert (blocked["status"], blocked["body"]) == (403, "blocked by middleware")
        assert page.page.evaluate("""async () => {
            const ws = (await window.wasgiReady).websocket("/echo");
            const reply = new Promise((resolve) => {
                ws.addEventListener("message", (e) => resolve(e.data), {once: true});
                ws.addEventListener("close", (e) => resolve(`closed ${e.code}`));
            });
            ws.addEventListener("open", () => ws.send("hi"));
            return reply;
        }""") == "echo:hi"
    finally:
        page.page.context.close()


# python-socketio (Engine.IO's protocol written out: no Socket.IO client is served here)


def test_socketio_events_and_acks_over_polling_and_websocket(browser, sites):
    page = boot_page(browser, sites.url("tests/e2e/apps/socketio_site/app.py:app", "socketio"))
    try:
        polling = page.page.evaluate("""async () => {
            const app = await window.wasgiReady;
            const url = (sid) => "/socket.io/?EIO=4&transport=polling" + (sid ? "&sid=" + sid : "");
            const get = async (sid) => (await app.fetch(url(sid))).text();
            const post = async (sid, body) => (await app.fetch(url(sid), {method: "POST", body})).text();
            const open = await get();
            const sid = JSON.parse(open.slice(1)).sid;
            const seen = [await post(sid, "40"), (await get(sid)).slice(0, 2)];
            seen.push(await post(sid, '421["ping",1]'));
            const packets = [];  // the event and its ack, in one long poll or two (handlers run as tasks)
            while (packets.length < 2) packets.push(...(await get(sid)).split("\\x1e"));
            return [...seen, packets.sort()];
        }""")
        # "40" is the Socket.IO connect; "43" + id is the ack, "42" the event (packets joined by \x1e).
        assert polling[:3] == ["OK", "40", "OK"]
        assert polling[3] == ['42["pong",{"got":1}]', '431["ack 1"]']
        websocket = page.page.evaluate("""async () => {
            const ws = (await window.wasgiReady).websocket("/socket.io/?EIO=4&transport=websocket");
            const seen = [];
            return new Promise((resolve) => {
                ws.addEventListener("message", (e) => {
                    seen.push(e.data.slice(0, 2) === "0{" || e.data.slice(0, 3) === "40{" ? e.data.slice(0, 2) : e.data);
                    if (e.data.startsWith("0{")) ws.send("40");
                    else if (e.data.startsWith("40{")) ws.send('422["ping",2]');
                    if (seen.length === 4) { ws.close(); resolve(seen); }
                });
                ws.addEventListener("close", () => resolve(seen));
            });
        }""")
        assert websocket[:2] == ["0{", "40"]
        assert sorted(websocket[2:]) == ['42["pong",{"got":2}]', '432["ack 2"]']
    finally:
        page.page.context.close()


# Django Channels


def test_django_channels_sync_consumers_broadcast_to_a_group(browser, sites):
    page = boot_page(browser, sites.url("tests/e2e/apps/channels_site/app.py:application", "channels"))
    try:
        assert page.call("/")["body"] == "django http"
        heard = page.page.evaluate("""async () => {
            const app = await window.wasgiReady;
            const sockets = [app.websocket("/chat/a/"), app.websocket("/chat/b/")];
            const heard = [];
            const done = new Promise((resolve) => {
                for (const ws of sockets) ws.addEventListener("message", (e) => {
                    heard.push(e.data);
                    if (heard.length === 2) resolve(heard.sort());
                });
                for (const ws of sockets) ws.addEventListener("close", (e) => resolve([`closed ${e.code}`]));
            });
            await Promise.all(sockets.map((ws) => new Promise((opened) => ws.addEventListener("open", opened))));
            sockets[0].send("hello");
            return done;
        }""")
        assert heard == ["/chat/a/ heard hello", "/chat/b/ heard hello"]
    finally:
        page.page.context.close()
