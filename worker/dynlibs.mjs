// Compiled extensions (.so) in memory snapshots.
//
// A Pyodide snapshot restores the interpreter's memory but not the
// WebAssembly code of the libraries loaded into it, nor their slots in the
// function table, so an extension imported before the snapshot would crash
// when called after a restore. The way around it: load the same libraries,
// in the same order, at the same early moment (Emscripten's preRun, before
// Python starts) both in the run that makes the snapshot and in every run
// that restores it. Up to that moment the two runs are identical, so each
// library lands at the same memory and table addresses; the restored memory
// then carries the state Python left in them.
//
// Which libraries: those the first visit's worker had loaded
// (snapshot_plan.mjs), limited to files of the site-packages pack.
// A fingerprint of the memory and table layout after the preload is stored
// with the snapshot; a restore whose layout differs is refused before any
// code runs, and the visit boots normally.

import { packIndex } from "./pack.mjs";

/**
 * @typedef {{root: string, paths: string[]}} Dynlibs
 *   absolute .so paths under site-packages (root), in load order
 * @typedef {Dynlibs & {layout: string}} DynlibPlan
 *   stored with a snapshot; layout: the fingerprint after preloading
 */

/** The memory or table layout after preloading differs from the snapshot's. */
export class SnapshotLayoutError extends Error {
  /** @param {string} expected @param {string} found */
  constructor(expected, found) {
    super(`the compiled extensions did not land where the snapshot expects them (${found}, not ${expected})`);
    this.name = "SnapshotLayoutError";
  }
}

/**
 * A loadPyodide `createPyodideModule` that preloads the libraries (taken from
 * the pack, compiled ahead) in preRun. When restoring, it also grows memory
 * to the snapshot's heap and refuses a layout that differs from the snapshot's.
 *
 * A library that needs other shared libraries is skipped: before Python
 * starts, Emscripten cannot look them up in the filesystem. The same skip
 * happens in every run; `preloaded()` says what was loaded.
 * @param {URL} indexURL Pyodide's folder
 * @param {Dynlibs} libs @param {Uint8Array | Promise<Uint8Array>} pack the inflated pack, or its promise
 *   (the libraries compile as soon as it is there, while Pyodide's own files load)
 * @param {{snapshot: Promise<Uint8Array>, layout: string}} [restoring] the snapshot's bytes may still be on their way
 * @returns {Promise<{createPyodideModule: (settings: any) => Promise<any>, layout: () => string, preloaded: () => string[]}>}
 */
export async function moduleFactory(indexURL, libs, pack, restoring) {
  const { default: createModule } = await import(new URL("pyodide.asm.mjs", indexURL).href);
  const compiling = libs.paths.length
    ? Promise.resolve(pack).then((bytes) => {
        const files = filesFromPack(bytes, libs.root, libs.paths);
        return Promise.all(libs.paths.map((path) => WebAssembly.compile(/** @type {Uint8Array} */ (files.get(path)))));
      })
    : Promise.resolve([]);
  compiling.catch(() => {}); // reported by createPyodideModule, which awaits it
  /** @type {WebAssembly.Module[]} */
  let compiled = [];
  let layout = "";
  /** @type {string[]} */
  const preloaded = [];
  const preload = (/** @type {any} */ Module) => {
    libs.paths.forEach((path, i) => {
      if (Module.getDylinkMetadata(compiled[i]).neededDynlibs.length) return;
      // What loadDynamicLibrary does, minus reading the file: with the flags
      // CPython's dlopen uses, so its later dlopen finds the library loaded.
      const dso = Module.newDSO(path, undefined, "loading");
      dso.refcount = Infinity;
      dso.global = false;
      dso.exports = Module.loadWebAssemblyModule(compiled[i], { global: false, nodelete: true, allowUndefined: true }, path, {});
      preloaded.push(path);
    });
    layout = layoutOf(Module);
  };
  const createPyodideModule = async (/** @type {any} */ settings) => {
    compiled = await compiling;
    // Last of Pyodide's own preRun steps; loadPyodide keeps using this settings object.
    settings.preRun = [...(settings.preRun ?? []), preload];
    const module = await createModule(settings);
    if (restoring) {
      if (layout !== restoring.layout) throw new SnapshotLayoutError(restoring.layout, layout);
      // loadPyodide has awaited the bytes before it calls us.
      const heapSize = snapshotHeapSize(await restoring.snapshot);
      if (module.HEAP8.length < heapSize && !module.growMemory(heapSize)) {
        throw new Error(`could not grow memory to the snapshot's ${heapSize} bytes`);
      }
    }
    return module;
  };
  return { createPyodideModule, layout: () => layout, preloaded: () => preloaded };
}

/** Where the heap and the function table end: equal in two runs only if the libraries landed alike. @param {any} Module */
function layoutOf(Module) {
  const brk = Module.HEAPU32[Module._emscripten_get_sbrk_ptr() >>> 2];
  return `${brk}:${Module.wasmTable.length}`;
}

/**
 * @param {Uint8Array} pack @param {string} root @param {string[]} paths
 * @returns {Map<string, Uint8Array>}
 */
function filesFromPack(pack, root, paths) {
  const { files, body } = packIndex(pack);
  const wanted = new Set(paths);
  const found = new Map();
  for (const [path, offset, length] of files) {
    const full = `${root}/${path}`;
    if (wanted.has(full)) found.set(full, body.subarray(offset, offset + length));
  }
  const missing = paths.filter((path) => !found.has(path));
  if (missing.length) throw new Error(`not in the site-packages pack: ${missing.join(", ")}`);
  return found;
}

/** The size of the heap stored in a Pyodide snapshot (its header says where the heap starts). @param {Uint8Array} snapshot */
export function snapshotHeapSize(snapshot) {
  return snapshot.byteLength - new DataView(snapshot.buffer, snapshot.byteOffset).getUint32(4, true);
}
