"""The JavaScript unit tests (tests/unit/js/*.test.mjs), run with Node's test runner."""

import re
import shutil
import subprocess
from pathlib import Path

JS_TESTS = Path(__file__).resolve().parents[1] / "js"


def test_javascript_unit_tests_pass():
    node = shutil.which("node")
    assert node, "Node.js is needed for the JavaScript unit tests"
    files = sorted(str(p) for p in JS_TESTS.glob("*.test.mjs"))
    assert files
    proc = subprocess.run([node, "--test", *files], capture_output=True, text=True, timeout=120)
    output = proc.stdout + proc.stderr
    assert proc.returncode == 0, output
    passed = re.search(r"^# pass (\d+)", output, re.M)
    assert passed and int(passed.group(1)) >= 15, output
