"""The server's unit tests (tests/unit/server), run again inside real Pyodide on Node."""

import json
import re
import shutil
import subprocess
from pathlib import Path

from wasgi.build.locations import cache_dir
from wasgi.build.resolve import resolve

REPO = Path(__file__).resolve().parents[2]
# What the tests import inside Pyodide, besides wasgi itself.
TEST_REQUIREMENTS = ["pytest", "starlette", "asgiref", "jinja2", "aiosqlite"]


def test_server_suite_passes_inside_pyodide():
    node = shutil.which("node")
    assert node, "Node.js is needed for the Pyodide tests"
    assert (REPO / "node_modules" / "pyodide").is_dir(), "run 'npm ci' first (make test does)"
    cache = cache_dir()
    wheels = [str(cache / "wheels" / w.file) for w in resolve(TEST_REQUIREMENTS, [], cache, log=lambda m: None)]
    proc = subprocess.run(
        [node, str(REPO / "tests/pyodide/run_pytest.mjs"), str(REPO), json.dumps(wheels), "tests/unit/server", "-q"],
        capture_output=True, text=True, timeout=600, cwd=REPO,
    )
    output = proc.stdout + proc.stderr
    assert "on emscripten (Pyodide)" in output, output
    assert proc.returncode == 0, output
    passed = re.search(r"(\d+) passed", output)
    assert passed and int(passed.group(1)) >= 30, output
