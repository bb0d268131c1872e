"""Memory snapshots: the interpreter's memory with the app's dependencies
already imported, made at build time and restored in the browser instead of
a normal boot.

A snapshot holds memory, not files: after a restore the worker puts
site-packages and the app back on the filesystem before anything imports,
then calls ``after_restore``. Only third-party and stdlib modules are
imported into a snapshot, never the app's own: an app's import-time side
effects (an open database, say) must not be frozen into memory.
"""

from __future__ import annotations

import importlib
import random
import sys
from importlib.machinery import FileFinder


def preimport(modules: list[str], maybe: list[str] = ()) -> list[str]:
    """Import each module (at build time, in the snapshot's interpreter); return those that failed.

    ``maybe`` names that may not be modules at all (``from pkg import name``
    names a function as often as a submodule): their failures go unreported.
    A module that cannot be imported here (it needs the app's settings, say)
    is simply imported later, as without a snapshot.
    """
    from .shims import install

    install()  # the shims patch libraries as they are imported; they must be in place first
    failed = []
    for name in [*modules, *maybe]:
        try:
            importlib.import_module(name)
        except BaseException:  # noqa: BLE001 - anything at all: this module stays out of the snapshot
            if name in modules:
                failed.append(name)
    return failed


def after_restore() -> None:
    """Make a restored interpreter fit for this visit."""
    # Every restore starts from the same memory: without a reseed, every
    # visitor would draw the same "random" numbers.
    random.seed()
    # The files are new since the snapshot: drop what importlib cached about
    # folders. Only the folder finders: importlib.invalidate_caches() would also
    # re-read the standard library's zip index, 150 ms for nothing.
    for finder in list(sys.path_importer_cache.values()):
        if isinstance(finder, FileFinder):
            finder.invalidate_caches()
