// What a first visit loaded, for the snapshot made for the next visit
// (snapshot_worker.mjs): every module imported so far except the app's own,
// including those imported lazily on the first requests, and the compiled
// extensions loaded, in order (dynlibs.mjs preloads them).

import { APP_DIR } from "./environment.mjs";
import { sitePackages } from "./pack.mjs";

/**
 * @param {any} pyodide
 * @returns {{modules: string[], dynlibs: import("./dynlibs.mjs").Dynlibs}}
 */
export function snapshotPlan(pyodide) {
  const root = sitePackages(pyodide);
  const paths = Object.keys(pyodide._module.LDSO.loadedLibsByName).filter((path) => path.startsWith(`${root}/`));
  const modules = JSON.parse(
    pyodide.runPython(`import json\nfrom wasgi.server.snapshot import imported_modules\njson.dumps(imported_modules(${JSON.stringify(APP_DIR)}))`),
  );
  return { modules, dynlibs: { root, paths } };
}
