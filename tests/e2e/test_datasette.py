"""The Datasette example: Datasette Lite's parameters, and what it lacks
(writes over POST that persist, plugin static assets, downloads, huge
databases over range requests, plugins installed from a link)."""

from __future__ import annotations

import io
import zipfile
from urllib.parse import urlencode

import pytest

from booted import Browsing

DATASETTE = "examples/datasette/app.py:app"

PLUGIN = '''
from datasette import hookimpl
from datasette.utils.asgi import Response

@hookimpl
def register_routes():
    async def hello():
        return Response.text("hello from an installed plugin")
    return [(r"^/-/hello-plugin$", hello)]
'''


def plugin_wheel() -> bytes:
    """A tiny Datasette plugin, as a wheel: what ?install= would fetch from an index."""
    buffer = io.BytesIO()
    dist = "datasette_hello-0.1.dist-info"
    with zipfile.ZipFile(buffer, "w") as wheel:
        wheel.writestr("datasette_hello.py", PLUGIN)
        wheel.writestr(f"{dist}/METADATA", "Metadata-Version: 2.1\nName: datasette-hello\nVersion: 0.1\n")
        wheel.writestr(f"{dist}/WHEEL", "Wheel-Version: 1.0\nGenerator: test\nRoot-Is-Purelib: true\nTag: py3-none-any\n")
        wheel.writestr(f"{dist}/entry_points.txt", "[datasette]\nhello = datasette_hello\n")
        wheel.writestr(f"{dist}/RECORD", "")
    return buffer.getvalue()


@pytest.fixture(scope="module")
def site(sites, data_dir):
    (data_dir / "datasette_hello-0.1-py3-none-any.whl").write_bytes(plugin_wheel())
    (data_dir / "meta.yaml").write_text("title: Birds of the test\ndescription: Loaded from ?metadata=\n")
    return sites.url(DATASETTE, "datasette", allow_install=True)


@pytest.fixture(scope="module")
def context(browser):
    context = browser.new_context()
    yield context
    context.close()


def open_site(context, url):
    return Browsing(context.new_page()).open(url)


def test_datasette_lite_parameters(context, site, servers):
    base = servers["cors"].url
    params = [("url", base + "small.db"), ("csv", base + "cities.csv"), ("json", base + "events.ndjson"),
              ("sql", "create view big_cities as select * from cities where pop > 1000000"),
              ("metadata", base + "meta.yaml")]  # fmt: skip
    tab = open_site(context, site + "?" + urlencode(params))
    tab.frame.locator("h1", has_text="Birds of the test").wait_for()
    for table in ("birds", "cities", "events", "big_cities"):
        tab.frame.locator(f"a:text-is('{table}')").first.wait_for()
    # Datasette's own ?sql= (deeper in the site) reaches Datasette.
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "data?sql=select+city+from+big_cities")
    tab.frame.locator("td", has_text="Paris").wait_for()
    tab.page.close()


def test_writes_over_post_persist_and_plugin_css_loads(context, site):
    tab = open_site(context, site + "-/edit")
    tab.frame.locator(".edit-note input[name=note]").fill("seen a heron")
    tab.frame.locator(".edit-note button").click()
    tab.frame.locator("td", has_text="seen a heron").wait_for()
    assert tab.path().endswith("/notes")
    tab.page.reload()
    tab.page.evaluate("window.wasgiReady")
    tab.frame.locator("td", has_text="seen a heron").wait_for()  # kept across the reload
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "-/edit")
    color = tab.frame.locator(".edit-intro").evaluate("(p) => getComputedStyle(p).color")
    assert color == "rgb(40, 90, 60)"  # the plugin's own stylesheet, served by the app
    tab.page.close()


def test_under_a_sub_path(browser, sites, servers):
    # As a GitHub Pages project site: every URL Datasette makes (links, its own
    # stylesheet, a plugin's, redirects) must stay under /repo/. Before base_url
    # followed the site's path, Datasette redirected /repo/ to /repo forever.
    url = sites.url_under_path(DATASETTE, "datasette-sub", "repo")
    context = browser.new_context()
    try:
        tab = open_site(context, url + "?" + urlencode({"url": servers["cors"].url + "small.db"}))
        tab.frame.locator("a:text-is('birds')").first.click()  # a link Datasette made
        tab.frame.locator("td", has_text="heron").wait_for()
        assert tab.path() == "/repo/small/birds"
        tab.frame.locator("th a", has_text="wingspan").first.click()  # made from the request's own path
        tab.wait_path("/repo/small/birds?_sort=wingspan")
        tab.frame.locator("td", has_text="heron").wait_for()
        tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", url + "-/edit")
        color = tab.frame.locator(".edit-intro").evaluate("(p) => getComputedStyle(p).color")
        assert color == "rgb(40, 90, 60)"  # the plugin's stylesheet, under the sub-path
        sheets = tab.frame.locator("link[rel=stylesheet]").evaluate_all("(links) => links.map((l) => l.href)")
        assert sheets and all(sheet.startswith(url) for sheet in sheets), sheets
    finally:
        context.close()


def test_csv_and_json_downloads(context, site, servers):
    tab = open_site(context, site + "?" + urlencode({"url": servers["cors"].url + "small.db"}))
    rows = tab.page.evaluate("window.wasgiReady.then((a) => a.fetch('/small/birds.json?_shape=array')).then((r) => r.json())")
    assert [row["name"] for row in rows] == ["heron", "wren"]
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "small/birds")
    tab.frame.locator("td", has_text="heron").wait_for()
    with tab.page.expect_download() as info:
        tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "small/birds.csv?_dl=1")
    assert info.value.suggested_filename == "birds.csv"
    assert open(info.value.path()).read().splitlines()[0] == "rowid,name,wingspan"
    tab.page.close()


def test_a_1_gb_database_over_range_requests(browser, site, servers):
    context = browser.new_context()
    server = servers["cors"]
    server.sent.clear()
    tab = open_site(context, site + "?" + urlencode({"url": server.url + "big.db"}))
    tab.frame.locator("a:text-is('summary')").wait_for()
    tab.page.evaluate("(url) => window.wasgiShell.navigate(url)", site + "big/summary")
    tab.frame.locator("td", has_text="row 19").wait_for()
    assert server.sent["/big.db"] < 8 * 1024 * 1024, server.sent
    context.close()


def test_memory_database_and_plugins_installed_from_a_link(browser, site, servers):
    context = browser.new_context()
    wheel = servers["cors"].url + "datasette_hello-0.1-py3-none-any.whl"
    tab = open_site(context, site + "?" + urlencode({"memory": "1", "install": wheel}))
    tab.frame.locator("a:text-is('_memory')").wait_for()
    text = tab.page.evaluate("window.wasgiReady.then((a) => a.fetch('/-/hello-plugin')).then((r) => r.text())")
    assert text == "hello from an installed plugin"
    context.close()
