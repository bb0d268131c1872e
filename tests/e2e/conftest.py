"""One booted page of the runtime test app, shared by the tests in this folder."""

from __future__ import annotations

import pytest

from booted import BootedPage, boot_page


@pytest.fixture(scope="session")
def runtime_page(browser, sites) -> BootedPage:
    booted = boot_page(browser, sites.url("tests/e2e/apps/runtime/app.py:app", "runtime"))
    yield booted
    booted.page.context.close()
