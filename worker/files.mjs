// The page's view of the worker's data files: list them, read one (to
// download a database), write one (a local file the person opened, into
// the persistent directory). Answers "call" messages (see protocol.mjs).

import { PERSIST_DIR } from "./persistence.mjs";

/**
 * @param {import("./boot.mjs").Runtime} runtime
 * @param {string} op "files" | "read" | "write" | "save"
 * @param {any[]} args
 * @returns {Promise<any>}
 */
export async function callOperation(runtime, op, args) {
  const { pyodide, persistence } = runtime;
  switch (op) {
    case "files": {
      // The same listing the app gets from wasgi.data.
      const json = pyodide.runPython(
        "import json, wasgi.data as d\n" +
          "json.dumps([{'name': f.name, 'path': str(f.path), 'kind': f.kind, 'source': f.source, 'size': f.size,\n" +
          "  'lazy': f.lazy, 'persistent': f.source == 'storage'} for f in d.files() + d.stored_files()])",
      );
      return JSON.parse(json);
    }
    case "read":
      return pyodide.FS.readFile(args[0]);
    case "write": {
      const [name, buffer] = args;
      if (!persistence.writable) throw new Error("this tab cannot save files: the site is open in another tab that holds its data");
      const safe = String(name).replace(/[^A-Za-z0-9._-]+/g, "_").replace(/^\.+/, "") || "file";
      pyodide.FS.writeFile(`${PERSIST_DIR}/${safe}`, new Uint8Array(buffer));
      await persistence.flushIfDirty();
      return `${PERSIST_DIR}/${safe}`;
    }
    case "save":
      await persistence.flushIfDirty();
      return null;
    default:
      throw new Error(`unknown operation ${op}`);
  }
}
