// The page's end of the worker: starts it, routes its messages, and keeps
// the table of requests in flight.

import { Outbox } from "../worker/protocol.mjs";
import { KeepAwake } from "../worker/keep_awake.mjs";
import { StartupError } from "./errors.mjs";

/** @typedef {import("../worker/progress.mjs").Progress} Progress */
/**
 * @typedef {object} Hooks
 * @property {(p: Progress) => void} [onProgress]
 * @property {(level: string, text: string) => void} [onLog]
 * @property {() => void} [onWriterFree] the tab that held the site's data closed
 * @property {(text: string) => void} [onNote] something the person should know about the data
 */

/** Python logging levels (lower-cased) to console methods. */
const CONSOLE = /** @type {Record<string, "debug" | "info" | "warn" | "error">} */ ({
  debug: "debug", info: "info", warning: "warn", warn: "warn", error: "error", critical: "error",
});

/** Print a Python log line on the console, at its level. @param {string} level @param {string} text */
export function logToConsole(level, text) {
  console[CONSOLE[level] ?? "log"](text);
}

export class WorkerConnection {
  /**
   * @param {URL} workerURL
   * @param {Hooks} hooks
   */
  constructor(workerURL, hooks) {
    this.hooks = hooks;
    /** @type {Map<number, import("./exchange.mjs").HttpExchange>} */
    this.exchanges = new Map();
    /** Open WebSockets by id (ids are shared with exchanges). @type {Map<number, import("./websocket.mjs").AppWebSocket>} */
    this.sockets = new Map();
    this.nextId = 1;
    this.worker = new Worker(workerURL, { type: "module", name: "wasgi" });
    // Awake for a moment after sending, for the answer and the reading of it (worker/keep_awake.mjs).
    const awake = new KeepAwake();
    this.outbox = new Outbox(
      (batch, transfer) => {
        this.worker.postMessage(batch, transfer);
        awake.posted();
      },
      () => this.exchanges.size > 1,
    );
    /** Answers to "call" messages, by id. @type {Map<number, {resolve: (v: any) => void, reject: (e: Error) => void}>} */
    this.calls = new Map();
    /** @type {Promise<{rootPath: string, snapshot: string, persistence: {writable: boolean, backend: string}, timings: Record<string, number>}>} */
    this.ready = new Promise((resolve, reject) => {
      this.onReady = resolve;
      this.onFailed = reject;
    });
    /** @type {((error?: string) => void) | null} */
    this.onClosed = null;
    this.booted = false;
    /** Why the worker died (it cannot serve again), or null while it lives. @type {string | null} */
    this.dead = null;
    this.worker.onmessage = (event) => {
      awake.received(event.data.length);
      for (const message of event.data) this.#dispatch(message);
    };
    this.worker.onerror = (event) => {
      // The worker script failed to load, or threw where nothing caught it.
      event.preventDefault();
      if (this.booted) return this.#die(event.message || "the worker stopped");
      const message = event.message || `the worker script ${workerURL} failed to load (missing file or not served as JavaScript?)`;
      this.onFailed(new StartupError("worker", message));
      this.#die(message);
    };
  }

  /** @param {any} message @param {ArrayBuffer} [transfer] */
  post(message, transfer) {
    this.outbox.push(message, transfer);
  }

  /**
   * Ask the worker about its files (worker/files.mjs) or for its snapshot plan (worker/snapshot_plan.mjs).
   * @param {string} op @param {any[]} [args] @param {ArrayBuffer} [transfer]
   */
  call(op, args = [], transfer) {
    if (this.dead !== null) return Promise.reject(new Error(`the app's worker stopped: ${this.dead}`));
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.calls.set(id, { resolve, reject });
      this.post({ t: "call", id, op, args }, transfer);
    });
  }

  /**
   * Link the worker to the service worker: whole answers to the service
   * worker's requests may then go to it directly (worker/direct_answers.mjs).
   * @param {MessagePort} port
   */
  linkServiceWorker(port) {
    this.outbox.flush(); // what was posted before goes first
    this.worker.postMessage([], [port]);
  }

  /** @param {number} id */
  forget(id) {
    this.exchanges.delete(id);
  }

  /** @param {any[]} m */
  #dispatch(m) {
    const [kind, id] = m;
    const exchange = id ? this.exchanges.get(id) : undefined;
    switch (kind) {
      case "start":
        return exchange?.onStart(m[2], m[3]);
      case "response":
        return exchange?.onStart(m[2], m[3], m[4] ?? new Uint8Array(0));
      case "body":
        return exchange?.onBody(m[2], m[3]);
      case "fail":
        return exchange?.onFail(m[2]);
      case "answered":
        return exchange?.onAnsweredElsewhere();
      case "pull":
        return void exchange?.onPull();
      case "ws.accept":
      case "ws.message":
      case "ws.close":
      case "ws.deny":
      case "ws.ack":
        return this.sockets.get(id)?.onWorkerMessage(m);
      case "progress":
        return this.hooks.onProgress?.(m[2]);
      case "log":
        return this.#log(m[2], m[3]);
      case "ready":
        this.booted = true;
        return this.onReady(m[2]);
      case "dead":
        return this.#die(m[2]);
      case "failed":
        return this.onFailed(new StartupError(m[2], m[3], m[4]));
      case "closed":
        return this.onClosed?.(m[2]);
      case "result": {
        const call = this.calls.get(id);
        this.calls.delete(id);
        if (m[3] !== undefined) return call?.reject(new Error(m[3]));
        return call?.resolve(m[2] ?? m[4]);
      }
      case "writer-free":
        return this.hooks.onWriterFree?.();
      case "note":
        console.warn(`wasgi: ${m[2]}`);
        return this.hooks.onNote?.(m[2]);
    }
  }

  /** @param {string} level @param {string} text */
  #log(level, text) {
    if (this.hooks.onLog) this.hooks.onLog(level, text);
    else logToConsole(level, text);
  }

  /**
   * The worker cannot serve any more (a fatal Pyodide error, out of memory):
   * answer what is in flight and let the App start a fresh worker.
   * @param {string} reason
   */
  #die(reason) {
    if (this.dead !== null) return;
    this.dead = reason;
    this.worker.terminate();
    console.error(`wasgi: the app's worker stopped: ${reason}`);
    for (const exchange of [...this.exchanges.values()]) exchange.onWorkerDied(reason);
    this.exchanges.clear();
    for (const call of this.calls.values()) call.reject(new Error(`the app's worker stopped: ${reason}`));
    this.calls.clear();
    this.#dropSockets();
    this.onClosed?.(reason);
  }

  terminate() {
    this.worker.terminate();
    this.#dropSockets();
  }

  /** The worker is gone: open WebSockets close with 1006, as when a server dies. */
  #dropSockets() {
    for (const socket of this.sockets.values()) socket.onWorkerDied();
    this.sockets.clear();
  }
}

/**
 * Start a worker for the site and wait until its app has started.
 * @param {URL} siteURL the site's folder
 * @param {Hooks} hooks
 * @param {any} [data] the page's data parameters (worker/boot.mjs BootConfig.data)
 * @param {string} [keepIn] a Cache Storage cache to copy the worker's downloads into (StartOptions.keepIn)
 * @returns {Promise<{connection: WorkerConnection, rootPath: string, persistence: {writable: boolean, backend: string}, snapshot: string, timings: Record<string, number>}>}
 */
export async function openConnection(siteURL, hooks, data, keepIn) {
  // The worker ships beside this module (in a built site, and in the npm package).
  const connection = new WorkerConnection(new URL("../worker/worker.mjs", import.meta.url), hooks);
  const scheme = siteURL.protocol.replace(":", "");
  connection.post({
    t: "boot",
    siteURL: siteURL.href,
    rootPath: siteURL.pathname.replace(/\/$/, ""),
    scheme,
    host: siteURL.hostname,
    port: Number(siteURL.port) || (scheme === "https" ? 443 : 80),
    data,
    keepIn,
  });
  try {
    const { rootPath, persistence, snapshot, timings } = await connection.ready;
    // Boot phases as ms since this page's navigation started, like performance.now().
    const own = Object.fromEntries(Object.entries(timings).map(([phase, t]) => [phase, Math.round(t - performance.timeOrigin)]));
    return { connection, rootPath, persistence, snapshot, timings: own };
  } catch (error) {
    connection.terminate();
    throw error;
  }
}
