"""Every way a boot can fail ends in a one-line cause on the page, never a blank page."""

import shutil

import pytest


def boot_error(browser, url: str) -> tuple[dict, str]:
    page = browser.new_context().new_page()
    page.goto(url)
    page.wait_for_function("window.wasgiReady !== undefined")
    error = page.evaluate("window.wasgiReady.then(() => null, (e) => ({name: e.name, kind: e.kind, message: e.message}))")
    page.wait_for_selector("#wasgi-error:not([hidden])", timeout=10_000)
    shown = page.inner_text("#wasgi-error")
    page.context.close()
    return error, shown


@pytest.fixture(scope="module")
def hello_site(sites):
    url = sites.url("examples/hello/app.py:app", "hello")
    return sites.directory(url)


def tampered_copy(sites, site, name):
    copy = site.parent / name
    shutil.rmtree(copy, ignore_errors=True)
    shutil.copytree(site, copy)
    return copy


def test_missing_module_names_it_and_the_fix(browser, sites):
    error, shown = boot_error(browser, sites.url("tests/e2e/apps/import_error/app.py:app", "import-error"))
    assert error["kind"] == "import"
    assert "No module named 'humanize'" in error["message"]
    assert "wasgi build -p humanize" in error["message"]
    assert "Traceback" in shown and "import humanize" in shown


def test_packages_that_fail_their_hash_are_refused(browser, sites, hello_site):
    copy = tampered_copy(sites, hello_site, "tampered")
    pack = next((copy / "_wasgi").glob("site-packages-*.pack.gz"))
    data = pack.read_bytes()
    pack.unlink()  # the build may hard-link from the cache: never write through it
    pack.write_bytes(data[:-1] + bytes([data[-1] ^ 1]))
    error, shown = boot_error(browser, sites.serve(copy))
    assert error["kind"] == "load"
    assert pack.name in error["message"] and "sha256" in error["message"]
    assert "rebuild and redeploy" in shown


@pytest.mark.parametrize("pattern", ["app-*.pack.gz", "pyodide-*/pyodide.asm.wasm"])
def test_a_missing_file_names_its_url(browser, sites, hello_site, pattern):
    # Pyodide's files are fetched before Pyodide asks for them (worker/boot.mjs): the error still reaches the page.
    copy = tampered_copy(sites, hello_site, "incomplete")
    missing = next((copy / "_wasgi").glob(pattern))
    missing.unlink()
    error, shown = boot_error(browser, sites.serve(copy))
    assert error["kind"] == "load"
    assert missing.name in error["message"] and "404" in error["message"]


# Runs worker/snapshot_worker.mjs as web/snapshot_maker.mjs does, with a plan of nothing extra.
MAKE_SNAPSHOT = """([script, site]) => new Promise((resolve) => {
  const worker = new Worker(script, { type: "module" });
  worker.onmessage = (event) => resolve(event.data);
  worker.onerror = (event) => resolve({ ok: false, error: `worker error: ${event.message}` });
  setTimeout(() => resolve({ ok: false, error: "no answer in 60 s" }), 60_000);
  worker.postMessage({ siteURL: site, plan: { modules: [], templates: {}, dynlibs: { root: "/lib/python3.14/site-packages", paths: [] } } });
})"""


def test_a_snapshot_that_cannot_be_made_names_the_missing_file(browser, sites, hello_site):
    """The background snapshot maker reports a file it cannot load, as the boot does: alone,
    loadPyodide never settles without its wasm, and the worker would wait forever."""
    copy = tampered_copy(sites, hello_site, "incomplete-for-snapshot")
    wasm = next((copy / "_wasgi").glob("pyodide-*/pyodide.asm.wasm"))
    wasm.unlink()
    script = next((copy / "_wasgi").glob("r-*/worker/snapshot_worker.mjs")).relative_to(copy)
    url = sites.serve(copy)
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "_wasgi/lock.json")  # any page of the site's origin
    report = page.evaluate(MAKE_SNAPSHOT, [url + script.as_posix(), url])
    context.close()
    assert report["ok"] is False
    assert wasm.name in report["error"] and "404" in report["error"], report


def test_a_page_outside_a_secure_context_names_it_and_the_address_that_works(browser, sites):
    # As `python -m http.server` prints http://0.0.0.0:8000/: no Web Crypto there, and the boot
    # failed with "Cannot read properties of undefined (reading 'digest')". A name mapped to
    # 127.0.0.1 is just as insecure, and keeps the browser on 127.0.0.1.
    from chromium import launch_options

    options = launch_options()
    options["args"] = [*options.get("args", []), "--host-resolver-rules=MAP wasgi.test 127.0.0.1"]
    insecure = browser.browser_type.launch(**options)
    try:
        url = sites.url("examples/hello/app.py:app", "hello").replace("127.0.0.1", "wasgi.test")
        error, shown = boot_error(insecure, url)
    finally:
        insecure.close()
    assert error["kind"] == "load"
    assert "is not a secure context" in error["message"]
    assert url.replace("wasgi.test", "127.0.0.1") in error["message"]
    assert "not a secure context" in shown
