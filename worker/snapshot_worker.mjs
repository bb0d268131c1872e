// Makes this build's memory snapshot in the background after a first visit:
// Pyodide booted in snapshot mode, the site's packages installed, the app's
// dependencies imported (the lock names them), then its memory saved in
// Cache Storage. The next visit restores it instead of booting and importing.
//
// It runs in the visitor's browser because a snapshot records what the
// JavaScript engine can do (stack switching, for run_sync): it must be made
// by the engine that will restore it.
//   page -> {siteURL, plan}; worker -> {ok: true, failed: [...]} | {ok: false, error}
// plan: what the page's worker loaded (snapshot_plan.mjs).

import { moduleFactory } from "./dynlibs.mjs";
import { ENV } from "./environment.mjs";
import { readLock } from "./lock.mjs";
import { inflate, sitePackages, writePack } from "./pack.mjs";
import { ProgressTracker } from "./progress.mjs";
import { snapshotKey, storeSnapshot } from "./snapshot_cache.mjs";

self.onmessage = async (event) => {
  const { siteURL, plan } = event.data;
  try {
    self.postMessage({ ok: true, ...(await makeSnapshot(new URL("_wasgi/", siteURL), plan)) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(/** @type {Error} */ (error).message ?? error) });
  }
};

/**
 * @param {URL} runtimeURL
 * @param {import("./snapshot_plan.mjs").SnapshotPlan} plan
 */
async function makeSnapshot(runtimeURL, { modules, templates, dynlibs }) {
  const lock = await readLock(runtimeURL);
  if (!lock.snapshot) return { failed: [] };
  const indexURL = new URL(lock.pyodide.dir, runtimeURL);
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const pack = await inflate(await (await fetch(new URL(lock.sitePackages.file, runtimeURL))).arrayBuffer());
  const { createPyodideModule, layout, preloaded } = await moduleFactory(indexURL, dynlibs, pack);
  const options = { indexURL: indexURL.href, env: ENV, _makeSnapshot: true, createPyodideModule, stdout: () => {}, stderr: () => {} };
  // A file Pyodide cannot fetch ends this with its URL; alone, loadPyodide would never settle (as in boot.mjs).
  const files = new ProgressTracker(0, () => {});
  globalThis.fetch = (input, init) => files.fetch(input, init);
  const pyodide = await Promise.race([loadPyodide(options), files.failure]);
  writePack(pyodide.FS, pack, sitePackages(pyodide));
  // The build's plan (from the app's source) reports its failures; what the first visit imported may fail quietly.
  const maybe = [...lock.snapshot.maybe, ...modules];
  pyodide.globals.set("_plan", pyodide.toPy({ modules: lock.snapshot.modules, maybe, preloaded: preloaded(), templates }));
  const failed = JSON.parse(
    pyodide.runPython(
      "from wasgi.server.snapshot import preimport\nimport json\n" +
        "json.dumps(preimport(list(_plan['modules']), list(_plan['maybe']), list(_plan['preloaded']), dict(_plan['templates'])))",
    ),
  );
  pyodide.globals.delete("_plan");
  const snapshot = { bytes: pyodide.makeMemorySnapshot(), dynlibs: { ...dynlibs, layout: layout() } };
  await storeSnapshot(await snapshotKey(runtimeURL, lock), snapshot, runtimeURL);
  return { failed };
}
