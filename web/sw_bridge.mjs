// The shell's side of the service worker: a request the SW intercepted in an
// app page arrives here with a MessagePort; the App answers it and the
// response streams back over the port (its body is a transferred stream).

import { takeWholeBody } from "./app_response.mjs";
import { ANSWERED_ELSEWHERE, ANSWER_KEY } from "./exchange.mjs";
import { RedirectLoopError } from "./errors.mjs";
import { injectIntoHead } from "./html_inject.mjs";
import { REDIRECT_STATUS } from "./status.mjs";

/** Put first into every app page, in this order: web/frame.js and the scripts built on it, beside this module. */
export const FRAME_SCRIPTS = ["frame.js", "frame_xhr.js", "frame_event_source.js"].map(
  (name) => new URL(name, import.meta.url).href,
);

/**
 * @typedef {object} InterceptedRequest what web/sw.js posts
 * @property {string} url @property {string} method @property {[string, string][]} headers
 * @property {ReadableStream<Uint8Array> | null} body @property {string} referrer
 * @property {RequestCredentials} credentials @property {string} destination @property {boolean} navigate
 * @property {number} [sw] the service worker's key, when it can take the answer from the app's worker directly
 */

/**
 * Answer one intercepted request.
 * @param {import("./app.mjs").App} app
 * @param {InterceptedRequest} message
 * @param {MessagePort} port
 */
export async function answerIntercepted(app, message, port) {
  try {
    const response = await app.fetch(message.url, {
      method: message.method,
      headers: message.headers,
      body: message.body,
      // @ts-ignore: streaming request bodies need it
      duplex: message.body ? "half" : undefined,
      credentials: message.credentials,
      referrer: message.referrer || undefined,
      // Redirects go back to the browser, which follows them: the address bar
      // and the page's URL then show the final location, as with a server.
      redirect: "manual",
      [ANSWER_KEY]: message.sw,
    });
    if (response === ANSWERED_ELSEWHERE) return; // the worker sent it to the service worker
    const location = message.navigate && REDIRECT_STATUS.has(response.status) ? response.headers.get("location") : null;
    const loop = location === null ? null : RedirectLoopError.check(message.url, location, app.siteURL);
    if (loop) {
      console.error(`wasgi: ${loop.message}`);
      const body = new TextEncoder().encode(errorPage(loop)).buffer;
      port.postMessage({ status: 508, statusText: "Loop Detected", headers: [["content-type", "text/html; charset=utf-8"]], body }, [body]);
      return;
    }
    const headers = framable(response.headers);
    const isFrameDocument = message.navigate && (message.destination === "iframe" || message.destination === "frame");
    /** @type {ReadableStream<Uint8Array> | ArrayBuffer | null} */
    let body;
    if (isFrameDocument && /^text\/html|application\/xhtml/i.test(headers.get("content-type") ?? "") && response.body) {
      body = injectIntoHead(response.body, FRAME_SCRIPTS.map((src) => `<script src="${src}"></script>`).join(""));
    } else {
      body = takeWholeBody(response) ?? response.body;
    }
    port.postMessage(
      { status: response.status, statusText: response.statusText, headers: [...headers], body },
      body ? [body] : [],
    );
  } catch (error) {
    console.error(`wasgi: ${message.method} ${message.url} failed: ${error}`);
    port.postMessage({ error: String(error) });
  }
}

/**
 * A page that says why the page asked for is not on screen, as a browser's error page does.
 * @param {Error} error
 */
export function errorPage(error) {
  const heading = error.name === "RedirectLoopError" ? "The app redirected outside its site" : "This page could not be loaded";
  const escape = (/** @type {string} */ text) => text.replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
  return `<!doctype html><meta charset="utf-8"><title>${escape(heading)}</title><h1>${escape(heading)}</h1><p>${escape(error.message)}</p>`;
}

/**
 * The app runs inside the shell's frame, so headers that forbid framing would
 * blank it: drop X-Frame-Options and CSP frame-ancestors (the shell is the only
 * framer; other sites still cannot frame the shell's own page).
 * @param {Headers} original
 */
export function framable(original) {
  const headers = new Headers(original);
  headers.delete("x-frame-options");
  for (const name of ["content-security-policy", "content-security-policy-report-only"]) {
    const policy = headers.get(name);
    if (policy === null) continue;
    const kept = policy
      .split(",")
      .map((part) =>
        part
          .split(";")
          .filter((directive) => !/^\s*frame-ancestors\b/i.test(directive))
          .join(";"),
      )
      .filter((part) => part.trim())
      .join(",");
    if (kept.trim()) headers.set(name, kept);
    else headers.delete(name);
  }
  return headers;
}
