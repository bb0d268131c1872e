// Runs pytest inside real Pyodide under Node, on this repository's files.
//   node run_pytest.mjs REPO WHEELS_JSON [pytest args...]
// WHEELS_JSON is a JSON list of wheel paths to install first (pytest itself,
// frameworks the tests import). Exits with pytest's exit code.

import { readFileSync } from "node:fs";
import { loadPyodide } from "pyodide";

import { romix } from "../../worker/scrypt.mjs";

// Pyodide errors print a line of its minified source; show the message only.
process.on("uncaughtException", (error) => {
  console.error(`run_pytest.mjs: ${error?.message ?? error}`);
  process.exit(3);
});
process.on("unhandledRejection", (error) => {
  console.error(`run_pytest.mjs: ${error?.message ?? error}`);
  process.exit(3);
});

const [repo, wheelsJSON, ...pytestArgs] = process.argv.slice(2);
const pyodide = await loadPyodide();
const sitePackages = pyodide.runPython("import site; site.getsitepackages()[0]");
for (const wheel of JSON.parse(wheelsJSON)) {
  pyodide.unpackArchive(new Uint8Array(readFileSync(wheel)), "wheel", { extractDir: sitePackages });
}
pyodide.mountNodeFS("/repo", repo);
pyodide.registerJsModule("wasgi_scrypt", { romix }); // as worker/boot.mjs does
pyodide.globals.set("pytest_args", pyodide.toPy(pytestArgs));
const code = pyodide.runPython(`
import os, sys
sys.dont_write_bytecode = True
sys.path.insert(0, "/repo/py")
os.chdir("/repo")
print(f"Python {sys.version.split()[0]} on {sys.platform} (Pyodide)")
import pytest
pytest.main(["-p", "no:cacheprovider", *pytest_args])
`);
process.exit(Number(code));
