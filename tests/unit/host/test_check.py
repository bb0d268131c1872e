"""wasgi check: the static rules on small apps written into tmp folders, the command's
output and exit status, and one --runtime check in Chromium."""

from __future__ import annotations

import re
import textwrap
import zipfile
from pathlib import Path

import pytest
from wheel_factory import make_wheel

from wasgi.build.locations import cache_dir
from wasgi.build.pyodide_dist import PYODIDE_VERSION
from wasgi.check import CheckOptions, Severity, run_check
from wasgi.check.packages import _no_wheel, wheel_import_names
from wasgi.cli import main

FINDING = re.compile(r"^(?P<path>[^:]+):(?P<line>\d+): \[(?P<code>[a-z-]+)\] (?P<severity>error|warning): "
                     r"(?P<message>.+) — (?P<fix>.+)$")


@pytest.fixture
def cache(tmp_path):
    """A fresh wasgi cache that shares the downloaded Pyodide core (its stdlib list is read)."""
    folder = tmp_path / "cache"
    pyodide = cache_dir() / "pyodide" / PYODIDE_VERSION
    if pyodide.is_dir():
        (folder / "pyodide").mkdir(parents=True)
        (folder / "pyodide" / PYODIDE_VERSION).symlink_to(pyodide)
    return folder


def write(folder: Path, files: dict[str, str]) -> Path:
    for name, text in files.items():
        path = folder / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text).lstrip("\n"))
    return folder


def check(folder: Path, files: dict[str, str], cache: Path, **options) -> list[tuple[str, int, str]]:
    """(file name, line, code) of each finding for an app whose module is app.py."""
    write(folder / "app", files)
    result = run_check(CheckOptions(app=f"{folder}/app/app.py:app", cache=cache, **options), log=lambda m: None)
    return [(Path(f.path).relative_to(folder / "app").as_posix(), f.line, f.code) for f in result.findings]


def test_threads_processes_programs_signals_sockets_and_sleeps(tmp_path, cache):
    found = check(tmp_path, {"app.py": """
        import os, signal, socket, time
        import multiprocessing as mp
        import subprocess as sp
        import threading
        from concurrent.futures import ProcessPoolExecutor, ThreadPoolExecutor
        from threading import Thread as T

        class Poller(threading.Thread):
            pass

        def work():
            T(target=print).start()
            threading.Timer(1, print).start()
            sp.run(["ls"])
            os.system("ls")
            os.fork()
            mp.Pool(2)
            mp.cpu_count()
            ProcessPoolExecutor()
            ThreadPoolExecutor().submit(print)
            signal.signal(signal.SIGTERM, print)
            socket.create_connection(("example.org", 80))
            time.sleep(1)

        async def app(scope, receive, send):
            time.sleep(1)
    """}, cache)  # fmt: skip
    assert found == [
        ("app.py", 8, "thread"), ("app.py", 12, "thread"), ("app.py", 13, "thread"), ("app.py", 14, "subprocess"),
        ("app.py", 15, "subprocess"), ("app.py", 16, "process"), ("app.py", 17, "process"), ("app.py", 19, "process"),
        ("app.py", 21, "signal"), ("app.py", 22, "socket"), ("app.py", 23, "blocking-sleep"),
        ("app.py", 26, "blocking-sleep"),
    ]  # fmt: skip


def test_network_clients_and_server_urls(tmp_path, cache):
    found = check(tmp_path, {"app.py": """
        import aiohttp, httpx, requests, urllib.request
        DATABASE = "postgresql+psycopg://user@db/notes"
        SQLITE = "sqlite:///notes.db"

        async def app(scope, receive, send):
            requests.get("https://api.example.org/")
            httpx.get("https://api.example.org/")
            urllib.request.urlopen("https://api.example.org/")
            aiohttp.ClientSession()
    """}, cache, resolve=False)  # fmt: skip
    # requests, httpx and urlopen go through the browser; aiohttp's client opens sockets of its own.
    assert found == [("app.py", 2, "socket"), ("app.py", 6, "http-client"), ("app.py", 7, "http-client"),
                     ("app.py", 8, "http-client"), ("app.py", 9, "socket")]  # fmt: skip


def test_sleep_messages_differ_for_async_and_sync_code(tmp_path, cache):
    write(tmp_path, {"app.py": """
        import time
        def sync(): time.sleep(1)
        async def app(scope, receive, send): time.sleep(1)
    """})  # fmt: skip
    result = run_check(CheckOptions(app=f"{tmp_path}/app.py", cache=cache), log=lambda m: None)
    sync, in_async = result.findings
    assert "JSPI" in sync.message and sync.severity is Severity.WARNING
    assert "blocks the event loop" in in_async.message and "asyncio.sleep" in in_async.fix


def test_imports_missing_from_pyodide_and_from_the_requirements(tmp_path, cache):
    found = check(tmp_path, {
        "app.py": """
            import json, sqlite3, tomllib, annotationlib
            import tkinter
            import asyncore
            import humanize
            import helpers
            from pkg import views
            from . import sibling
            try:
                import ujson
            except ImportError:
                ujson = None
            from typing import TYPE_CHECKING
            if TYPE_CHECKING:
                import mypy_extensions
            import uvloop

            async def app(scope, receive, send):
                import markdown
        """,
        "helpers.py": "",
        "pkg/__init__.py": "",
        "pkg/views.py": "import humanize\n",
    }, cache)  # fmt: skip
    assert found == [
        ("app.py", 2, "not-in-pyodide"), ("app.py", 3, "not-in-pyodide"), ("app.py", 4, "missing-package"),
        ("app.py", 15, "event-loop"), ("app.py", 15, "missing-package"), ("app.py", 18, "missing-package"),
        ("pkg/views.py", 1, "missing-package"),
    ]  # fmt: skip


def test_flask_socketio_is_named_with_the_asgi_server_that_works(tmp_path, cache):
    # Its Engine.IO service starts a thread at the first connection (ThreadsUnavailableError).
    write(tmp_path / "app", {"app.py": """
        from flask import Flask
        from flask_socketio import SocketIO
        app = Flask(__name__)
        socketio = SocketIO(app)
    """, "requirements.txt": "flask-socketio\n"})  # fmt: skip
    result = run_check(CheckOptions(app=f"{tmp_path}/app/app.py:app", cache=cache), log=lambda m: None)
    (item,) = [f for f in result.findings if f.code == "thread"]
    assert item.line == 2 and "socketio.ASGIApp" in item.fix


def test_imports_are_matched_against_the_wheels_the_build_resolves(tmp_path, cache):
    wheel = make_wheel(tmp_path / "dist", "Widget-Kit", "1.0", files={"widgetkit/__init__.py": b"", "wk_extra.py": b""})
    write(tmp_path, {"app/requirements.txt": f"{wheel}\n"})
    found = check(tmp_path, {"app.py": """
        import widgetkit, wk_extra
        import gadgets
        async def app(scope, receive, send): pass
    """}, cache)  # fmt: skip
    assert found == [("app.py", 2, "missing-package")]


def test_requirements_that_cannot_resolve_are_an_error(tmp_path, cache):
    native = make_wheel(tmp_path / "dist", "native", "1.0", "cp311-cp311-manylinux_2_17_x86_64")
    write(tmp_path, {"app.py": "import native\nasync def app(scope, receive, send): pass\n"})
    result = run_check(CheckOptions(app=f"{tmp_path}/app.py", requirements=[str(native)], cache=cache),
                       log=lambda m: None)  # fmt: skip
    (item,) = result.findings
    assert (item.path, item.line, item.code, item.severity) == (tmp_path / "app.py", 1, "resolve-failed", Severity.ERROR)
    assert "manylinux" in item.message


def test_without_resolving_no_import_is_called_missing(tmp_path, cache):
    assert check(tmp_path, {"app.py": "import humanize\nasync def app(s, r, x): pass\n"}, cache, resolve=False) == []


def test_wheel_import_names(tmp_path):
    wheel = tmp_path / "pkg-1.0-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as zf:
        for name in ["pkg/__init__.py", "single.py", "_speedups.cpython-314-wasm32-emscripten.so",
                     "pkg-1.0.dist-info/METADATA", "pkg-1.0.data/purelib/extra/__init__.py", "pkg-1.0.data/scripts/x"]:
            zf.writestr(name, "")
    assert wheel_import_names(wheel) == {"pkg", "single", "_speedups", "extra"}


def test_a_package_without_a_wheel_points_at_the_requirement_line_that_brings_it(tmp_path):
    requirements = write(tmp_path, {"requirements.txt": "# deps\nstarlette\nDatasette>=0.64  # the app\n"})
    line = ("no wheel of markupsafe 3.0.2 (needed by datasette, jinja2) runs in Pyodide: its source distribution "
            "needs a C compiler; try a version that has a wheel")  # fmt: skip
    item = _no_wheel(line, [requirements / "requirements.txt"], tmp_path / "app.py")
    assert (item.path, item.line, item.code) == (requirements / "requirements.txt", 3, "no-wheel")
    assert item.message.startswith("no wheel of markupsafe 3.0.2") and item.fix == "try a version that has a wheel"


def test_absolute_urls_in_templates_and_code(tmp_path, cache):
    found = check(tmp_path, {
        "app.py": '''
            from starlette.responses import HTMLResponse, RedirectResponse
            PAGE = """<html>
            <link href="/static/app.css" rel="stylesheet">
            <a href="//cdn.example.org/x.js">cdn</a> <a href="https://example.org/">out</a> <a href="notes/1">rel</a>
            </html>"""
            async def app(scope, receive, send):
                return RedirectResponse("/login")
        ''',
        "templates/base.html": """
            <link rel="stylesheet" href="{{ url_for('static', path='/app.css') }}">
            <script src="/static/app.js"></script>
            <form action='/search'></form>
            <style>body { background: url(/static/bg.png) }</style>
            <a href="/">home</a> {# wasgi: ignore #}
            <img src="/repo/logo.png">
        """,
        "static/app.js": "fetch('/api/notes').then(r => r.json());\nfetch('api/notes');\n",
    }, cache, resolve=False, base_path="/repo/")  # fmt: skip
    assert found == [
        ("app.py", 3, "absolute-url"), ("app.py", 7, "absolute-url"), ("static/app.js", 1, "absolute-url"),
        ("templates/base.html", 2, "absolute-url"), ("templates/base.html", 3, "absolute-url"),
        ("templates/base.html", 4, "absolute-url"),
    ]  # fmt: skip


def test_datasette_without_base_url(tmp_path, cache):
    found = check(tmp_path, {
        "app.py": """
            import os
            from datasette.app import Datasette
            plain = Datasette([])
            tuned = Datasette([], settings={"num_sql_threads": 0})
            based = Datasette([], settings={"base_url": os.environ.get("WASGI_ROOT_PATH", "") + "/"})
            unseen = Datasette([], settings=dict(SETTINGS))
            app = based.app()
        """,
    }, cache, resolve=False)  # fmt: skip
    assert found == [("app.py", 3, "absolute-url"), ("app.py", 4, "absolute-url")]


def test_ignore_comments_and_test_files(tmp_path, cache):
    found = check(tmp_path, {
        "app.py": """
            import subprocess
            subprocess.run(["true"])  # wasgi: ignore
            subprocess.run(["true"])  # wasgi: ignore[subprocess, socket]
            subprocess.run(["true"])  # wasgi: ignore[socket]
            async def app(scope, receive, send): pass
        """,
        "tests/test_app.py": "import subprocess\nsubprocess.run(['true'])\nimport pytest\n",
        "conftest.py": "import subprocess\nsubprocess.run(['true'])\n",
    }, cache)  # fmt: skip
    assert found == [("app.py", 4, "subprocess")]


def test_a_file_that_does_not_parse(tmp_path, cache):
    found = check(tmp_path, {"app.py": "app = 1\n", "broken.py": "def f(:\n    pass\n"}, cache, resolve=False)
    assert found == [("broken.py", 1, "syntax-error")]


# The command


def test_command_prints_one_finding_per_line_and_exits_1_on_errors(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.setenv("WASGI_CACHE_DIR", str(cache))
    write(tmp_path, {"app.py": "import threading\nthreading.Thread(target=print).start()\napp = object()\n"})
    assert main(["check", f"{tmp_path}/app.py:app"]) == 1
    out, err = capsys.readouterr()
    (line,) = out.splitlines()
    match = FINDING.match(line)
    assert match, line
    assert Path(match["path"]).resolve() == (tmp_path / "app.py").resolve()
    assert (match["line"], match["code"], match["severity"]) == ("2", "thread", "error")
    assert "asyncio task" in match["fix"]
    assert "1 error, 0 warnings" in err


def test_command_exit_status_for_a_clean_app_warnings_and_strict(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.setenv("WASGI_CACHE_DIR", str(cache))
    write(tmp_path, {"clean/app.py": "async def app(scope, receive, send): pass\n",
                     "warned/app.py": "import time\ntime.sleep(1)\nasync def app(scope, receive, send): pass\n"})
    assert main(["check", f"{tmp_path}/clean/app.py"]) == 0
    assert "no problems found" in capsys.readouterr().err
    assert main(["check", f"{tmp_path}/warned/app.py"]) == 0
    assert "[blocking-sleep] warning:" in capsys.readouterr().out
    assert main(["check", "--strict", f"{tmp_path}/warned/app.py"]) == 1


def test_command_usage_errors_exit_2(tmp_path, capsys, monkeypatch):
    write(tmp_path, {"app.py": "application = object()\n"})
    assert main(["check", f"{tmp_path}/app.py:app"]) == 2
    assert "did you mean 'application'" in capsys.readouterr().err
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 2
    assert "no app given" in capsys.readouterr().err


def test_command_takes_the_app_and_requirements_from_pyproject(tmp_path, cache, capsys, monkeypatch):
    monkeypatch.setenv("WASGI_CACHE_DIR", str(cache))
    wheel = make_wheel(tmp_path / "dist", "humanize", "4.0")
    write(tmp_path, {
        "pyproject.toml": f'[tool.wasgi]\napp = "src/main.py:application"\nrequirements = ["{wheel}"]\n',
        "src/main.py": "import humanize\nimport arrow\napplication = object()\n",
    })  # fmt: skip
    monkeypatch.chdir(tmp_path)
    assert main(["check"]) == 1
    out = capsys.readouterr().out
    assert out.splitlines() == [line for line in out.splitlines() if "[missing-package]" in line and "arrow" in line]
    assert len(out.splitlines()) == 1 and out.startswith("src/main.py:2:")


# --runtime: build, boot in Chromium, report what the browser saw


def test_runtime_reports_a_startup_failure_at_the_line_that_raised(tmp_path, capsys):
    write(tmp_path, {
        "requirements.txt": "starlette\n",
        "app.py": """
            from contextlib import asynccontextmanager
            from starlette.applications import Starlette

            @asynccontextmanager
            async def lifespan(app):
                raise RuntimeError("the database is not there")
                yield

            app = Starlette(lifespan=lifespan)
        """,
    })  # fmt: skip
    result = run_check(CheckOptions(app=f"{tmp_path}/app.py:app", runtime=True, site_cache=tmp_path / "sites"),
                       log=lambda m: None)  # fmt: skip
    (item,) = result.findings
    assert (item.path, item.line, item.code) == (tmp_path / "app.py", 6, "startup-error")
    assert "RuntimeError: the database is not there" in item.message
    assert any("Traceback" in line for line in result.details)


def test_django_settings_that_fail_in_the_browser(tmp_path, cache):
    # A stand-in "django" wheel: the check only reads which projects the site has.
    wheel = make_wheel(tmp_path / "dist", "Django", "6.0", files={"django/__init__.py": b""})
    write(tmp_path, {"app/requirements.txt": f"{wheel}\n"})
    found = check(tmp_path, {
        "app.py": "from mysite.asgi import application as app\n",
        "mysite/__init__.py": "",
        "mysite/asgi.py": "application = None\n",
        "mysite/settings.py": """
            DEBUG = True
            ALLOWED_HOSTS = []
            INSTALLED_APPS = [
                "django.contrib.admin",
                "django.contrib.auth",
            ]
            TIME_ZONE = "UTC"
        """,
        "other/settings.py": """
            ALLOWED_HOSTS = ["*"]
            INSTALLED_APPS = ["django.contrib.auth"]
            PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
        """,
        # A one-file project configures its settings in code.
        "onefile/app.py": """
            from django.conf import settings

            if not settings.configured:
                settings.configure(
                    ALLOWED_HOSTS=[],
                    INSTALLED_APPS=["django.contrib.auth"],
                )
            other = settings.configure(INSTALLED_APPS=["django.contrib.auth"], TIME_ZONE="UTC",
                                       PASSWORD_HASHERS=["django.contrib.auth.hashers.ScryptPasswordHasher"])
        """,
    }, cache)  # fmt: skip
    assert found == [
        ("mysite/settings.py", 2, "django-settings"),  # ALLOWED_HOSTS empty (hashers are all fine: shims)
        ("mysite/settings.py", 7, "django-settings"),  # no tzdata
        ("onefile/app.py", 5, "django-settings"),  # ALLOWED_HOSTS empty
        ("onefile/app.py", 6, "django-settings"),  # no tzdata
        ("onefile/app.py", 8, "django-settings"),  # no tzdata (at TIME_ZONE)
        ("other/settings.py", 2, "django-settings"),  # no tzdata: no TIME_ZONE, so at INSTALLED_APPS
    ]  # fmt: skip


def test_dash_without_a_path_prefix(tmp_path, cache):
    found = check(tmp_path, {
        "app.py": """
            import os
            from dash import Dash
            plain = Dash(__name__)
            prefixed = Dash(__name__, requests_pathname_prefix=os.environ.get("WASGI_ROOT_PATH", "") + "/")
            based = Dash(__name__, url_base_pathname="/repo/")
            app = plain.server
        """,
    }, cache, resolve=False)  # fmt: skip
    assert found == [("app.py", 3, "absolute-url")]
