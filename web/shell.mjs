// The built site's page: a progress bar while the app boots, then the
// app's "/" in an iframe; if startup fails, the cause and the traceback.

import { start } from "./wasgi.mjs";

const PHASES = /** @type {Record<string, string>} */ ({
  download: "Downloading",
  install: "Installing packages",
  import: "Importing the app",
  startup: "Starting the app",
});

/** Boot the app and show it; the returned promise is window.wasgiReady. */
export async function runShell() {
  const bar = /** @type {HTMLProgressElement} */ (document.getElementById("wasgi-progress"));
  const status = /** @type {HTMLElement} */ (document.getElementById("wasgi-status"));
  let app;
  try {
    app = await start({
      onProgress(p) {
        bar.max = p.total || 1;
        bar.value = p.loaded;
        const mb = (/** @type {number} */ n) => (n / 1e6).toFixed(1);
        status.textContent = `${PHASES[p.phase] ?? p.phase}${p.detail ? ` ${p.detail}` : ""}… ${mb(p.loaded)} / ${mb(p.total)} MB`;
      },
    });
  } catch (error) {
    showError(/** @type {any} */ (error));
    throw error;
  }
  document.getElementById("wasgi-boot")?.remove();
  await showRoot(app);
  return app;
}

/** Render the app's "/" (browsing mode replaces this with real navigation). @param {import("./app.mjs").App} app */
async function showRoot(app) {
  const frame = /** @type {HTMLIFrameElement} */ (document.getElementById("wasgi-frame"));
  try {
    const response = await app.fetch("/");
    const type = response.headers.get("content-type") ?? "";
    const text = await response.text();
    frame.srcdoc = type.includes("html") ? text : `<pre>${escapeHTML(text)}</pre>`;
  } catch (error) {
    frame.srcdoc = `<pre>${escapeHTML(String(error))}</pre>`;
  }
  frame.hidden = false;
}

/** @param {{message: string, traceback?: string, kind?: string}} error */
function showError(error) {
  document.getElementById("wasgi-boot")?.remove();
  const box = /** @type {HTMLElement} */ (document.getElementById("wasgi-error"));
  box.querySelector("h1").textContent = error.kind === "startup" || error.kind === "import" ? "The app failed to start" : "wasgi could not load this site";
  box.querySelector("p").textContent = error.message;
  const pre = box.querySelector("pre");
  pre.textContent = error.traceback || "";
  pre.hidden = !error.traceback;
  box.hidden = false;
}

/** @param {string} text */
function escapeHTML(text) {
  return text.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c] ?? c);
}
