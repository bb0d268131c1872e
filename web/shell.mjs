// The built site's page: a progress bar while the app boots, then the app's
// pages in a full-viewport frame (browsing mode, web/frame_host.mjs); if
// startup fails, the cause and the traceback.

import { logToConsole } from "./connection.mjs";
import { DataPanel } from "./data_panel.mjs";
import { devMode } from "./dev.mjs";
import { takeDataParams } from "./data_params.mjs";
import { FrameHost } from "./frame_host.mjs";
import { start } from "./wasgi.mjs";

const PHASES = /** @type {Record<string, string>} */ ({
  download: "Downloading",
  install: "Installing packages",
  import: "Importing the app",
  startup: "Starting the app",
  data: "Loading data",
});

/** Boot the app and show it; the returned promise is window.wasgiReady. */
export async function runShell() {
  const bar = /** @type {HTMLProgressElement} */ (document.getElementById("wasgi-progress"));
  const status = /** @type {HTMLElement} */ (document.getElementById("wasgi-status"));
  const frame = /** @type {HTMLIFrameElement} */ (document.getElementById("wasgi-frame"));
  const siteURL = new URL(".", document.baseURI);
  const version = document.querySelector("meta[name='wasgi-version']")?.getAttribute("content") ?? "";
  const data = takeDataParams(siteURL);
  const dev = devMode(siteURL);
  dev?.listen();
  const host = new FrameHost(frame, siteURL, { version });
  /** @type {DataPanel | undefined} */
  let panel;
  /** Notes about the data arrive while booting; the panel shows them once it exists. @type {string[]} */
  const notes = [];
  let app;
  try {
    app = await start({
      site: siteURL,
      data,
      keepIn: host.keepIn,
      onWriterFree: () => panel?.writerFree(),
      onNote: (text) => (panel ? panel.say(text) : notes.push(text)),
      onLog: dev ? (level, text) => (logToConsole(level, text), dev.log(level, text)) : undefined,
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
  panel = new DataPanel(app, () => host.reload());
  if (dev) {
    dev.onReload = async () => {
      await app.restart();
      // The toast follows once the page shows the change (a slow machine may take seconds), or after 10 s.
      const shown = new Promise((resolve) => {
        frame.addEventListener("load", resolve, { once: true });
        setTimeout(resolve, 10_000);
      });
      host.reload();
      await shown;
    };
  }
  for (const text of notes) panel.say(text);
  return app;
}

/** @param {{message: string, traceback?: string, kind?: string}} error */
function showError(error) {
  document.getElementById("wasgi-boot")?.remove();
  const box = /** @type {HTMLElement} */ (document.getElementById("wasgi-error"));
  const headings = /** @type {Record<string, string>} */ ({
    startup: "The app failed to start",
    import: "The app failed to start",
    data: "The data could not be loaded",
  });
  box.querySelector("h1").textContent = headings[error.kind ?? ""] ?? "wasgi could not load this site";
  box.querySelector("p").textContent = error.message;
  const pre = box.querySelector("pre");
  pre.textContent = error.traceback || "";
  pre.hidden = !error.traceback;
  box.hidden = false;
}
