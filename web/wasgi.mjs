// The public entry point: start(options) boots a built site's app in a
// Web Worker and resolves to an App once lifespan startup is done.

import { App } from "./app.mjs";
import { openConnection } from "./connection.mjs";
import { persistCookies } from "./cookie_store.mjs";
import { StartupError } from "./errors.mjs";
import { makeSnapshotLater } from "./snapshot_maker.mjs";

export { App } from "./app.mjs";
export { OutsideAppError, RedirectLoopError, StartupError } from "./errors.mjs";

/**
 * @typedef {object} StartOptions
 * @property {string | URL} [site] URL of the built site's folder (default: the page's folder)
 * @property {(p: import("../worker/progress.mjs").Progress) => void} [onProgress] boot progress
 * @property {(level: string, text: string) => void} [onLog] Python log lines (default: the console)
 * @property {DataOptions} [data] data to load before the app is imported
 * @property {() => void} [onWriterFree] another tab held this site's stored data and has closed
 * @property {(text: string) => void} [onNote] something the person should know about the data
 * @property {boolean} [snapshot] make a memory snapshot after a first boot, for faster later boots (default true)
 * @property {string} [keepIn] a Cache Storage cache to copy the runtime's files into as they download:
 *   the site's own page passes its service worker's on a first visit, so the snapshot maker and the
 *   next visit find them there, not downloading them again (web/frame_host.mjs)
 *
 * @typedef {object} DataOptions
 * @property {string[]} [url] SQLite databases (large ones are read lazily over range requests)
 * @property {string[]} [csv] CSV files, imported into tables of data.db
 * @property {string[]} [json] JSON or newline-delimited JSON files, likewise
 * @property {string[]} [sql] SQL run after loading, against data.db (or the first database)
 * @property {string[]} [metadata] a metadata file for apps that take one (Datasette)
 * @property {string[]} [install] packages for micropip (only on sites built with --allow-install)
 * @property {{name: string, buffer: ArrayBuffer}[]} [files] local files the person opened
 * @property {Record<string, string[]>} [params] every data parameter, for the app (wasgi.data.params())
 */

/**
 * Boot the app of a built site. Rejects with a StartupError naming the cause.
 * @param {StartOptions} [options]
 * @returns {Promise<App>}
 */
export async function start(options = {}) {
  if (globalThis.isSecureContext === false) throw insecureContext();
  const siteURL = new URL(options.site ?? ".", globalThis.document?.baseURI ?? location.href);
  if (!siteURL.pathname.endsWith("/")) siteURL.pathname += "/";
  const { onProgress, onLog, onWriterFree, onNote } = options;
  const hooks = { onProgress, onLog, onWriterFree, onNote };
  // A restart (App.restart) connects again without keepIn: the first boot kept the files.
  const connect = (/** @type {DataOptions | undefined} */ data, /** @type {string | undefined} */ keepIn) =>
    openConnection(siteURL, hooks, data, keepIn);
  const { connection, rootPath, persistence, snapshot, timings } = await connect(options.data, options.keepIn);
  const app = new App(connection, siteURL, rootPath, connect);
  app.bootTimings = timings;
  app.bootedFrom = snapshot === "restored" ? "snapshot" : "boot";
  app.data = options.data;
  app.persistence = persistence;
  await persistCookies(app.cookies, siteURL.href);
  // Last, so the page's first requests (made as this resolves) are in flight when the plan waits for them.
  if (snapshot === "missing" && options.snapshot !== false) app.snapshotMade = makeSnapshotLater(siteURL, connection);
  return app;
}

/**
 * Browsers give Web Crypto, service workers and the origin's storage only to
 * pages served over HTTPS or from localhost: elsewhere (http://0.0.0.0, a
 * LAN address) the boot would fail deep inside with a cryptic TypeError.
 */
function insecureContext() {
  const local = new URL(location.href);
  local.hostname = "127.0.0.1";
  return new StartupError(
    "load",
    `${location.origin} is not a secure context, and the browser gives the Web Crypto, service worker and ` +
      `storage wasgi needs only to pages over HTTPS or on localhost: open ${local.href}, or serve the site over HTTPS`,
  );
}
