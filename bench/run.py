"""wasgi's benchmark: builds the sites it needs, runs everything in one
Chromium on 127.0.0.1 (driven by Playwright), prints a table and writes JSON.
Warm boots and the browser's fetch to Uvicorn are measured again in a Chromium
with no DevTools attached, as a visitor's browser is (see plain_visits), and
judged on those: Playwright's instrumentation slows every network request.

    .venv/bin/python bench/run.py            # or: make bench
    .venv/bin/python bench/run.py --quick    # fewer repetitions

Every comparison is made in the same run (these machines are noisy): the
naive baseline boot next to wasgi's, the browser's fetch to Uvicorn next to
App.fetch. Two floors show what the browser itself costs in that run: a bare
Web Worker's answer under App.fetch, a bare service worker's under app pages'
requests through the service worker.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
BENCH = REPO / "bench"
RESULTS = BENCH / "results"
SITES = {
    "hello": "examples/hello/app.py:app",
    "fastapi": "examples/fastapi/app.py:app",
    "datasette": "examples/datasette/app.py:app",
    "tiny": "bench/apps/tiny.py:app",
}

# The first request each boot is timed to (the same in the baseline).
FIRST_PATH = {"hello": "/", "fastapi": "/api/todos", "datasette": "/", "tiny": "/json"}

# In the site: start() and the first response, timed from navigation start.
BOOT_PAGE = """<!doctype html>
<script type="module">
  const { start } = await import("../_wasgi/wasgi.mjs");
  const app = await start({ site: "../" });
  const ready = performance.now();
  const response = await app.fetch("FIRST_PATH");
  await response.arrayBuffer();
  window.result = { ready, first: performance.now(), status: response.status, from: app.bootedFrom };
  window.app = app;
  if (app.snapshotMade) await app.snapshotMade;
  window.snapshotDone = true;
  if (new URLSearchParams(location.search).has("report")) {
    (await import("./visits.mjs")).reportAndVisitAgain({ ms: window.result.first, from: app.bootedFrom });
  }
</script>
"""


def build_sites(work: Path) -> dict:
    """Build every site (timing a warm rebuild of hello) and add the bench pages."""
    sys.path.insert(0, str(REPO / "py"))
    from wasgi.build import BuildOptions, build_site
    from wasgi.build.appspec import parse_app_spec
    from wasgi.build.bundle import app_files, zip_files, zip_runtime
    from wasgi.build.locations import cache_dir

    built = {}
    for name, spec in SITES.items():
        out = work / name
        result = build_site(BuildOptions(app=str(REPO / spec), out=out), log=lambda m: None)
        (out / "bench").mkdir(exist_ok=True)
        (out / "bench" / "boot.html").write_text(BOOT_PAGE.replace("FIRST_PATH", FIRST_PATH[name]))
        baseline = (BENCH / "baseline.html").read_text().replace("FIRST_PATH", FIRST_PATH[name])
        (out / "bench" / "baseline.html").write_text(baseline)
        shutil.copy(BENCH / "baseline_driver.py", out / "bench" / "driver.py")
        shutil.copy(BENCH / "apps" / "visits.mjs", out / "bench" / "visits.mjs")
        # The baseline answers with the same ASGI server and shims (sync endpoints need them).
        (out / "bench" / "wasgi-runtime.zip").write_bytes(zip_runtime())
        # Its app as a zip, unzipped in Python as Datasette Lite does (the site ships a pack).
        (out / "bench" / "app.zip").write_bytes(zip_files(app_files(parse_app_spec(str(REPO / spec)).app_dir, exclude=[out])))
        lock = json.loads((out / "_wasgi" / "lock.json").read_text())
        (out / "bench" / "wheels").mkdir(exist_ok=True)
        for wheel in lock["wheels"]:
            shutil.copy(cache_dir() / "wheels" / wheel["file"], out / "bench" / "wheels" / wheel["file"])
        built[name] = {"dir": out, "build_seconds": result.seconds, **site_size(out)}
    started = time.perf_counter()
    build_site(BuildOptions(app=str(REPO / SITES["hello"]), out=work / "hello"), log=lambda m: None)
    built["hello"]["warm_build_seconds"] = time.perf_counter() - started
    return built


def site_size(site: Path) -> dict:
    """What a visitor downloads: the site's files, plain and gzipped (bench pages excluded)."""
    files = [p for p in site.rglob("*") if p.is_file() and "bench" not in p.relative_to(site).parts]
    raw = sum(p.stat().st_size for p in files)
    packed = sum(len(gzip.compress(p.read_bytes(), 6)) for p in files)
    return {"size_bytes": raw, "size_gzip_bytes": packed, "files": len(files)}


def start_uvicorn() -> tuple[subprocess.Popen, str]:
    proc = subprocess.Popen(
        # h11, as a plain `pip install uvicorn` runs: the test dependencies include httptools (what
        # wasgi's stand-in is held to), which Uvicorn would otherwise pick.
        [sys.executable, "-m", "uvicorn", "tiny:app", "--app-dir", str(BENCH / "apps"), "--host", "127.0.0.1",
         "--port", "0", "--no-access-log", "--http", "h11"],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    for line in proc.stderr:
        if match := re.search(r"running on (http://127\.0\.0\.1:\d+)", line):
            return proc, match.group(1) + "/"
    raise RuntimeError("uvicorn did not start")


def median(values):
    return statistics.median(values) if values else None


def boot_times(browser, url: str, runs: int) -> dict:
    """Cold boots (each in a fresh context) and warm ones (the same context again)."""
    cold = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "bench/boot.html")
        page.wait_for_function("window.result", timeout=120_000)
        cold.append(page.evaluate("window.result"))
        context.close()
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "bench/boot.html")
    page.wait_for_function("window.snapshotDone", timeout=180_000)  # the first visit makes the snapshot
    warm = []
    for _ in range(runs + 2):
        page.goto(url + "bench/boot.html")
        page.wait_for_function("window.result", timeout=120_000)
        warm.append(page.evaluate("window.result"))
    context.close()
    return {"cold_ms": median([r["first"] for r in cold]), "warm_ms": median([r["first"] for r in warm[1:]]),
            "warm_from": warm[-1]["from"], "status": warm[-1]["status"]}  # fmt: skip


def baseline_times(browser, url: str, runs: int) -> dict:
    cold = []
    for _ in range(runs):
        context = browser.new_context()
        page = context.new_page()
        page.goto(url + "bench/baseline.html")
        page.wait_for_function("window.result", timeout=120_000)
        if page.evaluate("window.result.error"):
            raise RuntimeError(f"the baseline page failed on {url}: {page.evaluate('window.result.error')}")
        cold.append(page.evaluate("window.result.ms"))
        context.close()
    context = browser.new_context()
    page = context.new_page()
    warm = []
    for _ in range(runs + 1):
        page.goto(url + "bench/baseline.html")
        page.wait_for_function("window.result", timeout=120_000)
        warm.append(page.evaluate("window.result.ms"))
    context.close()
    return {"cold_ms": median(cold), "warm_ms": median(warm[1:])}


def plain_visits(page_url: str, visits: int, options: dict) -> list[dict]:
    """Visit a bench page ``visits`` times, one after another, in a Chromium with no
    DevTools client attached, as a visitor's browser is. Playwright's instrumentation
    of each network request (a boot loads some twenty files) made a warm boot about
    1.5x slower here; App.fetch makes no network request and is unaffected. Each
    visit reports to a local endpoint, then loads the page again (bench/apps/visits.mjs)."""
    reports: list[dict] = []

    class Report(http.server.BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            reports.append(dict(urllib.parse.parse_qsl(urllib.parse.urlsplit(self.path).query)))
            self.send_response(204)
            self.send_header("Cross-Origin-Resource-Policy", "cross-origin")  # cross-origin isolated pages report too
            self.end_headers()

        def log_message(self, *args) -> None:
            pass

    endpoint = http.server.ThreadingHTTPServer(("127.0.0.1", 0), Report)
    threading.Thread(target=endpoint.serve_forever, daemon=True).start()
    report = f"http://127.0.0.1:{endpoint.server_address[1]}/visit"
    url = f"{page_url}{'&' if '?' in page_url else '?'}{urllib.parse.urlencode({'report': report, 'visits': visits})}"
    with tempfile.TemporaryDirectory() as profile:
        command = [options["executable_path"], "--headless=new", f"--user-data-dir={profile}", *options["args"], url]
        chromium = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        try:
            deadline = time.monotonic() + 120 * visits
            while len(reports) < visits and chromium.poll() is None and time.monotonic() < deadline:
                time.sleep(0.2)
        finally:
            chromium.terminate()
            chromium.wait()
            endpoint.shutdown()
    if len(reports) < visits:
        raise RuntimeError(f"{page_url}: {len(reports)} of {visits} visits reported without DevTools")
    return reports


def plain_boot_times(url: str, runs: int, options: dict) -> dict:
    """Warm boots of wasgi and of the naive baseline, without DevTools: wasgi's first
    visit makes the snapshot and its second is dropped, as in boot_times; the
    baseline's first visit is cold."""
    ours = plain_visits(url + "bench/boot.html", 2 + 2 * runs, options)
    base = plain_visits(url + "bench/baseline.html", 1 + 2 * runs, options)
    return {"warm_ms": median([float(r["ms"]) for r in ours[2:]]), "warm_from": ours[-1]["from"],
            "baseline_warm_ms": median([float(r["ms"]) for r in base[1:]])}  # fmt: skip


# A first visit over a network, not 127.0.0.1: each response starts this late.
NETWORK_DELAY = 0.05


def serve_over_network(directory: Path):
    """``directory`` served as from across a network: every response starts
    NETWORK_DELAY s late (one round trip; HTTP/1.1, so a browser asks six at a time)."""
    from wasgi.devserver import SiteRequestHandler

    class Distant(SiteRequestHandler):
        quiet = True

        def send_head(self):
            time.sleep(NETWORK_DELAY)
            return super().send_head()

    return serve_with(Distant, directory)


def first_visits_over_network(browser, directory: Path, runs: int) -> dict:
    """A first visit (an empty cache) to the built site's own page, until the
    app's first page is shown in it, next to the naive baseline's first
    response, both served with NETWORK_DELAY per response."""
    server = serve_over_network(directory)
    shown, baseline = [], []
    try:
        for _ in range(runs):
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url)
            shown.append(page.evaluate("""new Promise((resolve) => document.getElementById("wasgi-frame")
                .addEventListener("load", () => resolve(performance.now()), { once: true }))"""))
            context.close()
            context = browser.new_context()
            page = context.new_page()
            page.goto(server.url + "bench/baseline.html")
            page.wait_for_function("window.result", timeout=120_000)
            baseline.append(page.evaluate("window.result.ms"))
            context.close()
    finally:
        server.shutdown()
    return {"delay_ms": NETWORK_DELAY * 1000, "shown_ms": median(shown), "baseline_ms": median(baseline)}


# Shared with the tiny app's /latency-page, which runs it without DevTools.
LATENCY_JS = (BENCH / "apps" / "latency.js").read_text()


def fetch_latency(browser, tiny: str, uvicorn: str, floor: str, quick: bool) -> dict:
    """App.fetch, the browser's fetch to Uvicorn (the same endpoint) and the
    floors under App.fetch (a bare Web Worker's answer, then the same with the
    Request and Response a fetch() makes), each in rounds (the first only warms
    up the JIT), alternating; the median round counts. main() serves ``tiny`` and
    ``floor`` with timing_server, so every page here is timed to 5 us."""
    n, total, rounds = (500, 3000, 3) if quick else (1000, 5000, 5)
    context = browser.new_context()
    app_page = context.new_page()
    app_page.goto(tiny + "bench/boot.html")
    app_page.wait_for_function("window.result")
    app_page.evaluate("window.call = () => window.app.fetch('/json'); 0")
    server_page = context.new_page()
    server_page.goto(uvicorn + "timing-page")
    server_page.evaluate("window.call = () => fetch('/json'); 0")
    floor_page = context.new_page()
    floor_page.goto(floor + "worker_floor/index.html")
    floor_page.wait_for_function("window.call")
    app, server, bare, bare_fetch = [], [], [], []
    for _ in range(rounds + 1):
        app.append(app_page.evaluate(LATENCY_JS, [n, 100, total]))
        server.append(server_page.evaluate(LATENCY_JS, [n // 4, 100, total // 4]))
        floor_page.evaluate("window.call = window.bare; 0")
        bare.append(floor_page.evaluate(LATENCY_JS, [n, 100, total]))
        floor_page.evaluate("window.call = window.asFetch; 0")
        bare_fetch.append(floor_page.evaluate(LATENCY_JS, [n, 100, total]))
    context.close()
    return {"app_fetch": median_round(app[1:]), "uvicorn_fetch": median_round(server[1:]),
            "worker_floor": median_round(bare[1:]), "worker_floor_fetch": median_round(bare_fetch[1:])}  # fmt: skip


def timing_server(directory: Path):
    """``directory`` served cross-origin isolated (COOP and COEP), for fetch_latency's
    pages. There performance.now() counts in 5 us steps; elsewhere Chromium rounds
    it to 100 us, and a p50 near 0.3 ms read as 0.3 or 0.4. Isolation changed no
    mean here (means do not depend on the rounding)."""
    from wasgi.devserver import SiteRequestHandler

    class Isolating(SiteRequestHandler):
        quiet = True

        def end_headers(self) -> None:
            self.send_header("Cross-Origin-Opener-Policy", "same-origin")
            self.send_header("Cross-Origin-Embedder-Policy", "require-corp")
            super().end_headers()

    return serve_with(Isolating, directory)


def serve_with(handler, directory: Path):
    """``directory`` served on 127.0.0.1 by ``handler`` (a devserver SiteRequestHandler), in a daemon thread."""
    from wasgi.devserver import SiteServer

    server = SiteServer(("127.0.0.1", 0), functools.partial(handler, directory=str(directory)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server


def plain_uvicorn_latency(uvicorn: str, quick: bool, options: dict) -> dict:
    """The browser's fetch to Uvicorn as fetch_latency measures it, in a page with no
    DevTools attached: each of its requests is a network request, which Playwright's
    instrumentation slows (App.fetch makes none and measured the same either way)."""
    n, total, rounds = (500, 3000, 3) if quick else (1000, 5000, 5)
    page = f"{uvicorn}latency-page?{urllib.parse.urlencode({'n': n // 4, 'total': total // 4})}"
    visits = plain_visits(page, rounds + 1, options)  # the first warms up, as in fetch_latency
    return median_round([{key: float(visit[key]) for key in ("p50", "p99", "mean", "rps")} for visit in visits[1:]])


def median_round(rounds: list[dict]) -> dict:
    """Each measure's median over the rounds."""
    return {key: median([r[key] for r in rounds]) for key in rounds[0]}


# Shared with the tiny app's /xhr-page and the floor's page, which run it without DevTools.
PAGE_LATENCY_JS = (BENCH / "apps" / "page_latency.js").read_text()
PAGE_KINDS = ("fetch", "xhr", "sw")  # fetch(), XMLHttpRequest, the browser's XMLHttpRequest


def app_page_latency(browser, tiny: str, floor: str, quick: bool) -> dict:
    """Requests made by an app page in the shell's frame: fetch() and
    XMLHttpRequest (both answered by the App directly), and the browser's own
    XMLHttpRequest, which takes the way of images, scripts and forms (page ->
    service worker -> shell -> worker and back), next to the browser's own
    floor: an XMLHttpRequest that a service worker answers with a constant."""
    n = 300 if quick else 1000
    context = browser.new_context()
    page = context.new_page()
    page.goto(tiny + "page")
    page.evaluate("window.wasgiReady")
    frame = page.frame_locator("#wasgi-frame")
    frame.locator("p").wait_for()
    body = frame.locator("body")
    result = {kind: body.evaluate(f"(body, args) => ({PAGE_LATENCY_JS})(args)", [n, kind]) for kind in PAGE_KINDS}
    page.goto(floor + "sw_floor/index.html")
    page.evaluate("window.ready")
    result["floor"] = page.evaluate(PAGE_LATENCY_JS, [n, "sw"])
    context.close()
    return result


def plain_app_page_latency(tiny: str, floor: str, quick: bool, options: dict) -> dict:
    """app_page_latency's measures, in pages with no DevTools attached: each request
    through the service worker is a network request, which Playwright's instrumentation
    slows. Each visit reloads only the app's frame (the app stays booted); the median counts."""
    query = urllib.parse.urlencode({"n": 300 if quick else 1000})
    pages = plain_visits(f"{tiny}xhr-page?{query}", 3, options)
    floors = plain_visits(f"{floor}sw_floor/index.html?{query}", 3, options)

    def medians(visits: list[dict], kind: str) -> dict:
        return {q: median([float(v[f"{kind}_{q}"]) for v in visits]) for q in ("p50", "p99")}

    return {**{kind: medians(pages, kind) for kind in PAGE_KINDS}, "floor": medians(floors, "sw")}


# The stream is read twice: once at full speed (throughput, and the heap's
# peak, which includes chunks already read but not yet collected), once with
# a full garbage collection every 32 MB read, which measures what is retained:
# the bytes in flight that back-pressure bounds.
STREAM_JS = """async ([megabytes, collect]) => {
  const app = window.app;
  const heap = () => performance.memory.usedJSHeapSize;
  const settle = async () => { gc(); await new Promise((r) => setTimeout(r, 20)); gc(); };
  const wasm = async () => (await (await app.fetch('/memory')).json()).wasm;
  await settle();
  const heapBefore = heap(), wasmBefore = await wasm();
  let peak = heapBefore, bytes = 0, reads = 0;
  const t0 = performance.now();
  const reader = (await app.fetch(`/stream?mb=${megabytes}`)).body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    bytes += value.length;
    reads++;
    if (collect ? reads % 32 === 0 : reads % 8 === 0) {
      if (collect) await settle();
      peak = Math.max(peak, heap());
    }
  }
  const seconds = (performance.now() - t0) / 1000;
  return { mb: bytes / 2 ** 20, mb_per_s: bytes / 2 ** 20 / seconds,
           page_growth_mb: (peak - heapBefore) / 2 ** 20, worker_growth_mb: ((await wasm()) - wasmBefore) / 2 ** 20 };
}"""

UPLOAD_JS = """async (megabytes) => {
  const app = window.app;
  const heap = () => performance.memory.usedJSHeapSize;
  const wasmBefore = (await (await app.fetch('/memory')).json()).wasm;
  const body = new Blob([new Uint8Array(megabytes * 2 ** 20).fill(1)]);
  const heapBefore = heap();
  const t0 = performance.now();
  const result = await (await app.fetch('/upload', { method: 'POST', body })).json();
  const seconds = (performance.now() - t0) / 1000;
  return { mb: result.received / 2 ** 20, seconds, page_growth_mb: (heap() - heapBefore) / 2 ** 20,
           worker_growth_mb: (result.wasm - wasmBefore) / 2 ** 20 };
}"""


def stream_and_upload(browser, tiny: str) -> dict:
    context = browser.new_context()
    page = context.new_page()
    page.goto(tiny + "bench/boot.html")
    page.wait_for_function("window.result")
    stream = page.evaluate(STREAM_JS, [256, False])
    retained = page.evaluate(STREAM_JS, [256, True])
    stream["page_retained_mb"] = retained["page_growth_mb"]
    stream["worker_growth_mb"] = max(stream["worker_growth_mb"], retained["worker_growth_mb"])
    upload = page.evaluate(UPLOAD_JS, 100)
    context.close()
    return {"stream": stream, "upload": upload}


def judge(results: dict) -> list[tuple[str, str, str, bool]]:
    """(measure, value, target, met) rows, each judged on this run's own numbers."""
    # Boots are judged as a visitor's browser sees them: without DevTools (plain_visits).
    plain = results["boot_plain"]
    fetch = results["fetch"]
    # Uvicorn as a visitor's browser reaches it (no DevTools); App.fetch is the same either way.
    app, uv = fetch["app_fetch"], fetch["uvicorn_fetch_plain"]
    pages = results["app_pages_plain"]  # an app page's requests, as a visitor's browser makes them
    rows = [
        ("hello warm boot to first response", f"{plain['hello']['warm_ms']:.0f} ms", "<= 600 ms", plain["hello"]["warm_ms"] <= 600),
        ("fastapi warm boot to first response", f"{plain['fastapi']['warm_ms']:.0f} ms", "<= 1000 ms", plain["fastapi"]["warm_ms"] <= 1000),
    ]
    for name in ("hello", "fastapi", "datasette"):
        ratio = plain[name]["baseline_warm_ms"] / plain[name]["warm_ms"]
        rows.append((f"{name} warm boot vs naive baseline", f"{ratio:.1f}x faster", ">= 4x", ratio >= 4))
    rows += [
        ("App.fetch p50", f"{app['p50'] * 1000:.0f} us", "<= 250 us", app["p50"] <= 0.25),
        ("App.fetch, 100 in flight", f"{app['rps']:.0f} req/s", ">= 10000 req/s", app["rps"] >= 10000),
        ("App.fetch p50 vs fetch to Uvicorn", f"{uv['p50'] / app['p50']:.0f}x lower", ">= 10x", uv["p50"] / app["p50"] >= 10),
        ("App.fetch throughput vs Uvicorn", f"{app['rps'] / uv['rps']:.0f}x", ">= 20x", app["rps"] / uv["rps"] >= 20),
        ("app page fetch() p50", f"{pages['fetch']['p50']:.2f} ms", "<= 2 ms", pages["fetch"]["p50"] <= 2),
        ("app page XHR p50", f"{pages['xhr']['p50']:.2f} ms", "<= 2 ms", pages["xhr"]["p50"] <= 2),
        ("app page request via service worker p50", f"{pages['sw']['p50']:.2f} ms", "<= 2 ms", pages["sw"]["p50"] <= 2),
        ("256 MB stream", f"{results['stream']['stream']['mb_per_s']:.0f} MB/s", ">= 300 MB/s", results["stream"]["stream"]["mb_per_s"] >= 300),
    ]  # fmt: skip
    growth = max(results["stream"]["stream"]["page_retained_mb"], results["stream"]["stream"]["worker_growth_mb"])
    rows.append(("256 MB stream memory retained", f"{growth:.1f} MB", "<= 32 MB", growth <= 32))
    rows.append(("warm build", f"{results['sites']['hello']['warm_build_seconds']:.2f} s", "<= 3 s",
                 results["sites"]["hello"]["warm_build_seconds"] <= 3))  # fmt: skip
    return rows


def print_table(results: dict, rows) -> None:
    boot, base, plain = results["boot"], results["baseline"], results["boot_plain"]
    print("\nBoot to first response (median ms)      cold     warm   baseline cold   baseline warm   warm from")
    for name in ("hello", "fastapi", "datasette"):
        b, n = boot[name], base[name]
        print(f"  {name:<36}{b['cold_ms']:>6.0f}   {b['warm_ms']:>6.0f}   {n['cold_ms']:>13.0f}   {n['warm_ms']:>13.0f}   {b['warm_from']}")
    net = results["first_visit_network"]
    print(f"  hello, first visit over a network ({net['delay_ms']:.0f} ms per response):")
    print(f"    the site's page shows the app's first page at {net['shown_ms']:.0f}; the baseline's first response: {net['baseline_ms']:.0f}")
    print("  without DevTools (as a visitor's browser; the boot targets are judged on these):")
    for name in ("hello", "fastapi", "datasette"):
        p = plain[name]
        print(f"  {name:<36}{'':>6}   {p['warm_ms']:>6.0f}   {'':>13}   {p['baseline_warm_ms']:>13.0f}   {p['warm_from']}")
    app, uv = results["fetch"]["app_fetch"], results["fetch"]["uvicorn_fetch"]
    print("\nRequests (App.fetch, Uvicorn and the worker floors timed to 5 us, app pages to 0.1 ms)")
    print("                                         p50 ms    p99 ms   mean ms   req/s (100 in flight)")
    print(f"  App.fetch (tiny app)                 {app['p50']:>8.3f}  {app['p99']:>8.3f}  {app['mean']:>8.3f}   {app['rps']:>8.0f}")
    wf = results["fetch"]["worker_floor"]
    print(f"  floor: a bare Web Worker answers     {wf['p50']:>8.3f}  {wf['p99']:>8.3f}  {wf['mean']:>8.3f}   {wf['rps']:>8.0f}")
    wf = results["fetch"]["worker_floor_fetch"]
    print(f"    the same, as Request and Response  {wf['p50']:>8.3f}  {wf['p99']:>8.3f}  {wf['mean']:>8.3f}   {wf['rps']:>8.0f}")
    print(f"  fetch() to Uvicorn (same app)        {uv['p50']:>8.3f}  {uv['p99']:>8.3f}  {uv['mean']:>8.3f}   {uv['rps']:>8.0f}")
    uvp = results["fetch"]["uvicorn_fetch_plain"]
    print(f"    the same, without DevTools (judged) {uvp['p50']:>7.3f}  {uvp['p99']:>8.3f}  {uvp['mean']:>8.3f}   {uvp['rps']:>8.0f}")
    pages = results["app_pages"]
    print(f"  app page fetch() (to the App)        {pages['fetch']['p50']:>8.3f}  {pages['fetch']['p99']:>8.3f}")
    print(f"  app page XHR (to the App)            {pages['xhr']['p50']:>8.3f}  {pages['xhr']['p99']:>8.3f}")
    print(f"  app page via service worker          {pages['sw']['p50']:>8.3f}  {pages['sw']['p99']:>8.3f}   (the browser's own XHR)")
    print(f"  floor: XHR a service worker answers  {pages['floor']['p50']:>8.3f}  {pages['floor']['p99']:>8.3f}")
    plain_pages = results["app_pages_plain"]
    print("    the same four, without DevTools (judged):")
    for label, kind in (("app page fetch()", "fetch"), ("app page XHR", "xhr"), ("via service worker", "sw"), ("floor", "floor")):
        print(f"    {label:<35}{plain_pages[kind]['p50']:>8.3f}  {plain_pages[kind]['p99']:>8.3f}")
    s, u = results["stream"]["stream"], results["stream"]["upload"]
    print(f"\n256 MB stream: {s['mb_per_s']:.0f} MB/s, page retains +{s['page_retained_mb']:.1f} MB "
          f"(heap peak +{s['page_growth_mb']:.1f} MB before garbage collection), worker +{s['worker_growth_mb']:.1f} MB")
    print(f"100 MB upload: {u['seconds']:.2f} s, page heap +{u['page_growth_mb']:.1f} MB, worker +{u['worker_growth_mb']:.1f} MB")
    print("\nSite                size        gzip   files   build s")
    for name, site in results["sites"].items():
        print(f"  {name:<14}{site['size_bytes'] / 1e6:>7.1f} MB {site['size_gzip_bytes'] / 1e6:>7.1f} MB {site['files']:>6}   {site['build_seconds']:>6.2f}")
    print(f"  warm rebuild of hello: {results['sites']['hello']['warm_build_seconds']:.2f} s")
    print("\nTargets")
    for measure, value, target, met in rows:
        print(f"  [{'met' if met else 'MISSED'}] {measure:<40} {value:>16}   target {target}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", help="fewer repetitions")
    parser.add_argument("--out", type=Path, default=RESULTS, help="where results and built sites go")
    args = parser.parse_args()
    from playwright.sync_api import sync_playwright

    from wasgi.devserver import serve_in_thread
    from wasgi.testing.chromium import launch_options

    args.out.mkdir(parents=True, exist_ok=True)
    print("Building sites...", file=sys.stderr)
    sites = build_sites(args.out / "sites")
    servers = {name: serve_in_thread(site["dir"]) for name, site in sites.items()}
    floor = serve_in_thread(BENCH)  # sw_floor/, worker_floor/, and the scripts they share with apps/
    timing = {"tiny": timing_server(sites["tiny"]["dir"]), "floor": timing_server(BENCH)}
    uvicorn, uvicorn_url = start_uvicorn()
    runs = 2 if args.quick else 3
    plain = launch_options()  # for plain_visits: a visitor's browser, no extra flags
    options = launch_options()
    options["args"] = [*options["args"], "--enable-precise-memory-info", "--js-flags=--expose-gc"]
    results: dict = {"sites": {k: {x: y for x, y in v.items() if x != "dir"} for k, v in sites.items()}}
    try:
        with sync_playwright() as pw:
            browser = pw.chromium.launch(**options)
            print("Boot times...", file=sys.stderr)
            results["boot"] = {name: boot_times(browser, servers[name].url, runs) for name in ("hello", "fastapi", "datasette")}
            results["baseline"] = {name: baseline_times(browser, servers[name].url, runs) for name in ("hello", "fastapi", "datasette")}
            print("First visits over a network...", file=sys.stderr)
            results["first_visit_network"] = first_visits_over_network(browser, sites["hello"]["dir"], runs)
            print("Boot times without DevTools...", file=sys.stderr)
            results["boot_plain"] = {name: plain_boot_times(servers[name].url, runs, plain) for name in ("hello", "fastapi", "datasette")}
            print("Request latency and throughput...", file=sys.stderr)
            results["fetch"] = fetch_latency(browser, timing["tiny"].url, uvicorn_url, timing["floor"].url, args.quick)
            results["fetch"]["uvicorn_fetch_plain"] = plain_uvicorn_latency(uvicorn_url, args.quick, plain)
            results["app_pages"] = app_page_latency(browser, servers["tiny"].url, floor.url, args.quick)
            results["app_pages_plain"] = plain_app_page_latency(servers["tiny"].url, floor.url, args.quick, plain)
            print("Streams and uploads...", file=sys.stderr)
            results["stream"] = stream_and_upload(browser, servers["tiny"].url)
            browser.close()
    finally:
        uvicorn.terminate()
        for server in [*servers.values(), floor, *timing.values()]:
            server.shutdown()
    rows = judge(results)
    results["targets"] = [{"measure": m, "value": v, "target": t, "met": ok} for m, v, t, ok in rows]
    results["when"] = time.strftime("%Y-%m-%dT%H:%M:%S")
    print_table(results, rows)
    stamp = time.strftime("%Y%m%d-%H%M%S")
    for name in (f"bench-{stamp}.json", "latest.json"):
        (args.out / name).write_text(json.dumps(results, indent=1))
    print(f"\nWrote {args.out / 'latest.json'}", file=sys.stderr)
    return 0 if all(met for *_, met in rows) else 1


if __name__ == "__main__":
    sys.exit(main())
