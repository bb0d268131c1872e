"""Where wasgi keeps its cache and finds its own runtime files."""

from __future__ import annotations

import os
from pathlib import Path

import wasgi


def cache_dir() -> Path:
    """``$WASGI_CACHE_DIR``, else ``$XDG_CACHE_HOME/wasgi``, else ``~/.cache/wasgi``."""
    if env := os.environ.get("WASGI_CACHE_DIR"):
        return Path(env)
    base = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(base) / "wasgi"


def package_dir() -> Path:
    """The directory of the ``wasgi`` Python package."""
    return Path(wasgi.__file__).resolve().parent


def runtime_dir(name: str) -> Path:
    """The ``web``/``worker``/``demo`` folder: packaged in the wheel, or in the repository."""
    packaged = package_dir() / "_runtime" / name
    if packaged.is_dir():
        return packaged
    repo = package_dir().parents[1]
    return repo / ("examples/demo" if name == "demo" else name)
