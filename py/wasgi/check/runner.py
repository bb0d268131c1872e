"""Run every check on one app and collect the findings."""

from __future__ import annotations

import sys
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from .calls import check_calls
from .django_settings import check_django_settings
from .findings import Finding, Severity, ignored
from .imports import check_imports
from .packages import Resolution, pyodide_stdlib, requirement_inputs, resolve_packages
from .rules import finding
from .sources import collect
from .urls import check_urls


@dataclass
class CheckOptions:
    """What ``wasgi check`` was asked to do (the build's options, plus the check's own)."""

    app: str
    app_dir: Path | None = None
    requirements: list[str] = field(default_factory=list)
    requirement_files: list[Path] = field(default_factory=list)
    base_path: str | None = None
    without: list[str] = field(default_factory=list)  # dependencies the site leaves out (wasgi build --without)
    resolve: bool = True  # resolve the requirements for Pyodide (may use the network once)
    runtime: bool = False  # build the site and boot it in Chromium
    chromium: str | None = None
    cache: Path | None = None  # wasgi's cache (resolutions, wheels, Pyodide); default: cache_dir()
    site_cache: Path | None = None  # where --runtime keeps built sites; default: <cache>/check-sites


@dataclass
class CheckResult:
    spec: str
    files: int  # Python files checked
    findings: list[Finding]
    details: list[str] = field(default_factory=list)  # tracebacks from --runtime, for -v

    @property
    def errors(self) -> int:
        return sum(f.severity is Severity.ERROR for f in self.findings)

    @property
    def warnings(self) -> int:
        return sum(f.severity is Severity.WARNING for f in self.findings)


def _stderr(message: str) -> None:
    print(message, file=sys.stderr)


def run_check(options: CheckOptions, *, log: Callable[[str], None] = _stderr) -> CheckResult:
    """Check the app; raises ``wasgi.build.AppSpecError`` for a bad app spec."""
    from wasgi.build.appspec import parse_app_spec
    from wasgi.build.locations import cache_dir

    spec = parse_app_spec(options.app, options.app_dir)
    cache = options.cache or cache_dir()
    sources = collect(spec.app_dir)
    found: list[Finding] = [
        finding(s.path, s.error.lineno or 1, "syntax-error", f"does not parse: {s.error.msg}")
        for s in sources.python if s.error  # fmt: skip
    ]
    for source in sources.python:
        found.extend(check_calls(source))
    requirements, files = requirement_inputs(spec.requirements_file, options.requirements, options.requirement_files)
    resolution = (resolve_packages(requirements, files, where=spec.source, cache=cache, log=log,
                                   without=options.without)
                  if options.resolve else Resolution())  # fmt: skip
    found.extend(resolution.findings)
    found.extend(check_imports(sources, resolution, pyodide_stdlib(cache, download=options.resolve)))
    found.extend(check_urls(sources, options.base_path))
    found.extend(check_django_settings(sources, resolution))
    details: list[str] = []
    # A site that cannot resolve cannot build: booting it would only repeat the findings above.
    if options.runtime and resolution.findings:
        log("wasgi check: --runtime skipped: the requirements do not resolve")
    elif options.runtime:
        from wasgi.testing.config import SiteConfig

        from .runtime import check_runtime

        config = SiteConfig(app=options.app, app_dir=options.app_dir, requirements=tuple(options.requirements),
                            requirement_files=tuple(options.requirement_files),
                            base_path=options.base_path, without=tuple(options.without))  # fmt: skip
        sites = options.site_cache or cache / "check-sites"
        report = check_runtime(config, spec.source, spec.app_dir, site_cache=sites, chromium=options.chromium, log=log)
        found.extend(report.findings)
        details = report.details
    kept = _without_ignored(found)
    return CheckResult(spec.spec, len(sources.python), sorted(set(kept), key=lambda f: f.sort_key), details)


def _without_ignored(found: list[Finding]) -> list[Finding]:
    """The findings whose line has no ``wasgi: ignore`` comment for their code."""
    lines: dict[Path, list[str]] = {}
    kept = []
    for item in found:
        path = Path(item.path)
        if path not in lines:
            try:
                lines[path] = path.read_text(encoding="utf-8", errors="replace").splitlines()
            except OSError:
                lines[path] = []
        text = lines[path][item.line - 1] if 0 < item.line <= len(lines[path]) else ""
        if not ignored(text, item.code):
            kept.append(item)
    return kept
