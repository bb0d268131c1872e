// Every entry under a folder of Pyodide's (Emscripten's) filesystem, for the
// passes over the persistent directory: leftovers of cut saves, file modes,
// a read-only tab's permissions.

/**
 * Each entry below ``dir``, a folder before what it holds, names in sorted
 * order. A folder that cannot be listed is yielded, not entered.
 * The caller may change the mode of the entry it was given, or remove a file.
 * @param {any} FS @param {string} dir
 * @returns {Generator<{path: string, name: string, mode: number}>}
 */
export function* entries(FS, dir) {
  let names;
  try {
    names = FS.readdir(dir).sort();
  } catch {
    return;
  }
  for (const name of names) {
    if (name === "." || name === "..") continue;
    const path = `${dir}/${name}`;
    const mode = FS.stat(path).mode;
    yield { path, name, mode };
    if (FS.isDir(mode)) yield* entries(FS, path);
  }
}
