"""Data in, data kept: URL parameters, failures named, lazy range reads,
local files, persistence across reloads and restarts, reset, export, two tabs."""

from __future__ import annotations

import os
import sqlite3
from urllib.parse import urlencode

import pytest

from data_files import make_db

DATA_APP = "tests/e2e/apps/data_app/app.py:app"


@pytest.fixture(scope="module")
def site(sites):
    return sites.url(DATA_APP, "data")


class Tab:
    def __init__(self, page):
        self.page = page
        self.console: list[str] = []
        page.on("console", lambda m: self.console.append(m.text))

    def open(self, url: str) -> "Tab":
        self.page.goto(url)
        self.page.wait_for_function("window.wasgiReady !== undefined")
        return self

    def ready(self):
        return self.page.evaluate("window.wasgiReady.then(() => true)")

    def error(self) -> dict:
        error = self.page.evaluate("window.wasgiReady.then(() => null, (e) => ({kind: e.kind, message: e.message}))")
        self.page.wait_for_selector("#wasgi-error:not([hidden])")
        error["shown"] = self.page.inner_text("#wasgi-error")
        return error

    def get(self, path: str):
        return self.page.evaluate("(p) => window.wasgiReady.then((a) => a.fetch(p)).then((r) => r.json())", path)

    def post(self, path: str, body: dict) -> int:
        return self.page.evaluate(
            """([p, b]) => window.wasgiReady.then((a) => a.fetch(p, {method: 'POST', body: JSON.stringify(b)}))
                 .then((r) => r.status)""", [path, body])


@pytest.fixture
def tab(browser):
    context = browser.new_context()
    yield lambda: Tab(context.new_page())
    context.close()


def query(tab, db, sql):
    return tab.get("/query?" + urlencode({"db": db, "sql": sql}))["rows"]


def test_url_csv_json_and_sql_parameters(tab, site, servers):
    base = servers["cors"].url
    params = [("url", base + "small.db"), ("url", base + "second.db"), ("csv", base + "cities.csv"),
              ("json", base + "events.ndjson"), ("sql", "create view old as select city from cities where founded < -100"),
              ("memory", "1")]
    t = tab().open(site + "?" + urlencode(params))
    assert t.ready()
    assert t.page.evaluate("location.search") == ""  # the app never sees the data parameters
    overview = t.get("/")
    assert overview["databases"][:3] == ["small.db", "second.db", "data.db"]
    assert overview["params"]["memory"] == ["1"]
    assert query(t, "small.db", "select name from birds order by name") == [["heron"], ["wren"]]
    assert query(t, "second.db", "select name from birds") == [["owl"]]
    assert query(t, "data.db", "select * from cities") == [["Paris", 2100000, -250], ["Lyon", 500000, -43]]
    assert query(t, "data.db", "select typeof(pop), typeof(founded) from cities limit 1") == [["integer", "integer"]]
    assert query(t, "data.db", "select * from events") == [[1, "start", None], [2, "stop", 12.5]]
    assert query(t, "data.db", "select * from old") == [["Paris"]]


def test_page_parameter_opens_that_page_with_the_data(tab, site, servers):
    t = tab().open(site + "?" + urlencode({"url": servers["cors"].url + "small.db", "page": "/query?db=small.db&sql=select 1"}))
    assert t.ready()
    # Once the page has loaded in the frame, the address bar follows it, spelled as it was given.
    t.page.wait_for_function("(f => f.contentDocument?.readyState === 'complete' && "
                             "f.contentWindow.location.pathname === '/query')(document.querySelector('iframe'))")
    assert t.page.evaluate("location.pathname + location.search") == "/query?db=small.db&sql=select%201"
    t.page.reload()  # the tab remembers its data
    assert t.ready() and t.get("/")["databases"][0] == "small.db"


@pytest.mark.parametrize(
    "server, name, expected",
    [
        ("cors", "missing.db", "HTTP 404"),
        ("nocors", "small.db", "Access-Control-Allow-Origin"),
        ("cors", "notes.txt", "not a SQLite database"),
        ("cors", "page.html", "HTML page"),
    ],
    ids=["404", "no CORS header", "not SQLite", "an HTML error page"],
)
def test_failures_are_named_with_the_fix(tab, site, servers, server, name, expected):
    url = servers[server].url + name
    error = tab().open(site + "?" + urlencode({"url": url})).error()
    assert error["kind"] == "data"
    assert url in error["message"] and expected in error["message"]
    assert "The data could not be loaded" in error["shown"]


def test_network_error_is_named(tab, site):
    url = "http://127.0.0.1:9/nothing.db"  # nothing listens on port 9
    error = tab().open(site + "?" + urlencode({"url": url})).error()
    assert url in error["message"] and "network request failed" in error["message"]


def test_a_failure_leaves_nothing_half_loaded(tab, site, servers):
    base = servers["cors"].url
    t = tab().open(site + "?" + urlencode([("url", base + "small.db"), ("url", base + "missing.db")]))
    assert "missing.db" in t.error()["message"]
    # The same tab, fixed data: only what was asked for now is there.
    t.open(site + "?" + urlencode({"url": base + "second.db"}))
    assert t.ready() and t.get("/")["databases"][0] == "second.db"


def test_a_1_gb_database_opens_after_a_few_mb(tab, site, servers, data_dir):
    server = servers["cors"]
    server.sent.clear()
    t = tab().open(site + "?" + urlencode({"url": server.url + "big.db"}))
    assert t.ready()
    entry = t.get("/")["files"][0]
    assert entry["lazy"] is True and entry["size"] == os.path.getsize(data_dir / "big.db") > 1_000_000_000
    # What a first page shows: the tables, and the first rows of one.
    assert query(t, "big.db", "select name from sqlite_master where type = 'table'") == [["summary"], ["blobs"]]
    assert query(t, "big.db", "select name from summary limit 3") == [["row 0"], ["row 1"], ["row 2"]]
    assert query(t, "big.db", "select max(id) from blobs") == [[1024]]
    assert server.sent["/big.db"] < 8 * 1024 * 1024, server.sent


def test_without_range_support_the_database_is_downloaded_whole_and_the_page_says_so(tab, site, servers):
    server = servers["norange"]
    t = tab().open(site + "?" + urlencode({"url": server.url + "medium.db"}))
    assert t.ready()
    assert t.get("/")["files"][0]["lazy"] is False
    assert query(t, "medium.db", "select count(*) from t") == [[12]]
    assert "does not answer range requests" in t.page.inner_text("#wasgi-data")


def test_install_is_refused_unless_the_site_allows_it(tab, site):
    error = tab().open(site + "?" + urlencode({"install": "humanize"})).error()
    assert "--allow-install" in error["message"]


def test_writes_persist_across_a_reload(tab, site):
    t = tab().open(site)
    assert t.ready()
    assert t.post("/notes", {"text": "kept"}) == 201
    t.page.reload()
    assert t.ready() and t.get("/notes") == ["kept"]


def test_a_reload_as_soon_as_the_status_arrives_keeps_the_write(tab, site):
    # The page has only the status (the body is not read) and reloads at once:
    # the save, slow for 32 MB, must be done by then.
    t = tab().open(site)
    assert t.ready()
    assert t.post("/kept", {"text": "big", "pad": 32 * 1024 * 1024}) == 201
    t.page.reload()
    assert t.ready() and t.get("/kept") == "big"


def test_a_reload_as_soon_as_a_websocket_reply_arrives_keeps_the_write(tab, site):
    # Writes outside HTTP requests used to wait for the two-second safety net.
    t = tab().open(site)
    assert t.ready()
    reply = t.page.evaluate("""async (body) => {
        const ws = (await window.wasgiReady).websocket("/kept");
        const reply = new Promise((resolve) => ws.addEventListener("message", (e) => resolve(e.data), {once: true}));
        ws.addEventListener("open", () => ws.send(JSON.stringify(body)));
        return reply;
    }""", {"text": "from a socket", "pad": 32 * 1024 * 1024})
    assert reply == "ok"
    t.page.reload()
    assert t.ready() and t.get("/kept") == "from a socket"


def test_a_reload_in_the_middle_of_a_stream_keeps_what_was_written_before_the_chunk_it_read(tab, site):
    # Writes made while a response streamed used to be saved only when it completed.
    t = tab().open(site)
    assert t.ready()
    first = t.page.evaluate("""async (body) => {
        const app = await window.wasgiReady;
        const response = await app.fetch("/kept-stream", {method: "POST", body: JSON.stringify(body)});
        const {value} = await response.body.getReader().read();
        return new TextDecoder().decode(value);
    }""", {"text": "while streaming", "pad": 32 * 1024 * 1024})
    assert first == "written\n"
    t.page.reload()
    assert t.ready() and t.get("/kept") == "while streaming"


def stored_names(t: Tab) -> list[str]:
    """The names in the site's own folder of the browser's storage."""
    return t.page.evaluate("""async () => {
        const names = [];
        for await (const site of (await (await navigator.storage.getDirectory()).getDirectoryHandle("wasgi")).values())
            if (site.kind === "directory") for await (const name of site.keys()) names.push(name);
        return names.sort();
    }""")


def test_what_a_save_cut_short_left_is_removed(tab, site):
    t = tab().open(site)
    assert t.ready()
    assert t.post("/kept", {"text": "whole"}) == 201
    assert stored_names(t) == ["kept.txt", "notes.db"]
    # What a reload in the middle of a save leaves: Chromium's swap file for a
    # file being rewritten, and a new file's copy not yet moved into place.
    t.page.evaluate("""async () => {
        for await (const site of (await (await navigator.storage.getDirectory()).getDirectoryHandle("wasgi")).values())
            if (site.kind === "directory") for (const name of ["kept.txt.crswap", "new.json.wasgi-saving"]) {
                const writable = await (await site.getFileHandle(name, {create: true})).createWritable();
                await writable.write('{"half');
                await writable.close();
            }
    }""")
    t.page.reload()
    assert t.ready()
    assert t.get("/stored") == ["kept.txt", "notes.db"]  # the app never sees them
    assert t.get("/kept") == "whole"
    assert stored_names(t) == ["kept.txt", "notes.db"]  # and the first response's save removed them


# The lists of saves in progress beside the sites' folders (worker/whole_saves.mjs) that list something.
LIST_FILES = """async () => {
    const names = [];
    for await (const entry of (await (await navigator.storage.getDirectory()).getDirectoryHandle("wasgi")).values())
        if (entry.name.endsWith(".saving.json") && (await entry.getFile()).size > 0) names.push(entry.name);
    return names;
}"""


def test_a_save_cut_short_after_its_list_is_finished_on_the_next_visit(tab, site):
    # A save stores each file under a temporary name, writes the list of moves and
    # removals beside the site's folder, then makes them: a reload in the middle
    # of the moves leaves the list, and the next visit makes the rest.
    t = tab().open(site)
    assert t.ready()
    assert t.post("/kept", {"text": "before"}) == 201
    t.page.goto(site + "_wasgi/lock.json")  # a page of the site with no app worker, which holds the list open
    t.page.evaluate("""async () => {
        const wasgi = await (await navigator.storage.getDirectory()).getDirectoryHandle("wasgi");
        const write = async (dir, name, text) => {
            const writable = await (await dir.getFileHandle(name, {create: true})).createWritable();
            await writable.write(text);
            await writable.close();
        };
        for await (const site of wasgi.values()) if (site.kind === "directory") {
            await write(site, "gone.txt", "stored before the save removed it");
            await write(site, "kept.txt.wasgi-saving", "after\\n");
            await write(site, "later.txt.wasgi-saving", "later");
            // "moved.txt" was moved into place before the reload: no temporary file is left of it.
            await write(site, "moved.txt", "moved");
            const steps = {moves: ["kept.txt", "moved.txt", "later.txt"], removals: ["gone.txt"]};
            await write(wasgi, `${site.name}.saving.json`, JSON.stringify(steps));
        }
    }""")
    t.open(site)
    assert t.ready()
    assert t.get("/kept") == "after"
    assert t.get("/stored") == ["kept.txt", "later.txt", "moved.txt", "notes.db"]
    assert stored_names(t) == ["kept.txt", "later.txt", "moved.txt", "notes.db"]
    assert t.page.evaluate(LIST_FILES) == []  # and the list is emptied
    assert t.post("/mode", {"one.txt": 0o644, "two.txt": 0o644}) == 200  # a save of two files, with a list
    assert stored_names(t) == ["kept.txt", "later.txt", "moved.txt", "notes.db", "one.txt", "two.txt"]
    assert t.page.evaluate(LIST_FILES) == []


def test_file_modes_are_kept_across_a_reload(tab, site):
    # The browser's storage keeps no modes: files came back 0777.
    t = tab().open(site)
    assert t.ready()
    assert t.post("/mode", {"key.pem": 0o600, "frozen.txt": 0o444, "private/": 0o700}) == 200
    expected = {"frozen.txt": "0o444", "key.pem": "0o600", "private/": "0o700"}
    assert t.get("/mode") == expected
    t.page.reload()
    assert t.ready() and t.get("/mode") == expected
    assert t.post("/mode", {"frozen.txt": 0o644}) == 200  # and a change back is kept too
    t.page.reload()
    assert t.ready() and t.get("/mode") == {**expected, "frozen.txt": "0o644"}


def test_a_folder_locked_with_files_in_it_stops_no_save(tab, site):
    # Emscripten lists a folder made 0o000 but will not look inside it: Pyodide's sync
    # failed there, and every save after it, until the folder's mode was given back.
    t = tab().open(site)
    assert t.ready()
    assert t.post("/mode", {"vault/": 0o700, "vault/secret.txt": 0o600}) == 200
    assert t.post("/mode", {"vault/": 0o000}) == 200
    assert t.post("/kept", {"text": "written while locked"}) == 201
    t.page.reload()
    assert t.ready() and t.get("/kept") == "written while locked"
    assert t.get("/mode")["vault/"] == "0o0"  # still locked after the reload
    assert t.post("/mode", {"vault/": 0o700}) == 200
    modes = t.get("/mode")
    assert (modes["vault/"], modes["vault/secret.txt"]) == ("0o700", "0o600")  # what it held came back too


def test_a_symbolic_link_is_refused_and_later_writes_are_still_kept(tab, site):
    # Pyodide's sync cannot store a link: the save that met one, and every one after, failed.
    t = tab().open(site)
    assert t.ready()
    assert t.page.evaluate("window.wasgiReady.then((a) => a.fetch('/link', {method: 'POST'})).then((r) => r.json())") \
        == "PermissionError"
    assert t.post("/kept", {"text": "after the link"}) == 201
    t.page.reload()
    assert t.ready() and t.get("/kept") == "after the link"


def test_a_file_rewritten_with_an_old_mtime_is_saved_too(tab, site):
    # Pyodide's sync stores a file only if its mtime is later than the stored copy's:
    # a file with an old one (or changed while a save was storing it) looked unchanged.
    t = tab().open(site)
    for text in ("first", "second"):
        assert t.post("/kept", {"text": text, "old_mtime": True}) == 201
        t.page.reload()
        assert t.ready() and t.get("/kept") == text


def test_a_save_the_browser_refuses_fails_the_request_instead_of_answering_as_kept(tab, site):
    t = tab().open(site)
    assert t.ready()
    assert t.post("/kept", {"text": "saved"}) == 201
    # The storage goes away under the running app (as when the person clears site data):
    # the next save fails in the browser, for real.
    t.page.evaluate("navigator.storage.getDirectory().then((root) => root.removeEntry('wasgi', {recursive: true}))")
    assert t.post("/kept", {"text": "not saved"}) == 500

    def named() -> bool:
        return any("saving /persist failed" in line and "not kept" in line for line in t.console)

    for _ in range(50):  # the worker's log reaches the console a moment after the response
        if named():
            break
        t.page.wait_for_timeout(100)
    assert named(), t.console
    assert t.get("/kept") == "not saved"  # a request that writes nothing is served as usual
    # Closing tries the failed save again (nothing changed since) and says that it failed.
    t.page.evaluate("window.wasgiReady.then((app) => app.close())")
    assert any("wasgi: closing the app: saving /persist failed" in line for line in t.console), t.console


def test_what_a_failing_shutdown_wrote_is_kept_and_the_failure_named(tab, site):
    t = tab().open(site)
    assert t.ready()
    assert t.post("/at-shutdown", {"text": "written at shutdown", "fail": True}) == 201
    t.page.evaluate("window.wasgiReady.then((app) => app.close())")
    # One line that names the cause, not a traceback.
    assert "wasgi: closing the app: lifespan shutdown failed: RuntimeError: shutdown failed on purpose" in t.console
    t.page.reload()
    assert t.ready() and t.get("/kept") == "written at shutdown"


def test_writes_persist_across_a_browser_restart(browser, site, tmp_path):
    from chromium import launch_options

    profile = tmp_path / "profile"  # the browser's own profile folder, kept between the two runs
    for attempt, expected in ((1, []), (2, ["survives a restart"])):
        context = browser.browser_type.launch_persistent_context(str(profile), **launch_options())
        t = Tab(context.new_page()).open(site)
        assert t.ready()
        assert t.get("/notes") == expected
        if attempt == 1:
            assert t.post("/notes", {"text": "survives a restart"}) == 201
        context.close()


@pytest.fixture(scope="module")
def no_opfs_browser(browser):
    """A Chromium with no origin private file system, as some browsers and modes are:
    the persistent folder falls back to IndexedDB (Emscripten's IDBFS)."""
    from chromium import launch_options

    options = launch_options()
    options["args"] = [*options["args"], "--disable-blink-features=FileSystemAccessOriginPrivate"]
    other = browser.browser_type.launch(**options)
    yield other
    other.close()


def test_without_opfs_writes_modes_and_locked_folders_are_kept_in_indexeddb(no_opfs_browser, site):
    context = no_opfs_browser.new_context()
    try:
        t = Tab(context.new_page()).open(site)
        assert t.ready()
        assert t.page.evaluate("window.wasgiReady.then((a) => a.persistence.backend)") == "indexeddb"
        assert t.post("/notes", {"text": "kept in IndexedDB"}) == 201
        assert t.post("/mode", {"vault/": 0o700, "vault/secret.txt": 0o600, "key.pem": 0o600}) == 200
        assert t.post("/mode", {"vault/": 0o000}) == 200
        # Saved before the status, as with OPFS: a reload at once loses nothing.
        assert t.post("/kept", {"text": "written while locked"}) == 201
        t.page.reload()
        assert t.ready() and t.get("/notes") == ["kept in IndexedDB"]
        assert t.get("/kept") == "written while locked"
        assert t.post("/mode", {"vault/": 0o700}) == 200
        modes = t.get("/mode")
        assert (modes["vault/"], modes["vault/secret.txt"], modes["key.pem"]) == ("0o700", "0o600", "0o600")
    finally:
        context.close()


def test_open_a_local_database_export_it_and_reset(tab, site, tmp_path):
    local = tmp_path / "mine.db"
    make_db(local, [("kestrel", 0.7)])
    t = tab().open(site)
    assert t.ready()
    t.page.click("#wasgi-data-toggle")
    t.page.set_input_files("#wasgi-data-file", str(local))
    t.page.wait_for_selector("#wasgi-data-message:has-text('Opened mine.db')")
    assert "mine.db" in t.get("/stored")
    assert query(t, "mine.db", "select name from birds") == [["kestrel"]]
    t.page.reload()  # stored: still there
    assert t.ready() and query(t, "mine.db", "select name from birds") == [["kestrel"]]

    t.page.click("#wasgi-data-toggle")
    t.page.wait_for_selector("#wasgi-data-files li:has-text('mine.db') button")
    with t.page.expect_download() as info:
        t.page.click("#wasgi-data-files li:has-text('mine.db') button")
    exported = sqlite3.connect(info.value.path())
    assert exported.execute("select name from birds").fetchall() == [("kestrel",)]

    t.page.once("dialog", lambda dialog: dialog.accept())
    with t.page.expect_navigation():  # reset reloads the page once the storage is cleared
        t.page.click("#wasgi-data-reset")
    t.page.wait_for_function("window.wasgiReady !== undefined")
    assert t.ready() and "mine.db" not in t.get("/stored")


def test_two_tabs_one_writer(browser, site):
    context = browser.new_context()
    first = Tab(context.new_page()).open(site)
    assert first.ready()
    assert first.post("/notes", {"text": "from the first tab"}) == 201
    second = Tab(context.new_page()).open(site)
    assert second.ready()
    assert "from the first tab" in second.get("/notes")  # it sees the stored data
    assert second.post("/notes", {"text": "from the second tab"}) == 409  # but cannot write it
    assert "Read-only here" in second.page.inner_text("#wasgi-data")
    first.page.close()
    second.page.wait_for_selector("#wasgi-data:has-text('The other tab closed')")
    second.page.reload()
    assert second.ready() and second.post("/notes", {"text": "now the writer"}) == 201
    context.close()
