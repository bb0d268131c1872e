"""A booted page of a built site, and what it printed on the console."""

from __future__ import annotations

# Fetch through the app and return a plain object the test can compare.
CALL_JS = """
window.call = async (path, init) => {
  const app = await window.wasgiReady;
  const r = await app.fetch(path, init);
  return {status: r.status, statusText: r.statusText, headers: Object.fromEntries(r.headers),
          body: await r.text(), url: r.url, redirected: r.redirected};
};
"""


class BootedPage:
    """A page whose app has started, and what it printed on the console."""

    def __init__(self, page, url: str) -> None:
        self.page = page
        self.url = url
        self.console: list[str] = []
        page.on("console", lambda msg: self.console.append(f"{msg.type}: {msg.text}"))

    def boot(self) -> "BootedPage":
        self.page.goto(self.url)
        self.page.wait_for_function("window.wasgiReady !== undefined")
        self.page.evaluate("window.wasgiReady")
        self.page.evaluate(CALL_JS)
        return self

    def call(self, path: str, init: dict | None = None) -> dict:
        return self.page.evaluate("([path, init]) => window.call(path, init)", [path, init])


def boot_page(browser, url: str) -> BootedPage:
    context = browser.new_context()
    return BootedPage(context.new_page(), url).boot()


class Browsing:
    """A page of the shell, with helpers to look inside its frame."""

    def __init__(self, page) -> None:
        self.page = page
        self.frame = page.frame_locator("#wasgi-frame")

    def open(self, url: str) -> "Browsing":
        self.page.goto(url)
        self.page.wait_for_function("window.wasgiReady !== undefined")
        self.page.evaluate("window.wasgiReady")
        return self

    def path(self) -> str:
        return self.page.evaluate("location.pathname + location.search + location.hash")

    def wait_path(self, expected: str) -> None:
        self.page.wait_for_function("(p) => location.pathname + location.search + location.hash === p", arg=expected)

    def text(self, selector: str) -> str:
        return self.frame.locator(selector).inner_text()


def assert_worker_modules_were_preloaded(page) -> None:
    """On a first visit, each module only the worker loads was fetched once over the network (the
    page's preload, py/wasgi/build/preload.py) and then by the worker from the HTTP cache."""
    from wasgi.build.locations import runtime_dir
    from wasgi.build.preload import boot_modules

    loads = page.evaluate("""() => performance.getEntriesByType("resource")
        .filter((e) => /\\/_wasgi\\/r-[0-9a-f]+\\/worker\\/.*\\.mjs$/.test(e.name))
        .map((e) => [e.name.replace(/.*\\/worker\\//, ""), e.transferSize])""")
    sizes: dict[str, list[int]] = {}
    for name, size in loads:
        sizes.setdefault(name, []).append(size)
    modules = boot_modules(runtime_dir("web").parent)
    worker_only = [m.removeprefix("worker/") for m in modules[modules.index("worker/worker.mjs") :]]
    assert "lazy_file.mjs" in worker_only
    for name in worker_only:
        each = sizes.get(name, [])
        # Zero transferred bytes: the HTTP cache answered. Which load went first varies (once,
        # worker.mjs's own load was listed before its preload), but only one used the network.
        assert len(each) >= 2 and sum(size > 0 for size in each) == 1, (name, each, loads)
