"""The pytest plugin (wasgi.testing): examples/testing run by an inner pytest, as a user runs it,
plus its parts that need no browser (config, request bodies, responses, the site's cache key).

The inner runs load the plugin through the pytest11 entry point that pyproject.toml declares:
a throwaway dist-info on PYTHONPATH declares the same entry point, so this works before
`pip install -e .` has registered it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from wasgi.testing.body import encode_body
from wasgi.testing.config import ConfigError, Layer, SiteConfig, merge, read_pyproject
from wasgi.testing.response import Headers, Response
from wasgi.testing.sitecache import build_key

REPO = Path(__file__).resolve().parents[2]
EXAMPLE = REPO / "examples" / "testing"
EXAMPLE_TESTS = 5
FAILING_TEST = '''
def test_deliberately_wrong(wasgi_client, wasgi_page):
    wasgi_page.evaluate("console.log('wasgi-console-marker')")
    response = wasgi_client.get("/api/notes/999")
    assert response.status_code == 200, "wasgi-plugin-marker " + response.json()["error"]
'''


def entry_point_path(folder: Path) -> Path:
    """A folder with a dist-info declaring pyproject.toml's pytest11 entry points."""
    declared = tomllib.loads((REPO / "pyproject.toml").read_text())["project"]["entry-points"]["pytest11"]
    dist_info = folder / "wasgi_plugin_under_test-0.dist-info"
    dist_info.mkdir(parents=True)
    (dist_info / "METADATA").write_text("Metadata-Version: 2.1\nName: wasgi-plugin-under-test\nVersion: 0\n")
    (dist_info / "entry_points.txt").write_text("[pytest11]\n" + "".join(f"{k} = {v}\n" for k, v in declared.items()))
    return folder


def inner_pytest(project: Path, entry_points: Path, *args: str) -> subprocess.CompletedProcess:
    env = {k: v for k, v in os.environ.items() if not k.startswith("PYTEST_")}
    env["PYTHONPATH"] = os.pathsep.join(filter(None, [str(entry_points), env.get("PYTHONPATH")]))
    return subprocess.run([sys.executable, "-m", "pytest", "-q", *args], cwd=project, env=env,
                          capture_output=True, text=True, timeout=600)  # fmt: skip


@pytest.fixture(scope="module")
def first_run(tmp_path_factory):
    """examples/testing copied, plus one test that must fail, run once (this builds the site)."""
    root = tmp_path_factory.mktemp("plugin")
    project = root / "project"
    shutil.copytree(EXAMPLE, project, ignore=shutil.ignore_patterns(".pytest_cache", "__pycache__"))
    (project / "tests" / "test_deliberately_wrong.py").write_text(FAILING_TEST)
    entry_points = entry_point_path(root / "entry-points")
    return project, entry_points, inner_pytest(project, entry_points)


def test_the_example_passes_in_the_browser_and_a_wrong_assertion_fails_the_run(first_run):
    _, _, run = first_run
    output = run.stdout + run.stderr
    assert run.returncode == 1, output
    assert f"1 failed, {EXAMPLE_TESTS} passed" in output, output
    assert "FAILED tests/test_deliberately_wrong.py::test_deliberately_wrong" in output
    # The message came from the app running in the browser, through the client.
    assert "wasgi-plugin-marker no such note" in output
    # What the page logged during the failing test is shown with it.
    assert "Captured wasgi console" in output and "log: wasgi-console-marker" in output
    assert "wasgi: built the site" in output


def test_a_second_run_reuses_the_built_site(first_run):
    project, entry_points, _ = first_run
    run = inner_pytest(project, entry_points, "tests/test_app.py")
    output = run.stdout + run.stderr
    assert run.returncode == 0, output
    assert f"{EXAMPLE_TESTS} passed" in output
    assert "wasgi: reused the cached site of app:app" in output


# Without a browser


def test_config_layers_override_weakest_first(tmp_path):
    (tmp_path / "pyproject.toml").write_text('[tool.wasgi]\napp = "src/app.py:app"\nrequirements = ["starlette"]\n'
                                             'requirements-file = "reqs.txt"\nbase-path = "/repo/"\n'
                                             'without = ["uvloop"]\n')  # fmt: skip
    table = read_pyproject(tmp_path / "pyproject.toml")
    config = merge([table])
    assert config == SiteConfig(app=f"{tmp_path / 'src' / 'app.py'}:app", requirements=("starlette",),
                                requirement_files=(tmp_path / "reqs.txt",), base_path="/repo/",
                                without=("uvloop",))  # fmt: skip
    assert config.build_options(tmp_path / "site").without == ["uvloop"]
    cli = Layer(base=tmp_path / "elsewhere", app="other.py", base_path="/x/")
    overridden = merge([table, Layer(base=tmp_path, requirements=["fastapi"]), cli])
    assert overridden.app == f"{tmp_path / 'elsewhere' / 'other.py'}:app"
    assert (overridden.requirements, overridden.base_path) == (("fastapi",), "/x/")
    module = merge([Layer(base=tmp_path, app="pkg.main:application")])
    assert (module.app, module.app_dir) == ("pkg.main:application", tmp_path)


def test_config_errors_say_what_to_do(tmp_path):
    with pytest.raises(ConfigError, match=r"no app to test: add `app = \"app.py:app\"` to \[tool.wasgi\]"):
        merge([None, Layer(base=tmp_path)])
    (tmp_path / "pyproject.toml").write_text('[tool.wasgi]\napp = "app.py"\nrequirement = ["x"]\n')
    with pytest.raises(ConfigError, match="unknown key 'requirement'; did you mean 'requirements'"):
        read_pyproject(tmp_path / "pyproject.toml")
    (tmp_path / "pyproject.toml").write_text('[tool.wasgi]\napp = "app.py"\nrequirements = "starlette"\n')
    with pytest.raises(ConfigError, match="'requirements' should be a list of strings"):
        read_pyproject(tmp_path / "pyproject.toml")


def test_request_bodies_as_httpx_encodes_them():
    assert encode_body(json={"a": [1, None]}) == (b'{"a": [1, null]}', "application/json")
    assert encode_body(data={"tag": ["x", "y"], "on": True}) == (b"tag=x&tag=y&on=true",
                                                                  "application/x-www-form-urlencoded")  # fmt: skip
    assert encode_body(content="é") == ("é".encode(), None)
    assert encode_body() == (None, None)
    body, kind = encode_body(data={"title": "t"}, files={"upload": ("a.txt", b"hello", "text/plain")})
    boundary = kind.split("boundary=")[1]
    assert kind.startswith("multipart/form-data; boundary=")
    assert body == (f'--{boundary}\r\nContent-Disposition: form-data; name="title"\r\n\r\nt\r\n'
                    f'--{boundary}\r\nContent-Disposition: form-data; name="upload"; filename="a.txt"\r\n'
                    f"Content-Type: text/plain\r\n\r\nhello\r\n--{boundary}--\r\n").encode()  # fmt: skip
    with pytest.raises(TypeError):
        encode_body(json={}, content=b"x")


def test_responses_read_like_httpx():
    response = Response(404, "Not Found", Headers([("Content-Type", "text/plain; charset=latin-1"), ("Vary", "a"),
                                                   ("vary", "b")]), "café".encode("latin-1"), "http://x/")  # fmt: skip
    assert response.headers["content-type"] == response.headers["CONTENT-TYPE"]
    assert response.headers["vary"] == "a, b" and "VARY" in response.headers
    assert response.text == "café" and not response.is_success and response.is_error
    with pytest.raises(Exception, match="Client error '404 Not Found' for url 'http://x/'"):
        response.raise_for_status()


def test_the_cache_key_follows_the_app_files_and_requirements(tmp_path):
    from wasgi.build.appspec import parse_app_spec

    (tmp_path / "app.py").write_text("app = object()\n")
    config = SiteConfig(app=f"{tmp_path}/app.py:app", requirements=("starlette",))
    spec = parse_app_spec(config.app)

    def key(c: SiteConfig = config) -> str:
        return build_key(c, spec, exclude=[])

    first = key()
    (tmp_path / ".env").write_text("SECRET=1\n")  # dotfiles are not bundled
    assert key() == first
    (tmp_path / "app.py").write_text("app = object()  # changed\n")
    changed = key()
    assert changed != first
    assert key(SiteConfig(app=config.app, requirements=("starlette<1",))) != changed
    assert key(SiteConfig(app=config.app, requirements=("starlette",), base_path="/repo/")) != changed
