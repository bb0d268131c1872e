"""The app's source (a pack, see pack.py) and wasgi's in-browser Python (a
zip, packed with the wheels into site-packages) for the site.

Both are deterministic (sorted entries, fixed timestamps), so an unchanged
app gives byte-identical output and the same hash.
"""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

from . import pack
from .locations import package_dir

# Never bundled: VCS data, caches, virtualenvs, sites wasgi built before (a folder with
# _wasgi/lock.json: an earlier `-o` beside the app), and every dotfile (.env often holds secrets).
SKIPPED_DIRS = {"__pycache__", "node_modules", "venv", "site-packages"}
SKIPPED_SUFFIXES = {".pyc", ".pyo", ".whl"}
# The in-browser half of the wasgi package: the package marker and these subpackages.
RUNTIME_PACKAGES = ("server", "data")


def _deterministic_zip(entries: list[tuple[str, Path]]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED, compresslevel=6) as zf:
        for arcname, path in sorted(entries):
            info = zipfile.ZipInfo(arcname, date_time=(1980, 1, 1, 0, 0, 0))
            info.external_attr = 0o644 << 16
            info.compress_type = zipfile.ZIP_DEFLATED
            zf.writestr(info, path.read_bytes())
    return buf.getvalue()


def app_files(app_dir: Path, exclude: list[Path]) -> list[tuple[str, Path]]:
    """The files of the app folder that go into the bundle, as (name in zip, path)."""
    excluded = {p.resolve() for p in exclude}
    found: list[tuple[str, Path]] = []
    pending = [app_dir.resolve()]
    while pending:
        folder = pending.pop()
        for entry in folder.iterdir():
            if entry.name.startswith(".") or entry.resolve() in excluded:
                continue
            if entry.is_dir():
                if entry.name not in SKIPPED_DIRS and not (entry / "pyvenv.cfg").exists() \
                        and not (entry / "_wasgi" / "lock.json").exists():  # fmt: skip
                    pending.append(entry)
            elif entry.is_file() and entry.suffix not in SKIPPED_SUFFIXES:
                found.append((entry.relative_to(app_dir.resolve()).as_posix(), entry))
    return found


def pack_app(app_dir: Path, exclude: list[Path]) -> bytes:
    """The app folder as a pack (see pack.py), written to ``/app`` in the worker."""
    return pack_files(app_files(app_dir, exclude))


def pack_files(entries: list[tuple[str, Path]]) -> bytes:
    """These (name in the pack, path) entries as a deterministic pack."""
    return pack.pack_files({name: path.read_bytes() for name, path in entries})


def zip_files(entries: list[tuple[str, Path]]) -> bytes:
    """These (name in zip, path) entries as a deterministic zip."""
    return _deterministic_zip(entries)


def zip_runtime() -> bytes:
    """``wasgi/__init__.py`` and ``wasgi/server/``, unpacked into site-packages."""
    root = package_dir()
    entries = [("wasgi/__init__.py", root / "__init__.py")]
    for sub in RUNTIME_PACKAGES:
        for path in (root / sub).rglob("*.py"):
            entries.append((Path("wasgi", path.relative_to(root)).as_posix(), path))
    return _deterministic_zip(entries)
