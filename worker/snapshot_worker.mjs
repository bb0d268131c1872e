// Makes this build's memory snapshot in the background after a first visit:
// Pyodide booted in snapshot mode, the site's packages installed, the app's
// dependencies imported (the lock names them), then its memory saved in
// Cache Storage. The next visit restores it instead of booting and importing.
//
// It runs in the visitor's browser because a snapshot records what the
// JavaScript engine can do (stack switching, for run_sync): it must be made
// by the engine that will restore it.
//   page -> {siteURL}; worker -> {ok: true, failed: [...]} | {ok: false, error}

import { ENV } from "./environment.mjs";
import { writePack } from "./pack.mjs";
import { snapshotKey, storeSnapshot } from "./snapshot_cache.mjs";

self.onmessage = async (event) => {
  try {
    self.postMessage({ ok: true, ...(await makeSnapshot(new URL("_wasgi/", event.data.siteURL))) });
  } catch (error) {
    self.postMessage({ ok: false, error: String(/** @type {Error} */ (error).message ?? error) });
  }
};

/** @param {URL} runtimeURL */
async function makeSnapshot(runtimeURL) {
  const lock = await (await fetch(new URL("lock.json", runtimeURL), { cache: "no-cache" })).json();
  if (!lock.snapshot) return { failed: [] };
  const indexURL = new URL(lock.pyodide.dir, runtimeURL);
  const { loadPyodide } = await import(new URL("pyodide.mjs", indexURL).href);
  const packed = await (await fetch(new URL(lock.sitePackages.file, runtimeURL))).arrayBuffer();
  const pack = new Uint8Array(
    await new Response(new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"))).arrayBuffer(),
  );
  const pyodide = await loadPyodide({ indexURL: indexURL.href, env: ENV, _makeSnapshot: true, stdout: () => {}, stderr: () => {} });
  writePack(pyodide.FS, pack, pyodide.runPython("import site; site.getsitepackages()[0]"));
  pyodide.globals.set("_modules", pyodide.toPy(lock.snapshot.modules));
  pyodide.globals.set("_maybe", pyodide.toPy(lock.snapshot.maybe));
  const failed = JSON.parse(
    pyodide.runPython("from wasgi.server.snapshot import preimport\nimport json\njson.dumps(preimport(list(_modules), list(_maybe)))"),
  );
  pyodide.globals.delete("_modules");
  pyodide.globals.delete("_maybe");
  await storeSnapshot(await snapshotKey(runtimeURL, lock), pyodide.makeMemorySnapshot(), runtimeURL);
  return { failed };
}
