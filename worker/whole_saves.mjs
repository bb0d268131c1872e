// Saves of the persistent directory that a reload cannot cut in half.
//
// Pyodide's sync to the origin private file system stores file by file, so a
// reload between two files (a database and its write-ahead log, say) kept one
// new and one old. Here every file a save stores is written under a temporary
// name first, and removals wait. Once the sync has written them all, a small
// list of what to move into place and remove is written beside the site's
// folder, the moves and removals are made, and the list is emptied. A visit
// that finds a list finishes it before the folder is mounted (each move is
// atomic, and one already made is skipped); temporary files that no list names
// are what a save cut short left before its list, and are dropped. A save of
// one file needs no list: its move alone is atomic.
//
// The list is written in place through a sync access handle (a writable
// stream, a swap file renamed into place, took twice as long). A list cut
// short while written is not valid JSON, and its save had made no step yet.
// The cost, measured for a request that writes small files: 0.4 to 0.8 ms for
// one file (its move), about 3.5 ms for two and 4 to 5 ms for five, on saves
// of 6 to 15 ms.

/** The name a file is stored under until its save is whole. */
export const SAVING = ".wasgi-saving";

/**
 * A save's last steps: files to move into place from their temporary names,
 * then entries to remove; paths relative to the site's folder.
 * @typedef {{moves: string[], removals: string[]}} SaveSteps
 */

export class WholeSaves {
  /**
   * @param {FileSystemDirectoryHandle} root the site's folder
   * @param {FileSystemDirectoryHandle} folder where the list lives (beside the site's folder)
   * @param {string} name the list's name
   */
  constructor(root, folder, name) {
    this.root = root;
    this.folder = folder;
    this.name = name;
    /** What the sync in progress has written, by path, with its temporary file. @type {Map<string, FileSystemFileHandle>} */
    this.written = new Map();
    /** What the sync in progress asked to remove, in its order (a folder after what it held). @type {string[]} */
    this.removals = [];
    /** The list's file, once install() found everything it needs. @type {FileSystemFileHandle | null} */
    this.file = null;
  }

  /**
   * Read the list, finish a save that a reload cut short after writing it, and
   * route the stores and removals of Pyodide's OPFS sync through this. Call before
   * the folder is mounted. Without move() or sync access handles (older browsers)
   * nothing changes: files are stored as Pyodide stores them, one by one.
   * @param {any} FS @param {any} nativefs FS.filesystems.NATIVEFS_ASYNC
   */
  async install(FS, nativefs) {
    const store = nativefs?.storeRemoteEntry;
    const handle = globalThis.FileSystemFileHandle?.prototype;
    // @ts-ignore: move() is Chromium's (and the spec's), not yet in TypeScript's DOM types
    if (typeof store !== "function" || typeof handle?.move !== "function" || typeof handle.createSyncAccessHandle !== "function") return;
    this.file = await this.folder.getFileHandle(this.name, { create: true });
    await this.#finishCutSave().catch((error) => {
      // Not a reason to give up the folder: what the save had not moved into place is dropped.
      console.warn(`wasgi: a save cut short by a reload could not be finished: ${error}`);
    });
    const saves = this;
    /** @param {Map<string, any>} handles stored entries by path ("." is the root) @param {string} path @param {{mode: number, contents: Uint8Array}} entry */
    nativefs.storeRemoteEntry = async function (handles, path, entry) {
      if (!FS.isFile(entry.mode)) return store.apply(this, arguments); // a folder is made at once
      const { dir, name } = split(path);
      const temporary = await handles.get(dir).getFileHandle(name + SAVING, { create: true });
      const writable = await temporary.createWritable();
      await writable.write(entry.contents);
      await writable.close();
      saves.written.set(path, temporary);
    };
    /** @param {Map<string, any>} handles @param {string} path */
    nativefs.removeRemoteEntry = async function (handles, path) {
      saves.removals.push(path);
      handles.delete(path);
    };
  }

  /** Make the steps of a list a reload left, then empty it. */
  async #finishCutSave() {
    const text = await (await /** @type {FileSystemFileHandle} */ (this.file).getFile()).text();
    if (!text) return;
    /** @type {SaveSteps | null} */
    let steps = null;
    try {
      steps = JSON.parse(text);
    } catch {
      // cut short while written: its save had made no step
    }
    await this.#withList(async (write) => {
      try {
        if (steps) await this.#apply(steps.moves, steps.removals);
      } finally {
        write(""); // once: a list that failed would fail again
      }
    });
  }

  /** After the sync has stored everything: move it into place and make the removals. */
  async commit() {
    const { written, removals } = this;
    this.discard();
    const moves = [...written.keys()];
    if (moves.length + removals.length === 0) return;
    if (moves.length + removals.length === 1) return this.#apply(moves, removals, written); // atomic on its own
    await this.#withList(async (write) => {
      write(JSON.stringify({ moves, removals }));
      await this.#apply(moves, removals, written);
      write("");
    });
  }

  /**
   * Run `work` with the list open; `write(text)` replaces the list ("" for none)
   * and is on disk when it returns.
   * @param {(write: (text: string) => void) => Promise<void>} work
   */
  async #withList(work) {
    // @ts-ignore: sync access handles are for workers, which TypeScript's DOM types leave out
    const list = await /** @type {FileSystemFileHandle} */ (this.file).createSyncAccessHandle();
    try {
      await work((text) => {
        list.truncate(0);
        if (text) list.write(new TextEncoder().encode(text), { at: 0 });
        list.flush();
      });
    } finally {
      list.close();
    }
  }

  /** The sync failed: what it wrote stays temporary (the next save writes it again). */
  discard() {
    this.written = new Map();
    this.removals = [];
  }

  /**
   * Move the files into place (at once: each is its own entry), then make the removals in order.
   * @param {string[]} moves @param {string[]} removals
   * @param {Map<string, FileSystemFileHandle>} [written] the temporary files, when this tab wrote them
   */
  async #apply(moves, removals, written) {
    /** @type {Map<string, Promise<FileSystemDirectoryHandle | null>>} */
    const dirs = new Map([[".", Promise.resolve(this.root)]]);
    const temporaryFile = async (/** @type {string} */ path) => {
      const { dir, name } = split(path);
      return written?.get(path) ?? (await (await this.#dir(dirs, dir))?.getFileHandle(name + SAVING).catch(() => null));
    };
    await Promise.all(
      moves.map(async (path) => {
        const temporary = await temporaryFile(path);
        // @ts-ignore: move() (see install); it replaces the old file in one step
        if (temporary) await temporary.move(split(path).name); // none: moved before the reload
      }),
    );
    for (const path of removals) {
      const { dir, name } = split(path);
      await (await this.#dir(dirs, dir))?.removeEntry(name).catch((error) => {
        if (error?.name !== "NotFoundError") throw error;
      });
    }
  }

  /**
   * The folder at `path` (relative to the root), or null if it is gone.
   * @param {Map<string, Promise<FileSystemDirectoryHandle | null>>} dirs looked up so far @param {string} path
   * @returns {Promise<FileSystemDirectoryHandle | null>}
   */
  #dir(dirs, path) {
    let found = dirs.get(path);
    if (!found) {
      const { dir, name } = split(path);
      found = this.#dir(dirs, dir).then((parent) => parent?.getDirectoryHandle(name).catch(() => null) ?? null);
      dirs.set(path, found);
    }
    return found;
  }
}

/** A stored path's folder ("." for the root) and name. @param {string} path */
function split(path) {
  const slash = path.lastIndexOf("/");
  return { dir: slash < 0 ? "." : path.slice(0, slash), name: path.slice(slash + 1) };
}
