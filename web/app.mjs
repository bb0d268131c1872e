// App: the started app, with fetch() that behaves like window.fetch.

import { CookieJar } from "./cookies.mjs";
import { HttpExchange } from "./exchange.mjs";
import { appTarget, resolveInput } from "./request.mjs";
import { REDIRECT_STATUS } from "./status.mjs";

const MAX_REDIRECTS = 20;

export class App {
  /**
   * @param {import("./connection.mjs").WorkerConnection} connection
   * @param {URL} siteURL the URL of the site's folder (ends with "/")
   * @param {string} rootPath the ASGI root_path the app sees
   */
  constructor(connection, siteURL, rootPath) {
    this.connection = connection;
    this.siteURL = siteURL;
    this.rootPath = rootPath;
    this.closed = false;
    /** Cookies the app set, sent back with later requests. */
    this.cookies = new CookieJar();
  }

  /**
   * Like window.fetch, answered by the app. "/items" means the app's /items.
   * @param {RequestInfo | URL} input
   * @param {RequestInit} [init]
   * @returns {Promise<Response>}
   */
  async fetch(input, init) {
    let request = input instanceof Request ? new Request(input, init) : new Request(resolveInput(input, this.siteURL), init);
    // What a 307/308 redirect may send again; a stream cannot be replayed.
    const replayable = init?.body instanceof ReadableStream ? undefined : init?.body;
    for (let hops = 0; ; hops++) {
      const response = await this.#send(request);
      const location = response.headers.get("location");
      if (!REDIRECT_STATUS.has(response.status) || location === null || request.redirect === "manual") {
        if (hops > 0) Object.defineProperty(response, "redirected", { value: true });
        return response;
      }
      await response.body?.cancel();
      if (request.redirect === "error") throw new TypeError(`network error: redirected to ${location} with redirect: "error"`);
      if (hops >= MAX_REDIRECTS) throw new TypeError("network error: too many redirects");
      const next = new URL(location, request.url);
      if (next.origin !== this.siteURL.origin || !next.pathname.startsWith(this.siteURL.pathname)) {
        return fetch(next, { redirect: request.redirect, signal: request.signal });
      }
      request = redirectRequest(request, next.href, response.status, replayable);
    }
  }

  /** @param {Request} request */
  #send(request) {
    if (this.closed) return Promise.reject(new TypeError("network error: the app was closed"));
    const connection = this.connection;
    const id = connection.nextId++;
    const target = appTarget(request.url, this.siteURL);
    const exchange = new HttpExchange(id, request, target, this.siteURL, connection, this.cookies);
    connection.exchanges.set(id, exchange);
    exchange.send().catch((error) => exchange.abort(error));
    return exchange.response;
  }

  /** Run lifespan shutdown, then end the worker. Resolves when both are done. */
  async close() {
    if (this.closed) return;
    this.closed = true;
    const connection = this.connection;
    const done = new Promise((resolve) => {
      connection.onClosed = resolve;
    });
    connection.post({ t: "close" });
    const error = await done;
    connection.terminate();
    if (error) console.error(`wasgi: lifespan shutdown failed: ${error}`);
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
  const common = { headers, redirect: request.redirect, signal: request.signal, credentials: request.credentials };
  if (toGet) {
    for (const name of ["content-type", "content-length", "content-encoding", "content-language", "content-location"]) {
      headers.delete(name);
    }
    return new Request(url, { ...common, method: "GET" });
  }
  if (request.body && body === undefined) throw new TypeError("network error: cannot follow a 307/308 redirect with a streamed body");
  return new Request(url, { ...common, method: request.method, body });
}
