"""Speed regressions, judged as ratios measured in the same run, never as
absolute times (these machines are noisy; the absolute targets are bench/'s,
see bench/RESULTS.md). The bounds sit well under what bench/ measures
(a snapshot boot ~3-4x faster, App.fetch ~10x Uvicorn's latency and ~15-20x
its throughput), so only a real regression fails them: snapshots no longer
used, or a slow step added to every request."""

import importlib.util
import statistics
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# bench/run.py's sites, pages and timing script: the test measures what the benchmark does.
_spec = importlib.util.spec_from_file_location("wasgi_bench", REPO / "bench" / "run.py")
bench = importlib.util.module_from_spec(_spec)
_spec.loader.exec_module(bench)


def warm_boots(browser, url: str, runs: int) -> tuple[list[float], str]:
    """ms to the first response of `runs` return visits (after a first visit and its snapshot)."""
    context = browser.new_context()
    page = context.new_page()
    page.goto(url + "bench/boot.html")
    page.wait_for_function("window.snapshotDone", timeout=180_000)
    times = []
    for _ in range(runs):
        page.goto(url + "bench/boot.html")
        page.wait_for_function("window.result", timeout=120_000)
        result = page.evaluate("window.result")
        assert result["status"] == 200
        times.append(result["first"])
    context.close()
    return times, result["from"]


def bench_site(sites, app: str, name: str, **options) -> str:
    """A bench/ app built and served, with bench/'s boot page in it."""
    url = sites.url(bench.SITES[app], name, **options)
    (sites.directory(url) / "bench").mkdir(exist_ok=True)
    (sites.directory(url) / "bench" / "boot.html").write_text(bench.BOOT_PAGE.replace("FIRST_PATH", bench.FIRST_PATH[app]))
    return url


def test_a_return_visit_from_the_snapshot_boots_much_faster_than_a_plain_boot(browser, sites):
    with_snapshot = bench_site(sites, "hello", "ratio-snapshot")
    without = bench_site(sites, "hello", "ratio-plain", snapshot=False)
    fast, fast_from = warm_boots(browser, with_snapshot, 3)
    slow, slow_from = warm_boots(browser, without, 3)
    assert (fast_from, slow_from) == ("snapshot", "boot")
    ratio = statistics.median(slow) / statistics.median(fast)
    print(f"warm boot: plain {statistics.median(slow):.0f} ms, snapshot {statistics.median(fast):.0f} ms ({ratio:.1f}x)")
    assert ratio >= 1.8, (slow, fast)


@pytest.fixture(scope="module")
def uvicorn():
    proc, url = bench.start_uvicorn()
    yield url
    proc.terminate()
    proc.wait(timeout=10)


def test_app_fetch_beats_the_browsers_fetch_to_uvicorn_serving_the_same_app(browser, sites, uvicorn):
    # bench/'s own measure, in its quick form: rounds alternating between the two, the median round counts.
    floor = sites.serve(bench.BENCH)  # the bare Web Worker it measures next to them
    measured = bench.fetch_latency(browser, bench_site(sites, "tiny", "ratio-tiny"), uvicorn, floor, quick=True)
    app, server = measured["app_fetch"], measured["uvicorn_fetch"]
    latency, throughput = server["mean"] / app["mean"], app["rps"] / server["rps"]
    print(f"App.fetch mean {app['mean'] * 1000:.0f} us, {app['rps']:.0f} req/s; Uvicorn {server['mean'] * 1000:.0f} us, "
          f"{server['rps']:.0f} req/s: {latency:.1f}x lower latency, {throughput:.1f}x throughput")
    assert latency >= 3, (app, server)
    assert throughput >= 5, (app, server)
