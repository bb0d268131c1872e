// Development aids in pages built by `wasgi serve --reload` (a meta tag
// wasgi-dev says so), or with ?wasgi-debug=1: reload the app when the server
// rebuilds it, keeping the page; show Python tracebacks in an overlay; send
// the console's Python output to the terminal.

/** @param {URL} siteURL */
export function devMode(siteURL) {
  const forced = new URL(location.href).searchParams.get("wasgi-debug") === "1";
  const served = document.querySelector("meta[name='wasgi-dev']") !== null;
  return served || forced ? new DevTools(siteURL, { reload: served }) : null;
}

export class DevTools {
  /**
   * @param {URL} siteURL
   * @param {{reload: boolean}} options reload: the dev server is there to listen to
   */
  constructor(siteURL, options) {
    this.siteURL = siteURL;
    this.reloadable = options.reload;
    /** @type {{level: string, text: string}[]} */
    this.pending = [];
    /** @type {(() => Promise<void>) | null} */
    this.onReload = null;
  }

  /** Listen for rebuilds: `reload` restarts the app (onReload), `build-error` shows the build's error. */
  listen() {
    if (!this.reloadable) return;
    const events = new EventSource(new URL("_wasgi/dev/events", this.siteURL));
    events.addEventListener("reload", async (event) => {
      const info = JSON.parse(/** @type {MessageEvent} */ (event).data);
      this.hideOverlay();
      const started = performance.now();
      if (this.onReload) await this.onReload();
      else location.reload(); // the app had failed to start: start over
      this.toast(`Reloaded: ${info.changed} changed (rebuilt in ${info.seconds} s, app restarted in ${((performance.now() - started) / 1000).toFixed(2)} s)`);
    });
    events.addEventListener("build-error", (event) => {
      const info = JSON.parse(/** @type {MessageEvent} */ (event).data);
      this.showOverlay(`The rebuild failed (${info.changed} changed)`, info.message);
    });
  }

  /**
   * A console line from the app: to the terminal, and tracebacks to the overlay.
   * @param {string} level @param {string} text
   */
  log(level, text) {
    if (this.reloadable) {
      if (this.pending.length === 0) setTimeout(() => this.#flush(), 50);
      this.pending.push({ level, text });
    }
    if ((level === "error" || level === "critical") && text.includes("Traceback (most recent call last)")) {
      this.showOverlay(text.split("\n")[0], text);
    }
  }

  #flush() {
    const lines = this.pending.splice(0);
    void fetch(new URL("_wasgi/dev/log", this.siteURL), { method: "POST", body: JSON.stringify(lines), keepalive: true }).catch(() => {});
  }

  /**
   * A dismissible overlay with a Python traceback; the app's own frames stand out.
   * @param {string} title @param {string} traceback
   */
  showOverlay(title, traceback) {
    this.hideOverlay();
    const overlay = document.createElement("section");
    overlay.id = "wasgi-overlay";
    overlay.setAttribute("role", "alert");
    const heading = document.createElement("h2");
    heading.textContent = title;
    const where = appFrame(traceback);
    const place = document.createElement("p");
    place.textContent = where ? `in ${where}` : "";
    const pre = document.createElement("pre");
    for (const line of traceback.split("\n")) {
      const span = document.createElement("span");
      span.textContent = line + "\n";
      if (/File "\/app\//.test(line)) span.className = "app-frame";
      pre.append(span);
    }
    const close = Object.assign(document.createElement("button"), { textContent: "Dismiss (Esc)" });
    close.addEventListener("click", () => this.hideOverlay());
    addEventListener("keydown", (event) => event.key === "Escape" && this.hideOverlay(), { once: true });
    overlay.append(heading, place, pre, close);
    document.body.append(overlay);
  }

  hideOverlay() {
    document.getElementById("wasgi-overlay")?.remove();
  }

  /** @param {string} text */
  toast(text) {
    const note = Object.assign(document.createElement("div"), { id: "wasgi-toast", textContent: text });
    document.getElementById("wasgi-toast")?.remove();
    document.body.append(note);
    setTimeout(() => note.remove(), 6000);
  }
}

/** "app.py:12 in handler": the deepest frame of the app's own code. @param {string} traceback */
function appFrame(traceback) {
  const frames = [...traceback.matchAll(/File "\/app\/([^"]+)", line (\d+), in (\S+)/g)];
  const last = frames[frames.length - 1];
  return last ? `${last[1]}:${last[2]} in ${last[3]}` : "";
}
