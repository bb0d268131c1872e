"""Wheel files as requirements: the tag check, and resolving them with their dependencies."""

import pytest
from wheel_factory import make_wheel

from wasgi.build import LocalWheelError
from wasgi.build.local_wheels import check_local_wheel, looks_like_wheel_file
from wasgi.build.resolve import resolve
from wasgi.build.wheel_tags import parse_wheel_filename, wheel_runs_in_pyodide

QUIET = {"log": lambda message: None}


@pytest.mark.parametrize("tag", [
    "cp314-cp314-pyemscripten_2026_0_wasm32", "cp312-abi3-pyemscripten_2026_0_wasm32", "py3-none-any",
    "py2.py3-none-any", "py314-none-any", "cp314-none-any", "py3-none-pyemscripten_2026_0_wasm32",
])  # fmt: skip
def test_tags_pyodide_accepts(tag):
    assert wheel_runs_in_pyodide(parse_wheel_filename(f"pkg-1.0-{tag}.whl"))


@pytest.mark.parametrize("tag", [
    "cp311-cp311-manylinux_2_17_x86_64", "cp313-cp313-pyemscripten_2026_0_wasm32", "cp314-cp314-pyodide_2025_0_wasm32",
    "py2-none-any", "cp315-abi3-pyemscripten_2026_0_wasm32", "py315-none-any", "cp314-cp314t-pyemscripten_2026_0_wasm32",
])  # fmt: skip
def test_tags_pyodide_refuses(tag):
    assert not wheel_runs_in_pyodide(parse_wheel_filename(f"pkg-1.0-{tag}.whl"))


def test_wheel_paths_are_told_from_requirements():
    assert looks_like_wheel_file("./dist/pkg-1.0-py3-none-any.whl")
    assert looks_like_wheel_file("dist/PKG-1.0-py3-none-any.WHL")
    assert not looks_like_wheel_file("pkg @ https://example.org/pkg-1.0-py3-none-any.whl")
    assert not looks_like_wheel_file("https://example.org/pkg-1.0-py3-none-any.whl")
    assert not looks_like_wheel_file("starlette>=0.40")


def test_a_wheel_for_another_platform_fails_with_one_line_naming_file_tag_and_expectation(tmp_path):
    wheel = make_wheel(tmp_path, "native", "1.0", "cp311-cp311-manylinux_2_17_x86_64")
    with pytest.raises(LocalWheelError) as info:
        resolve([str(wheel)], [], tmp_path / "cache", **QUIET)
    message = str(info.value)
    assert "\n" not in message
    assert str(wheel) in message
    assert "tagged cp311-cp311-manylinux_2_17_x86_64" in message
    assert "cp314" in message and "pyemscripten_2026_0_wasm32" in message and "pyodide-build" in message


def test_missing_wheel_file_is_one_line(tmp_path):
    with pytest.raises(LocalWheelError, match=r"wheel file '.*nope-1.0-py3-none-any.whl' does not exist"):
        check_local_wheel(str(tmp_path / "nope-1.0-py3-none-any.whl"))


def test_local_wheels_resolve_with_their_dependencies(tmp_path):
    # A Pyodide wheel as pyodide-build makes it, and a pure one; each needs a package from PyPI.
    native = make_wheel(tmp_path / "dist", "wasgi-test-native", "1.0", "cp314-cp314-pyemscripten_2026_0_wasm32",
                        requires=["sniffio>=1.3", "never-installed; extra == 'docs'"], pure=False)
    pure = make_wheel(tmp_path / "dist", "wasgi-test-pure", "2.0", requires=["idna"])
    cache = tmp_path / "cache"
    locked = resolve([str(native), str(pure)], [], cache, **QUIET)
    by_name = {w.name: w for w in locked}
    assert {"wasgi-test-native", "wasgi-test-pure", "sniffio", "idna"} <= set(by_name)
    assert by_name["wasgi-test-native"].file == native.name
    assert (cache / "wheels" / native.name).read_bytes() == native.read_bytes()
    # The memo is keyed by the wheel's content: a rebuilt wheel is resolved again.
    assert resolve([str(native), str(pure)], [], cache, log=pytest.fail) == locked
    make_wheel(tmp_path / "dist", "wasgi-test-pure", "2.0", requires=["idna", "sniffio"],
               files={"wasgi_test_pure/__init__.py": b"changed = True\n"})
    logs = []
    relocked = resolve([str(native), str(pure)], [], cache, log=logs.append)
    assert logs and logs[0].startswith("Resolving")
    assert {w.name: w for w in relocked}["wasgi-test-pure"].sha256 != by_name["wasgi-test-pure"].sha256


def test_the_cli_fails_a_wrongly_tagged_wheel_with_one_line(tmp_path):
    import subprocess
    import sys

    (tmp_path / "app.py").write_text("async def app(scope, receive, send):\n    pass\n")
    wheel = make_wheel(tmp_path / "dist", "native", "1.0", "cp314-cp314-win_amd64")
    proc = subprocess.run([sys.executable, "-m", "wasgi", "build", f"{tmp_path}/app.py:app", "-o", str(tmp_path / "site"),
                           "-p", str(wheel)], capture_output=True, text=True)  # fmt: skip
    assert proc.returncode == 1
    (line,) = proc.stderr.strip().splitlines()[-1:]
    assert line.startswith(f"wasgi: error: wheel {wheel} is tagged cp314-cp314-win_amd64")
    assert not (tmp_path / "site").exists()
