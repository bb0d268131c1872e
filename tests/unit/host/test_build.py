import gzip
import hashlib
import io
import json
import re
import struct
import zipfile

import pytest

from wasgi.build import BuildError, BuildOptions, build_site
from wasgi.build.bundle import pack_app, zip_runtime
from wasgi.build.pyodide_dist import PYODIDE_VERSION


@pytest.fixture
def app_dir(tmp_path):
    root = tmp_path / "proj"
    root.mkdir()
    (root / "app.py").write_text("async def app(scope, receive, send):\n    pass\n")
    (root / "templates").mkdir()
    (root / "templates" / "index.html").write_text("<p>hi</p>")
    (root / ".env").write_text("SECRET=1")
    (root / "__pycache__").mkdir()
    (root / "__pycache__" / "app.cpython-311.pyc").write_bytes(b"x")
    (root / ".venv").mkdir()
    (root / ".venv" / "pyvenv.cfg").write_text("")
    return root


def test_app_bundle_skips_dotfiles_caches_and_output(app_dir):
    (app_dir / "site").mkdir()
    (app_dir / "site" / "index.html").write_text("old build")
    # An earlier build into another folder beside the app (it was 26 MB of a Dash app's bundle).
    (app_dir / "old" / "_wasgi").mkdir(parents=True)
    (app_dir / "old" / "_wasgi" / "lock.json").write_text("{}")
    (app_dir / "old" / "index.html").write_text("older build")
    raw = gzip.decompress(pack_app(app_dir, exclude=[app_dir / "site"]))
    assert raw.startswith(b"WASGIPK1")
    header = json.loads(raw[12 : 12 + struct.unpack("<I", raw[8:12])[0]])
    assert [name for name, _offset, _length in header["files"]] == ["app.py", "templates/index.html"]


def test_bundles_are_deterministic(app_dir):
    assert pack_app(app_dir, []) == pack_app(app_dir, [])
    assert zip_runtime() == zip_runtime()


def test_snapshot_plan_names_third_party_imports_only(tmp_path):
    from wasgi.build.snapshot import app_imports

    (tmp_path / "main.py").write_text("import json\nfrom starlette.responses import HTMLResponse\nimport helpers\n")
    (tmp_path / "helpers.py").write_text("from . import main\nimport yaml\n")
    modules, maybe = app_imports([("main.py", tmp_path / "main.py"), ("helpers.py", tmp_path / "helpers.py")])
    assert modules == ["json", "starlette.responses", "yaml"]
    assert maybe == ["starlette.responses.HTMLResponse"]


def test_runtime_bundle_holds_only_the_in_browser_half():
    names = zipfile.ZipFile(io.BytesIO(zip_runtime())).namelist()
    assert "wasgi/__init__.py" in names and "wasgi/server/http_cycle.py" in names
    assert not any("build" in n or "cli" in n for n in names)


def test_build_writes_a_complete_site_and_lock(app_dir, tmp_path):
    out = tmp_path / "site"
    result = build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=out, base_path="repo"), log=lambda m: None)
    lock = json.loads((out / "_wasgi" / "lock.json").read_text())
    assert lock["app"]["spec"] == "app:app"
    assert lock["basePath"] == "/repo/"
    assert lock["pyodide"]["version"] == PYODIDE_VERSION
    assert lock["wheels"] == []
    runtime = out / "_wasgi"
    for name in lock["pyodide"]["files"]:
        assert (runtime / lock["pyodide"]["dir"] / name).is_file()
    assert (runtime / lock["runtime"] / "worker" / "worker.mjs").is_file()
    assert (runtime / lock["runtime"] / "web" / "wasgi.mjs").is_file()
    assert lock["runtime"] in (runtime / "wasgi.mjs").read_text()
    # Data files are named by their content, so hosts may cache them forever.
    for entry in (lock["app"], lock["sitePackages"]):
        data = (runtime / entry["file"]).read_bytes()
        assert entry["sha256"][:16] in entry["file"] and hashlib.sha256(data).hexdigest() == entry["sha256"]
    # What the browser imports into its memory snapshot: never the app's own modules.
    assert lock["snapshot"]["modules"][:2] == ["wasgi.server.boot", "wasgi.data"]
    assert (out / ".nojekyll").is_file()
    worker = (out / "wasgi-sw.js").read_text()
    assert "__VERSION__" not in worker and "__MODE__" not in worker and '"production" === "development"' in worker
    index = (out / "index.html").read_text()
    assert "<title>app</title>" in index and f'{lock["runtime"]}web/shell.mjs' in index
    # The shell asks for every module of the boot at once; each it names is in the site.
    preload = json.loads(re.search(r"for \(const path of (\[.*?\])\)", index).group(1))
    assert "worker/boot.mjs" in preload and all((runtime / lock["runtime"] / path).is_file() for path in preload)
    assert result.files > 10


def test_rebuild_keeps_user_files_and_refuses_foreign_directories(app_dir, tmp_path):
    out = tmp_path / "site"
    build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=out), log=lambda m: None)
    (out / "CNAME").write_text("example.org")
    build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=out), log=lambda m: None)
    assert (out / "CNAME").read_text() == "example.org"
    foreign = tmp_path / "docs"
    foreign.mkdir()
    (foreign / "notes.txt").write_text("mine")
    with pytest.raises(BuildError, match="not empty and not a wasgi site"):
        build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=foreign), log=lambda m: None)


def test_second_build_needs_no_network(app_dir, tmp_path, monkeypatch):
    build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=tmp_path / "a", requirements=["anyio"]), log=lambda m: None)
    # Point both registries at a closed port: only the cache can answer now.
    monkeypatch.setenv("WASGI_NPM_REGISTRY", "http://127.0.0.1:9/")
    monkeypatch.setenv("PIP_INDEX_URL", "http://127.0.0.1:9/simple")
    monkeypatch.setenv("PIP_EXTRA_INDEX_URL", "")
    result = build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=tmp_path / "b", requirements=["anyio"]),
                        log=lambda m: None)
    lock = json.loads((result.out / "_wasgi" / "lock.json").read_text())
    assert [w["name"] for w in lock["wheels"]][:1] == ["anyio"]


def test_missing_requirements_file(app_dir, tmp_path):
    with pytest.raises(BuildError, match="requirements file .* does not exist"):
        build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=tmp_path / "s", requirement_files=[app_dir / "nope.txt"]),
                   log=lambda m: None)
