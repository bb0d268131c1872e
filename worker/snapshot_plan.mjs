// What a first visit loaded, for the snapshot made for the next visit
// (snapshot_worker.mjs): every module imported so far except the app's own,
// including those imported lazily on the first requests, the Jinja templates
// compiled so far (py/wasgi/server/template_cache.py), and the compiled
// extensions loaded, in order (dynlibs.mjs preloads them).

import { APP_DIR } from "./environment.mjs";
import { sitePackages } from "./pack.mjs";

/**
 * @typedef {{modules: string[], templates: Record<string, string>, dynlibs: import("./dynlibs.mjs").Dynlibs}} SnapshotPlan
 */

/**
 * @param {any} pyodide
 * @returns {SnapshotPlan}
 */
export function snapshotPlan(pyodide) {
  const root = sitePackages(pyodide);
  const paths = Object.keys(pyodide._module.LDSO.loadedLibsByName).filter((path) => path.startsWith(`${root}/`));
  const { modules, templates } = JSON.parse(
    pyodide.runPython(`from wasgi.server.snapshot import first_visit_plan\nfirst_visit_plan(${JSON.stringify(APP_DIR)})`),
  );
  return { modules, templates, dynlibs: { root, paths } };
}
