"""Fixtures shared by the browser tests (tests/e2e, and later suites):
Chromium started once per session, built sites cached per session, and a
static server per site on 127.0.0.1."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from chromium import launch_options

REPO = Path(__file__).resolve().parents[1]


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as pw:
        browser = pw.chromium.launch(**launch_options())
        yield browser
        browser.close()


class SiteFactory:
    """Builds sites once per session and serves each on its own port."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.sites: dict[tuple, tuple[Path, str]] = {}
        self.servers = []

    def build(self, app: str, name: str, **options) -> Path:
        from wasgi.build import BuildOptions, build_site

        out = self.root / name
        build_site(BuildOptions(app=str(REPO / app) if ".py" in app else app, out=out, **options), log=lambda m: None)
        return out

    def serve(self, directory: Path) -> str:
        from wasgi.devserver import serve_in_thread

        server = serve_in_thread(directory)
        self.servers.append(server)
        return server.url

    def url(self, app: str, name: str | None = None, **options) -> str:
        """Build ``app`` (once) and return the URL it is served at."""
        key = (app, name, tuple(sorted(options.items())))
        if key not in self.sites:
            site = self.build(app, name or f"site{len(self.sites)}", **options)
            self.sites[key] = (site, self.serve(site))
        return self.sites[key][1]

    def url_under_path(self, app: str, name: str, prefix: str) -> str:
        """Build ``app`` into a folder served at ``/<prefix>/``, as a GitHub Pages project site is."""
        key = (app, name, prefix)
        if key not in self.sites:
            site = self.build(app, f"{name}/{prefix}")
            self.sites[key] = (site, self.serve(site.parent) + prefix + "/")
        return self.sites[key][1]

    def directory(self, url: str) -> Path:
        """The folder served at ``url`` (tests may add pages to it)."""
        return next(site for site, served in self.sites.values() if served == url)

    def close(self) -> None:
        for server in self.servers:
            server.shutdown()
            server.server_close()


@pytest.fixture(scope="session")
def sites(tmp_path_factory):
    factory = SiteFactory(tmp_path_factory.mktemp("sites"))
    yield factory
    factory.close()
    shutil.rmtree(factory.root, ignore_errors=True)
