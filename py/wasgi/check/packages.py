"""What the app can import in the browser: the site's wheels and Pyodide's standard library.

The requirements are resolved as ``wasgi build`` resolves them (the same
function, the same cache), so a package without a wheel for Pyodide shows
here as it would fail the build. Each locked wheel is then opened to list
the top-level names it can be imported as (``PyYAML`` -> ``yaml``).
"""

from __future__ import annotations

import re
import sys
import zipfile
from dataclasses import dataclass, field
from pathlib import Path

from .findings import Finding
from .rules import finding

# Modules Pyodide provides besides its standard library zip ("js" is the page's global scope), and
# wasgi's own runtime, which every site has.
PYODIDE_PROVIDED = {"js", "pyodide", "pyodide_js", "_pyodide", "wasgi"}
_NO_WHEEL = re.compile(r"^no wheel of (?P<name>[A-Za-z0-9][A-Za-z0-9._-]*)(?: \S+)?(?: \(needed by (?P<by>[^)]*)\))?")


@dataclass
class Resolution:
    """The site's packages as the check knows them; ``provided`` is None when they could not be resolved."""

    provided: set[str] | None = None  # top-level import names of the locked wheels
    projects: list[str] = field(default_factory=list)
    findings: list[Finding] = field(default_factory=list)


def requirement_inputs(default: Path, requirements: list[str],
                       requirement_files: list[Path]) -> tuple[list[str], list[Path]]:  # fmt: skip
    """The requirements the build would use: as given, else ``default`` (``AppSpec.requirements_file``)."""
    if not requirements and not requirement_files and default.is_file():
        return [], [default]
    return list(requirements), list(requirement_files)


def resolve_packages(requirements: list[str], requirement_files: list[Path], *, where: Path, cache: Path,
                     log=print, without: list[str] | None = None) -> Resolution:  # fmt: skip
    """Resolve for Pyodide; a failure becomes findings (``where`` is the file they point at
    when no requirement line can be named)."""
    from wasgi.build import BuildError, PackagesUnavailableError
    from wasgi.build.resolve import resolve

    for path in requirement_files:
        if not path.is_file():
            missing = finding(where, 1, "resolve-failed", f"requirements file {path} does not exist")
            return Resolution(findings=[missing])
    try:
        wheels = resolve(requirements, requirement_files, cache, log=log, without=without or ())
    except PackagesUnavailableError as exc:
        return Resolution(findings=[_no_wheel(line, requirement_files, where) for line in exc.lines])
    except BuildError as exc:
        first = (str(exc).splitlines() or [""])[0]
        return Resolution(findings=[finding(_first_file(requirement_files, where), 1, "resolve-failed",
                                            "the requirements do not resolve for Pyodide: " + first)])  # fmt: skip
    provided: set[str] = set()
    for wheel in wheels:
        provided |= wheel_import_names(cache / "wheels" / wheel.file)
    return Resolution(provided, [wheel.name for wheel in wheels])


def wheel_import_names(path: Path) -> set[str]:
    """The top-level names a wheel installs: ``pkg/``, ``mod.py``, ``ext.cpython-314-....so``."""
    names: set[str] = set()
    with zipfile.ZipFile(path) as wheel:
        for entry in wheel.namelist():
            parts = entry.split("/")
            if parts[0].endswith(".data") and len(parts) > 3 and parts[1] in ("purelib", "platlib"):
                parts = parts[2:]
            top = parts[0]
            if top.endswith((".dist-info", ".data")) or not top:
                continue
            if len(parts) > 1:
                names.add(top)
            elif top.endswith((".py", ".so", ".pyd")):
                names.add(top.split(".")[0])
    return names


def pyodide_stdlib(cache: Path, *, download: bool) -> set[str] | None:
    """Top-level module names in Pyodide's ``python_stdlib.zip``; None when it is not at hand."""
    from wasgi.build.pyodide_dist import PYODIDE_VERSION, ensure_pyodide

    folder = cache / "pyodide" / PYODIDE_VERSION
    if not (folder / ".complete").is_file():
        if not download:
            return None
        try:
            folder = ensure_pyodide(cache, log=lambda message: print(message, file=sys.stderr))
        except Exception:  # offline: the other checks still run
            return None
    with zipfile.ZipFile(folder / "python_stdlib.zip") as stdlib:
        return {name.split("/")[0].removesuffix(".py") for name in stdlib.namelist()}


def _no_wheel(line: str, requirement_files: list[Path], where: Path) -> Finding:
    """A build error line ("no wheel of X 1.0 (needed by Y) runs in Pyodide: ...; try ...") as a finding
    on the requirement line that brings X in."""
    match = _NO_WHEEL.match(line)
    message, _, fix = line.partition("; try ")
    path, number = where, 1
    if match:
        wanted = [match["name"], *(match["by"] or "").replace(",", " ").split()]
        path, number = _locate(wanted, requirement_files) or (where, 1)
    return finding(path, number, "no-wheel", message, ("try " + fix) if fix else None)


def _locate(projects: list[str], requirement_files: list[Path]) -> tuple[Path, int] | None:
    """The first requirement line naming one of ``projects``."""
    from wasgi.build.culprits import requirement_name
    from wasgi.build.wheel_tags import canonical_name

    wanted = {canonical_name(p) for p in projects}
    for path in requirement_files:
        for number, text in enumerate(path.read_text(encoding="utf-8", errors="replace").splitlines(), 1):
            text = text.split("#", 1)[0].strip()
            if text and not text.startswith("-") and requirement_name(text) in wanted:
                return path, number
    return None


def _first_file(requirement_files: list[Path], where: Path) -> Path:
    return requirement_files[0] if requirement_files else where
