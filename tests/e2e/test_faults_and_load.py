"""Uploads, aborts, load and a dying worker: nothing is lost or mixed up."""

import json

import pytest

from booted import boot_page

RUNTIME_APP = "tests/e2e/apps/runtime/app.py:app"


@pytest.fixture(scope="module")
def page(browser, sites):
    # Its own site and page: these tests crash and restart the worker.
    booted = boot_page(browser, sites.url(RUNTIME_APP, "faults"))
    yield booted
    booted.page.context.close()


def test_a_100_mb_upload_streams_in_chunks(page):
    stats = page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const body = new Blob([new Uint8Array(100 * 1024 * 1024).fill(7)]);
        const r = await app.fetch('/upload-stats', {method: 'POST', body});
        return r.json();
    }""")
    assert stats["total"] == 100 * 1024 * 1024
    # Parts of about 1 MiB (a Blob stream may hand over up to a few MiB at once).
    assert stats["chunks"] >= 25 and stats["largest"] <= 4 * 1024 * 1024, stats
    # The worker never held the body whole: Python's peak stays a few parts.
    assert stats["peak"] < 16 * 1024 * 1024, stats


def test_abort_mid_stream_stops_the_app_with_oserror(page):
    read = page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const controller = new AbortController();
        const r = await app.fetch('/raw/ticker', {signal: controller.signal});
        const reader = r.body.getReader();
        let got = 0;
        while (got < 3) { const {value} = await reader.read(); got += value ? 1 : 0; }
        controller.abort();
        try { await reader.read(); return 'no error'; } catch (e) { return e.name; }
    }""")
    assert read == "AbortError"
    page.page.wait_for_timeout(200)
    first = json.loads(page.call("/raw/ticker-status")["body"])
    page.page.wait_for_timeout(200)
    second = json.loads(page.call("/raw/ticker-status")["body"])
    assert first["ended_by"] == "ClientDisconnected"
    assert second["sent"] == first["sent"]  # the generator stopped, it does not run on


def test_10000_requests_200_in_flight_all_answered_correctly(page):
    result = page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        let next = 0, wrong = [], done = 0;
        async function lane() {
            while (next < 10000) {
                const n = next++;
                const r = await app.fetch(`/item/${n}`);
                const text = await r.text();
                if (r.status !== 200 || text !== String(n)) wrong.push([n, r.status, text]);
                done++;
            }
        }
        const t0 = performance.now();
        await Promise.all(Array.from({length: 200}, lane));
        return {done, wrong: wrong.slice(0, 5), ms: performance.now() - t0};
    }""")
    assert result["done"] == 10000 and result["wrong"] == [], result


def test_a_request_that_never_answers_does_not_block_others(page):
    result = page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const controller = new AbortController();
        const hanging = app.fetch('/raw/never', {signal: controller.signal});
        const others = await Promise.all([1, 2, 3].map((n) => app.fetch(`/item/${n}`).then((r) => r.text())));
        controller.abort();
        const outcome = await hanging.then(() => 'resolved', (e) => e.name);
        return {others, outcome};
    }""")
    assert result == {"others": ["1", "2", "3"], "outcome": "AbortError"}


def test_a_dead_worker_answers_503_and_the_next_request_starts_a_fresh_one(page):
    result = page.page.evaluate("""async () => {
        const app = await window.wasgiReady;
        const slow = await app.fetch('/stream?n=100');  // streaming when the worker dies
        const reader = slow.body.getReader();
        await reader.read();
        const crash = await app.fetch('/raw/crash');
        const drain = async () => { while (!(await reader.read()).done); };
        const pending = await drain().then(() => 'completed', (e) => e.name);
        const after = await app.fetch('/state');
        return {crash: crash.status, crashText: await crash.text(), pending, after: after.status,
                state: await after.json()};
    }""")
    assert result["crash"] == 503
    assert "worker stopped" in result["crashText"] and "memory access out of bounds" in result["crashText"]
    assert result["pending"] == "TypeError"  # it had started streaming: its body errors
    assert result["after"] == 200 and result["state"]["count"] == 1  # a fresh worker, fresh lifespan
