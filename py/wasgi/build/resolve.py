"""Resolve requirements to wheels that run in Pyodide, and lock them.

pip does the resolving, told to pretend it installs for Pyodide's Python
(3.14, ``pyemscripten_2026_0_wasm32``) and to accept only wheels. When part of
the closure has no such wheel, ``fallbacks.py`` finds it and builds a
pure-Python wheel from source or takes it from ``--pyodide-index``, and pip
resolves again. Wheel files given as requirements (``local_wheels.py``) join
the resolution. Results are cached by the requirements' text, so a warm build
does not ask the index.
"""

from __future__ import annotations

import hashlib
import json
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

from . import stand_ins
from .digests import sha256_of
from .errors import ResolveError
from .fallbacks import Fallbacks
from .left_out import UNASKED
from .local_wheels import LocalWheel, check_local_wheel, looks_like_wheel_file
from .pip_cli import PipRun, run_pip
from .pip_errors import explain_pip_failure
from .pyodide_index import lock_url
from .target import PIP_TARGET_ARGS, PLATFORM_TAG, PYTHON_VERSION
from .wheel_tags import canonical_name, parse_wheel_filename

__all__ = ["PIP_TARGET_ARGS", "PLATFORM_TAG", "PYTHON_VERSION", "LockedWheel", "explain_pip_failure", "resolve",
           "sha256_of", "wheel_info"]  # fmt: skip

# pip prints this when it starts backtracking through older releases. With a
# package missing deep in the closure that takes minutes and ends in
# ResolutionImpossible, so the first attempt stops there and looks for culprits.
BACKTRACKING = "pip is looking at multiple versions of"
# Each round fixes at least one culprit; a closure with more is unheard of.
MAX_ROUNDS = 8


@dataclass(frozen=True)
class LockedWheel:
    """One wheel of the site's lock."""

    name: str
    version: str
    file: str
    sha256: str
    size: int


def wheel_info(filename: str) -> tuple[str, str, str]:
    """``(canonical name, version, platform tag)`` from a wheel's file name."""
    parsed = parse_wheel_filename(filename)
    if parsed is None:
        raise ResolveError(f"{filename!r} is not a wheel file name")
    return parsed.name, parsed.version, parsed.platform


def resolve(requirements: list[str], requirement_files: list[Path], cache: Path, *, log=print,
            pyodide_index: str | None = None, without: Sequence[str] = ()) -> list[LockedWheel]:  # fmt: skip
    """Return the locked closure of the requirements; wheels are in ``cache/wheels``.

    ``requirements`` may name wheel files; ``pyodide_index`` is the URL or path
    of a ``pyodide-lock.json`` to take packages from when pip has none;
    ``without`` names projects the site leaves out even when something requires them.
    """
    if not requirements and not requirement_files:
        return []
    local = [check_local_wheel(r) for r in requirements if looks_like_wheel_file(r)]
    if pyodide_index:
        pyodide_index = lock_url(pyodide_index)  # a relative path means the same lock from any folder
    named = [r for r in requirements if not looks_like_wheel_file(r)]
    wheels_dir = cache / "wheels"
    left_out = frozenset(canonical_name(name) for name in without)
    key = _cache_key(named, requirement_files, local, pyodide_index, left_out)
    memo = cache / "resolutions" / f"{key}.json"
    if memo.is_file():
        locked = [LockedWheel(**entry) for entry in json.loads(memo.read_text())]
        if all(_is_cached(wheels_dir / w.file, w) for w in locked):
            return locked
    log("Resolving " + ", ".join([*requirements, *(f"-r {f}" for f in requirement_files)]))
    wheels_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="resolve-", dir=cache) as tmp:
        dest = Path(tmp) / "download"
        fallbacks = Fallbacks(named, requirement_files, local, cache, Path(tmp), pyodide_index, without=left_out,
                              log=log)  # fmt: skip
        pip_requirements = named + [str(w.path) for w in local]
        stop_on: str | None = BACKTRACKING
        for _ in range(MAX_ROUNDS):
            shutil.rmtree(dest, ignore_errors=True)
            run = _pip_download(pip_requirements, requirement_files, dest, fallbacks.find_links, stop_on)
            if run.ok:
                break
            if fallbacks.fix(run.output):
                continue
            if run.stopped and not fallbacks.unavailable:
                # No culprit: a genuine conflict among available wheels; let pip backtrack.
                stop_on = None
                continue
            raise fallbacks.failure(run.output)
        else:
            raise fallbacks.failure(run.output)
        resolved = {wheel_info(p.name)[0] for p in dest.glob("*.whl")}
        for extra in fallbacks.index_dependencies(resolved):
            shutil.copy2(extra, dest / extra.name)
        locked = []
        for path in sorted(dest.glob("*.whl")):
            name, version, _ = wheel_info(path.name)
            if name in left_out:
                log(f"Leaving out {name} {version} (--without)")
                continue
            if name in fallbacks.left_out_unasked:
                log(f"Leaving out {name} {version}: it has no Pyodide wheel, and {UNASKED[name]} (README: Packages)")
                continue
            locked.append(LockedWheel(name, version, path.name, sha256_of(path), path.stat().st_size))
            shutil.move(str(path), wheels_dir / path.name)
        if list(dest.glob("*.tar.gz")) or list(dest.glob("*.zip")):
            raise ResolveError("pip fetched a source distribution although only wheels were allowed; please report this")
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps([asdict(w) for w in locked], indent=1))
    return locked


def _is_cached(path: Path, wheel: LockedWheel) -> bool:
    """The cached file is there and is the one the memo locked (a rebuilt local wheel may share its name)."""
    return path.is_file() and path.stat().st_size == wheel.size and sha256_of(path) == wheel.sha256


def _cache_key(requirements: list[str], requirement_files: list[Path], local: list[LocalWheel],
               pyodide_index: str | None, without: frozenset[str]) -> str:  # fmt: skip
    # "markers": resolutions made before markers were evaluated for Pyodide are not reused.
    digest = hashlib.sha256(f"{PYTHON_VERSION} {PLATFORM_TAG} markers\n".encode())
    for req in sorted(requirements):
        digest.update(b"req " + req.encode() + b"\n")
    for path in requirement_files:
        digest.update(b"file " + path.read_bytes() + b"\n")
    for wheel in sorted(local, key=lambda w: w.path.name):
        digest.update(f"wheel {wheel.path.name} {wheel.sha256}\n".encode())
    if pyodide_index:
        digest.update(f"pyodide-index {pyodide_index}\n".encode())
    for name in sorted(without):
        digest.update(f"without {name}\n".encode())
    digest.update(f"stand-ins {stand_ins.digest()} unasked {' '.join(sorted(UNASKED))}\n".encode())
    return digest.hexdigest()[:32]


def _pip_download(requirements: list[str], requirement_files: list[Path], dest: Path, find_links: list[Path],
                  stop_on: str | None) -> PipRun:  # fmt: skip
    args = [*PIP_TARGET_ARGS, "--dest", str(dest)]
    for folder in find_links:
        args += ["--find-links", str(folder)]
    args += requirements
    for path in requirement_files:
        args += ["-r", str(path)]
    return run_pip("download", args, stop_on=stop_on, for_pyodide=True)
