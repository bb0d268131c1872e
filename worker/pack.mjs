// Writes a pack (py/wasgi/build/pack.py: site-packages, or the app's source)
// into Pyodide's filesystem: one JSON index, then plain FS writes, no
// unzipping in Python.

const MAGIC = "WASGIPK1";

/** Gunzip the pack as downloaded (it is stored gzipped). @param {ArrayBuffer} packed */
export async function inflate(packed) {
  const stream = new Blob([packed]).stream().pipeThrough(new DecompressionStream("gzip"));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

/** Where the pack goes: Pyodide's site-packages folder. @param {any} pyodide */
export function sitePackages(pyodide) {
  return pyodide.runPython("import site; site.getsitepackages()[0]");
}

/**
 * @param {any} FS Pyodide's Emscripten FS
 * @param {Uint8Array} pack the inflated pack
 * @param {string} root the folder it goes to (site-packages, or the app's)
 * @returns {number} files written
 */
export function writePack(FS, pack, root) {
  const { files, body } = packIndex(pack);
  const made = new Set();
  for (const [path, offset, length] of files) {
    const slash = path.lastIndexOf("/");
    const dir = slash < 0 ? root : `${root}/${path.slice(0, slash)}`;
    if (!made.has(dir)) {
      FS.mkdirTree(dir);
      made.add(dir);
    }
    FS.writeFile(`${root}/${path}`, body.subarray(offset, offset + length));
  }
  return files.length;
}

/**
 * The pack's file list ([path, offset, length] into body) and its body.
 * @param {Uint8Array} pack the inflated pack
 * @returns {{files: [string, number, number][], body: Uint8Array}}
 */
export function packIndex(pack) {
  if (new TextDecoder().decode(pack.subarray(0, 8)) !== MAGIC) throw new Error("the site-packages pack is damaged");
  const headerLength = new DataView(pack.buffer, pack.byteOffset + 8, 4).getUint32(0, true);
  const { files } = JSON.parse(new TextDecoder().decode(pack.subarray(12, 12 + headerLength)));
  return { files, body: pack.subarray(12 + headerLength) };
}
