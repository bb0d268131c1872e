"""Memory snapshots: made in the background after a first visit, restored on
the next, with the same behaviour as a normal boot."""

SNAPSHOT_APP = "tests/e2e/apps/snapshot_app/app.py:app"


def boot(page, url):
    page.goto(url)
    page.wait_for_function("window.wasgiReady !== undefined")
    return page.evaluate("""window.wasgiReady.then(async (app) => {
        const get = async (p) => (await app.fetch(p)).json();
        return {from: app.bootedFrom, made: app.snapshotMade ? await app.snapshotMade : null,
                state: await get('/state'), bridge: await get('/bridge')};
    })""")


def test_second_visit_boots_from_a_snapshot_made_after_the_first(browser, sites):
    url = sites.url(SNAPSHOT_APP, "snapshot")
    context = browser.new_context()
    page = context.new_page()
    first = boot(page, url)
    assert first["from"] == "boot"
    assert first["made"]["ok"] is True and first["made"]["failed"] == []
    second = boot(page, url)
    third = boot(page, url)
    for visit in (second, third):
        assert visit["from"] == "snapshot"
        assert visit["state"]["preimported"] is True
        assert visit["bridge"] == {"doubled": 42}  # run_sync still works after a restore
    # Each restore reseeds: visitors do not share "random" numbers.
    assert len({first["state"]["random"], second["state"]["random"], third["state"]["random"]}) == 3
    context.close()


# Pages that embed the app: the first asks for /lazy the moment the app has started; the
# second reports, before any other request, whether the module /lazy imports is in memory.
LAZY_FIRST_PAGE = """<!doctype html>
<script type="module">
  import { start } from "./_wasgi/wasgi.mjs";
  window.result = start().then(async (app) => {
    const lazy = app.fetch("/lazy");
    const made = await app.snapshotMade;
    await (await lazy).json();
    return made;
  });
</script>
"""
STATE_PAGE = """<!doctype html>
<script type="module">
  import { start } from "./_wasgi/wasgi.mjs";
  window.result = start().then(async (app) => ({from: app.bootedFrom, state: await (await app.fetch("/state")).json()}));
</script>
"""


def test_what_a_slow_first_request_imports_and_compiles_is_in_the_snapshot(browser, sites):
    # The page turns idle while /lazy still waits to import a module; the snapshot's plan
    # waits for the requests in flight, so the next visit has that module in memory, and
    # the template /lazy compiles.
    url = sites.url(SNAPSHOT_APP, "snapshot-lazy")
    (sites.directory(url) / "lazy-first.html").write_text(LAZY_FIRST_PAGE)
    (sites.directory(url) / "state.html").write_text(STATE_PAGE)
    context = browser.new_context()
    page = context.new_page()
    for name in ("lazy-first.html", "state.html"):
        page.goto(url + name)
        page.wait_for_function("window.result !== undefined")
        result = page.evaluate("window.result")
    assert result["from"] == "snapshot" and result["state"]["lazy_in_memory"] is True
    # The template /lazy rendered was compiled on the first visit only: this one loaded the code.
    assert result["state"]["greeting"] == "Hello Ada! " and result["state"]["templates_compiled"] == 0
    context.close()


def test_a_damaged_snapshot_falls_back_to_a_normal_boot(browser, sites):
    url = sites.url(SNAPSHOT_APP, "snapshot")
    context = browser.new_context()
    page = context.new_page()
    assert boot(page, url)["made"]["ok"] is True
    # Spoil every cached snapshot of this browser context.
    page.evaluate("""caches.open('wasgi-snapshots').then(async (cache) => {
        for (const key of await cache.keys()) await cache.put(key, new Response(new Uint8Array(1024)));
    })""")
    console = []
    page.on("console", lambda m: console.append(m.text))
    fallback = boot(page, url)
    assert fallback["from"] == "boot" and fallback["bridge"] == {"doubled": 42}
    assert any("snapshot could not be used" in line for line in console)
    context.close()


def test_an_app_whose_dependencies_load_compiled_extensions_restores_and_works(browser, sites):
    # FastAPI needs pydantic_core, a compiled extension. Pyodide restores
    # memory, not loaded libraries: the worker preloads the library at the
    # same addresses in both runs (worker/dynlibs.mjs), so pydantic is in the
    # snapshot and works after a restore.
    url = sites.url("examples/fastapi/app.py:app", "example-fastapi")
    context = browser.new_context()
    page = context.new_page()
    page.goto(url)
    made = page.evaluate("window.wasgiReady.then((app) => app.snapshotMade)")
    assert made == {"ok": True, "failed": []}
    page.goto(url)
    result = page.evaluate("""window.wasgiReady.then(async (app) => {
        const add = await app.fetch('/api/todos', {method: 'POST', headers: {'content-type': 'application/json'},
                                                   body: JSON.stringify({title: 'after a restore'})});
        const invalid = await app.fetch('/api/todos', {method: 'POST', headers: {'content-type': 'application/json'},
                                                       body: '{}'});
        return {from: app.bootedFrom, added: add.status, invalid: invalid.status,
                titles: (await (await app.fetch('/api/todos')).json()).map((t) => t.title)};
    })""")
    assert result["from"] == "snapshot"
    assert (result["added"], result["invalid"]) == (201, 422)  # pydantic validates, both ways
    assert "after a restore" in result["titles"]
    context.close()
