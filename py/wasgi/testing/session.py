"""One built site, served on 127.0.0.1 and booted in a Chromium page.

The page is the site's own ``index.html``, as a visitor gets it: it sets
``window.wasgiReady``, which resolves to the started ``App`` or rejects with
a ``StartupError``. Booting waits for that promise and turns a rejection into
an ``AppStartupError`` carrying the app's own message and traceback.
"""

from __future__ import annotations

from pathlib import Path

from .errors import AppStartupError, BootTimeout, WasgiTestingError

# Settle window.wasgiReady, or give up after `ms` with what the page says it is doing.
BOOT_JS = """
async (ms) => {
  const status = () => document.getElementById("wasgi-status")?.textContent ?? "";
  const late = new Promise((resolve) => setTimeout(() => resolve({ ok: false, timeout: true, status: status() }), ms));
  const ready = window.wasgiReady.then(
    () => ({ ok: true }),
    (e) => ({ ok: false, kind: String(e?.kind ?? "load"), message: String(e?.message ?? e),
              traceback: String(e?.traceback ?? e?.stack ?? "") }),
  );
  return Promise.race([ready, late]);
}
"""
CONSOLE_TAIL = 15  # console lines shown with a boot timeout


class BrowserSession:
    """Chromium with one page on a served site; ``start()`` boots the app, ``close()`` ends it all."""

    def __init__(self, *, chromium: str | None = None, headless: bool = True, boot_timeout: float = 120.0) -> None:
        self.chromium = chromium
        self.headless = headless
        self.boot_timeout = boot_timeout
        self.console: list[str] = []  # "type: text" for every console message of the page
        self.url = ""
        self.page = None
        self._playwright = self._browser = self._server = None

    def start(self, site: Path) -> "BrowserSession":
        """Serve ``site``, open it in Chromium and wait until the app has started."""
        from wasgi.devserver import serve_in_thread

        from .chromium import launch, start_playwright

        try:
            self._server = serve_in_thread(site)
            self.url = self._server.url
            self._playwright = start_playwright()
            self._browser = launch(self._playwright, self.chromium, headless=self.headless)
            self.page = self._browser.new_context().new_page()
            self.page.on("console", lambda message: self.console.append(f"{message.type}: {message.text}"))
            self.page.on("pageerror", lambda error: self.console.append(f"pageerror: {error}"))
            self._boot()
        except BaseException:
            self.close()
            raise
        return self

    def _boot(self) -> None:
        from playwright.sync_api import Error

        try:
            self.page.goto(self.url)
            self.page.wait_for_function("window.wasgiReady !== undefined")
            outcome = self.page.evaluate(BOOT_JS, int(self.boot_timeout * 1000))
        except Error as exc:  # not a wasgi site, or the browser went away
            first = (str(exc).strip().splitlines() or [""])[0]
            hint = ""
            if "wait_for_function" in first:
                hint = " (the page never set window.wasgiReady: is it a built wasgi site?)"
            raise WasgiTestingError(f"opening {self.url} failed: {first}{hint}") from None
        if outcome["ok"]:
            return
        if outcome.get("timeout"):
            tail = "\n".join(self.console[-CONSOLE_TAIL:])
            raise BootTimeout(f"the app did not start within {self.boot_timeout:g} s (the page said: "
                              f"{outcome['status'] or 'nothing'}); its console:\n{tail}")  # fmt: skip
        message, traceback = outcome["message"], outcome["traceback"]
        # The import error's message carries the traceback after a blank line; keep the first part.
        head, _, rest = message.partition("\n\n")
        raise AppStartupError(outcome["kind"], head.strip(), traceback or rest, list(self.console))

    def close(self) -> None:
        """Close the browser, stop Playwright and the server; safe to call twice."""
        for action in (lambda: self._browser and self._browser.close(),
                       lambda: self._playwright and self._playwright.stop()):  # fmt: skip
            try:
                action()
            except Exception:  # already gone (a crashed browser): nothing left to close
                pass
        self._browser = self._playwright = None
        if self._server is not None:
            self._server.shutdown()
            self._server.server_close()
            self._server = None
