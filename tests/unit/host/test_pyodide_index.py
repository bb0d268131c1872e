"""Packages from a Pyodide distribution's pyodide-lock.json (``--pyodide-index``).

Each test serves a small fake distribution from a temporary folder on
127.0.0.1: a lock, a Pyodide wheel and a pure wheel, laid out as on Pyodide's
CDN (files beside the lock, and one in another folder to test relative URLs).
"""

import functools
import hashlib
import io
import http.server
import json
import threading

import pytest
from wheel_factory import make_wheel

from wasgi.build import PackagesUnavailableError, PyodideIndexError
from wasgi.build.resolve import resolve

PYODIDE_TAG = "cp314-cp314-pyemscripten_2026_0_wasm32"
ONLY_IN_PYODIDE = "wasgi-fixture-only-in-pyodide"  # on no index pip reads


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    requested: list[str]

    def log_message(self, *args):
        pass

    def do_GET(self):
        self.requested.append(self.path)
        super().do_GET()


@pytest.fixture
def distribution(tmp_path):
    """A served fake Pyodide distribution: ``(lock URL, root folder, lock dict, requested paths)``."""
    root = tmp_path / "dist"
    full = root / "full"
    # mmh3 as Pyodide builds it; its metadata does not name the helper, only the lock's depends does.
    mmh3 = make_wheel(full, "mmh3", "5.0.0", PYODIDE_TAG, pure=False)
    only = make_wheel(full, ONLY_IN_PYODIDE, "1.0", PYODIDE_TAG, pure=False)
    helper = make_wheel(root / "extra", "wasgi-test-helper", "1.0")
    lock = {"info": {"abi_version": "2026_0", "arch": "wasm32", "python": "3.14.2"}, "packages": {}}
    for wheel, name, version, file_name, depends in (
        (mmh3, "mmh3", "5.0.0", mmh3.name, ["wasgi-test-helper"]),
        (only, ONLY_IN_PYODIDE, "1.0", only.name, []),
        (helper, "wasgi-test-helper", "1.0", f"../extra/{helper.name}", []),
    ):
        lock["packages"][name] = {
            "name": name, "version": version, "file_name": file_name, "install_dir": "site",
            "sha256": hashlib.sha256(wheel.read_bytes()).hexdigest(), "package_type": "package",
            "imports": [name.replace("-", "_")], "depends": depends,
        }  # fmt: skip
    (full / "pyodide-lock.json").write_text(json.dumps(lock))
    requested: list[str] = []
    handler = type("Handler", (QuietHandler,), {"requested": requested})
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(handler, directory=str(root)))
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{server.server_port}/full/pyodide-lock.json", full, lock, requested
    finally:
        server.shutdown()
        server.server_close()


def rewrite_lock(full, lock):
    (full / "pyodide-lock.json").write_text(json.dumps(lock))


def test_a_refused_package_comes_from_the_index_with_its_depends(tmp_path, distribution):
    url, full, lock, requested = distribution
    logs = []
    # mmh3 has no Pyodide wheel on PyPI and its C extension is mandatory: the index is the way.
    locked = resolve(["mmh3"], [], tmp_path / "cache", log=logs.append, pyodide_index=url)
    by_name = {w.name: w for w in locked}
    assert by_name["mmh3"].file == f"mmh3-5.0.0-{PYODIDE_TAG}.whl"
    assert by_name["mmh3"].sha256 == lock["packages"]["mmh3"]["sha256"]
    assert by_name["wasgi-test-helper"].sha256 == lock["packages"]["wasgi-test-helper"]["sha256"]
    assert "Taking mmh3 5.0.0 from the Pyodide index" in "\n".join(logs)
    assert "/extra/wasgi_test_helper-1.0-py3-none-any.whl" in requested
    # Warm: the memo answers, the index is not asked again.
    requested.clear()
    assert resolve(["mmh3"], [], tmp_path / "cache", log=pytest.fail, pyodide_index=url) == locked
    assert requested == []


def test_a_package_on_no_pip_index_comes_from_the_pyodide_index(tmp_path, distribution):
    url, *_ = distribution
    locked = resolve([ONLY_IN_PYODIDE, "sniffio"], [], tmp_path / "cache", log=lambda m: None, pyodide_index=url)
    assert {w.name for w in locked} == {ONLY_IN_PYODIDE, "sniffio"}


def test_a_file_whose_sha256_differs_from_the_lock_is_refused(tmp_path, distribution):
    url, full, lock, _ = distribution
    lock["packages"][ONLY_IN_PYODIDE]["sha256"] = "0" * 64
    rewrite_lock(full, lock)
    with pytest.raises(PyodideIndexError) as info:
        resolve([ONLY_IN_PYODIDE], [], tmp_path / "cache", log=lambda m: None, pyodide_index=url)
    message = str(info.value)
    assert "\n" not in message
    assert f"{ONLY_IN_PYODIDE.replace('-', '_')}-1.0-{PYODIDE_TAG}.whl" in message
    assert "sha256" in message and "0" * 64 in message
    assert not list((tmp_path / "cache" / "wheels").glob("*.whl"))


def test_a_lock_of_another_pyodide_is_refused_with_one_line(tmp_path, distribution):
    url, full, lock, _ = distribution
    old = make_wheel(full, "wasgi-fixture-old", "1.0", "cp312-cp312-pyodide_2024_0_wasm32")
    lock["packages"][ONLY_IN_PYODIDE].update(file_name=old.name, sha256=hashlib.sha256(old.read_bytes()).hexdigest())
    rewrite_lock(full, lock)
    with pytest.raises(PyodideIndexError, match=r"is for another Pyodide: .* is tagged cp312-cp312-pyodide_2024_0_wasm32"):
        resolve([ONLY_IN_PYODIDE], [], tmp_path / "cache", log=lambda m: None, pyodide_index=url)


def test_a_shared_library_dependency_is_refused_with_one_line(tmp_path, distribution):
    url, full, lock, _ = distribution
    lock["packages"][ONLY_IN_PYODIDE]["depends"] = ["libfoo"]
    lock["packages"]["libfoo"] = {"name": "libfoo", "version": "1.0", "file_name": "libfoo-1.0.zip", "sha256": "0" * 64,
                                  "package_type": "shared_library", "install_dir": "dynlib", "depends": []}  # fmt: skip
    rewrite_lock(full, lock)
    with pytest.raises(PyodideIndexError, match=r"needs libfoo \(libfoo-1.0.zip, a shared library\), which wasgi cannot"):
        resolve([ONLY_IN_PYODIDE], [], tmp_path / "cache", log=lambda m: None, pyodide_index=url)


def test_a_package_missing_everywhere_is_one_line_that_says_so(tmp_path, distribution):
    url, *_ = distribution
    with pytest.raises(PackagesUnavailableError) as info:
        resolve(["wasgi-fixture-missing-everywhere"], [], tmp_path / "cache", log=lambda m: None, pyodide_index=url)
    (line,) = info.value.lines
    assert line.startswith("no wheel of wasgi-fixture-missing-everywhere runs in Pyodide: ")
    assert "no source distribution this machine can read" in line and "the Pyodide index has no package of that name" in line


def test_an_unreachable_index_is_one_line(tmp_path):
    with pytest.raises(PyodideIndexError, match=r"^could not read the Pyodide index http://127.0.0.1:9/pyodide-lock.json"):
        resolve([ONLY_IN_PYODIDE], [], tmp_path / "cache", log=lambda m: None,
                pyodide_index="http://127.0.0.1:9/")  # fmt: skip


def test_a_local_lock_without_its_files_says_to_use_a_full_distribution(tmp_path, distribution):
    # As given the npm core's pyodide-lock.json, which lists every package but ships none.
    _, full, lock, _ = distribution
    core = tmp_path / "core"
    core.mkdir()
    (core / "pyodide-lock.json").write_text(json.dumps(lock))
    with pytest.raises(PyodideIndexError) as info:
        resolve([ONLY_IN_PYODIDE], [], tmp_path / "cache", log=lambda m: None,
                pyodide_index=str(core / "pyodide-lock.json"))
    message = str(info.value)
    assert "\n" not in message and "needs the package files beside it" in message
    assert "full/pyodide-lock.json" in message


def test_a_package_whose_source_this_machine_cannot_read_comes_from_the_index(tmp_path, distribution):
    # As numpy's newest sdist, which refuses the build machine's Python: pip cannot even read its metadata.
    import tarfile

    url, *_ = distribution
    sources = tmp_path / "sources"
    sources.mkdir()
    setup = b"raise SystemExit('this package refuses this Python')\n"
    info = f"Metadata-Version: 2.1\nName: {ONLY_IN_PYODIDE}\nVersion: 1.0\n".encode()
    with tarfile.open(sources / f"{ONLY_IN_PYODIDE.replace('-', '_')}-1.0.tar.gz", "w:gz") as archive:
        for name, data in (("setup.py", setup), ("PKG-INFO", info)):
            entry = tarfile.TarInfo(f"{ONLY_IN_PYODIDE.replace('-', '_')}-1.0/{name}")
            entry.size = len(data)
            archive.addfile(entry, io.BytesIO(data))
    requirements = tmp_path / "requirements.txt"
    requirements.write_text(f"--find-links {sources}\n{ONLY_IN_PYODIDE}\n")
    logs = []
    locked = resolve([], [requirements], tmp_path / "cache", log=logs.append, pyodide_index=url)
    assert [w.name for w in locked] == [ONLY_IN_PYODIDE]
    assert f"Taking {ONLY_IN_PYODIDE} 1.0 from the Pyodide index" in "\n".join(logs)
