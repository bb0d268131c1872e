// Turning what App.fetch is given into what the worker needs: the app's
// request target, the headers a browser would send, and the body in parts.

import { OutsideAppError } from "./errors.mjs";

/** Request-body bytes sent per message; later parts are sent when the app asks. */
export const BODY_PART = 1024 * 1024;

/**
 * Whether `input` is a Request, also one made in another window (an app
 * page in the shell's frame), which `instanceof` does not recognise.
 * @param {unknown} input @returns {input is Request}
 */
export function isRequest(input) {
  return input instanceof Request || Object.prototype.toString.call(input) === "[object Request]";
}

/**
 * The URL a fetch input addresses. A path such as "/items" (or "items")
 * means the app's own route, whatever path the site is served under.
 * @param {RequestInfo | URL} input @param {URL} siteURL
 * @returns {string}
 */
export function resolveInput(input, siteURL) {
  if (typeof input === "string" && !/^[a-z][a-z0-9+.-]*:/i.test(input) && !input.startsWith("//")) {
    const path = input.replace(/^\/+/, "");
    // A plain path joins as it is: the URL parser would change nothing in it.
    if (path && PLAIN_PATH.test(path)) return sitePrefix(siteURL) + path;
    return new URL("./" + path, siteURL).href; // "./": "a:b" is a path here, not a scheme
  }
  return isRequest(input) ? input.url : new URL(String(input), siteURL).href;
}

/**
 * A relative path (and query) that a URL parser leaves as it is: no dot
 * segments, nothing it would percent-encode or decode, no fragment.
 */
const PLAIN_PATH = /^(?!\.)(?:[\w\-~!$&()*+,;=:@.]|\/(?!\.))*(?:\?[\w\-~!$&()*+,;=:@./?%]*)?$/;

/** siteURL's origin and path, per URL object: reading them each time costs more than using them. */
const prefixes = new WeakMap();

/** @param {URL} siteURL @returns {string} */
function sitePrefix(siteURL) {
  let prefix = prefixes.get(siteURL);
  if (prefix === undefined) prefixes.set(siteURL, (prefix = siteURL.origin + siteURL.pathname));
  return prefix;
}

/**
 * The app-relative target ("/path?query") of an absolute URL in the site.
 * @param {string} url @param {URL} siteURL
 */
export function appTarget(url, siteURL) {
  // The common case, a serialized URL under the site's folder, needs no parsing
  // (a parse per request is a few percent of App.fetch's time on the page).
  const prefix = sitePrefix(siteURL);
  if (url.startsWith(prefix) && !url.includes("#") && !url.endsWith("?")) return "/" + url.slice(prefix.length);
  const parsed = new URL(url);
  if (parsed.origin !== siteURL.origin || !parsed.pathname.startsWith(siteURL.pathname)) {
    throw new OutsideAppError(url, siteURL.href);
  }
  return "/" + parsed.pathname.slice(siteURL.pathname.length) + parsed.search;
}

/** What a browser sends as User-Agent and Accept-Language ("" outside one). */
const USER_AGENT = globalThis.navigator?.userAgent ?? "";
const LANGUAGES = globalThis.navigator?.languages?.join(",") ?? "";

/**
 * The headers as a flat [name, value, ...] list, with what a browser adds
 * on the wire (Host, User-Agent, Accept, Origin, Referer, Cookie, Content-Length) and
 * a Request object hides.
 * @param {Request} request @param {URL} siteURL @param {number | null} contentLength
 * @param {string} cookie the Cookie header from the jar, or ""
 */
export function wireHeaders(request, siteURL, contentLength, cookie) {
  const flat = ["host", siteURL.host];
  for (const [name, value] of request.headers) flat.push(name, value);
  const has = (/** @type {string} */ name) => request.headers.has(name);
  if (!has("accept")) flat.push("accept", "*/*");
  if (USER_AGENT && !has("user-agent")) flat.push("user-agent", USER_AGENT);
  if (LANGUAGES && !has("accept-language")) flat.push("accept-language", LANGUAGES);
  if (request.method !== "GET" && request.method !== "HEAD" && !has("origin")) flat.push("origin", siteURL.origin);
  // A page's own navigations and fetches carry the page's URL (same origin: sent whole).
  if (request.referrer && request.referrer !== "about:client" && !has("referer")) flat.push("referer", request.referrer);
  if (cookie) flat.push("cookie", cookie);
  if (contentLength !== null) flat.push("content-length", String(contentLength));
  return flat;
}

/** Reads a request body in parts of about BODY_PART bytes. */
export class BodyReader {
  /** @param {ReadableStream<Uint8Array>} stream */
  constructor(stream) {
    this.reader = stream.getReader();
  }

  /** @returns {Promise<{body: ArrayBuffer | undefined, more: boolean}>} */
  async next() {
    /** @type {Uint8Array[]} */
    const parts = [];
    let size = 0;
    while (size < BODY_PART) {
      const { done, value } = await this.reader.read();
      if (done) return { body: join(parts, size), more: false };
      parts.push(value);
      size += value.byteLength;
    }
    return { body: join(parts, size), more: true };
  }

  cancel() {
    this.reader.cancel().catch(() => {});
  }
}

/** @param {Uint8Array[]} parts @param {number} size @returns {ArrayBuffer | undefined} */
function join(parts, size) {
  if (size === 0) return undefined;
  if (parts.length === 1 && parts[0].byteOffset === 0 && parts[0].byteLength === parts[0].buffer.byteLength) {
    return /** @type {ArrayBuffer} */ (parts[0].buffer);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const part of parts) {
    out.set(part, offset);
    offset += part.byteLength;
  }
  return out.buffer;
}
