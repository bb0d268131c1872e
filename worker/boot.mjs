// Boot: load Pyodide from the site's own files (from its memory snapshot
// when the site has one) while site-packages, the app and the page's data
// download in parallel; check every file's sha256, install, then hand over
// to Python (py/wasgi/server/boot.py) to import and start the app.

import { DataLoadError, fetchData, wantsData, writeData } from "./data_sources.mjs";
import { moduleFactory } from "./dynlibs.mjs";
import { APP_DIR, ENV } from "./environment.mjs";
import { readLock } from "./lock.mjs";
import { romix } from "./scrypt.mjs";
import { inflate, sitePackages, writePack } from "./pack.mjs";
import { mountPersistent, siteKey } from "./persistence.mjs";
import { ProgressTracker, now } from "./progress.mjs";
import { cachedSnapshot, forgetSnapshot, snapshotKey } from "./snapshot_cache.mjs";

/**
 * @typedef {{file: string, sha256: string, size: number, name?: string, version?: string}} LockedFile
 * @typedef {{siteURL: string, rootPath: string, scheme: string, host: string, port: number,
 *   data?: import("./data_sources.mjs").DataSpec & {sql?: string[], install?: string[], params?: Record<string, string[]>},
 *   keepIn?: string}} BootConfig
 *   keepIn: the Cache Storage cache to copy the downloads into (web/wasgi.mjs StartOptions)
 * @typedef {{bridge: any, pyodide: any, persistence: import("./persistence.mjs").Persistence}} Runtime
 */

/** Pyodide files fetched through fetch() (the .mjs files come through import()). */
const FETCHED_CORE = ["pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json"];

/** A file's bytes differ from the lock: the deployed site is inconsistent. */
export class IntegrityError extends Error {
  /** @param {string} url */
  constructor(url) {
    super(`${url} does not match its sha256 in the site's lock. The site was partly updated: rebuild and redeploy it.`);
    this.name = "IntegrityError";
  }
}

/**
 * @param {BootConfig} config
 * @param {(kind: string, id: number, ...args: any[]) => void} post
 * @returns {Promise<Runtime | null>} null when boot failed (already reported)
 */
export async function bootApp(config, post) {
  const runtimeURL = new URL("_wasgi/", config.siteURL);
  const lock = await readLock(runtimeURL);
  // A snapshot this browser made on an earlier visit replaces the boot and the imports it holds.
  const key = lock.snapshot ? await snapshotKey(runtimeURL, lock) : null;
  const foundSnapshot = key ? cachedSnapshot(key) : Promise.resolve(null);

  const coreBytes = FETCHED_CORE.reduce((sum, name) => sum + (lock.pyodide.files[name]?.size ?? 0), 0);
  const total = coreBytes + [lock.sitePackages, lock.app].reduce((sum, f) => sum + f.size, 0);
  const tracker = new ProgressTracker(total, (p) => post("progress", 0, p));
  if (config.keepIn) tracker.keepIn(config.keepIn);
  tracker.setPhase("download", "Python runtime and packages");

  // Pyodide's files start now, beside the packs, not a round trip later when
  // pyodide.mjs has arrived and asks for them.
  const pyodideURL = new URL(lock.pyodide.dir, runtimeURL);
  for (const name of FETCHED_CORE) tracker.prefetch(new URL(name, pyodideURL));
  const pyodideModule = import(new URL("pyodide.mjs", pyodideURL).href);
  pyodideModule.catch(() => {}); // awaited below, after the snapshot lookup

  const download = (/** @type {LockedFile} */ entry) => fetchVerified(tracker, new URL(entry.file, runtimeURL), entry.sha256);
  const packagesLoaded = download(lock.sitePackages).then(inflate);
  const appLoaded = download(lock.app).then(inflate);
  const data = config.data ?? {};
  const note = (/** @type {string} */ text) => post("note", 0, text);
  // The page's data files download while Python boots; nothing is written until all are good.
  const dataLoaded = wantsData(data) ? fetchData(data, tracker, note) : Promise.resolve([]);
  // If Pyodide fails first, these still settle; keep them from being reported as unhandled.
  for (const pending of [packagesLoaded, appLoaded, dataLoaded]) pending.catch(() => {});

  const snapshot = await foundSnapshot.catch(() => null);
  // Compiled extensions in the snapshot are preloaded from the pack (dynlibs.mjs).
  const { pyodide, restored } = await loadPyodideTracked(pyodideURL, await pyodideModule, tracker, post, snapshot, packagesLoaded);
  if (snapshot && !restored && key) await forgetSnapshot(key);
  tracker.setPhase("install", `${lock.wheels.length} packages`);
  writePack(pyodide.FS, await packagesLoaded, sitePackages(pyodide));
  pyodide.FS.mkdirTree(APP_DIR);
  writePack(pyodide.FS, await appLoaded, APP_DIR);
  if (restored) pyodide.runPython("from wasgi.server.snapshot import after_restore\nafter_restore()");

  tracker.setPhase("data");
  const persistence = await mountPersistent(pyodide, await siteKey(config.siteURL), (kind) => post(kind, 0));
  try {
    writeData(pyodide, await dataLoaded);
    for (const line of prepareData(pyodide, data)) post("log", 0, "info", `wasgi: ${line}`);
    if (data.install?.length) await install(pyodide, data.install, lock.allowInstall);
  } catch (error) {
    const e = /** @type {Error} */ (error);
    post("failed", 0, "data", e instanceof DataLoadError ? e.message : pythonMessage(e), "");
    return null;
  }

  tracker.setPhase("import", lock.app.spec);
  pyodide.registerJsModule("wasgi_scrypt", { romix }); // hashlib.scrypt's core (shims/hashlib_scrypt.py)
  const boot = pyodide.pyimport("wasgi.server.boot");
  const rootPath = lock.basePath ? lock.basePath.replace(/\/$/, "") : config.rootPath;
  const bridge = await boot.boot_app.callKwargs(lock.app.spec, post, {
    app_dir: APP_DIR,
    root_path: rootPath,
    scheme: config.scheme,
    host: config.host,
    port: config.port,
    on_phase: (/** @type {string} */ phase) => tracker.setPhase(phase),
    storage: persistence,
  });
  if (bridge === undefined) return null;
  // "missing": the page may make one in the background for the next visit (snapshot_worker.mjs).
  const snapshotState = restored ? "restored" : lock.snapshot ? "missing" : "off";
  tracker.timings.ready = now();
  post("ready", 0, {
    timings: tracker.timings,
    rootPath,
    snapshot: snapshotState,
    persistence: { writable: persistence.writable, backend: persistence.backend },
  });
  return { bridge, pyodide, persistence };
}

/**
 * CSV/JSON into data.db, then ?sql= (py/wasgi/data/prepare.py).
 * @param {any} pyodide @param {NonNullable<BootConfig["data"]>} data
 * @returns {string[]} what was done, one line each
 */
function prepareData(pyodide, data) {
  if (!wantsData(data) && !data.sql?.length && !data.params) return [];
  const { prepare } = pyodide.pyimport("wasgi.data.prepare");
  const params = { ...(data.params ?? {}), ...(data.sql?.length ? { sql: data.sql } : {}) };
  return prepare(pyodide.toPy(params)).toJs();
}

/**
 * ?install=: extra packages through micropip, only where the site allows it.
 * @param {any} pyodide @param {string[]} requirements @param {boolean} allowed
 */
async function install(pyodide, requirements, allowed) {
  if (!allowed) {
    throw new DataLoadError(
      `?install=${requirements.join(",")}`,
      "this site was not built to install packages from a link (a link must not run code on someone else's site). Its owner can rebuild it with wasgi build --allow-install.",
    );
  }
  pyodide.globals.set("_wasgi_install", pyodide.toPy(requirements));
  await pyodide.runPythonAsync("import micropip\nawait micropip.install(_wasgi_install)");
}

/** What a Python exception says, without its class: "what happened". @param {Error} error */
function pythonMessage(error) {
  return lastLine(error).replace(/^[\w.]+Error: /, "");
}

/** The last line of an error's message: of a Python traceback, "SomeError: what happened". @param {any} error */
export function lastLine(error) {
  return String(error?.message ?? error).trim().split("\n").pop() ?? "";
}


/**
 * Download a file, counting its bytes, and check it against the lock.
 * @param {ProgressTracker} tracker @param {URL} url @param {string} sha256
 */
async function fetchVerified(tracker, url, sha256) {
  const response = await tracker.fetch(url); // a FileLoadError names the URL
  const buffer = await response.arrayBuffer();
  const digest = new Uint8Array(await crypto.subtle.digest("SHA-256", buffer));
  const hex = Array.from(digest, (b) => b.toString(16).padStart(2, "0")).join("");
  if (hex !== sha256) throw new IntegrityError(url.href);
  return buffer;
}

/**
 * loadPyodide, with its own fetches (wasm, stdlib) counted by the tracker;
 * from the memory snapshot when there is one, else (or when it fails) a normal boot.
 * @param {URL} indexURL @param {{loadPyodide: Function}} pyodideModule pyodide.mjs
 * @param {ProgressTracker} tracker
 * @param {(kind: string, id: number, ...args: any[]) => void} post
 * @param {import("./snapshot_cache.mjs").FoundSnapshot | null} snapshot
 * @param {Promise<Uint8Array>} pack the inflated site-packages pack (the snapshot's compiled extensions come from it)
 * @returns {Promise<{pyodide: any, restored: boolean}>}
 */
async function loadPyodideTracked(indexURL, { loadPyodide }, tracker, post, snapshot, pack) {
  const options = {
    indexURL: indexURL.href,
    env: ENV,
    stdout: (/** @type {string} */ line) => post("log", 0, "info", line),
    stderr: (/** @type {string} */ line) => post("log", 0, "warn", line),
  };
  const nativeFetch = globalThis.fetch;
  globalThis.fetch = (input, init) => tracker.fetch(input, init);
  try {
    if (snapshot) {
      try {
        // The bytes are still being read: Pyodide fetches and compiles its wasm meanwhile.
        const restoring = { snapshot: snapshot.bytes, layout: snapshot.dynlibs.layout };
        const { createPyodideModule } = await moduleFactory(indexURL, snapshot.dynlibs, pack, restoring);
        const loaded = loadPyodide({ ...options, _loadSnapshot: snapshot.bytes, createPyodideModule });
        return { pyodide: await Promise.race([loaded, tracker.failure]), restored: true };
      } catch (error) {
        post("log", 0, "warning", `wasgi: the memory snapshot could not be used (${error}); booting normally`);
      }
    }
    // A file Pyodide could not fetch fails the boot (alone, loadPyodide would never settle).
    return { pyodide: await Promise.race([loadPyodide(options), tracker.failure]), restored: false };
  } finally {
    globalThis.fetch = nativeFetch;
  }
}
