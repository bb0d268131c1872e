// App: the started app, with fetch() that behaves like window.fetch.

import { CookieJar } from "./cookies.mjs";
import { RedirectLoopError } from "./errors.mjs";
import { ANSWER_KEY, HttpExchange, unavailable } from "./exchange.mjs";
import { appTarget, isRequest, resolveInput } from "./request.mjs";
import { REDIRECT_STATUS } from "./status.mjs";
import { openWebSocket } from "./websocket.mjs";

const MAX_REDIRECTS = 20;

export class App {
  /**
   * @param {import("./connection.mjs").WorkerConnection} connection
   * @param {URL} siteURL the URL of the site's folder (ends with "/")
   * @param {string} rootPath the ASGI root_path the app sees
   * @param {(data?: import("./wasgi.mjs").DataOptions) => Promise<{connection: import("./connection.mjs").WorkerConnection, persistence: {writable: boolean, backend: string}}>} connect
   *   starts a fresh worker with that data, used when the current one died and by restart()
   */
  constructor(connection, siteURL, rootPath, connect) {
    this.connection = connection;
    this.connect = connect;
    /** @type {Promise<void> | null} a restart in progress, shared by the requests waiting on it */
    this.restarting = null;
    /** The data the worker loads at boot (start()'s options.data). @type {import("./wasgi.mjs").DataOptions | undefined} */
    this.data = undefined;
    /** When each boot phase began, in ms since the page's navigation started (worker/progress.mjs). @type {Record<string, number>} */
    this.bootTimings = {};
    /** "snapshot" when the worker was restored from a memory snapshot, else "boot". */
    this.bootedFrom = "boot";
    /** The background making of a snapshot for the next visit, when one runs. @type {Promise<{ok: boolean}> | null} */
    this.snapshotMade = null;
    /** Whether this tab may write the site's stored files, and where they are kept. */
    this.persistence = { writable: true, backend: "memory" };
    this.siteURL = siteURL;
    this.rootPath = rootPath;
    this.closed = false;
    /** Cookies the app set, sent back with later requests. */
    this.cookies = new CookieJar();
    // Best effort: when the page goes away, ask the worker to run lifespan
    // shutdown; the browser may end the worker before it finishes.
    globalThis.addEventListener?.("pagehide", () => {
      if (this.closed || this.connection.dead !== null) return;
      this.connection.post({ t: "close" });
      this.connection.outbox.flush();
    });
  }

  /**
   * Like window.fetch, answered by the app. "/items" means the app's /items.
   * @param {RequestInfo | URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetch(input, init) {
    const fromRequest = isRequest(input);
    let request = fromRequest ? new Request(input, init) : new Request(resolveInput(input, this.siteURL), init);
    // The signal the request follows, if any: without one nothing can abort it (and nothing need listen).
    const signal = init?.signal !== undefined ? init.signal : fromRequest ? input.signal : null;
    // What a 307/308 redirect may send again; a stream cannot be replayed.
    const replayable = init?.body instanceof ReadableStream ? undefined : init?.body;
    // Set by web/sw_bridge.mjs only: the worker may answer the service worker directly.
    const answerKey = /** @type {any} */ (init)?.[ANSWER_KEY];
    for (let hops = 0; ; hops++) {
      const response = await this.#send(request, signal ? request.signal : null, answerKey);
      const location = response.headers.get("location");
      if (!REDIRECT_STATUS.has(response.status) || location === null || request.redirect === "manual") {
        if (hops > 0) Object.defineProperty(response, "redirected", { value: true });
        return response;
      }
      await response.body?.cancel();
      if (request.redirect === "error") throw new TypeError(`network error: redirected to ${location} with redirect: "error"`);
      if (hops >= MAX_REDIRECTS) throw new TypeError("network error: too many redirects");
      const loop = RedirectLoopError.check(request.url, location, this.siteURL);
      if (loop) throw loop;
      const next = new URL(location, request.url);
      if (next.origin !== this.siteURL.origin || !next.pathname.startsWith(this.siteURL.pathname)) {
        return fetch(next, { redirect: request.redirect, signal: request.signal });
      }
      request = redirectRequest(request, next.href, response.status, replayable);
    }
  }

  /**
   * @param {Request} request @param {AbortSignal | null} signal request.signal, when something may abort it
   * @param {number} [answerKey] the service worker's key, when the worker may answer it directly
   */
  async #send(request, signal, answerKey) {
    if (this.closed) throw new TypeError("network error: the app was closed");
    if (this.connection.dead !== null) {
      try {
        await this.#restart();
      } catch (error) {
        return unavailable(`the app's worker stopped and could not restart: ${/** @type {Error} */ (error).message}`);
      }
    }
    const connection = this.connection;
    const id = connection.nextId++;
    const target = appTarget(request.url, this.siteURL);
    const exchange = new HttpExchange(id, request, target, this.siteURL, connection, this.cookies, signal, answerKey);
    connection.exchanges.set(id, exchange);
    exchange.send().catch((error) => exchange.abort(error));
    return exchange.response;
  }

  /**
   * A WebSocket answered by the app, with the browser WebSocket's interface.
   * "/chat" means the app's /chat route, as in fetch. Throws where
   * `new WebSocket()` throws (a SyntaxError DOMException), or an
   * OutsideAppError for a URL outside the site.
   * @param {string | URL} url
   * @param {string | string[]} [protocols] subprotocols to offer
   * @returns {import("./websocket.mjs").AppWebSocket}
   */
  websocket(url, protocols) {
    return openWebSocket(url, protocols, this.siteURL, this.cookies, async () => {
      if (this.closed) throw new Error("the app was closed");
      if (this.connection.dead !== null) await this.#restart();
      return this.connection;
    });
  }

  /** Replace a dead worker by a fresh one (lifespan startup runs again). */
  #restart() {
    this.restarting ??= this.connect(this.data).then(
      ({ connection, persistence }) => {
        this.connection = connection;
        this.persistence = persistence;
        this.restarting = null;
      },
      (error) => {
        this.restarting = null;
        throw error;
      },
    );
    return this.restarting;
  }

  /**
   * Start the app again in a fresh worker (lifespan shutdown, then startup),
   * e.g. so it sees a file just added to its stored data.
   * @param {{data?: import("./wasgi.mjs").DataOptions}} [options] data: load this instead from now on
   */
  async restart(options = {}) {
    if (options.data) this.data = options.data;
    const old = this.connection;
    if (old.dead === null) {
      const done = new Promise((resolve) => {
        old.onClosed = resolve;
      });
      old.post({ t: "close" });
      await done;
      old.terminate();
      old.dead = "restarted";
    }
    await this.#restart();
  }

  /**
   * The data files the app can see: loaded ones (/data) and stored ones (/persist).
   * @returns {Promise<{name: string, path: string, kind: string, source: string, size: number, lazy: boolean, persistent: boolean}[]>}
   */
  files() {
    return this.connection.call("files");
  }

  /** A file's bytes, e.g. to download a database. @param {string} path @returns {Promise<Uint8Array>} */
  readFile(path) {
    return this.connection.call("read", [path]);
  }

  /**
   * Keep a file in the site's stored data (/persist), e.g. a database the person opened.
   * @param {string} name @param {ArrayBuffer} buffer transferred
   * @returns {Promise<string>} its path in the worker
   */
  storeFile(name, buffer) {
    return this.connection.call("write", [name, buffer], buffer);
  }

  /** Run lifespan shutdown, save what the app wrote, then end the worker. Resolves when all are done. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    const connection = this.connection;
    if (connection.dead !== null) return;
    const done = new Promise((resolve) => {
      connection.onClosed = resolve;
    });
    connection.post({ t: "close" });
    const error = await done;
    connection.terminate();
    if (error) console.error(`wasgi: closing the app: ${error}`);
  }
}

/**
 * The request fetch makes after a redirect: 303 (and 301/302 after POST)
 * become a GET without a body; 307/308 repeat the method and body.
 * @param {Request} request @param {string} url @param {number} status
 * @param {BodyInit | null | undefined} body the original body, if it can be sent again
 */
function redirectRequest(request, url, status, body) {
  const toGet = status === 303 ? request.method !== "HEAD" : (status === 301 || status === 302) && request.method === "POST";
  const headers = new Headers(request.headers);
  const common = {
    headers,
    redirect: request.redirect,
    signal: request.signal,
    credentials: request.credentials,
    referrer: request.referrer, // the redirected request still names the page it came from
    referrerPolicy: request.referrerPolicy,
  };
  if (toGet) {
    for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) {
      headers.delete(name);
    }
    return new Request(url, { ...common, method: "GET" });
  }
  if (request.body && body === undefined) throw new TypeError("network error: cannot follow a 307/308 redirect with a streamed body");
  return new Request(url, { ...common, method: request.method, body });
}
