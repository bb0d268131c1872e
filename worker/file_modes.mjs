// File modes under the persistent directory. The origin private file system
// keeps none (Pyodide's sync brought every file back as 0777: a key file made
// 0600, or a file made read-only, was not after a reload), so wasgi keeps the
// modes that differ from that in a small JSON file beside the site's folder
// and sets them again when the folder is mounted.

import { eachEntry, pastPermissions } from "./fs_tree.mjs";

/** The mode Pyodide's sync gives everything it loads. */
const LOADED_MODE = 0o777;

export class FileModes {
  /**
   * @param {any} FS @param {string} root the mounted directory
   * @param {FileSystemDirectoryHandle} folder where the modes file lives (beside the site's own folder)
   * @param {string} name the modes file's name
   */
  constructor(FS, root, folder, name) {
    this.FS = FS;
    this.root = root;
    this.folder = folder;
    this.name = name;
    /** What the modes file holds, as written (a save writes it only when this changes). */
    this.stored = "{}";
  }

  /** Set the kept modes again; a missing or unreadable modes file leaves the loaded ones. */
  async restore() {
    try {
      const text = await (await (await this.folder.getFileHandle(this.name)).getFile()).text();
      // Past permissions: a folder made 0o000 comes before what it holds.
      pastPermissions(this.FS, () => {
        for (const [path, mode] of Object.entries(JSON.parse(text))) {
          try {
            this.FS.chmod(`${this.root}/${path}`, mode);
          } catch {
            // gone since the modes were kept (removed by the same cut save)
          }
        }
      });
      this.stored = text;
    } catch (error) {
      if (/** @type {any} */ (error)?.name !== "NotFoundError") console.warn(`wasgi: file modes not restored: ${error}`);
    }
  }

  /** Keep the current modes, if they changed since they were last kept (after each save). */
  async store() {
    const text = JSON.stringify(this.#current());
    if (text === this.stored) return;
    const writable = await (await this.folder.getFileHandle(this.name, { create: true })).createWritable();
    await writable.write(text);
    await writable.close(); // the browser replaces the file whole
    this.stored = text;
  }

  /** Modes that differ from what a load gives, by path relative to the root. */
  #current() {
    /** @type {Record<string, number>} */
    const modes = {};
    eachEntry(this.FS, this.root, ({ path, mode }) => {
      if ((mode & 0o7777) !== LOADED_MODE) modes[path.slice(this.root.length + 1)] = mode & 0o7777;
    });
    return modes;
  }
}
