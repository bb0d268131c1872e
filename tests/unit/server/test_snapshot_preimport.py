"""preimport keeps compiled extensions out of a memory snapshot (run in a fresh interpreter each).

Under CPython only: each test starts a fresh interpreter, which Pyodide cannot
(no processes), and CPython's extensions are files where Pyodide's stdlib ones
are built in. Inside the browser the same code is exercised by
tests/e2e/test_snapshot.py.
"""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

pytestmark = pytest.mark.skipif(sys.platform == "emscripten", reason="needs subprocesses and file-based extensions")

PY = Path(__file__).resolve().parents[3] / "py"


def preimport_in_fresh_python(tmp_path, modules, probe, preloaded=()):
    script = textwrap.dedent(f"""
        import json, sys
        sys.path[:0] = [{str(PY)!r}, {str(tmp_path)!r}]
        from wasgi.server.snapshot import preimport
        failed = preimport({modules!r}, [], {list(preloaded)!r})
        print(json.dumps({{"failed": failed, "probe": {probe}}}))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    return json.loads(out.stdout.splitlines()[-1])


def test_a_library_with_a_pure_fallback_is_kept_with_its_fallback(tmp_path):
    # decimal uses the compiled _decimal when it can, _pydecimal otherwise.
    result = preimport_in_fresh_python(
        tmp_path, ["decimal"], '["_decimal" in sys.modules, "_pydecimal" in sys.modules, "decimal" in sys.modules]'
    )
    assert result == {"failed": [], "probe": [False, True, True]}


def test_a_module_that_needs_an_extension_is_left_out_with_everything_it_imported(tmp_path):
    pkg = tmp_path / "needs_ext"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("from . import pure\nimport _csv\n")
    (pkg / "pure.py").write_text("")
    result = preimport_in_fresh_python(
        tmp_path, ["needs_ext", "json"], '[m for m in ("needs_ext", "needs_ext.pure", "_csv", "json") if m in sys.modules]'
    )
    assert result == {"failed": ["needs_ext"], "probe": ["json"]}


def test_imports_after_preimport_load_extensions_again(tmp_path):
    result = preimport_in_fresh_python(tmp_path, ["csv"], '__import__("_csv").__file__.endswith(".so")')
    assert result == {"failed": ["csv"], "probe": True}


def test_a_preloaded_extension_may_be_imported(tmp_path):
    import _csv

    result = preimport_in_fresh_python(tmp_path, ["csv"], '"_csv" in sys.modules', preloaded=[_csv.__file__])
    assert result == {"failed": [], "probe": True}


def test_modules_that_hold_javascript_objects_are_refused(tmp_path):
    (tmp_path / "js.py").write_text("")  # stands in for Pyodide's js module
    (tmp_path / "uses_js.py").write_text("import js\n")
    result = preimport_in_fresh_python(tmp_path, ["uses_js"], '"js" in sys.modules')
    assert result == {"failed": ["uses_js"], "probe": False}


def test_imported_modules_leaves_out_the_apps_own(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "mine.py").write_text("import json\n")
    script = textwrap.dedent(f"""
        import json, sys
        sys.path[:0] = [{str(PY)!r}, {str(app)!r}]
        import mine
        from wasgi.server.snapshot import imported_modules
        print(json.dumps(imported_modules({str(app)!r})))
    """)
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, check=True)
    names = json.loads(out.stdout)
    assert "json" in names and "wasgi.server.snapshot" in names
    assert "mine" not in names and "__main__" not in names
