"""``install()`` patches what is imported and hooks what is not; ``uninstall()`` undoes all."""

import asyncio
import sys

import asgiref.sync

from wasgi.server import shims
from wasgi.server.shims import asgiref_inline
from wasgi.server.shims.patch import Patch
from wasgi.server.shims.errors import ShimError


def test_install_is_idempotent_and_uninstall_undoes_it():
    before = (sys.meta_path[:], asgiref.sync.SyncToAsync.__call__, asyncio.BaseEventLoop.run_in_executor)
    shims.install()
    shims.install()
    try:
        assert shims.installed()
        assert sum(isinstance(f, shims.PostImportHooks) for f in sys.meta_path) == 1
        assert asgiref.sync.SyncToAsync.__call__ is asgiref_inline.sync_to_async_call
        assert asgiref.sync.AsyncToSync.__call__ is asgiref_inline.async_to_sync_call
    finally:
        shims.uninstall()
    assert not shims.installed()
    assert (sys.meta_path, asgiref.sync.SyncToAsync.__call__, asyncio.BaseEventLoop.run_in_executor) == before


def test_patch_restores_inherited_and_own_attributes():
    class Base:
        def method(self):
            return "base"

    class Child(Base):
        pass

    patch = Patch(Child, "method", lambda self: "patched")
    patch.apply()
    assert Child().method() == "patched"
    patch.revert()
    assert "method" not in vars(Child) and Child().method() == "base"


def test_patching_a_missing_attribute_names_it():
    class Backend:
        pass

    try:
        Patch(Backend, "run_sync_in_worker_thread", None).apply()
    except ShimError as exc:
        assert "Backend.run_sync_in_worker_thread does not exist" in str(exc)
    else:
        raise AssertionError("no ShimError")
