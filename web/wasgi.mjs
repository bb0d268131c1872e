// The public entry point: start(options) boots a built site's app in a
// Web Worker and resolves to an App once lifespan startup is done.

import { App } from "./app.mjs";
import { openConnection } from "./connection.mjs";
import { persistCookies } from "./cookie_store.mjs";

export { App } from "./app.mjs";
export { OutsideAppError, StartupError } from "./errors.mjs";

/**
 * @typedef {object} StartOptions
 * @property {string | URL} [site] URL of the built site's folder (default: the page's folder)
 * @property {(p: import("../worker/progress.mjs").Progress) => void} [onProgress] boot progress
 * @property {(level: string, text: string) => void} [onLog] Python log lines (default: the console)
 */

/**
 * Boot the app of a built site. Rejects with a StartupError naming the cause.
 * @param {StartOptions} [options]
 * @returns {Promise<App>}
 */
export async function start(options = {}) {
  const siteURL = new URL(options.site ?? ".", globalThis.document?.baseURI ?? location.href);
  if (!siteURL.pathname.endsWith("/")) siteURL.pathname += "/";
  const connect = () => openConnection(siteURL, { onProgress: options.onProgress, onLog: options.onLog });
  const { connection, rootPath } = await connect();
  const app = new App(connection, siteURL, rootPath, connect);
  await persistCookies(app.cookies, siteURL.href);
  return app;
}
