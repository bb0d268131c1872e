// The messages between the page (web/app.mjs) and the worker (worker.mjs).
//
// Headers travel as one string: names and values alternate, one per line
// ("name\nvalue\nname\nvalue"); neither may hold a newline, so nothing is
// escaped, and one string crosses into Python far faster than an array.
//
// Both sides post *arrays of messages*, gathered and flushed together (see
// Outbox), so 100 requests in flight cost a handful of postMessage calls.
// Bodies are ArrayBuffers: large ones transferred, small ones copied.
//
// page -> worker (objects):
//   {t: "boot", siteURL, rootPath, scheme, host, port, data}   data: the page's ?url= ?csv= ... (boot.mjs)
//   {t: "req", id, method, target, headers: lines, body: ArrayBuffer|null, more: bool, sw?: key}
//                               sw: the service worker's key for a request it intercepted, when
//                               the worker may answer it there (direct_answers.mjs)
//   [] with a transferred MessagePort: the page links the worker to the service worker
//   {t: "body", id, body: ArrayBuffer|null, more: bool}      answers a "pull"
//   {t: "ack", id, n}                                        the page read n more response bytes
//   {t: "abort", id}
//   {t: "close"}                                             lifespan shutdown, then "closed"
//   {t: "call", id, op, args}   files: "files" (list), "read" (path), "write" (name, ArrayBuffer
//                               into /persist), "save" (flush /persist); "snapshot-plan"
//                               (snapshot_plan.mjs); "loaded-urls" (what the worker loaded,
//                               for the service worker to keep); answered by "result"
//   WebSockets (web/websocket.mjs <-> py/wasgi/server/websocket_cycle.py):
//   {t: "ws.open", id, target, headers: lines}  the handshake (subprotocols in its headers)
//   {t: "ws.message", id, data: string|ArrayBuffer}          text as a string, binary transferred
//   {t: "ws.ack", id, n}                                     the page delivered n more of the app's messages
//   {t: "ws.close", id, code, reason}                        close(): code 1005 when none was given;
//                                                            1006: the page dropped the connection
//
// worker -> page (arrays: [kind, id, ...]):
//   ["progress", 0, {phase, loaded, total, detail}]
//   ["ready", 0, {rootPath, snapshot, persistence, timings}]    ["failed", 0, {kind, message, traceback}]
//   ["start", id, status, lines]
//   ["response", id, status, lines, body]   a start and its whole body in one
//   ["body", id, body, more]     body: undefined, a Uint8Array, or a string when the
//                               bytes are ASCII and small (cheaper out of Python; the page encodes it back)
//   ["fail", id, reason]        the response started but will not complete
//   ["answered", id]            the whole answer went to the service worker (direct_answers.mjs)
//   ["pull", id]                send the next request-body chunk
//   ["log", 0, level, text]     ["closed", 0, error|undefined]
//   ["dead", 0, reason]         Pyodide failed fatally; the page answers what is pending with 503
//   ["result", id, Uint8Array|undefined, error|undefined, value]   answers a "call"
//   ["note", 0, text]           something the person should know (a database downloaded whole, say)
//   ["writer-free", 0]          the tab holding the site's data closed: this one may reload to write
//   ["ws.accept", id, subprotocol|"", lines]   the app accepted; the page checks the subprotocol
//   ["ws.message", id, string|Uint8Array]   a text or binary message (binary transferred)
//   ["ws.ack", id, n]           the app received n more of the page's messages (bufferedAmount drops)
//   ["ws.close", id, code, reason]   the app closed, or answered the page's close; 1006: dropped, no close frame
//   ["ws.deny", id, Uint8Array|undefined, status, lines]   the handshake failed with this
//                               HTTP response (rejected, denied, or the app failed before accepting);
//                               the page sees error, then close 1006

/**
 * A header string (see above) as a flat [name, value, ...] array.
 * @param {string} lines @returns {string[]}
 */
export function splitHeaders(lines) {
  return lines ? lines.split("\n") : [];
}

/**
 * A response's header string as the [name, value] pairs a browser Response
 * takes, with what the page handles itself taken out or noted: the Set-Cookie
 * values (a page-made Response drops them; the cookie jar keeps them) and the
 * Content-Encoding (several joined by ", "; the headers keep it). Names come
 * lower-cased from the server (py/wasgi/server/http_cycle.py).
 * @param {string} lines
 * @returns {{pairs: [string, string][], setCookies: string[], encoding: string | undefined}}
 */
export function responseHeaders(lines) {
  const flat = splitHeaders(lines);
  /** @type {[string, string][]} */
  const pairs = [];
  /** @type {string[]} */
  const setCookies = [];
  /** @type {string | undefined} */
  let encoding;
  for (let i = 0; i < flat.length; i += 2) {
    const name = flat[i];
    if (name === "set-cookie") setCookies.push(flat[i + 1]);
    else pairs.push([name, flat[i + 1]]);
    if (name === "content-encoding") encoding = encoding === undefined ? flat[i + 1] : `${encoding}, ${flat[i + 1]}`;
  }
  return { pairs, setCookies, encoding };
}

/** Small ASCII bodies cross as text (py/wasgi/server/bridge.py _wire_body): encoded back, they are the same bytes. */
const encoder = new TextEncoder();

/**
 * A body as it crossed (see "body" above) as bytes.
 * @param {Uint8Array | string | undefined} wire @returns {Uint8Array | undefined}
 */
export function wireBytes(wire) {
  return typeof wire === "string" ? encoder.encode(wire) : wire;
}

/** Bytes of response body the page acknowledges at a time (well under the worker's window). */
export const ACK_STEP = 512 * 1024;

/** Buffers smaller than this are copied with the batch rather than transferred (transfer costs more). */
const TRANSFER_MIN = 64 * 1024;

/**
 * A batch this long goes out at once. Page and worker then work at the same
 * time: one side handles the first answers while the other is still on the
 * rest. Whole batches made the two take turns, each idle half the time
 * (4,300 req/s with 100 in flight, against 6,000 to 10,000 with batches of 16).
 */
const MAX_BATCH = 16;

/**
 * Gathers messages and posts them as one batch at the end of the current
 * task; or, while `busy()` says more input is coming (other requests in
 * flight), after the input already waiting, so that requests made as
 * responses arrive go out together. Waiting costs tens of microseconds, so a
 * lone request does not wait. A batch never grows past MAX_BATCH.
 */
export class Outbox {
  /**
   * @param {(batch: any[], transfer: Transferable[]) => void} post
   * @param {() => boolean} [busy]
   */
  constructor(post, busy = () => false) {
    this.post = post;
    this.busy = busy;
    /** A channel to ourselves: its message queues behind the input already waiting. @type {MessagePort | null} */
    this.later = null;
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
    // Checked before adding, not after: the worker may still fold a body into the last message (worker.mjs).
    if (this.batch.length >= MAX_BATCH) this.flush();
    if (this.batch.length === 0) {
      if (this.busy()) (this.later ??= this.#channel()).postMessage(null);
      else queueMicrotask(() => this.flush());
    }
    this.batch.push(message);
    if (buffer) this.carry(buffer);
  }

  #channel() {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => this.flush();
    return channel.port2;
  }

  /** Send `buffer` with the batch: transferred when large, else copied. @param {ArrayBuffer} buffer */
  carry(buffer) {
    if (buffer.byteLength >= TRANSFER_MIN) this.transfer.push(buffer);
  }

  flush() {
    if (this.batch.length === 0) return;
    const { batch, transfer } = this;
    this.batch = [];
    this.transfer = [];
    this.post(batch, transfer);
  }
}
