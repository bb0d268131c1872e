"""Post-import hooks: a callback runs once a watched module has been imported."""

import logging
import sys
from importlib.machinery import SourceFileLoader

import pytest

from wasgi.server.shims.errors import ShimError
from wasgi.server.shims.import_hook import PostImportHooks

NAMES = ("hooked_module", "unwatched_module")


@pytest.fixture
def hooks(tmp_path, monkeypatch):
    monkeypatch.syspath_prepend(str(tmp_path))
    for name in NAMES:
        (tmp_path / f"{name}.py").write_text("VALUE = 1\n")
    hooks = PostImportHooks()
    sys.meta_path.insert(0, hooks)
    yield hooks
    sys.meta_path.remove(hooks)
    for name in NAMES:
        sys.modules.pop(name, None)


def test_callback_runs_after_the_module_is_imported(hooks):
    seen = []
    hooks.when_imported("hooked_module", lambda module: seen.append(module.VALUE))
    assert seen == []
    import hooked_module

    assert seen == [1]
    # The module looks imported the usual way.
    assert type(hooked_module.__loader__) is SourceFileLoader
    assert hooked_module.__spec__.loader is hooked_module.__loader__


def test_callback_runs_at_once_for_a_module_already_imported(hooks):
    import hooked_module  # noqa: F401

    seen = []
    hooks.when_imported("hooked_module", seen.append)
    assert seen == [sys.modules["hooked_module"]]


def test_other_modules_are_left_alone(hooks):
    hooks.when_imported("hooked_module", lambda module: None)
    import unwatched_module

    assert type(unwatched_module.__loader__) is SourceFileLoader


def test_a_shim_that_cannot_apply_is_logged_and_the_import_goes_on(hooks, caplog):
    def incompatible(module):
        raise ShimError("Backend.method does not exist")

    hooks.when_imported("hooked_module", incompatible)
    with caplog.at_level(logging.WARNING, logger="wasgi.shims"):
        import hooked_module

    assert hooked_module.VALUE == 1
    assert "could not adapt hooked_module to the browser (Backend.method does not exist)" in caplog.text
