// Answers that go straight to the service worker. A request the service
// worker intercepted (an app page's image, script, stylesheet, its own
// XMLHttpRequest) reaches this worker through the shell page, which adds its
// cookies; the answer would go back the same way, waking the page on the way.
// Once the page has linked this worker to the service worker, a whole answer
// that needs nothing from the page (no Set-Cookie for its cookie jar, no
// Content-Encoding to decode) goes to the service worker directly, and the
// page only hears that it was answered. Navigations always go through the
// page, which prepares frame documents (web/sw_bridge.mjs).

import { responseHeaders, wireBytes } from "./protocol.mjs";
import { NULL_BODY_STATUS, STATUS_TEXT } from "../web/status.mjs";

export class DirectAnswers {
  constructor() {
    /** The port to the service worker, once the page linked one. @type {MessagePort | null} */
    this.port = null;
    /** Request id -> the service worker's key for it, for requests it may be answered on. @type {Map<number, number>} */
    this.keys = new Map();
  }

  /** @param {MessagePort} port the page's link to the service worker (replaces an earlier one) */
  link(port) {
    this.port = port;
  }

  /**
   * A request the service worker offered to take a direct answer for.
   * @param {number} id @param {number | undefined} key the service worker's key, if it offered
   */
  offered(id, key) {
    if (key !== undefined && this.port) this.keys.set(id, key);
  }

  /** The request ended another way (a streamed answer, a failure). @param {number} id */
  forget(id) {
    this.keys.delete(id);
  }

  /**
   * Send a whole answer to the service worker, if it may go there.
   * @param {number} id @param {number} status @param {string} lines the headers (protocol.mjs)
   * @param {Uint8Array | string | undefined} wire the body, as text when it was small ASCII
   * @returns {boolean} whether it was sent (else the page gets it as usual)
   */
  send(id, status, lines, wire) {
    const key = this.keys.get(id);
    if (key === undefined) return false;
    this.keys.delete(id);
    const { pairs, setCookies, encoding } = responseHeaders(lines);
    if (setCookies.length || encoding !== undefined) return false; // the page's work: its cookie jar, decoding
    const body = NULL_BODY_STATUS.has(status) ? null : wireBytes(wire) ?? new Uint8Array(0);
    const statusText = STATUS_TEXT[status] ?? "";
    /** @type {MessagePort} */ (this.port).postMessage({ key, status, statusText, headers: pairs, body }, body ? [body.buffer] : []);
    return true;
  }
}
