import json

import pytest

from wasgi.build import ResolveError
from wasgi.build.resolve import explain_pip_failure, resolve, wheel_info

PIP_NO_WHEEL = """\
Collecting jinja2
  Using cached jinja2-3.1.6-py3-none-any.whl (134 kB)
ERROR: Could not find a version that satisfies the requirement MarkupSafe>=2.0 (from jinja2) (from versions: none)
ERROR: No matching distribution found for MarkupSafe>=2.0
"""


def test_no_wheel_is_one_line_naming_the_package_and_its_parent():
    message = explain_pip_failure(PIP_NO_WHEEL)
    assert message.count("\n") == 0
    assert "'MarkupSafe>=2.0' (needed by jinja2)" in message
    assert "pyemscripten_2026_0_wasm32" in message


def test_network_failure_is_explained():
    message = explain_pip_failure("WARNING: Retrying ... Failed to establish a new connection: [Errno 111]\nERROR: ...")
    assert "could not reach the package index" in message


def test_wheel_info():
    assert wheel_info("pydantic_core-2.50.4-cp314-cp314-pyemscripten_2026_0_wasm32.whl") == (
        "pydantic-core", "2.50.4", "pyemscripten_2026_0_wasm32")
    assert wheel_info("Foo.Bar-1.0-1build-py3-none-any.whl")[0] == "foo-bar"


def test_resolves_a_pure_python_closure_and_caches_it(tmp_path):
    locked = resolve(["starlette"], [], tmp_path, log=lambda m: None)
    names = {w.name for w in locked}
    assert {"starlette", "anyio"} <= names
    for wheel in locked:
        assert (tmp_path / "wheels" / wheel.file).stat().st_size == wheel.size
        assert len(wheel.sha256) == 64
    memo = list((tmp_path / "resolutions").glob("*.json"))
    assert len(memo) == 1 and json.loads(memo[0].read_text())[0]["sha256"]
    # A second resolution is answered from the cache without pip.
    logs = []
    assert resolve(["starlette"], [], tmp_path, log=logs.append) == locked
    assert logs == []


def test_compiled_package_gets_its_pyodide_wheel(tmp_path):
    locked = resolve(["pydantic-core"], [], tmp_path, log=lambda m: None)
    assert any(w.file.endswith("pyemscripten_2026_0_wasm32.whl") for w in locked)


def test_package_without_a_usable_wheel_fails_with_its_name(tmp_path):
    # MarkupSafe now builds as pure Python (test_sdist_fallback.py); mmh3's C extension is mandatory.
    with pytest.raises(ResolveError, match=r"^no wheel of mmh3 \S+ runs in Pyodide: .*C compiler"):
        resolve(["mmh3"], [], tmp_path, log=lambda m: None)


def test_requirement_markers_are_evaluated_for_pyodide_not_the_build_machine(tmp_path):
    # Shiny needs watchfiles only where platform_system != "Emscripten"; pip, run for the
    # build machine's Python, took it (and failed: no Pyodide wheel) and would skip the others.
    from wheel_factory import make_wheel

    wheels = tmp_path / "local"
    for name in ("machine-only", "pyodide-only", "newer-python-only"):
        make_wheel(wheels, name, "1.0")
    top = make_wheel(wheels, "marked", "1.0", requires=[
        'machine-only; platform_system != "Emscripten"',
        'pyodide-only; sys_platform == "emscripten" and platform_machine == "wasm32"',
        'newer-python-only; python_version >= "3.14"',
    ])  # fmt: skip
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"--find-links {wheels}\nmarked\n")
    names = {w.name for w in resolve([str(top)], [requirements], tmp_path / "cache", log=lambda m: None)}
    assert names == {"marked", "pyodide-only", "newer-python-only"}


def test_without_leaves_out_a_dependency_that_has_no_wheel_for_pyodide(tmp_path):
    # As uvicorn[standard] brings uvloop: FastHTML's server extras, never imported in the browser.
    from wheel_factory import make_wheel

    wheels = tmp_path / "local"
    make_wheel(wheels, "wasgi-fixture-speedups", "2.0", "cp311-cp311-manylinux_2_17_x86_64", pure=False)
    make_wheel(wheels, "wasgi-fixture-helper", "1.0")
    top = make_wheel(wheels, "wasgi-fixture-framework", "1.0", requires=[
        "wasgi-fixture-speedups>=1", "wasgi-fixture-helper"])
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"--find-links {wheels}\nwasgi-fixture-framework\n")
    needed = r"no wheel of wasgi-fixture-speedups 2\.0 \(needed by wasgi-fixture-framework\).*--without wasgi-fixture-speedups"
    with pytest.raises(ResolveError, match=needed):
        resolve([str(top)], [requirements], tmp_path / "cache", log=lambda m: None)
    logs = []
    locked = resolve([str(top)], [requirements], tmp_path / "cache", log=logs.append, without=["WASGI_fixture.speedups"])
    assert {w.name for w in locked} == {"wasgi-fixture-framework", "wasgi-fixture-helper"}
    assert "Leaving out wasgi-fixture-speedups 2.0 (--without)" in logs


def test_a_servers_compiled_extras_are_left_out_without_being_named(tmp_path):
    # uvicorn[standard] (in fastapi[standard], which FastAPI's tutorial installs) brings
    # uvloop, watchfiles and httptools: no Pyodide wheels. No app imports the first two;
    # Sanic imports httptools' parse_url, so that one gets wasgi's stand-in.
    logs = []
    locked = resolve(["uvicorn[standard]"], [], tmp_path, log=logs.append)
    names = {w.name for w in locked}
    assert {"uvicorn", "httptools"} <= names and not names & {"uvloop", "watchfiles"}
    for name in ("uvloop", "watchfiles"):
        assert any(line.startswith(f"Leaving out {name} ") and "only servers and command-line tools import it" in line
                   for line in logs), logs  # fmt: skip
    assert not any("Building pure-Python wheel for uvloop" in line for line in logs)  # no build is tried
    assert any("httptools" in line and "wasgi's pure-Python stand-in" in line for line in logs), logs


def test_a_package_wasgi_has_a_stand_in_for_gets_the_stand_in_when_no_wheel_runs_in_pyodide(tmp_path):
    # orjson is compiled Rust with no Pyodide wheel, and Shiny imports it.
    import zipfile
    from pathlib import Path

    import wasgi.stand_ins

    logs = []
    locked = resolve(["orjson>=3.10"], [], tmp_path, log=logs.append)
    (wheel,) = locked
    assert wheel.name == "orjson" and wheel.file == f"orjson-{wheel.version}-py3-none-any.whl"
    assert any("the site gets wasgi's pure-Python stand-in" in line for line in logs), logs
    with zipfile.ZipFile(tmp_path / "wheels" / wheel.file) as archive:
        source = archive.read("orjson/__init__.py")
        assert f"Version: {wheel.version}" in archive.read(f"orjson-{wheel.version}.dist-info/METADATA").decode()
    assert source == (Path(wasgi.stand_ins.__file__).parent / "orjson.py").read_bytes()


def test_a_stand_in_package_keeps_its_modules(tmp_path):
    import zipfile

    from wasgi.build.stand_ins import stand_in_wheel

    with zipfile.ZipFile(stand_in_wheel("httptools", "0.9.0", tmp_path)) as archive:
        names = set(archive.namelist())
    assert {"httptools/__init__.py", "httptools/parser/__init__.py", "httptools/parser/errors.py",
            "httptools/parser/url_parser.py", "httptools-0.9.0.dist-info/RECORD"} <= names  # fmt: skip


PIP_METADATA_FAILED = """\
      meson-python: error: The package requires Python version >=3.12, running on 3.11.7
      [end of output]
  note: This error originates from a subprocess, and is likely not a problem with pip.
error: metadata-generation-failed

\u00d7 Encountered error while generating package metadata.
\u2570\u2500> numpy

note: This is an issue with the package mentioned above, not pip.
hint: See above for details.
"""


def test_a_source_distribution_this_machine_cannot_read_is_named():
    # numpy's newest sdist refuses the build machine's Python 3.11 (pip 26 writes "error:" in lowercase).
    from wasgi.build.culprits import missing_from_output
    from wasgi.build.pip_errors import last_error

    message = explain_pip_failure(PIP_METADATA_FAILED)
    assert message.startswith("no wheel of numpy runs in Pyodide") and "--pyodide-index" in message
    assert missing_from_output(PIP_METADATA_FAILED) == "numpy"
    assert last_error(PIP_METADATA_FAILED) == "metadata-generation-failed"
