// The persistent directory: files the app writes under /persist are kept in
// the browser's storage (the origin private file system, else IndexedDB),
// per site, and saved whenever a request or WebSocket handler wrote to it,
// before its response (or message) reaches the page.
//
// Two tabs of one site must not overwrite each other's data: the first tab
// takes a Web Lock and is the only writer; later tabs see the files
// read-only (SQLite then refuses writes with "readonly database") and are
// told when the writer has gone.

import { PERSIST_DIR } from "./environment.mjs";
import { FileModes } from "./file_modes.mjs";
import { eachEntry, pastPermissions } from "./fs_tree.mjs";
import { SAVING, WholeSaves } from "./whole_saves.mjs";

export { PERSIST_DIR };
/** Emscripten FS calls that change files: each marks the directory dirty. */
// (symlink is not among them: under PERSIST_DIR it is refused, see refuseSymlinks)
const CHANGES = ["write", "truncate", "ftruncate", "rename", "unlink", "rmdir", "mkdir", "mknod", "chmod", "utime"];

/** @param {unknown} path */
function underPersistDir(path) {
  return typeof path === "string" && (path === PERSIST_DIR || path.startsWith(`${PERSIST_DIR}/`));
}

/**
 * One storage area per site: several sites can share an origin (GitHub Pages).
 * @param {string} siteURL
 */
export async function siteKey(siteURL) {
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(siteURL)));
  return "site-" + Array.from(digest.subarray(0, 8), (b) => b.toString(16).padStart(2, "0")).join("");
}

/**
 * Forget a site's stored files (the page calls this, with the worker stopped).
 * @param {string} siteURL
 */
export async function clearStored(siteURL) {
  const key = await siteKey(siteURL);
  try {
    const folder = await (await navigator.storage.getDirectory()).getDirectoryHandle("wasgi");
    await folder.removeEntry(key, { recursive: true });
    await folder.removeEntry(modesFileName(key)).catch(() => {}); // none when no mode was ever changed
    await folder.removeEntry(savesFileName(key)).catch(() => {}); // none in a browser without move()
  } catch {
    // nothing stored, or no OPFS: the IndexedDB fallback below
  }
  globalThis.indexedDB?.deleteDatabase(PERSIST_DIR);
}

/** The file beside a site's folder that keeps its files' modes (file_modes.mjs). @param {string} key */
const modesFileName = (key) => `${key}.modes.json`;
/** The file beside a site's folder that lists a save's last steps while it makes them (whole_saves.mjs). @param {string} key */
const savesFileName = (key) => `${key}.saving.json`;

/**
 * @typedef {object} Persistence
 * @property {boolean} writable this tab holds the writer lock
 * @property {string} backend "opfs" | "indexeddb" | "memory"
 * @property {() => Promise<void> | undefined} flushIfDirty save what changed; a promise while a save is in progress, rejected if it fails
 * @property {() => Promise<void> | undefined} flushOrRetry flushIfDirty, and a save that failed is tried again (the safety net, closing)
 * @property {boolean} dirty a file changed since the last save, or a save is in progress (read by py/wasgi/server/boot.py Saver)
 */

/**
 * Mount PERSIST_DIR from storage.
 * @param {any} pyodide @param {string} siteKey one storage area per site
 * @param {(kind: string, ...args: any[]) => void} notify tells the page about the writer lock
 * @returns {Promise<Persistence>}
 */
export async function mountPersistent(pyodide, siteKey, notify) {
  const FS = pyodide.FS;
  FS.mkdirTree(PERSIST_DIR);
  const writable = await takeWriterLock(siteKey, () => notify("writer-free"));
  let save = async () => {};
  let backend = "memory";
  /** @type {FileModes | null} */
  let modes = null;
  try {
    const root = await navigator.storage.getDirectory();
    const folder = await root.getDirectoryHandle("wasgi", { create: true });
    const dir = await folder.getDirectoryHandle(siteKey, { create: true });
    const whole = new WholeSaves(dir, folder, savesFileName(siteKey));
    if (writable) await whole.install(FS, FS.filesystems.NATIVEFS_ASYNC); // a reader tab writes nothing
    syncPastPermissions(FS, FS.filesystems.NATIVEFS_ASYNC);
    const mount = await pyodide.mountNativeFS(PERSIST_DIR, dir);
    const kept = new FileModes(FS, PERSIST_DIR, folder, modesFileName(siteKey));
    save = async () => {
      try {
        await mount.syncfs();
      } catch (error) {
        whole.discard();
        throw error;
      }
      await whole.commit();
      await kept.store();
    };
    modes = kept;
    backend = "opfs";
  } catch {
    if (globalThis.indexedDB) {
      syncPastPermissions(FS, FS.filesystems.IDBFS);
      FS.mount(FS.filesystems.IDBFS, {}, PERSIST_DIR);
      await syncIDBFS(FS, true);
      save = () => syncIDBFS(FS, false);
      backend = "indexeddb";
    }
  }
  // What a save cut short by a reload left: the next save removes it from storage.
  const leftovers = backend === "opfs" ? removeCutSaves(FS, PERSIST_DIR) : 0;
  await modes?.restore(); // after the removal: a folder may be made read-only again
  if (!writable) makeReadOnly(FS, PERSIST_DIR);

  let dirty = leftovers > 0;
  /** The save in progress, if any. @type {Promise<void> | null} */
  let saving = null;
  /**
   * The last save failed. The safety net below retries it; requests are not
   * made to wait for that retry: one that wrote nothing is served as usual,
   * one that wrote saves again (and fails with it, if the storage still refuses).
   */
  let failed = false;
  /**
   * Paths written since the last save began. Pyodide's sync stores a file only
   * if its mtime is later than the stored copy's, so a file changed while a
   * save was storing it (or given an old mtime, as shutil.copy2 does) would be
   * skipped: each save first stamps these with a time after the last save ended
   * (the app then sees that time as their mtime).
   * @type {Set<string>}
   */
  const changed = new Set();
  const utime = FS.utime; // the original: stamping is not a change of its own
  const stamp = () => {
    const after = Date.now() + 1;
    for (const path of changed) {
      try {
        utime.call(FS, path, after, after);
      } catch {
        // gone since (deleted or renamed): the sync handles that
      }
    }
    changed.clear();
  };
  /** @type {Persistence} */
  const persistence = {
    writable,
    backend,
    // A response waits for a save in progress too: the safety net below may
    // have started it with the response's own writes in it.
    get dirty() {
      return writable && (dirty || saving !== null);
    },
    flushIfDirty() {
      if (!writable) return undefined;
      if (dirty) {
        dirty = false;
        // One save at a time; a change during a save makes the next call save again.
        const next = (saving ?? Promise.resolve())
          .catch(() => {}) // the last save's failure was its own callers' to see
          .then(() => {
            stamp();
            return save();
          })
          .then(() => {
            failed = false;
          })
          .catch((error) => {
            failed = true;
            throw new Error(`saving ${PERSIST_DIR} failed: ${error}`);
          })
          .finally(() => {
            if (saving === next) saving = null;
          });
        saving = next;
      }
      return saving ?? undefined;
    },
    flushOrRetry() {
      if (failed && saving === null) dirty = true;
      return persistence.flushIfDirty();
    },
  };
  /** The path a change names (a path, a stream or a file descriptor), if it is under PERSIST_DIR. @param {any} target */
  const persistPath = (target) => {
    const path = typeof target === "number" ? FS.getStream(target)?.path : typeof target === "string" ? target : target?.path;
    return underPersistDir(path) ? path : null;
  };
  if (backend !== "memory") refuseSymlinks(FS);
  for (const name of CHANGES) {
    const original = FS[name];
    const paths = name === "rename" ? 2 : 1; // the others' second argument is no path
    FS[name] = function (/** @type {any[]} */ ...args) {
      const result = original.apply(this, args);
      for (let i = 0; i < paths; i++) {
        const path = persistPath(args[i]);
        if (path === null) continue;
        dirty = true;
        changed.add(path);
      }
      return result;
    };
  }
  // A safety net for writes that no response or WebSocket message follows
  // (background tasks, say), and the retry of a failed save: a failure is
  // reported once, by whoever met it first (a request's, in its 500's log).
  setInterval(() => {
    const retry = failed;
    persistence.flushOrRetry()?.catch((error) => {
      if (!retry) console.error(`wasgi: ${error.message}`);
    });
  }, 2000);
  return persistence;
}

/**
 * @param {string} siteKey @param {() => void} onFree called when a waiting tab could now write
 * @returns {Promise<boolean>} whether this tab is the writer
 */
async function takeWriterLock(siteKey, onFree) {
  if (!navigator.locks) return true;
  const name = `wasgi-writer:${siteKey}`;
  const held = await new Promise((resolve) => {
    navigator.locks.request(name, { ifAvailable: true }, (lock) => {
      resolve(Boolean(lock));
      return lock ? new Promise(() => {}) : undefined; // held until this worker ends
    });
  });
  if (!held) {
    navigator.locks.request(name, () => {
      onFree();
      return new Promise(() => {});
    });
  }
  return /** @type {boolean} */ (held);
}

/**
 * Symbolic links under PERSIST_DIR fail at once (PermissionError in Python):
 * Pyodide's sync cannot store one, and the save that met one failed, and every
 * save after it, so nothing the app wrote from then on was kept.
 * @param {any} FS
 */
function refuseSymlinks(FS) {
  const symlink = FS.symlink;
  FS.symlink = function (/** @type {string} */ target, /** @type {string} */ path) {
    if (underPersistDir(path)) {
      console.warn(`wasgi: a symbolic link cannot be kept in ${PERSIST_DIR} (${path} -> ${target}): copy the file instead`);
      throw new FS.ErrnoError(63); // EPERM: Python raises PermissionError
    }
    return symlink.apply(this, arguments);
  };
}

/**
 * The steps of a file system's sync that walk, read and write the mounted
 * copy (Pyodide's OPFS sync, or Emscripten's IndexedDB one) run past
 * permissions (fs_tree.mjs): each is synchronous, between the sync's awaits.
 * @param {any} FS @param {any} fs FS.filesystems.NATIVEFS_ASYNC or FS.filesystems.IDBFS
 */
function syncPastPermissions(FS, fs) {
  for (const name of ["getLocalSet", "loadLocalEntry", "storeLocalEntry", "removeLocalEntry"]) {
    const step = fs?.[name];
    if (typeof step !== "function") continue;
    fs[name] = function (/** @type {any[]} */ ...args) {
      return pastPermissions(FS, () => step.apply(this, args));
    };
  }
}

/** Chromium's swap file for a write in progress (name.crswap, or name.1.crswap). */
const SWAP = ".crswap";

/**
 * Remove what saves cut short left (files written under a temporary name
 * before the save's list was, whole_saves.mjs; Chromium's swap files) from the
 * mounted copy, so the app never sees them.
 * @param {any} FS @param {string} dir @returns {number} how many were removed
 */
function removeCutSaves(FS, dir) {
  let removed = 0;
  eachEntry(FS, dir, ({ path, name, mode }) => {
    if (FS.isFile(mode) && (name.endsWith(SAVING) || name.endsWith(SWAP))) {
      FS.unlink(path);
      removed++;
    }
  });
  return removed;
}

/** @param {any} FS @param {string} dir */
function makeReadOnly(FS, dir) {
  eachEntry(FS, dir, ({ path, mode }) => FS.chmod(path, FS.isDir(mode) ? 0o555 : 0o444));
  FS.chmod(dir, 0o555);
}

/** @param {any} FS @param {boolean} populate */
function syncIDBFS(FS, populate) {
  return new Promise((resolve, reject) => FS.syncfs(populate, (/** @type {any} */ error) => (error ? reject(error) : resolve(undefined))));
}
