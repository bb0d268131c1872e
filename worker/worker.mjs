// The Web Worker: boots Pyodide and the app (boot.mjs), then passes the
// page's request messages to the Python Bridge and its answers back.
// See protocol.mjs for the messages.

import { bootApp, lastLine } from "./boot.mjs";
import { callOperation } from "./files.mjs";
import { snapshotPlan } from "./snapshot_plan.mjs";
import { Outbox } from "./protocol.mjs";
import { KeepAwake } from "./keep_awake.mjs";
import { DirectAnswers } from "./direct_answers.mjs";

// Awake for a moment after answering, once serving (worker/keep_awake.mjs).
const awake = new KeepAwake(() => bridge !== null);
const outbox = new Outbox((batch, transfer) => {
  self.postMessage(batch, transfer);
  awake.posted();
});
/** Whole answers to the service worker's requests, sent to it directly (direct_answers.mjs). */
const serviceWorker = new DirectAnswers();

/**
 * The one way anything reaches the page; Python calls it too.
 * @param {string} kind @param {number} id @param {any[]} args
 */
function post(kind, id, ...args) {
  const first = args[0];
  const buffer = first instanceof Uint8Array ? first.buffer : undefined;
  // A response whose last body chunk follows its start in the same batch goes
  // as one "response" message, which the page turns into a Response directly;
  // or, for the service worker's requests, to the service worker.
  const last = outbox.batch.at(-1);
  if (kind === "body" && args[1] === false && last?.[0] === "start" && last[1] === id) {
    if (serviceWorker.send(id, last[2], last[3], first)) {
      outbox.batch[outbox.batch.length - 1] = ["answered", id];
      return;
    }
    last[0] = "response";
    last.push(first);
    if (buffer) outbox.carry(buffer);
    return;
  }
  if ((kind === "body" && args[1] === false) || kind === "fail") serviceWorker.forget(id);
  outbox.push([kind, id, ...args], buffer);
}

/** The Python Bridge's bound methods (PyProxies). @type {null | Record<string, any>} */
let bridge = null;
/** Pyodide and the persistent directory, once booted. @type {import("./boot.mjs").Runtime | null} */
let runtime = null;
/** Messages that arrived while booting. @type {any[]} */
let waiting = [];

self.onmessage = (event) => {
  // The page's link to the service worker comes alone, as a port.
  if (event.ports.length) return void serviceWorker.link(event.ports[0]);
  awake.received(event.data.length);
  for (const message of event.data) handle(message);
};

/** @param {any} m */
function handle(m) {
  if (m.t === "boot") return void boot(m);
  if (m.t === "close") return void close();
  if (dead) return;
  if (!bridge) return void waiting.push(m);
  if (m.t === "call") return void call(m);
  try {
    switch (m.t) {
      case "req":
        // undefined, not null: Pyodide turns null into jsnull rather than None.
        // A plain call, not callPromising (which costs ~100 us more): the app's first
        // step runs in it (server.py), and sync code that may suspend the stack (JSPI)
        // waits for the loop's next turn first (py/wasgi/server/shims/jspi.py).
        serviceWorker.offered(m.id, m.sw);
        bridge.request(m.id, m.method, m.target, m.headers, m.body ?? undefined, m.more);
        break;
      case "body":
        bridge.body(m.id, m.body ?? undefined, m.more);
        break;
      case "ack":
        bridge.ack(m.id, m.n);
        break;
      case "abort":
        bridge.abort(m.id);
        break;
      case "ws.open":
        bridge.ws_open(m.id, m.target, m.headers);
        break;
      case "ws.message":
        bridge.ws_message(m.id, m.data);
        break;
      case "ws.ack":
        bridge.ws_ack(m.id, m.n);
        break;
      case "ws.close":
        bridge.ws_close(m.id, m.code, m.reason);
        break;
    }
  } catch (error) {
    failed(m, error);
  }
}

/**
 * Handling a message threw: a bug in the bridge, not in the app (or Pyodide
 * died). Fail this request and keep serving. @param {any} m @param {any} error
 */
function failed(m, error) {
  if (isFatal(error)) return die(error);
  post("log", 0, "error", `wasgi worker: ${error}`);
  if (m.id && String(m.t).startsWith("ws.")) return void post("ws.close", m.id, 1006, "");
  if (m.id) post("fail", m.id, String(error));
}

/**
 * Pyodide cannot go on after a fatal error (a wasm trap, running out of
 * memory): every later call throws. @param {any} error
 */
function isFatal(error) {
  return Boolean(error?.pyodide_fatal_error) || /fatally failed|Aborted\(/.test(String(error?.message ?? error));
}

let dead = false;

/** Tell the page this worker is finished; it answers pending requests with 503 and starts another. @param {any} error */
function die(error) {
  if (dead) return;
  dead = true;
  bridge = null;
  post("dead", 0, String(error?.message ?? error).split("\n")[0]);
  outbox.flush();
}

/** @param {any} config */
async function boot(config) {
  try {
    runtime = await bootApp(config, post);
    if (!runtime) return;
    const py = runtime.bridge;
    // Cache the bound methods: looking them up per request would cost a proxy each.
    bridge = { request: py.request, body: py.body, ack: py.ack, abort: py.abort, server: py.server };
    Object.assign(bridge, { ws_open: py.ws_open, ws_message: py.ws_message, ws_ack: py.ws_ack, ws_close: py.ws_close });
    const early = waiting;
    waiting = [];
    for (const m of early) handle(m);
  } catch (error) {
    const e = /** @type {Error} */ (error);
    post("failed", 0, e.name === "PythonError" ? "internal" : "load", e.message, e.stack ?? "");
  }
}

/**
 * A page request about files, the snapshot plan, or the runtime files this
 * worker loaded; answered with ["result", id, value, error].
 * @param {any} m
 */
async function call(m) {
  try {
    const live = /** @type {import("./boot.mjs").Runtime} */ (runtime);
    const value =
      m.op === "snapshot-plan" ? snapshotPlan(live.pyodide)
      : m.op === "loaded-urls" ? loadedURLs()
      : await callOperation(live, m.op, m.args ?? []);
    if (value instanceof Uint8Array) post("result", m.id, value);
    else post("result", m.id, undefined, undefined, value);
  } catch (error) {
    post("result", m.id, undefined, String(/** @type {Error} */ (error).message ?? error));
  }
}

/** Every URL this worker fetched or imported (Resource Timing): its modules, Pyodide's files, the packs. */
function loadedURLs() {
  return performance.getEntriesByType("resource").map((entry) => entry.name); // web/sw.js drops repeats
}

async function close() {
  const errors = [];
  try {
    if (bridge) await bridge.server.shutdown();
  } catch (e) {
    errors.push(`lifespan shutdown failed: ${lastLine(e)}`);
  }
  // Saved even when shutdown failed; the last writes may be in a save that failed.
  try {
    await runtime?.persistence.flushOrRetry();
  } catch (e) {
    errors.push(lastLine(e));
  }
  post("closed", 0, errors.join("; ") || undefined);
  outbox.flush();
}

self.addEventListener("unhandledrejection", (event) => {
  if (isFatal(event.reason)) return die(event.reason);
  post("log", 0, "error", `wasgi worker: unhandled rejection: ${event.reason}`);
});

// A fatal error inside a Python task surfaces here, thrown from the event loop's callback.
self.addEventListener("error", (event) => {
  if (!isFatal(event.error ?? event.message)) return;
  event.preventDefault();
  die(event.error ?? event.message);
});
