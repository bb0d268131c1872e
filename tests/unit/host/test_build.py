import io
import json
import zipfile

import pytest

from wasgi.build import BuildError, BuildOptions, build_site
from wasgi.build.bundle import zip_app, zip_runtime
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
    names = zipfile.ZipFile(io.BytesIO(zip_app(app_dir, exclude=[app_dir / "site"]))).namelist()
    assert sorted(names) == ["app.py", "templates/index.html"]


def test_bundles_are_deterministic(app_dir):
    assert zip_app(app_dir, []) == zip_app(app_dir, [])
    assert zip_runtime() == zip_runtime()


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
    for name in lock["pyodide"]["files"]:
        assert (out / "_wasgi" / "pyodide" / name).is_file()
    assert (out / "_wasgi" / "worker" / "worker.mjs").is_file()
    assert (out / "_wasgi" / "web" / "wasgi.mjs").is_file()
    assert (out / ".nojekyll").is_file()
    assert "<title>app</title>" in (out / "index.html").read_text()
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
    assert any(p.name.startswith("anyio-") for p in (result.out / "_wasgi" / "wheels").iterdir())


def test_missing_requirements_file(app_dir, tmp_path):
    with pytest.raises(BuildError, match="requirements file .* does not exist"):
        build_site(BuildOptions(app=f"{app_dir}/app.py:app", out=tmp_path / "s", requirement_files=[app_dir / "nope.txt"]),
                   log=lambda m: None)
