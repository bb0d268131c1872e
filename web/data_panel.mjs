// The shell's data control: open a database (or CSV/JSON) from this
// computer or a URL, see and download the app's data files, reset the
// site's stored data. A local file never leaves the machine: it goes from
// the page to the worker.

import { clearStored } from "../worker/persistence.mjs";
import { rememberSource } from "./data_params.mjs";

const SQLITE_MAGIC = "SQLite format 3\u0000";

export class DataPanel {
  /**
   * @param {import("./app.mjs").App} app
   * @param {() => void} reloadFrame shows the app page again after the app restarted
   */
  constructor(app, reloadFrame) {
    this.app = app;
    this.reloadFrame = reloadFrame;
    this.root = document.createElement("aside");
    this.root.id = "wasgi-data";
    this.root.innerHTML = `
      <button id="wasgi-data-toggle" title="Data: open, download, reset" aria-expanded="false">Data</button>
      <div id="wasgi-data-body" hidden>
        <p id="wasgi-data-status"></p>
        <ul id="wasgi-data-files"></ul>
        <label>Open a file <input id="wasgi-data-file" type="file" accept=".db,.sqlite,.sqlite3,.csv,.tsv,.json,.ndjson,.jsonl"></label>
        <form id="wasgi-data-url"><input name="url" type="url" placeholder="https://…/data.db or .csv or .json" required><button>Open URL</button></form>
        <button id="wasgi-data-reset">Reset stored data and cookies</button>
        <p id="wasgi-data-message" role="status"></p>
      </div>`;
    document.body.append(this.root);
    this.body = /** @type {HTMLElement} */ (this.root.querySelector("#wasgi-data-body"));
    this.message = /** @type {HTMLElement} */ (this.root.querySelector("#wasgi-data-message"));
    this.#wire();
    this.#showWriterStatus();
    if (!app.persistence.writable) this.body.hidden = false;
  }

  #wire() {
    const toggle = /** @type {HTMLButtonElement} */ (this.root.querySelector("#wasgi-data-toggle"));
    toggle.addEventListener("click", () => {
      this.body.hidden = !this.body.hidden;
      toggle.setAttribute("aria-expanded", String(!this.body.hidden));
      if (!this.body.hidden) void this.refresh();
    });
    const picker = /** @type {HTMLInputElement} */ (this.root.querySelector("#wasgi-data-file"));
    picker.addEventListener("change", () => picker.files && this.openFiles([...picker.files]));
    this.root.querySelector("#wasgi-data-url")?.addEventListener("submit", (event) => {
      event.preventDefault();
      const input = /** @type {HTMLInputElement} */ (/** @type {HTMLFormElement} */ (event.target).elements.namedItem("url"));
      void this.openURL(input.value);
    });
    this.root.querySelector("#wasgi-data-reset")?.addEventListener("click", () => this.reset());
    // Files dropped on the shell (the frame forwards drops the app ignores: web/frame.js).
    addEventListener("dragover", (event) => event.preventDefault());
    addEventListener("drop", (event) => {
      event.preventDefault();
      if (event.dataTransfer?.files.length) void this.openFiles([...event.dataTransfer.files]);
    });
    addEventListener("wasgi-open-files", (event) => void this.openFiles(/** @type {CustomEvent<File[]>} */ (event).detail));
  }

  /** List the app's data files, each with a download button. */
  async refresh() {
    const list = /** @type {HTMLElement} */ (this.root.querySelector("#wasgi-data-files"));
    const files = await this.app.files().catch(() => []);
    list.replaceChildren(
      ...files.map((file) => {
        const item = document.createElement("li");
        const where = file.persistent ? "stored" : file.lazy ? "read over the network" : "loaded";
        item.textContent = `${file.name} (${(file.size / 1e6).toFixed(2)} MB, ${where}) `;
        const download = Object.assign(document.createElement("button"), { textContent: "Download" });
        download.addEventListener("click", () => this.download(file.path, file.name));
        item.append(download);
        return item;
      }),
    );
    if (!files.length) list.innerHTML = "<li>No data files yet.</li>";
  }

  /**
   * Open local files: databases are stored (kept and editable); CSV and JSON are imported for this tab.
   * @param {File[]} files
   */
  async openFiles(files) {
    try {
      /** @type {{name: string, buffer: ArrayBuffer}[]} */
      const tabular = [];
      for (const file of files) {
        const buffer = await file.arrayBuffer();
        const head = new TextDecoder("latin1").decode(new Uint8Array(buffer, 0, Math.min(16, buffer.byteLength)));
        if (head === SQLITE_MAGIC) await this.app.storeFile(file.name, buffer);
        else tabular.push({ name: file.name, buffer });
      }
      const data = tabular.length ? { ...(this.app.data ?? {}), files: [...(this.app.data?.files ?? []), ...tabular] } : undefined;
      await this.#restart(data, `Opened ${files.map((f) => f.name).join(", ")}.`);
    } catch (error) {
      this.say(`Could not open the file: ${/** @type {Error} */ (error).message}`);
    }
  }

  /** @param {string} url */
  async openURL(url) {
    const kind = /\.csv(\?|$)|\.tsv(\?|$)/i.test(url) ? "csv" : /\.(nd)?json(l)?(\?|$)/i.test(url) ? "json" : "url";
    const data = rememberSource(this.app.siteURL, kind, url);
    await this.#restart({ ...data, files: this.app.data?.files }, `Opened ${url}.`);
  }

  /** @param {string} path @param {string} name */
  async download(path, name) {
    const bytes = await this.app.readFile(path);
    const link = Object.assign(document.createElement("a"), { href: URL.createObjectURL(new Blob([bytes])), download: name });
    document.body.append(link);
    link.click();
    link.remove();
    setTimeout(() => URL.revokeObjectURL(link.href), 60_000);
  }

  async reset() {
    if (!confirm("Forget this site's stored files and cookies in this browser?")) return;
    await this.app.close();
    await clearStored(this.app.siteURL.href);
    this.app.cookies.clear();
    sessionStorage.removeItem(`wasgi-data:${this.app.siteURL.href}`);
    location.reload();
  }

  /** @param {import("./wasgi.mjs").DataOptions | undefined} data @param {string} done */
  async #restart(data, done) {
    this.say("Restarting the app with the new data…");
    try {
      await this.app.restart(data ? { data } : {});
    } catch (error) {
      this.say(/** @type {Error} */ (error).message);
      return;
    }
    this.say(done);
    this.reloadFrame();
    void this.refresh();
  }

  #showWriterStatus() {
    const status = /** @type {HTMLElement} */ (this.root.querySelector("#wasgi-data-status"));
    const { writable, backend } = this.app.persistence;
    status.textContent = writable
      ? `Files the app stores are kept in this browser (${backend}).`
      : "Read-only here: this site is open in another tab, which holds its stored data. Close that tab to edit here.";
    if (!writable) this.root.classList.add("read-only");
  }

  /** The tab holding the data closed: this one can write after a reload. */
  writerFree() {
    const status = /** @type {HTMLElement} */ (this.root.querySelector("#wasgi-data-status"));
    status.textContent = "The other tab closed. Reload this page to edit the stored data here. ";
    const reload = Object.assign(document.createElement("button"), { textContent: "Reload" });
    reload.addEventListener("click", () => location.reload());
    status.append(reload);
    this.body.hidden = false;
  }

  /** Show a message in the panel, opened. @param {string} text */
  say(text) {
    this.message.textContent = text;
    this.body.hidden = false;
  }
}
