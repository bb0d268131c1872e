// The page's half of one request: it sends the request to the worker and
// builds the Response from what comes back. States mirror the Python
// cycle (py/wasgi/server/http_cycle.py):
//
//   AWAITING_START --start--> STREAMING --body(more=false)--> DONE
//         |                      |
//         +--abort/fail----------+----abort/fail/cancel----> DONE

import { ACK_STEP, responseHeaders, wireBytes } from "../worker/protocol.mjs";
import { BODY_PART, BodyReader, wireHeaders } from "./request.mjs";
import { AppResponse } from "./app_response.mjs";
import { NULL_BODY_STATUS, STATUS_TEXT } from "./status.mjs";

/** The Content-Encodings a browser decodes that DecompressionStream knows, by their names there. */
const DECODED_ENCODINGS = { gzip: "gzip", "x-gzip": "gzip", deflate: "deflate" };

/**
 * A body the app sent compressed (Content-Encoding), decoded as a browser decodes
 * one from the network (a page-made Response is never decoded). The headers stay
 * as sent, as on a fetched Response.
 * @param {Uint8Array | ReadableStream<Uint8Array>} body
 * @param {string | undefined} encoding the Content-Encoding header (several joined by ", ")
 * @returns {Uint8Array | ReadableStream<Uint8Array>}
 */
function decoded(body, encoding) {
  const format = encoding ? DECODED_ENCODINGS[/** @type {keyof DECODED_ENCODINGS} */ (encoding.trim().toLowerCase())] : undefined;
  if (!format) return body;
  const stream = body instanceof ReadableStream ? body : new Blob([body]).stream();
  return stream.pipeThrough(new DecompressionStream(/** @type {CompressionFormat} */ (format)));
}

/**
 * What an exchange resolves to when the worker sent the whole answer to the
 * service worker itself (worker/direct_answers.mjs): web/sw_bridge.mjs, which
 * asked for that, then has nothing to send.
 */
export const ANSWERED_ELSEWHERE = new Response(null, { status: 204 });

/** The `init` key under which web/sw_bridge.mjs gives App.fetch the service worker's key for a request. */
export const ANSWER_KEY = Symbol("wasgi: the service worker's key");

/** Bytes the page's body stream buffers before it stops acknowledging (back-pressure). */
const STREAM_HIGH_WATER = 2 * 1024 * 1024;

const AWAITING_START = "awaiting start";
const STREAMING = "streaming";
const DONE = "done";

/**
 * @typedef {{post(message: any, transfer?: ArrayBuffer): void, forget(id: number): void}} ExchangeHost
 */

export class HttpExchange {
  /**
   * @param {number} id
   * @param {Request} request
   * @param {string} target the app-relative "/path?query"
   * @param {URL} siteURL
   * @param {ExchangeHost} host
   * @param {import("./cookies.mjs").CookieJar} cookies
   * @param {AbortSignal | null} signal the request's signal, when something may abort it
   * @param {number} [answerKey] the service worker's key for this request, when the worker may answer it there
   */
  constructor(id, request, target, siteURL, host, cookies, signal, answerKey) {
    this.id = id;
    this.request = request;
    this.target = target;
    this.siteURL = siteURL;
    this.host = host;
    this.cookies = cookies;
    this.signal = signal;
    this.answerKey = answerKey;
    this.state = AWAITING_START;
    /** Reads the request body in parts, when it is larger than one part. @type {BodyReader | null} */
    this.bodyReader = null;
    /** @type {ReadableStreamDefaultController<Uint8Array> | null} */
    this.controller = null;
    this.received = 0;
    this.acked = 0;
    /** The app's failure mid-response, held until the reader has the bytes before it. @type {TypeError | null} */
    this.failure = null;
    /** @type {Promise<Response>} */
    this.response = new Promise((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
  }

  /** Send the request (with the first part of its body). */
  async send() {
    const signal = this.signal;
    if (signal?.aborted) return this.abort(signal.reason);
    signal?.addEventListener("abort", () => this.abort(signal.reason), { once: true });
    /** @type {{body: ArrayBuffer | undefined, more: boolean}} */
    let first = { body: undefined, more: false };
    let length = null;
    if (this.request.body) {
      // As a Blob the body has a known size (sent as Content-Length, as a browser
      // does) and large ones stay in the browser's blob store, not the JS heap.
      const blob = await this.request.blob();
      length = blob.size;
      if (blob.size > BODY_PART) {
        this.bodyReader = new BodyReader(blob.stream());
        first = await this.bodyReader.next();
      } else if (blob.size > 0) {
        first = { body: await blob.arrayBuffer(), more: false };
      }
    }
    if (this.state === DONE) return;
    const cookie = this.request.credentials === "omit" ? "" : this.cookies.header(this.request.url);
    const headers = wireHeaders(this.request, this.siteURL, length, cookie).join("\n");
    this.host.post(
      { t: "req", id: this.id, method: this.request.method, target: this.target, headers, body: first.body, more: first.more, sw: this.answerKey },
      first.body,
    );
  }

  /**
   * The response starts; with `whole`, its whole body came with it.
   * @param {number} status @param {string} lines the headers (protocol.mjs)
   * @param {Uint8Array | string} [wire] the whole body, as text when it was small ASCII
   */
  onStart(status, lines, wire) {
    if (this.state !== AWAITING_START) return;
    // A fetched answer to HEAD has an empty body, not none (and nothing to decode).
    const head = this.request.method === "HEAD";
    const whole = head ? new Uint8Array(0) : wireBytes(wire);
    let response;
    try {
      // Pairs, not a Headers: the Response fills its own from an array faster than it copies one.
      const { pairs, setCookies, encoding } = responseHeaders(lines);
      // The jar keeps Set-Cookie, as a browser would.
      if (setCookies.length && this.request.credentials !== "omit") this.cookies.store(this.request.url, setCookies);
      const sent = NULL_BODY_STATUS.has(status) ? null : whole !== undefined ? whole : this.#bodyStream();
      const body = sent && !head ? decoded(sent, encoding) : sent;
      const init = { status, statusText: STATUS_TEXT[status] ?? "", headers: pairs };
      response = new AppResponse(body, init, this.request.url, body === whole ? whole : null);
    } catch (error) {
      // A status or header a browser Response cannot carry.
      return this.#finish(new TypeError(`wasgi: the app's response cannot be delivered: ${error}`));
    }
    this.state = STREAMING;
    this.resolve(response);
    if (whole !== undefined) {
      this.state = DONE;
      this.host.forget(this.id);
    } else if (!response.body) {
      this.state = DONE; // body messages for a bodyless response are ignored
    }
  }

  /** The worker sent the whole answer to the service worker itself. */
  onAnsweredElsewhere() {
    if (this.state !== AWAITING_START) return;
    this.state = DONE;
    this.host.forget(this.id);
    this.resolve(ANSWERED_ELSEWHERE);
  }

  /** @param {Uint8Array | string | undefined} wire the chunk, as text when it was small ASCII @param {boolean} more */
  onBody(wire, more) {
    if (this.state !== STREAMING || !this.controller) {
      if (!more && this.state === DONE) this.host.forget(this.id);
      return;
    }
    const chunk = wireBytes(wire);
    if (chunk && chunk.byteLength) {
      this.received += chunk.byteLength;
      this.controller.enqueue(chunk);
    }
    if (!more) {
      this.controller.close();
      this.state = DONE;
      this.host.forget(this.id);
    }
  }

  /** The app failed after the response started. @param {string} reason */
  onFail(reason) {
    const error = new TypeError(`network error: the app failed mid-response (${reason})`);
    if (this.state !== STREAMING || this.#queued() === 0) return this.#finish(error);
    // As over a network, the reader first gets the bytes that came before the failure (pull errors the stream then).
    this.failure = error;
    this.state = DONE;
    this.bodyReader?.cancel();
    this.host.forget(this.id);
  }

  /** Bytes in the body stream that the page has not read yet. */
  #queued() {
    return this.controller ? STREAM_HIGH_WATER - (this.controller.desiredSize ?? 0) : 0;
  }

  /** The app asks for the next part of the request body. */
  async onPull() {
    if (!this.bodyReader || this.state === DONE) return;
    const { body, more } = await this.bodyReader.next();
    if (this.state !== DONE) this.host.post({ t: "body", id: this.id, body, more }, body);
  }

  /** The worker died: a request not yet answered gets a 503 saying so. @param {string} reason */
  onWorkerDied(reason) {
    if (this.state === AWAITING_START) {
      this.state = DONE;
      this.bodyReader?.cancel();
      this.resolve(unavailable(`the app's worker stopped (${reason}); the next request starts a new one`));
    } else {
      this.#finish(new TypeError(`network error: the app's worker stopped (${reason})`));
    }
  }

  /** The page aborted (AbortSignal), cancelled the body, or the worker died. @param {any} reason */
  abort(reason) {
    if (this.state === DONE) return;
    this.host.post({ t: "abort", id: this.id });
    this.#finish(reason);
  }

  /** @param {any} error */
  #finish(error) {
    if (this.state === AWAITING_START) this.reject(error);
    else if (this.state === STREAMING) this.controller?.error(error);
    this.state = DONE;
    this.bodyReader?.cancel();
    this.host.forget(this.id);
  }

  #bodyStream() {
    return new ReadableStream(
      {
        start: (controller) => {
          this.controller = controller;
        },
        // Called whenever the reader has drained below the high-water mark:
        // acknowledge what it read, so the worker's send() may go on.
        pull: (controller) => {
          const queued = this.#queued();
          if (this.failure) return queued === 0 ? controller.error(this.failure) : undefined;
          const read = this.received - queued;
          if (read - this.acked >= ACK_STEP) {
            this.host.post({ t: "ack", id: this.id, n: read - this.acked });
            this.acked = read;
          }
        },
        cancel: () => {
          this.host.post({ t: "abort", id: this.id });
          this.state = DONE;
          this.host.forget(this.id);
        },
      },
      { highWaterMark: STREAM_HIGH_WATER, size: (chunk) => chunk.byteLength },
    );
  }
}

/**
 * The 503 a request gets when no worker can answer it.
 * @param {string} reason
 */
export function unavailable(reason) {
  return new Response(`Service Unavailable: ${reason}\n`, {
    status: 503,
    statusText: "Service Unavailable",
    headers: { "content-type": "text/plain; charset=utf-8", "x-wasgi-error": "worker-died" },
  });
}
