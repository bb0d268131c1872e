"""A WSGI app, served by Uvicorn with --interface wsgi and by wasgi (which
finds the interface by itself): the same requests must give the same results
(py/wasgi/server/wsgi.py). The cases are what Uvicorn's WSGI server does; where
it departs from PEP 3333 (it never calls the iterable's close(), and drops what
the legacy write() was given), wasgi follows the PEP: tests/unit/server/test_wsgi.py."""

from __future__ import annotations

import pytest
from conftest import APPS, HARNESS_JS, SidePage, start_uvicorn

POST = "POST"
CASES: dict[str, list] = {
    "text": [["/text", None]],
    "the environ": [["/environ/caf%C3%A9/x?a=1&b=%20", {"headers": {"x-one": "1", "x-two": "2"}}]],
    "a posted body": [["/environ", {"method": POST, "body": "name=wasgi", "headers": {"content-type": "text/plain"}}]],
    "a 3 MB posted body": [["/environ", {"method": POST, "binary": 3 * 1024 * 1024}]],
    "a generator streams": [["/stream?n=50", None]],
    "a large stream": [["/stream?n=40&size=8000", None]],
    "204": [["/status/204", None]],
    "304": [["/status/304", None]],
    "418": [["/status/418", None]],
    "duplicate headers": [["/headers", None]],
    "a redirect is followed": [["/redirect?to=/environ%3Ffrom%3Dredirect", None]],
    "an exception before the start is a 500": [["/error/before", None], ["/text", None]],
    "an exception after the start errors the body": [["/error/after", None], ["/text", None]],
    "the app's own 404": [["/nowhere", None]],
}


@pytest.fixture(scope="module")
def sides(browser, sites):
    proc, uvicorn_url = start_uvicorn(APPS / "wsgi", "app:app", "--interface", "wsgi")
    site = sites.url("tests/differential/apps/wsgi/app.py:app", "differential-wsgi")
    uvicorn_context, wasgi_context = browser.new_context(), browser.new_context()
    try:
        uvicorn = uvicorn_context.new_page()
        uvicorn.goto(uvicorn_url + "__page")
        uvicorn.evaluate("window.fetcher = (path, init) => fetch(path, init); 0")
        uvicorn.evaluate(HARNESS_JS)
        wasgi = wasgi_context.new_page()
        wasgi.goto(site)
        wasgi.evaluate("window.wasgiReady")
        wasgi.evaluate("window.fetcher = (path, init) => window.wasgiReady.then((app) => app.fetch(path, init)); 0")
        wasgi.evaluate(HARNESS_JS)
        yield SidePage(uvicorn, "uvicorn"), SidePage(wasgi, "wasgi")
    finally:
        uvicorn_context.close()
        wasgi_context.close()
        proc.terminate()
        proc.wait(10)


@pytest.mark.parametrize("case", list(CASES), ids=list(CASES))
def test_same_as_uvicorn_wsgi(sides, case):
    uvicorn, wasgi = sides
    assert wasgi.steps(CASES[case]) == uvicorn.steps(CASES[case])
