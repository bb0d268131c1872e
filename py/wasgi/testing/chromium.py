"""Start Chromium with Playwright: a system Chromium when there is one, else Playwright's own.

A distribution's Chromium (Debian's ``/usr/bin/chromium``) works where
``playwright install`` cannot download a browser. The flags keep it quiet and
off the network: no sandbox (containers, root), no GPU, no background
updates or sync.
"""

from __future__ import annotations

import os
import shutil
from pathlib import Path

from .errors import ChromiumNotFound, PlaywrightMissing

CHROMIUM_ARGS = ("--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run")  # fmt: skip
# Looked for in this order when no executable is given; then Playwright's own browser.
SYSTEM_CHROMIUMS = ("/usr/bin/chromium", "/usr/bin/chromium-browser")
ENV_VAR = "WASGI_CHROMIUM"
INSTALL_HINT = ("install Chromium (Debian/Ubuntu: `apt-get install chromium`), or Playwright's own "
                "(`python -m playwright install chromium`), or name one with --wasgi-chromium PATH "
                f"or ${ENV_VAR}")  # fmt: skip


def find_chromium(executable: str | os.PathLike | None = None) -> str | None:
    """The Chromium to launch: ``executable``, else ``$WASGI_CHROMIUM``, else a system one;
    None means Playwright's own."""
    chosen = executable or os.environ.get(ENV_VAR)
    if chosen:
        found = shutil.which(str(chosen)) or (str(chosen) if Path(chosen).is_file() else None)
        if found is None:
            raise ChromiumNotFound(f"Chromium {str(chosen)!r} does not exist; {INSTALL_HINT}")
        return found
    return next((path for path in SYSTEM_CHROMIUMS if os.access(path, os.X_OK)), None)


def launch_options(executable: str | os.PathLike | None = None, *, headless: bool = True) -> dict:
    """Keyword arguments for Playwright's ``chromium.launch``."""
    options: dict = {"args": list(CHROMIUM_ARGS), "headless": headless}
    found = find_chromium(executable)
    if found:
        options["executable_path"] = found
    return options


def start_playwright():
    """A started sync Playwright (call ``.stop()``); ``PlaywrightMissing`` if it is not installed."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError:
        raise PlaywrightMissing("the wasgi pytest plugin needs Playwright: pip install 'wasgi[testing]' "
                                "(or pip install playwright)") from None  # fmt: skip
    return sync_playwright().start()


def launch(playwright, executable: str | os.PathLike | None = None, *, headless: bool = True):
    """Launch Chromium; a missing browser is a ``ChromiumNotFound`` saying how to get one."""
    from playwright.sync_api import Error

    options = launch_options(executable, headless=headless)
    try:
        return playwright.chromium.launch(**options)
    except Error as exc:
        text = str(exc)
        if "Executable doesn't exist" in text or "executable doesn't exist" in text.lower():
            raise ChromiumNotFound(f"no Chromium found; {INSTALL_HINT}") from None
        raise ChromiumNotFound(f"Chromium did not start ({options.get('executable_path', 'Playwright')}): "
                               f"{text.strip().splitlines()[0]}") from None  # fmt: skip
