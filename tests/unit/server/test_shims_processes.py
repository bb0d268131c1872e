"""``multiprocessing.synchronize`` and ``.forkserver`` import where ``_multiprocessing`` is missing (Pyodide)."""

import sys

import pytest

from wasgi.server import shims
from wasgi.server.shims import processes
from wasgi.server.shims.errors import ProcessesUnavailableError


@pytest.fixture
def fresh_synchronize(monkeypatch):
    """``multiprocessing.synchronize`` imported anew, and the real one put back after."""
    import multiprocessing

    for name in (processes.SYNCHRONIZE, processes.FORKSERVER):
        monkeypatch.delitem(sys.modules, name, raising=False)
        child = name.rpartition(".")[2]
        if hasattr(multiprocessing, child):  # the import sets it to the stand-in: put the real one back after
            monkeypatch.setattr(multiprocessing, child, getattr(multiprocessing, child))
    shims.install()
    yield
    shims.uninstall()


def test_pyodide_is_where_it_is_needed():
    assert processes.needed() == (sys.platform == "emscripten")


def test_its_classes_import_and_refuse_to_be_made(fresh_synchronize, monkeypatch):
    monkeypatch.setattr(processes, "needed", lambda: True)  # as in Pyodide
    from multiprocessing.synchronize import Event, Lock  # what Hypercorn (so Quart) imports

    assert Event.__module__ == "multiprocessing.synchronize"
    with pytest.raises(ProcessesUnavailableError, match=r"multiprocessing\.Lock needs processes"):
        Lock()
    with pytest.raises(NotImplementedError):  # what CPython raises where these locks do not work
        Event()


def test_multiprocessing_itself_says_why(fresh_synchronize, monkeypatch):
    monkeypatch.setattr(processes, "needed", lambda: True)
    import multiprocessing

    with pytest.raises(ProcessesUnavailableError, match="a browser tab cannot start"):
        multiprocessing.Event()


def test_no_stand_in_where_python_has_its_locks(monkeypatch):
    monkeypatch.setattr(processes, "needed", lambda: False)
    assert processes.ProcessModulesStandIn().find_spec(processes.SYNCHRONIZE, None) is None


def test_the_fork_server_keeps_its_settings_and_starts_nothing(fresh_synchronize, monkeypatch):
    monkeypatch.setattr(processes, "needed", lambda: True)
    import multiprocessing.forkserver  # what NiceGUI imports, then reads

    assert multiprocessing.forkserver._forkserver._preload_modules == ["__main__"]
    multiprocessing.forkserver.set_forkserver_preload(["app"])
    assert multiprocessing.forkserver._forkserver._preload_modules == ["app"]
    with pytest.raises(TypeError):
        multiprocessing.forkserver.set_forkserver_preload([1])
    with pytest.raises(ProcessesUnavailableError, match="fork server needs processes"):
        multiprocessing.forkserver.ensure_running()
