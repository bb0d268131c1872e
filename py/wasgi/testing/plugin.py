"""The pytest plugin: ``wasgi_client`` runs requests against the app inside Chromium.

Registered as the ``wasgi`` entry point of the ``pytest11`` group, so pytest
loads it in every session where wasgi is installed. Loading it costs an
import of this module and nothing else: building, Playwright and Chromium
start only when a test asks for a ``wasgi_*`` fixture.

Fixtures:

* ``wasgi_client`` (function): a synchronous client (``get``, ``post``...),
  with a fresh cookie jar for each test.
* ``wasgi_page`` (function): the Playwright page the app runs in.
* ``wasgi_session`` (session): the served site and the booted page; one boot
  for the whole session, so the app's state (an in-memory database, say) is
  shared by all tests, as with one server process.
* ``wasgi_site`` (session): the built site's folder (cached between runs).
* ``wasgi_config`` (session): the ``SiteConfig`` from ``[tool.wasgi]``, the
  ini options and ``--wasgi-*``.
"""

from __future__ import annotations

from pathlib import Path

import pytest

_site_info = pytest.StashKey[object]()
# The session and its console length when a test's client was made: the test's console lines follow.
_console_mark = pytest.StashKey[tuple[object, int]]()


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("wasgi", "wasgi: test the app inside the browser runtime")
    group.addoption("--wasgi-app", metavar="SPEC", help="the app to test, e.g. app.py:app (default: [tool.wasgi] app)")
    group.addoption("--wasgi-requirement", metavar="SPEC", action="append", default=None,
                    help="a requirement of the app's site (repeatable; replaces [tool.wasgi] requirements)")
    group.addoption("--wasgi-base-path", metavar="PATH", help="the URL path the site is built for, e.g. /repo/")
    group.addoption("--wasgi-rebuild", action="store_true", help="build the site even if the cached one is current")
    group.addoption("--wasgi-chromium", metavar="PATH", help="the Chromium to run (default: a system one, "
                    "else Playwright's own)")
    group.addoption("--wasgi-headed", action="store_true", help="show the browser window")
    group.addoption("--wasgi-boot-timeout", type=float, metavar="SECONDS",
                    help="how long the app may take to start (default: 120)")
    parser.addini("wasgi_app", "the app to test, e.g. app.py:app (relative to the ini file)")
    parser.addini("wasgi_requirements", "requirements of the app's site, one per line", type="linelist")
    parser.addini("wasgi_requirements_file", "requirement files of the app's site (relative to the ini file)",
                  type="args")  # fmt: skip
    parser.addini("wasgi_base_path", "the URL path the site is built for, e.g. /repo/")
    parser.addini("wasgi_boot_timeout", "seconds the app may take to start", default="120")


def load_config(config: pytest.Config):
    """The ``SiteConfig``: ``[tool.wasgi]``, overridden by ini options, overridden by ``--wasgi-*``."""
    from .config import Layer, merge, read_pyproject

    ini_dir = config.inipath.parent if config.inipath else config.rootpath
    if config.inipath and config.inipath.name == "pyproject.toml":
        pyproject = config.inipath
    else:
        pyproject = config.rootpath / "pyproject.toml"
    ini = Layer(base=ini_dir, app=config.getini("wasgi_app") or None,
                requirements=config.getini("wasgi_requirements") or None,
                requirement_files=config.getini("wasgi_requirements_file") or None,
                base_path=config.getini("wasgi_base_path") or None, origin="pytest ini options")  # fmt: skip
    cli = Layer(base=config.invocation_params.dir, app=config.getoption("wasgi_app"),
                requirements=config.getoption("wasgi_requirement"),
                base_path=config.getoption("wasgi_base_path"), origin="command line")  # fmt: skip
    return merge([read_pyproject(pyproject), ini, cli])


def _cache_root(config: pytest.Config) -> Path:
    """``.pytest_cache/d/wasgi``, or wasgi's cache folder when pytest's cache is turned off."""
    if getattr(config, "cache", None) is not None:
        return config.cache.mkdir("wasgi")
    from wasgi.build.locations import cache_dir

    return cache_dir() / "testing"


@pytest.fixture(scope="session")
def wasgi_config(pytestconfig: pytest.Config):
    from .errors import ConfigError

    try:
        return load_config(pytestconfig)
    except ConfigError as exc:
        problem = str(exc)
    _fail(problem)


@pytest.fixture(scope="session")
def wasgi_site(pytestconfig: pytest.Config, wasgi_config) -> Path:
    from wasgi.build import BuildError

    from .sitecache import ensure_site

    try:
        site = ensure_site(wasgi_config, _cache_root(pytestconfig), rebuild=pytestconfig.getoption("wasgi_rebuild"))
    except BuildError as exc:
        problem = f"building the site of {wasgi_config.app} failed:\n{exc}"
    else:
        pytestconfig.stash[_site_info] = site
        return site.path
    _fail(problem)


@pytest.fixture(scope="session")
def wasgi_session(pytestconfig: pytest.Config, wasgi_site: Path):
    from .errors import WasgiTestingError
    from .session import BrowserSession

    timeout = pytestconfig.getoption("wasgi_boot_timeout") or float(pytestconfig.getini("wasgi_boot_timeout"))
    session = BrowserSession(chromium=pytestconfig.getoption("wasgi_chromium"),
                             headless=not pytestconfig.getoption("wasgi_headed"), boot_timeout=timeout)  # fmt: skip
    try:
        session.start(wasgi_site)
    except WasgiTestingError as exc:
        problem = str(exc)
    else:
        yield session
        session.close()
        return
    # The app's own words, not a Playwright timeout: this is what the user has to fix.
    _fail(problem)


@pytest.fixture
def wasgi_page(request: pytest.FixtureRequest, wasgi_session):
    """The Playwright page the app runs in (``page.evaluate`` reaches ``window.wasgiReady``)."""
    request.node.stash[_console_mark] = (wasgi_session, len(wasgi_session.console))
    return wasgi_session.page


@pytest.fixture
def wasgi_client(request: pytest.FixtureRequest, wasgi_session):
    """A synchronous client for the app in the browser, with a fresh cookie jar."""
    from .client import WasgiClient

    request.node.stash[_console_mark] = (wasgi_session, len(wasgi_session.console))
    return WasgiClient(wasgi_session.page, base_url=wasgi_session.url, console=wasgi_session.console)


@pytest.hookimpl(hookwrapper=True)  # the old style: it works with pytest 7 too
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    outcome = yield
    mark = item.stash.get(_console_mark, None)
    if mark is not None and call.when == "call":
        # The app's print(), logging and tracebacks go to the page's console: show them
        # with a failing test, as pytest shows captured output.
        session, start = mark
        if lines := session.console[start:]:
            outcome.get_result().sections.append(("Captured wasgi console", "\n".join(lines)))


def _fail(problem: str):
    """Fail the fixture with ``problem`` alone: no traceback of the plugin, no chained exception.
    pytest keeps a session fixture's failure, so every test using it reports the same cause."""
    pytest.fail(f"wasgi: {problem}", pytrace=False)


def pytest_terminal_summary(terminalreporter, config: pytest.Config) -> None:
    site = config.stash.get(_site_info, None)
    if site is None:
        return
    verb = "reused the cached site" if site.reused else f"built the site in {site.seconds:.1f} s"
    terminalreporter.write_line(f"wasgi: {verb} of {site.spec} ({site.path})")
