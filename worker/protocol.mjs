// The messages between the page (web/app.mjs) and the worker (worker.mjs).
//
// Both sides post *arrays of messages*, gathered during one task and flushed
// in a microtask (see Outbox), so 100 requests in flight cost a handful of
// postMessage calls. Bodies are ArrayBuffers, transferred, never copied.
//
// page -> worker (objects):
//   {t: "boot", siteURL, rootPath, scheme, host, port}
//   {t: "req", id, method, target, headers: [name, value, ...], body: ArrayBuffer|null, more: bool}
//   {t: "body", id, body: ArrayBuffer|null, more: bool}      answers a "pull"
//   {t: "ack", id, n}                                        the page read n more response bytes
//   {t: "abort", id}
//   {t: "close"}                                             lifespan shutdown, then "closed"
//
// worker -> page (arrays: [kind, id, ...]):
//   ["progress", 0, {phase, loaded, total, detail}]
//   ["ready", 0, {rootPath}]    ["failed", 0, {kind, message, traceback}]
//   ["start", id, status, [name, value, ...]]
//   ["body", id, Uint8Array|undefined, more]
//   ["fail", id, reason]        the response started but will not complete
//   ["pull", id]                send the next request-body chunk
//   ["log", 0, level, text]     ["closed", 0, error|undefined]
//   ["dead", 0, reason]         Pyodide failed fatally; the page answers what is pending with 503

/** Bytes of response body the page acknowledges at a time (well under the worker's window). */
export const ACK_STEP = 512 * 1024;

/** Gathers messages and posts them as one batch at the end of the current task. */
export class Outbox {
  /** @param {(batch: any[], transfer: Transferable[]) => void} post */
  constructor(post) {
    this.post = post;
    /** @type {any[]} */
    this.batch = [];
    /** @type {Transferable[]} */
    this.transfer = [];
  }

  /**
   * @param {any} message
   * @param {ArrayBuffer} [buffer] transferred with the batch
   */
  push(message, buffer) {
    if (this.batch.length === 0) queueMicrotask(() => this.flush());
    this.batch.push(message);
    if (buffer) this.transfer.push(buffer);
  }

  flush() {
    if (this.batch.length === 0) return;
    const { batch, transfer } = this;
    this.batch = [];
    this.transfer = [];
    this.post(batch, transfer);
  }
}
