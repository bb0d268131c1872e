// What App.websocket checks and sends before any frame flows: the URL and
// subprotocols, validated as the WebSocket constructor validates them, and
// the handshake headers a browser puts on the wire.

import { appTarget, resolveInput } from "./request.mjs";

/** RFC 7230 token characters: what a subprotocol name may contain. */
const TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;

/**
 * The socket's ws:/wss: URL, the http(s) URL the cookies are chosen by, and
 * the app-relative target. "/chat" means the app's /chat, as in App.fetch.
 * Throws a SyntaxError DOMException where `new WebSocket()` would, and an
 * OutsideAppError for a URL outside the site.
 * @param {string | URL} input @param {URL} siteURL
 * @returns {{url: string, httpURL: string, target: string}}
 */
export function websocketTarget(input, siteURL) {
  let url;
  try {
    url = new URL(resolveInput(typeof input === "string" ? input : String(input), siteURL));
  } catch {
    throw new DOMException(`WebSocket: the URL '${input}' is invalid.`, "SyntaxError");
  }
  const secure = url.protocol === "wss:" || url.protocol === "https:";
  if (!["ws:", "wss:", "http:", "https:"].includes(url.protocol)) {
    throw new DOMException(`WebSocket: the URL's scheme must be ws, wss, http or https, not '${url.protocol.slice(0, -1)}'.`, "SyntaxError");
  }
  if (url.href.includes("#")) {
    throw new DOMException(`WebSocket: the URL '${url.href}' has a fragment, which WebSocket URLs may not have.`, "SyntaxError");
  }
  url.protocol = secure ? "https:" : "http:";
  const httpURL = url.href;
  const target = appTarget(httpURL, siteURL);
  url.protocol = secure ? "wss:" : "ws:";
  return { url: url.href, httpURL, target };
}

/**
 * The offered subprotocols as a list, or a SyntaxError DOMException for a
 * name that is not a token or is given twice.
 * @param {string | Iterable<string> | undefined} protocols
 * @returns {string[]}
 */
export function checkProtocols(protocols) {
  if (protocols === undefined) return [];
  const list = typeof protocols === "string" ? [protocols] : [...protocols].map(String);
  const seen = new Set();
  for (const name of list) {
    if (!TOKEN.test(name)) throw new DOMException(`WebSocket: the subprotocol '${name}' is invalid.`, "SyntaxError");
    if (seen.has(name)) throw new DOMException(`WebSocket: the subprotocol '${name}' is given twice.`, "SyntaxError");
    seen.add(name);
  }
  return list;
}

/**
 * The handshake request's headers as a flat [name, value, ...] list, in the
 * order Chromium sends them. No sec-websocket-extensions: nothing is
 * compressed between the page and the worker.
 * @param {URL} siteURL @param {string[]} protocols @param {string} cookie the Cookie header, or ""
 */
export function handshakeHeaders(siteURL, protocols, cookie) {
  const flat = ["host", siteURL.host, "connection", "Upgrade", "pragma", "no-cache", "cache-control", "no-cache"];
  if (globalThis.navigator?.userAgent) flat.push("user-agent", navigator.userAgent);
  flat.push("upgrade", "websocket", "origin", siteURL.origin, "sec-websocket-version", "13");
  if (globalThis.navigator?.languages?.length) flat.push("accept-language", navigator.languages.join(","));
  if (cookie) flat.push("cookie", cookie);
  flat.push("sec-websocket-key", handshakeKey());
  if (protocols.length) flat.push("sec-websocket-protocol", protocols.join(", "));
  return flat;
}

/** 16 random bytes, base64: what a client puts in Sec-WebSocket-Key. */
function handshakeKey() {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return btoa(String.fromCharCode(...bytes));
}
