"""Find which packages of a closure have no wheel for Pyodide.

When pip cannot resolve for Pyodide it often does not say why: for
``datasette`` it backtracks through every release and ends in
``ResolutionImpossible``, because MarkupSafe and PyYAML, deep in the closure,
have no Pyodide wheel. So the culprits are found in two steps:

1. the closure is resolved for the build machine, which has wheels or
   source distributions for everything (``pip install --dry-run --report``);
2. those exact versions are looked up for Pyodide in one ``pip install
   --dry-run --no-deps`` with the target's platform flags. pip names the first
   version it cannot find; that one is set aside and the rest asked again,
   until pip finds them all.
"""

from __future__ import annotations

import json
import re
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .errors import ResolveError
from .pip_cli import run_pip
from .pip_errors import NO_DIST, explain_pip_failure, unreadable_source
from .target import PIP_TARGET_ARGS
from .wheel_tags import canonical_name

_NAME = re.compile(r"^\s*([A-Za-z0-9][A-Za-z0-9._-]*)")


@dataclass(frozen=True)
class Pin:
    """A project at one version (None when no version of it was found at all)."""

    name: str
    version: str | None
    needed_by: tuple[str, ...] = field(default=(), compare=False)

    @property
    def key(self) -> str:
        return canonical_name(self.name)

    def __str__(self) -> str:
        return f"{self.name} {self.version}" if self.version else self.name


class ClosureFailed(Exception):
    """pip could not resolve the requirements even for the build machine; ``output`` says why."""

    def __init__(self, output: str) -> None:
        super().__init__(output)
        self.output = output


def project_of(requirement: str) -> str | None:
    """The project name at the start of a requirement string, as spelled there."""
    match = _NAME.match(requirement)
    return match[1] if match else None


def requirement_name(requirement: str) -> str | None:
    """The project name at the start of a requirement string, canonical."""
    project = project_of(requirement)
    return canonical_name(project) if project else None


def missing_from_output(output: str) -> str | None:
    """The requirement pip reports as "No matching distribution found for X", or the
    project whose source distribution's metadata it could not generate, if any."""
    match = NO_DIST.search(output)
    return match["req"] if match else unreadable_source(output)


def host_closure(requirements: list[str], requirement_files: list[Path], find_links: list[Path], work: Path) -> list[Pin]:
    """Resolve the requirements for the build machine and return every pinned project.

    Requires-Python is ignored: the build machine's Python (3.11+) is older
    than Pyodide's, and the closure is only a list of candidates to check.
    Raises ``ClosureFailed`` with pip's output when even that fails.
    """
    with tempfile.TemporaryDirectory(prefix="closure-", dir=work) as tmp:
        report = Path(tmp) / "report.json"
        args = ["--dry-run", "--ignore-installed", "--ignore-requires-python", "--quiet", "--report", str(report)]
        for folder in find_links:
            args += ["--find-links", str(folder)]
        args += requirements
        for path in requirement_files:
            args += ["-r", str(path)]
        run = run_pip("install", args, for_pyodide=True)
        if not run.ok or not report.is_file():
            raise ClosureFailed(run.output)
        installs = json.loads(report.read_text())["install"]
    parents: dict[str, list[str]] = {}
    for item in installs:
        for req in item["metadata"].get("requires_dist") or []:
            if re.search(r"\bextra\s*==", req):
                continue  # only needed for an extra; the report does not say which extras were chosen
            name = requirement_name(req)
            # A requirement listed once per environment marker names its parent once.
            if name and item["metadata"]["name"] not in parents.setdefault(name, []):
                parents[name].append(item["metadata"]["name"])
    return [
        Pin(item["metadata"]["name"], item["metadata"]["version"],
            tuple(parents.get(canonical_name(item["metadata"]["name"]), ())))
        for item in installs
    ]  # fmt: skip


def without_target_wheel(pins: list[Pin], find_links: list[Path], work: Path, *,
                         found: Callable[[Pin], None] = lambda pin: None) -> list[Pin]:  # fmt: skip
    """The pins pip finds no Pyodide or pure-Python wheel for (with ``find_links`` searched too).

    ``found`` is called with each one as soon as pip names it.
    """
    remaining = [p for p in pins if p.version]
    missing: list[Pin] = []
    with tempfile.TemporaryDirectory(prefix="probe-", dir=work) as tmp:
        while remaining:
            # --dry-run reads only metadata (PEP 658), so checking 30 pins downloads no wheel.
            args = ["--dry-run", "--no-deps", "--ignore-installed", "--target", tmp, *PIP_TARGET_ARGS, "--quiet"]
            for folder in find_links:
                args += ["--find-links", str(folder)]
            run = run_pip("install", args + [f"{p.name}=={p.version}" for p in remaining], for_pyodide=True)
            if run.ok:
                break
            req = missing_from_output(run.output)
            culprit = next((p for p in remaining if req and p.key == requirement_name(req)), None)
            if culprit is None:
                raise ResolveError(explain_pip_failure(run.output))
            missing.append(culprit)
            remaining.remove(culprit)
            found(culprit)
    return missing
