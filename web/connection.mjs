// The page's end of the worker: starts it, routes its messages, and keeps
// the table of requests in flight.

import { Outbox } from "../worker/protocol.mjs";
import { StartupError } from "./errors.mjs";

/** @typedef {import("../worker/progress.mjs").Progress} Progress */

/** Python logging levels (lower-cased) to console methods. */
const CONSOLE = /** @type {Record<string, "debug" | "info" | "warn" | "error">} */ ({
  debug: "debug", info: "info", warning: "warn", warn: "warn", error: "error", critical: "error",
});

export class WorkerConnection {
  /**
   * @param {URL} workerURL
   * @param {{onProgress?: (p: Progress) => void, onLog?: (level: string, text: string) => void}} hooks
   */
  constructor(workerURL, hooks) {
    this.hooks = hooks;
    /** @type {Map<number, import("./exchange.mjs").HttpExchange>} */
    this.exchanges = new Map();
    this.nextId = 1;
    this.worker = new Worker(workerURL, { type: "module", name: "wasgi" });
    this.outbox = new Outbox((batch, transfer) => this.worker.postMessage(batch, transfer));
    /** @type {Promise<{rootPath: string}>} */
    this.ready = new Promise((resolve, reject) => {
      this.onReady = resolve;
      this.onFailed = reject;
    });
    /** @type {((error?: string) => void) | null} */
    this.onClosed = null;
    this.worker.onmessage = (event) => {
      for (const message of event.data) this.#dispatch(message);
    };
    this.worker.onerror = (event) => {
      // A worker script that failed to load or crashed outside any request.
      event.preventDefault();
      const message = event.message || `the worker script ${workerURL} failed to load (missing file or not served as JavaScript?)`;
      this.#fatal(new StartupError("worker", message));
    };
  }

  /** @param {any} message @param {ArrayBuffer} [transfer] */
  post(message, transfer) {
    this.outbox.push(message, transfer);
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
      case "body":
        return exchange?.onBody(m[2], m[3]);
      case "fail":
        return exchange?.onFail(m[2]);
      case "pull":
        return void exchange?.onPull();
      case "progress":
        return this.hooks.onProgress?.(m[2]);
      case "log":
        return this.#log(m[2], m[3]);
      case "ready":
        return this.onReady(m[2]);
      case "failed":
        return this.onFailed(new StartupError(m[2], m[3], m[4]));
      case "closed":
        return this.onClosed?.(m[2]);
    }
  }

  /** @param {string} level @param {string} text */
  #log(level, text) {
    if (this.hooks.onLog) this.hooks.onLog(level, text);
    else console[CONSOLE[level] ?? "log"](text);
  }

  /** @param {Error} error */
  #fatal(error) {
    this.onFailed(error);
    for (const exchange of this.exchanges.values()) exchange.abort(new TypeError(`network error: ${error.message}`));
    this.onClosed?.(error.message);
  }

  terminate() {
    this.worker.terminate();
  }
}
