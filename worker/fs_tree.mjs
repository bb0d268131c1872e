// Every entry under a folder of Pyodide's (Emscripten's) filesystem, for the
// passes over the persistent directory: leftovers of cut saves, file modes,
// a read-only tab's permissions; and a way to make them past the modes the
// app gave its files.

/**
 * Run `work` with Emscripten's permission checks off. wasgi's passes and
 * Pyodide's sync must reach every file whatever its mode: in a folder the app
 * made 0o000 they could not look, and every save failed until its mode was
 * given back. `work` is synchronous, so no app code runs while checks are off.
 * @template T @param {any} FS @param {() => T} work @returns {T}
 */
export function pastPermissions(FS, work) {
  const before = FS.ignorePermissions;
  FS.ignorePermissions = true;
  try {
    return work();
  } finally {
    FS.ignorePermissions = before;
  }
}

/**
 * Call `visit` for each entry below `dir`, a folder before what it holds, names
 * in sorted order, past permissions (so a folder the app locked is entered too).
 * `visit` may change the mode of the entry it was given, or remove a file.
 * @param {any} FS @param {string} dir
 * @param {(entry: {path: string, name: string, mode: number}) => void} visit
 */
export function eachEntry(FS, dir, visit) {
  pastPermissions(FS, () => walk(FS, dir, visit));
}

/** @param {any} FS @param {string} dir @param {(entry: {path: string, name: string, mode: number}) => void} visit */
function walk(FS, dir, visit) {
  let names;
  try {
    names = FS.readdir(dir).sort();
  } catch {
    return; // a folder that cannot be listed is visited, not entered
  }
  for (const name of names) {
    if (name === "." || name === "..") continue;
    const path = `${dir}/${name}`;
    const mode = FS.stat(path).mode;
    visit({ path, name, mode });
    if (FS.isDir(mode)) walk(FS, path, visit);
  }
}
