import sys

import pytest

from wasgi.server import AppLoadError
from wasgi.server.app_loader import load_app


@pytest.fixture
def app_dir(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    yield tmp_path
    for name in ("loader_ok", "loader_broken", "loader_missing_dep", "loader_wsgi"):
        sys.modules.pop(name, None)


def test_loads_dotted_attribute(app_dir):
    (app_dir / "loader_ok.py").write_text("class Holder:\n    async def app(self, s, r, w): pass\nholder = Holder()\n")
    assert callable(load_app("loader_ok:holder.app"))


def test_missing_module_names_it(app_dir):
    with pytest.raises(AppLoadError, match="No module named 'nope'"):
        load_app("nope:app")


def test_missing_attribute_names_it(app_dir):
    (app_dir / "loader_ok.py").write_text("app = None\nasync def application(s, r, w): pass\n")
    with pytest.raises(AppLoadError, match="has no attribute 'aplication'"):
        load_app("loader_ok:aplication")


def test_import_error_inside_app_keeps_the_cause(app_dir):
    (app_dir / "loader_missing_dep.py").write_text("import not_installed_anywhere\n")
    with pytest.raises(AppLoadError, match="not_installed_anywhere") as info:
        load_app("loader_missing_dep:app")
    assert isinstance(info.value.__cause__, ModuleNotFoundError)
    # Which file needs it, and the fix, including for a dependency left out with --without.
    assert "loader_missing_dep.py imports it. Add it to the site's requirements" in str(info.value)
    assert "--without" in str(info.value)


def test_exception_at_import_is_reported(app_dir):
    (app_dir / "loader_broken.py").write_text("raise ValueError('bad config')\n")
    with pytest.raises(AppLoadError, match="ValueError: bad config"):
        load_app("loader_broken:app")


def test_non_callable_is_rejected(app_dir):
    (app_dir / "loader_ok.py").write_text("app = 42\n")
    with pytest.raises(AppLoadError, match="not an ASGI or WSGI application"):
        load_app("loader_ok:app")


def test_a_wsgi_app_is_served_and_said_so(app_dir, caplog):
    (app_dir / "loader_wsgi.py").write_text("def app(environ, start_response):\n    return []\n")
    with caplog.at_level("INFO", logger="wasgi.server"):
        app = load_app("loader_wsgi:app")
    assert type(app).__name__ == "WSGIMiddleware"
    assert "Serving 'loader_wsgi:app' as a WSGI app (Uvicorn's --interface wsgi)" in caplog.text


def test_a_standard_module_python_lacks_is_not_sent_to_the_requirements(app_dir, monkeypatch):
    # Pyodide's Python has no _multiprocessing; here a module of the app stands in for the package importing it.
    (app_dir / "loader_uses_stdlib.py").write_text("import loader_lib\n")
    (app_dir / "loader_lib.py").write_text("import _curses_panel_missing_here\n")
    monkeypatch.setattr("sys.stdlib_module_names", sys.stdlib_module_names | {"_curses_panel_missing_here"})
    with pytest.raises(AppLoadError) as info:
        load_app("loader_uses_stdlib:app")
    message = str(info.value).splitlines()[0]
    assert "'_curses_panel_missing_here' is part of Python's standard library" in message
    assert "loader_lib.py imports it" in message
    assert "wasgi build -p" not in message
