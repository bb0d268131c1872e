"""Packages without a Pyodide wheel, built from source as pure Python (real pip, real PyPI).

The build machine has gcc and Python's headers, so each test also checks the
C extension was really left out, not compiled for the host.
"""

import subprocess
import sys
import zipfile

import pytest
from wheel_factory import check_record

from wasgi.build import PackagesUnavailableError
from wasgi.build.locations import cache_dir
from wasgi.build.pure_wheel import compiled_files
from wasgi.build.pyodide_dist import PYODIDE_VERSION, ensure_pyodide
from wasgi.build.resolve import resolve


@pytest.fixture(scope="module")
def cache(tmp_path_factory):
    """One cache for the module: the datasette test builds, the others reuse."""
    return tmp_path_factory.mktemp("cache")


def wheel_of(locked, name):
    return next(w for w in locked if w.name == name)


def test_datasette_resolves_with_markupsafe_and_pyyaml_built_pure(cache):
    logs = []
    locked = resolve(["datasette"], [], cache, log=logs.append)
    names = {w.name for w in locked}
    assert {"datasette", "jinja2", "markupsafe", "pyyaml", "uvicorn"} <= names
    for name, project in (("markupsafe", "MarkupSafe"), ("pyyaml", "PyYAML")):
        wheel = wheel_of(locked, name)
        assert wheel.file.endswith("-py3-none-any.whl"), wheel.file
        assert any(line.startswith(f"Building pure-Python wheel for {project} {wheel.version} (no Pyodide wheel")
                   for line in logs), logs  # fmt: skip
        path = cache / "wheels" / wheel.file
        assert compiled_files(path) == []
        check_record(path)
        # Kept in the wheelhouse, where later resolutions find it.
        assert (cache / "pure-wheels" / wheel.file).read_bytes() == path.read_bytes()
    with zipfile.ZipFile(cache / "wheels" / wheel_of(locked, "markupsafe").file) as zf:
        wheel_text = zf.read(next(n for n in zf.namelist() if n.endswith("dist-info/WHEEL"))).decode()
    assert "Tag: py3-none-any" in wheel_text and "Root-Is-Purelib: true" in wheel_text


def test_built_wheels_run_without_their_c_extensions(cache):
    markupsafe = next((cache / "pure-wheels").glob("markupsafe-*.whl"))
    pyyaml = next((cache / "pure-wheels").glob("pyyaml-*.whl"))
    # -S: only the wheels are importable, not the host's own MarkupSafe or PyYAML.
    code = f"""
import sys
sys.path[:0] = [{str(markupsafe)!r}, {str(pyyaml)!r}]
import markupsafe, yaml
assert markupsafe.__file__.startswith({str(markupsafe)!r}), markupsafe.__file__
assert yaml.__file__.startswith({str(pyyaml)!r}), yaml.__file__
try:
    import markupsafe._speedups
except ImportError:
    pass
else:
    raise SystemExit("markupsafe._speedups was compiled")
assert not yaml.__with_libyaml__
print(markupsafe.escape("<b>"), yaml.safe_dump({{"a": [1, 2]}}, default_flow_style=True).strip())
"""
    out = subprocess.run([sys.executable, "-S", "-c", code], capture_output=True, text=True)
    assert out.returncode == 0, out.stderr
    assert out.stdout.strip() == "&lt;b&gt; {a: [1, 2]}"


def test_jinja2_and_pyyaml_reuse_the_wheels_built_before(cache):
    for requirement, name in (("jinja2", "markupsafe"), ("pyyaml", "pyyaml")):
        logs = []
        locked = resolve([requirement], [], cache, log=logs.append)
        assert not [line for line in logs if "Building" in line], logs
        built = wheel_of(locked, name)
        assert (cache / "pure-wheels" / built.file).is_file()


def test_a_package_in_pyodides_own_repository_is_named_with_the_index_to_add(tmp_path):
    # argon2-cffi's bindings need cffi, compiled, which Pyodide's own repository has (its lock
    # comes with the pinned Pyodide). Before Pyodide is downloaded, the usual advice.
    with pytest.raises(PackagesUnavailableError) as before:
        resolve(["argon2-cffi"], [], tmp_path / "fresh", log=lambda m: None)
    assert "--pyodide-index pointing at a Pyodide distribution" in before.value.lines[0]
    cache = tmp_path / "cache"
    cache.mkdir()
    (cache / "pyodide").symlink_to(ensure_pyodide(cache_dir(), log=lambda m: None).parent)
    with pytest.raises(PackagesUnavailableError) as info:
        resolve(["argon2-cffi"], [], cache, log=lambda m: None)
    (line,) = [line for line in info.value.lines if line.startswith("no wheel of cffi ")]
    assert "(needed by argon2-cffi-bindings) runs in Pyodide" in line  # named once, though required thrice
    assert line.endswith(f"; Pyodide {PYODIDE_VERSION}'s own repository has it: add --pyodide-index "
                         f"https://cdn.jsdelivr.net/pyodide/v{PYODIDE_VERSION}/full/pyodide-lock.json (README: Packages)")

def test_mandatory_c_extensions_are_refused_with_one_line_per_package(tmp_path):
    # mmh3 and ciso8601: C only, no pure-Python fallback, no Pyodide wheel on PyPI.
    with pytest.raises(PackagesUnavailableError) as info:
        resolve(["mmh3", "ciso8601"], [], tmp_path, log=lambda m: None)
    lines = str(info.value).splitlines()
    assert len(lines) == 2 and lines == info.value.lines
    for line, project in zip(sorted(lines), ("ciso8601", "mmh3")):
        assert line.startswith(f"no wheel of {project} "), line
        assert "needs a C compiler (its C extension is not optional)" in line
        for advice in ("a version that has a wheel", "pyodide-build", "--pyodide-index", f"--without {project}"):
            assert advice in line
    # Nothing was compiled for the host on the way.
    assert not list((tmp_path / "pure-wheels").glob("*.whl"))
