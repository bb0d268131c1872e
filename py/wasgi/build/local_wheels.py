"""Wheel files given as requirements (``-p ./dist/pkg-1.0-cp314-cp314-pyemscripten_2026_0_wasm32.whl``).

A wheel built with pyodide-build, or any pure-Python wheel, can join a site
this way. Its tag is checked here, so a wheel built for the wrong platform
fails the build with one line; pip then resolves it with everything else, so
its own dependencies come along.
"""

from __future__ import annotations

import email.parser
import re
import zipfile
from dataclasses import dataclass
from pathlib import Path

from .errors import LocalWheelError
from .digests import sha256_of
from .wheel_tags import EXPECTED_TAGS, WheelFilename, parse_wheel_filename, wheel_runs_in_pyodide


@dataclass(frozen=True)
class LocalWheel:
    """A checked wheel file and what it needs."""

    path: Path  # absolute
    wheel: WheelFilename
    sha256: str
    requires: tuple[str, ...]  # its Requires-Dist, without extras' requirements


def looks_like_wheel_file(spec: str) -> bool:
    """Whether a ``-p`` value names a wheel file (not ``name @ https://.../x.whl``, not a URL)."""
    spec = spec.strip()
    return spec.lower().endswith(".whl") and "@" not in spec and not re.match(r"^[a-z][a-z0-9+.-]*://", spec, re.I)


def check_local_wheel(spec: str) -> LocalWheel:
    """Check the file exists, is a wheel, and is tagged for Pyodide; raise ``LocalWheelError`` if not."""
    path = Path(spec.strip()).expanduser()
    if not path.is_file():
        raise LocalWheelError(f"wheel file {spec!r} does not exist")
    parsed = parse_wheel_filename(path.name)
    if parsed is None:
        raise LocalWheelError(f"{spec!r} is not a wheel file name (name-version-python-abi-platform.whl)")
    if not wheel_runs_in_pyodide(parsed):
        raise LocalWheelError(
            f"wheel {spec} is tagged {parsed.tag}, which does not run in Pyodide: it needs {EXPECTED_TAGS}; "
            "build it with pyodide-build (README: Packages)"
        )
    return LocalWheel(path.resolve(), parsed, sha256_of(path), tuple(_requirements(path, spec)))


def _requirements(path: Path, spec: str) -> list[str]:
    """The wheel's Requires-Dist lines that apply without extras."""
    try:
        with zipfile.ZipFile(path) as zf:
            name = next(n for n in zf.namelist() if re.fullmatch(r"[^/]+\.dist-info/METADATA", n))
            metadata = email.parser.Parser().parsestr(zf.read(name).decode("utf-8", "replace"))
    except (zipfile.BadZipFile, StopIteration, OSError) as exc:
        raise LocalWheelError(f"wheel {spec} cannot be read ({exc or 'no .dist-info/METADATA'})") from None
    return [req for req in metadata.get_all("Requires-Dist") or [] if not re.search(r"\bextra\s*==", req)]
