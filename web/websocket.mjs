// The page's end of one WebSocket: an object with the browser WebSocket's
// interface, answered by the app in the worker. States mirror the Python
// cycle (py/wasgi/server/websocket_cycle.py):
//
//   CONNECTING --ws.accept--> OPEN --close()--> CLOSING --ws.close (answer)--> CLOSED
//       |                       +---------ws.close (the app closed)----------> CLOSED
//       +--ws.deny, a subprotocol not offered, close(), worker died--> CLOSED: error, then close 1006
//
// As a browser does, each event is fired in a task of its own, so promise
// callbacks run between two messages.

import { checkProtocols, handshakeHeaders, websocketTarget } from "./handshake.mjs";
import { splitHeaders } from "../worker/protocol.mjs";

const CONNECTING = 0;
const OPEN = 1;
const CLOSING = 2;
const CLOSED = 3;
const GOING_AWAY = 1001;
const ABNORMAL_CLOSURE = 1006;
const NO_STATUS = 1005;
const MAX_REASON_BYTES = 123;

/** Only App.websocket makes sockets. */
const MAKE = Symbol("AppWebSocket");

/**
 * What web/frame_host.mjs does to the sockets of app pages, on their behalf; not
 * part of the WebSocket interface. Set by AppWebSocket's static block.
 * @type {{inRealm(socket: AppWebSocket, realm: typeof globalThis): void, goneAway(socket: AppWebSocket): void}}
 */
export let pageSockets;

/** @typedef {import("./connection.mjs").WorkerConnection} WorkerConnection */
/** @typedef {import("./cookies.mjs").CookieJar} CookieJar */

export class AppWebSocket extends EventTarget {
  static CONNECTING = CONNECTING;
  static OPEN = OPEN;
  static CLOSING = CLOSING;
  static CLOSED = CLOSED;

  #url = "";
  /** The subprotocols the page offered. @type {string[]} */
  #offered = [];
  /** What MessageEvent.origin says: the ws: URL's origin. */
  #origin = "";
  #state = CONNECTING;
  #protocol = "";
  /** @type {BinaryType} */
  #binaryType = "blob";
  /** Sizes of the messages sent that the app has not received yet, oldest first. @type {number[]} */
  #inFlight = [];
  #buffered = 0;
  /** A send still reading a Blob: later sends and close() wait behind it. @type {Promise<void> | null} */
  #pending = null;
  /** Messages from the app not yet acknowledged to the worker. */
  #unacked = 0;
  /** @type {WorkerConnection | null} */
  #connection = null;
  #id = 0;
  /** @type {CookieJar | null} */
  #cookies = null;
  #httpURL = "";
  /** @type {Map<string, {handler: Function, listener: (event: Event) => void}>} */
  #handlers = new Map();
  /** The window whose Event, MessageEvent, Blob and ArrayBuffer the page gets: an app page's own. */
  #realm = globalThis;

  static {
    pageSockets = {
      /** Events and data are made in the page's window, so `instanceof` works there. */
      inRealm: (socket, realm) => void (socket.#realm = realm),
      /** The page unloaded: as a browser does, close with 1001 and tell the page nothing more. */
      goneAway: (socket) => socket.#goneAway(),
    };
  }

  /**
   * @param {symbol} token @param {string} url the ws:/wss: URL @param {string[]} offered subprotocols
   */
  constructor(token, url, offered) {
    if (token !== MAKE) throw new TypeError("Illegal constructor: use App.websocket(url, protocols).");
    super();
    this.#url = url;
    this.#offered = offered;
    this.#origin = new URL(url).origin;
  }

  get url() { return this.#url; }

  get CONNECTING() { return CONNECTING; }
  get OPEN() { return OPEN; }
  get CLOSING() { return CLOSING; }
  get CLOSED() { return CLOSED; }

  get readyState() { return this.#state; }
  get protocol() { return this.#protocol; }
  /** Nothing is negotiated between the page and the worker. */
  get extensions() { return ""; }
  /** Bytes sent that the app has not received yet (and, after close, bytes sent in vain). */
  get bufferedAmount() { return this.#buffered; }

  get binaryType() { return this.#binaryType; }
  set binaryType(value) {
    // As in browsers, another value is ignored.
    if (value === "blob" || value === "arraybuffer") this.#binaryType = value;
  }

  get onopen() { return this.#getHandler("open"); }
  set onopen(fn) { this.#setHandler("open", fn); }
  get onmessage() { return this.#getHandler("message"); }
  set onmessage(fn) { this.#setHandler("message", fn); }
  get onerror() { return this.#getHandler("error"); }
  set onerror(fn) { this.#setHandler("error", fn); }
  get onclose() { return this.#getHandler("close"); }
  set onclose(fn) { this.#setHandler("close", fn); }

  /**
   * Send a message: a string as text; an ArrayBuffer, a typed array, a
   * DataView or a Blob as binary. The data is copied, as a browser does.
   * @param {string | ArrayBufferLike | ArrayBufferView | Blob} data
   */
  send(data) {
    if (this.#state === CONNECTING) {
      throw new DOMException("WebSocket.send: the connection is still CONNECTING.", "InvalidStateError");
    }
    const { size, payload } = toPayload(data);
    this.#buffered += size;
    // After close(), a browser counts what is sent but sends nothing.
    if (this.#state !== OPEN) return;
    this.#inFlight.push(size);
    this.#inOrder(payload, (value) => {
      const binary = typeof value !== "string";
      this.#post({ t: "ws.message", id: this.#id, data: value }, binary ? /** @type {ArrayBuffer} */ (value) : undefined);
    });
  }

  /**
   * Start the closing handshake. Throws as a browser does: InvalidAccessError
   * for a code other than 1000 or 3000-4999, SyntaxError for a reason over
   * 123 UTF-8 bytes.
   * @param {number} [code] @param {string} [reason]
   */
  close(code, reason) {
    if (code !== undefined) {
      code = clampUnsignedShort(code);
      if (code !== 1000 && (code < 3000 || code > 4999)) {
        throw new DOMException(`WebSocket.close: the code must be 1000 or in 3000-4999; ${code} is neither.`, "InvalidAccessError");
      }
    }
    if (reason !== undefined) {
      reason = String(reason).toWellFormed();
      if (new TextEncoder().encode(reason).byteLength > MAX_REASON_BYTES) {
        throw new DOMException(`WebSocket.close: the reason must be at most ${MAX_REASON_BYTES} UTF-8 bytes.`, "SyntaxError");
      }
    }
    if (this.#state === CLOSING || this.#state === CLOSED) return;
    if (this.#state === CONNECTING) {
      // A browser fails a connection closed before it is established.
      this.#state = CLOSING;
      this.#tellWorkerDropped();
      queueTask(() => this.#fail());
      return;
    }
    this.#state = CLOSING;
    const frame = { t: "ws.close", id: this.#id, code: code ?? (reason ? 1000 : NO_STATUS), reason: reason ?? "" };
    // Messages already sent (a Blob still being read) go before the close frame.
    this.#inOrder(null, () => this.#post(frame));
  }

  // -- from App.websocket and the worker connection --------------------------------

  /**
   * Send the handshake over a started worker.
   * @param {WorkerConnection} connection @param {string} target @param {string[]} headers
   * @param {CookieJar} cookies @param {string} httpURL
   */
  connect(connection, target, headers, cookies, httpURL) {
    if (this.#state !== CONNECTING) return; // closed while the worker was (re)starting
    this.#connection = connection;
    this.#cookies = cookies;
    this.#httpURL = httpURL;
    this.#id = connection.nextId++;
    connection.sockets.set(this.#id, this);
    connection.post({ t: "ws.open", id: this.#id, target, headers: headers.join("\n") });
  }

  /** The connection could not be made at all (the app is closed, its worker would not start). @param {string} why */
  refuse(why) {
    console.error(`WebSocket connection to '${this.#url}' failed: ${why}`);
    queueTask(() => this.#fail());
  }

  /** A message for this socket from the worker (kinds "ws.*", see worker/protocol.mjs). @param {any[]} m */
  onWorkerMessage(m) {
    switch (m[0]) {
      case "ws.accept":
        return queueTask(() => this.#accepted(m[2], m[3]));
      case "ws.message":
        this.#acknowledge();
        return queueTask(() => this.#received(m[2]));
      case "ws.close":
        return queueTask(() => this.#closed(m[2], m[3]));
      case "ws.deny":
        return queueTask(() => this.#denied(m[2], m[3]));
      case "ws.ack":
        return this.#delivered(m[2]);
    }
  }

  /** The worker stopped: the connection is lost as when a server dies. */
  onWorkerDied() {
    this.#connection = null;
    queueTask(() => {
      if (this.#state === CONNECTING) return this.#fail();
      if (this.#state !== CLOSED) this.#finish(ABNORMAL_CLOSURE, "", false);
    });
  }

  // -- the transitions -------------------------------------------------------------

  /** @param {string} subprotocol @param {string} lines the app's extra headers (protocol.mjs) */
  #accepted(subprotocol, lines) {
    const flat = splitHeaders(lines);
    if (this.#state !== CONNECTING) return;
    if (subprotocol ? !this.#offered.includes(subprotocol) : this.#offered.length > 0) {
      const offered = this.#offered.length ? `one of '${this.#offered.join("', '")}'` : "none";
      const accepted = subprotocol ? `subprotocol '${subprotocol}'` : "no subprotocol";
      console.error(`WebSocket connection to '${this.#url}' failed: the app accepted ${accepted} but the page offered ${offered}.`);
      this.#tellWorkerDropped();
      return this.#fail();
    }
    // A browser stores cookies set on the handshake's response.
    const setCookies = [];
    for (let i = 0; i < flat.length; i += 2) if (flat[i].toLowerCase() === "set-cookie") setCookies.push(flat[i + 1]);
    if (setCookies.length) this.#cookies?.store(this.#httpURL, setCookies);
    this.#state = OPEN;
    this.#protocol = subprotocol;
    this.dispatchEvent(new this.#realm.Event("open"));
  }

  /** @param {string | Uint8Array} data */
  #received(data) {
    if (this.#state !== OPEN) return; // a browser drops what arrives after close()
    let value = data;
    if (typeof data !== "string") {
      value = this.#binaryType === "arraybuffer" ? exactBuffer(data, this.#realm) : new this.#realm.Blob([data]);
    }
    this.dispatchEvent(new this.#realm.MessageEvent("message", { data: value, origin: this.#origin }));
  }

  /** The app closed, or answered the page's close; 1006: it ended without a close frame. @param {number} code @param {string} reason */
  #closed(code, reason) {
    if (this.#state === CLOSED) return;
    if (this.#state === CONNECTING) return this.#fail();
    this.#finish(code, reason, code !== ABNORMAL_CLOSURE);
  }

  /** The app answered the handshake with an HTTP response (a rejection, a denial, a crash). */
  #denied(/** @type {Uint8Array | undefined} */ body, /** @type {number} */ status) {
    if (this.#state === CLOSED) return;
    // A browser shows only the status; the body is logged here to help debugging.
    const text = body?.byteLength ? `: ${new TextDecoder().decode(body.subarray(0, 1000))}` : "";
    console.error(`WebSocket connection to '${this.#url}' failed: the app answered the handshake with HTTP ${status}${text}`);
    this.#fail();
  }

  /** Fail the connection: readyState CLOSED, an error event, then close 1006. */
  #fail() {
    if (this.#state === CLOSED) return;
    this.#state = CLOSED;
    this.#forget();
    this.dispatchEvent(new this.#realm.Event("error"));
    queueTask(() => this.dispatchEvent(closeEvent(this.#realm, ABNORMAL_CLOSURE, "", false)));
  }

  /** @param {number} code @param {string} reason @param {boolean} wasClean */
  #finish(code, reason, wasClean) {
    this.#state = CLOSED;
    this.#forget();
    this.dispatchEvent(closeEvent(this.#realm, code, reason, wasClean));
  }

  #goneAway() {
    if (this.#state === CONNECTING) this.#tellWorkerDropped();
    else if (this.#state === OPEN) this.#post({ t: "ws.close", id: this.#id, code: GOING_AWAY, reason: "" });
    // CLOSING: the page's own close frame has gone already.
    this.#state = CLOSED;
    this.#forget();
  }

  #forget() {
    this.#connection?.sockets.delete(this.#id);
    this.#connection = null;
  }

  /** The page dropped the connection: the app sees websocket.disconnect 1006. */
  #tellWorkerDropped() {
    if (this.#connection) this.#post({ t: "ws.close", id: this.#id, code: ABNORMAL_CLOSURE, reason: "" });
  }

  // -- flow control and ordering ----------------------------------------------------

  /** Count a message from the app; acknowledge them all at the end of the worker's batch. */
  #acknowledge() {
    if (this.#unacked++ > 0) return;
    queueMicrotask(() => {
      const n = this.#unacked;
      this.#unacked = 0;
      this.#post({ t: "ws.ack", id: this.#id, n });
    });
  }

  /** The app received n more of the page's messages. @param {number} n */
  #delivered(n) {
    for (let i = 0; i < n && this.#inFlight.length; i++) this.#buffered -= /** @type {number} */ (this.#inFlight.shift());
  }

  /**
   * Run `then` with `payload` once every earlier send has gone out: a Blob is
   * read asynchronously, and nothing may overtake it.
   * @param {any} payload a value or a Promise of it @param {(value: any) => void} then
   */
  #inOrder(payload, then) {
    if (!this.#pending && !(payload instanceof Promise)) return then(payload);
    const next = (this.#pending ?? Promise.resolve())
      .then(() => payload)
      .then(then, (error) => {
        console.error(`WebSocket connection to '${this.#url}' failed: a Blob could not be read (${error})`);
        this.#tellWorkerDropped();
        this.#fail();
      });
    this.#pending = next;
    next.then(() => {
      if (this.#pending === next) this.#pending = null;
    });
  }

  /** @param {any} message @param {ArrayBuffer} [transfer] */
  #post(message, transfer) {
    this.#connection?.post(message, transfer);
  }

  // -- on* handler attributes ---------------------------------------------------------

  /** @param {string} type */
  #getHandler(type) {
    return this.#handlers.get(type)?.handler ?? null;
  }

  /** @param {string} type @param {any} handler */
  #setHandler(type, handler) {
    const slot = this.#handlers.get(type);
    if (typeof handler !== "function") {
      // As with an event handler attribute: anything else removes it.
      if (slot) this.removeEventListener(type, slot.listener);
      this.#handlers.delete(type);
      return;
    }
    if (slot) {
      slot.handler = handler;
      return;
    }
    /** @type {{handler: Function, listener: (event: Event) => void}} */
    const entry = { handler, listener: (event) => entry.handler.call(this, event) };
    this.#handlers.set(type, entry);
    this.addEventListener(type, entry.listener);
  }
}

/**
 * Make the socket for App.websocket: validates as the WebSocket constructor
 * does (throwing synchronously), then connects once the worker is there.
 * @param {string | URL} url @param {string | string[] | undefined} protocols
 * @param {URL} siteURL @param {CookieJar} cookies
 * @param {() => Promise<WorkerConnection>} connection resolves to a live worker connection
 * @returns {AppWebSocket}
 */
export function openWebSocket(url, protocols, siteURL, cookies, connection) {
  const { url: wsURL, httpURL, target } = websocketTarget(url, siteURL);
  const offered = checkProtocols(protocols);
  const socket = new AppWebSocket(MAKE, wsURL, offered);
  connection().then(
    (live) => socket.connect(live, target, handshakeHeaders(siteURL, offered, cookies.header(httpURL)), cookies, httpURL),
    (error) => socket.refuse(String(error?.message ?? error)),
  );
  return socket;
}

// -- helpers --------------------------------------------------------------------------

/**
 * What send() posts, and how many bytes it adds to bufferedAmount.
 * @param {any} data @returns {{size: number, payload: string | ArrayBuffer | Promise<ArrayBuffer>}}
 */
function toPayload(data) {
  // By brand, not instanceof: an app page's ArrayBuffer and Blob come from its own window.
  const brand = Object.prototype.toString.call(data);
  if (brand === "[object ArrayBuffer]") return { size: data.byteLength, payload: data.slice(0) };
  if (ArrayBuffer.isView(data)) {
    const bytes = new Uint8Array(data.buffer, data.byteOffset, data.byteLength).slice();
    return { size: bytes.byteLength, payload: bytes.buffer };
  }
  if (brand === "[object Blob]" || brand === "[object File]") return { size: data.size, payload: Promise.resolve(data.arrayBuffer()) }; // a Promise of this realm
  const text = String(data).toWellFormed();
  return { size: new TextEncoder().encode(text).byteLength, payload: text };
}

/** WebIDL's [Clamp] unsigned short, as close(code) converts its argument. @param {any} value */
function clampUnsignedShort(value) {
  const number = Number(value);
  if (Number.isNaN(number)) return 0;
  const clamped = Math.min(Math.max(number, 0), 65535);
  // Round half to even, as WebIDL's [Clamp] does.
  const floor = Math.floor(clamped);
  const diff = clamped - floor;
  if (diff > 0.5 || (diff === 0.5 && floor % 2 === 1)) return floor + 1;
  return floor;
}

/** @param {Uint8Array} bytes @param {typeof globalThis} realm @returns {ArrayBuffer} */
function exactBuffer(bytes, realm) {
  if (realm !== globalThis) return new realm.Uint8Array(bytes).buffer; // a copy that belongs to the page
  const whole = bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength;
  return /** @type {ArrayBuffer} */ (whole ? bytes.buffer : bytes.slice().buffer);
}

/** @param {typeof globalThis} realm @param {number} code @param {string} reason @param {boolean} wasClean */
function closeEvent(realm, code, reason, wasClean) {
  if (typeof realm.CloseEvent === "function") return new realm.CloseEvent("close", { code, reason, wasClean });
  const event = new realm.Event("close");
  Object.defineProperties(event, { code: { value: code }, reason: { value: reason }, wasClean: { value: wasClean } });
  return event;
}

/** Each callback runs as a task of its own (a MessageChannel message), in order. @type {(() => void)[]} */
const tasks = [];
/** @type {MessageChannel | null} */
let taskChannel = null;

/** @param {() => void} callback */
function queueTask(callback) {
  if (!taskChannel) {
    taskChannel = new MessageChannel();
    taskChannel.port1.onmessage = () => tasks.shift()?.();
  }
  tasks.push(callback);
  taskChannel.port2.postMessage(null);
}
