"""The demo gallery as GitHub Pages serves it: a project site at /repo/ with
each demo in a folder. Pages answers a missing path with the site's top
404.html only, so a first visit to a deep link into a demo goes through the
gallery's 404.html to the demo."""

from __future__ import annotations

from pathlib import Path

import pytest
from booted import Browsing

from wasgi.gallery import build_gallery

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture(scope="module")
def gallery(sites, tmp_path_factory):
    config = tmp_path_factory.mktemp("gallery") / "gallery.toml"
    config.write_text(
        f'title = "Test demos"\n'
        f'[[site]]\nname = "hello"\napp = "{REPO}/examples/hello/app.py:app"\n'
        f'[[site]]\nname = "browsing"\napp = "{REPO}/tests/e2e/apps/browsing/app.py:app"\n'
    )
    served = config.parent / "served"
    build_gallery(config, served / "repo", log=lambda message: None)
    return sites.serve(served) + "repo/"


def test_a_deep_link_into_a_demo_opens_on_a_first_visit(browser, gallery):
    context = browser.new_context()  # no service worker yet: the host answers the deep link
    try:
        tab = Browsing(context.new_page()).open(gallery + "browsing/page/3?x=1")
        tab.frame.locator("h1", has_text="Page 3").wait_for()
        tab.wait_path("/repo/browsing/page/3?x=1")  # the address bar is the deep link again
    finally:
        context.close()


def test_a_missing_page_outside_the_demos_says_so(browser, gallery):
    context = browser.new_context()
    try:
        page = context.new_page()
        response = page.goto(gallery + "nothing/here")
        assert response.status == 404
        assert page.inner_text("body") == "There is no page at this address."
        assert page.evaluate("location.pathname") == "/repo/nothing/here"
    finally:
        context.close()
