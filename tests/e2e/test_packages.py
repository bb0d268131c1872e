"""Packages PyPI has no Pyodide wheel for, built as pure Python by ``wasgi build``, working in Chromium."""

import json

import pytest
from booted import boot_page


@pytest.fixture(scope="module")
def packages_page(browser, sites):
    booted = boot_page(browser, sites.url("tests/e2e/apps/packages/app.py:app", "packages"))
    yield booted
    booted.page.context.close()


def test_pyyaml_and_markupsafe_built_from_source_work_in_the_browser(packages_page, sites):
    site = sites.directory(packages_page.url)
    lock = json.loads((site / "_wasgi" / "lock.json").read_text())
    files = {w["name"]: w["file"] for w in lock["wheels"]}
    assert files["pyyaml"].endswith("-py3-none-any.whl") and files["markupsafe"].endswith("-py3-none-any.whl")

    r = packages_page.call("/report")
    assert r["status"] == 200, "\n".join(packages_page.console)
    report = json.loads(r["body"])
    assert report["loaded"] == {"name": "<wasgi>", "items": [1, 2, 3], "nested": {"ok": True}}
    assert report["dumped"] == "a: x\nb:\n- 1\n- 2\n"
    assert report["escaped"] == "&lt;wasgi&gt;"
    assert report["markup"] == "<em>&lt;script&gt;</em>"
    # The pure-Python code paths, not C extensions compiled for some other machine.
    assert report["libyaml"] is False and report["markupsafe_speedups"] is False
