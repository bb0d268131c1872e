// The built site's page: a progress bar while the app boots, then the app's
// pages in a full-viewport frame (browsing mode, web/frame_host.mjs); if
// startup fails, the cause and the traceback.

import { FrameHost } from "./frame_host.mjs";
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
  const frame = /** @type {HTMLIFrameElement} */ (document.getElementById("wasgi-frame"));
  const siteURL = new URL(".", document.baseURI);
  const version = document.querySelector("meta[name='wasgi-version']")?.getAttribute("content") ?? "";
  const host = new FrameHost(frame, siteURL, { version });
  let app;
  try {
    app = await start({
      site: siteURL,
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
  frame.hidden = false;
  await host.show(app);
  return app;
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
