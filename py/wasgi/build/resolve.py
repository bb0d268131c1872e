"""Resolve requirements to wheels that run in Pyodide, and lock them.

pip does the resolving, told to pretend it installs for Pyodide's Python
(3.14, ``pyemscripten_2026_0_wasm32``) and to accept only wheels. Results are
cached by the requirements' text, so a warm build does not ask the index.
"""

from __future__ import annotations

import hashlib
import json
import re
import shutil
import subprocess
import sys
import tempfile
from dataclasses import asdict, dataclass
from pathlib import Path

from .errors import ResolveError

PYTHON_VERSION = "3.14"
PLATFORM_TAG = "pyemscripten_2026_0_wasm32"
PIP_TARGET_ARGS = [
    "--only-binary=:all:",
    "--platform", PLATFORM_TAG,
    "--platform", "any",
    "--python-version", PYTHON_VERSION,
    "--implementation", "cp",
    "--abi", "cp314", "--abi", "abi3", "--abi", "none",
]  # fmt: skip
_WHEEL_NAME = re.compile(r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-\d[^-]*)?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$")


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
    match = _WHEEL_NAME.match(filename)
    if not match:
        raise ResolveError(f"{filename!r} is not a wheel file name")
    name = re.sub(r"[-_.]+", "-", match["name"]).lower()
    return name, match["version"], match["plat"]


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while chunk := f.read(1 << 20):
            digest.update(chunk)
    return digest.hexdigest()


def resolve(requirements: list[str], requirement_files: list[Path], cache: Path, *, log=print) -> list[LockedWheel]:
    """Return the locked closure of the requirements; wheels are in ``cache/wheels``."""
    if not requirements and not requirement_files:
        return []
    wheels_dir = cache / "wheels"
    key = _cache_key(requirements, requirement_files)
    memo = cache / "resolutions" / f"{key}.json"
    if memo.is_file():
        locked = [LockedWheel(**entry) for entry in json.loads(memo.read_text())]
        if all((wheels_dir / w.file).is_file() for w in locked):
            return locked
    log("Resolving " + ", ".join([*requirements, *(f"-r {f}" for f in requirement_files)]))
    wheels_dir.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="download-", dir=cache) as tmp:
        _pip_download(requirements, requirement_files, Path(tmp))
        locked = []
        for path in sorted(Path(tmp).glob("*.whl")):
            name, version, _ = wheel_info(path.name)
            locked.append(LockedWheel(name, version, path.name, sha256_of(path), path.stat().st_size))
            shutil.move(str(path), wheels_dir / path.name)
        if list(Path(tmp).glob("*.tar.gz")) or list(Path(tmp).glob("*.zip")):
            raise ResolveError("pip fetched a source distribution although only wheels were allowed; please report this")
    memo.parent.mkdir(parents=True, exist_ok=True)
    memo.write_text(json.dumps([asdict(w) for w in locked], indent=1))
    return locked


def _cache_key(requirements: list[str], requirement_files: list[Path]) -> str:
    digest = hashlib.sha256(f"{PYTHON_VERSION} {PLATFORM_TAG}\n".encode())
    for req in sorted(requirements):
        digest.update(b"req " + req.encode() + b"\n")
    for path in requirement_files:
        digest.update(b"file " + path.read_bytes() + b"\n")
    return digest.hexdigest()[:32]


def _pip_download(requirements: list[str], requirement_files: list[Path], dest: Path) -> None:
    cmd = [sys.executable, "-m", "pip", "download", *PIP_TARGET_ARGS, "--dest", str(dest), "--no-input",
           "--progress-bar", "off", "--disable-pip-version-check", *requirements]  # fmt: skip
    for path in requirement_files:
        cmd += ["-r", str(path)]
    proc = subprocess.run(cmd, capture_output=True, text=True)
    if proc.returncode != 0:
        raise ResolveError(explain_pip_failure(proc.stderr + proc.stdout))


_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement (?P<req>.+?) \(from versions: (?P<versions>[^)]*)\)")
_NO_DIST = re.compile(r"No matching distribution found for (?P<req>\S+)")


def explain_pip_failure(output: str) -> str:
    """Turn pip's output into one line per failing package."""
    lines = []
    for match in _NO_VERSION.finditer(output):
        req = match["req"]
        parent = re.search(r"\(from ([^)]+)\)", req)
        req = re.sub(r"\s*\(from [^)]+\)", "", req).strip()
        needed = f" (needed by {parent.group(1)})" if parent else ""
        lines.append(
            f"no wheel of {req!r}{needed} runs in Pyodide: the index has neither a pure-Python nor a "
            f"{PLATFORM_TAG} wheel for it; pick a version that has one, or build one (README: Packages)"
        )
    if lines:
        return "\n".join(dict.fromkeys(lines))
    if match := _NO_DIST.search(output):
        return f"no wheel of {match['req']!r} runs in Pyodide (README: Packages)"
    if re.search(r"Failed to establish a new connection|Max retries exceeded|Could not fetch URL|Temporary failure in name resolution", output):
        return "could not reach the package index; check the network or pip's index settings (pip config list)"
    if "conflicting dependencies" in output or "ResolutionImpossible" in output:
        return "the requirements conflict: " + _last_error(output)
    return "pip could not resolve the requirements: " + _last_error(output)


def _last_error(output: str) -> str:
    errors = [line.removeprefix("ERROR: ").strip() for line in output.splitlines() if line.startswith("ERROR:")]
    return errors[-1] if errors else (output.strip().splitlines() or ["no output"])[-1]
