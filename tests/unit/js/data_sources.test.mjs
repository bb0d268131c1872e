// Unit tests of the worker's data-loading helpers (the network: a local server).
import assert from "node:assert/strict";
import { createServer } from "node:http";
import { test } from "node:test";
import { DataLoadError, fetchData, rawURL, wantsData } from "../../../worker/data_sources.mjs";
import { ProgressTracker } from "../../../worker/progress.mjs";
import { insertionPoint } from "../../../web/html_inject.mjs";

test("GitHub blob links become raw links", () => {
  assert.equal(
    rawURL("https://github.com/simonw/datasette/blob/main/tests/fixtures.db"),
    "https://raw.githubusercontent.com/simonw/datasette/main/tests/fixtures.db",
  );
});

test("gist links become raw links", () => {
  assert.equal(
    rawURL("https://gist.github.com/someone/0123abcd"),
    "https://gist.githubusercontent.com/someone/0123abcd/raw",
  );
});

test("other URLs are left alone", () => {
  assert.equal(rawURL("https://example.org/a.db"), "https://example.org/a.db");
});

test("wantsData only when a source is named", () => {
  assert.equal(wantsData(undefined), false);
  assert.equal(wantsData({ sql: ["select 1"] }), false);
  assert.equal(wantsData({ csv: ["https://x/y.csv"] }), true);
});

test("the frame script goes right after <head>, else after the doctype", () => {
  const bytes = (s) => new TextEncoder().encode(s);
  assert.equal(insertionPoint(bytes("<!doctype html><html><head><title>x"), false), 27);
  assert.equal(insertionPoint(bytes("<!doctype html><p>hi</p>"), false), 15);
  assert.equal(insertionPoint(bytes("<!doctype html><ht"), false), null); // wait for more
  assert.equal(insertionPoint(bytes("plain"), true), 0);
});

test("data files reach the network while boot has pointed the global fetch at its tracker", async () => {
  const server = createServer((_, response) => response.writeHead(404).end("no"));
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  const url = `http://127.0.0.1:${/** @type {any} */ (server.address()).port}/missing.db`;
  const global = globalThis.fetch;
  // What boot.mjs does while Pyodide loads; the tracker refuses what is not ok, opaque probes included.
  globalThis.fetch = () => Promise.reject(new TypeError("the tracker's fetch"));
  try {
    await assert.rejects(fetchData({ url: [url] }, new ProgressTracker(0, () => {}), () => {}), (error) => {
      assert.ok(error instanceof DataLoadError && error.message.includes("HTTP 404"), String(error));
      return true;
    });
  } finally {
    globalThis.fetch = global;
    server.close();
  }
});
