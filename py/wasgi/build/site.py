"""Assemble a site folder from an app spec.

Layout of a built site::

    index.html                 the shell page (progress, the app's pages in a frame, errors)
    404.html                   the shell again, for deep links on hosts that serve it (GitHub Pages)
    wasgi-sw.js                the service worker that routes the app's URLs to the shell
    .nojekyll                  so GitHub Pages serves the _wasgi/ folder
    _wasgi/lock.json           what the worker loads, each file with sha256 and size
    _wasgi/wasgi.mjs           start() for pages that embed the app (re-exports the runtime)
    _wasgi/r-<hash>/web/       page-side JavaScript      _wasgi/r-<hash>/worker/  the Web Worker
    _wasgi/pyodide-<version>/  the Pyodide core
    _wasgi/site-packages-<hash>.pack.gz   the locked wheels and wasgi's in-browser Python, installed
    _wasgi/app-<hash>.pack.gz  the app's source
"""

from __future__ import annotations

import hashlib
import html
import json
import os
import shutil
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path

import wasgi

from . import bundle
from .appspec import AppSpec, parse_app_spec
from .errors import BuildError
from .locations import cache_dir, runtime_dir
from .pyodide_dist import CORE_FILES, PYODIDE_VERSION, ensure_pyodide
from .resolve import resolve
from .pack import build_pack
from .preload import boot_modules, embed_module
from .snapshot import snapshot_plan

RUNTIME_DIR = "_wasgi"
SERVICE_WORKER = "wasgi-sw.js"
OWN_ENTRIES = (RUNTIME_DIR, "index.html", "404.html", SERVICE_WORKER, ".nojekyll")


@dataclass
class BuildOptions:
    """What ``wasgi build`` was asked to do."""

    app: str
    out: Path
    requirements: list[str] = field(default_factory=list)
    requirement_files: list[Path] = field(default_factory=list)
    app_dir: Path | None = None
    base_path: str | None = None
    title: str | None = None
    allow_install: bool = False  # let ?install= add packages through micropip
    snapshot: bool = True  # let browsers keep a memory snapshot of the booted app
    dev: bool = False  # for `wasgi serve --reload`: reload on rebuilds, error overlay, logs to the terminal
    pyodide_index: str | None = None  # URL or path of a pyodide-lock.json to take packages pip has no wheel for
    without: list[str] = field(default_factory=list)  # dependencies to leave out of the site


@dataclass
class BuildResult:
    out: Path
    spec: AppSpec
    files: int
    bytes: int
    seconds: float


def normalize_base_path(value: str | None) -> str | None:
    """``repo`` or ``/repo`` or ``/repo/`` -> ``/repo/``; ``/`` stays ``/``."""
    if value is None:
        return None
    value = "/" + value.strip("/")
    return value if value == "/" else value + "/"


def build_site(opts: BuildOptions, *, log=print) -> BuildResult:
    """Build the site; raises ``BuildError`` subclasses with one-line messages."""
    started = time.perf_counter()
    spec = parse_app_spec(opts.app, opts.app_dir)
    out = opts.out.resolve()
    _check_output_dir(out)
    requirement_files = list(opts.requirement_files)
    if not opts.requirements and not requirement_files and spec.requirements_file.is_file():
        requirement_files = [spec.requirements_file]
        log(f"Using {requirement_files[0]}")
    elif not requirement_files and spec.requirements_file.is_file():
        log(f"Not using {spec.requirements_file}: -p was given (add -r {spec.requirements_file} to use it too)")
    for path in requirement_files:
        if not path.is_file():
            raise BuildError(f"requirements file {str(path)!r} does not exist")

    cache = cache_dir()
    pyodide_dir = ensure_pyodide(cache, log=log)
    # ?install= needs micropip in the site; only sites that opt in get it.
    requirements = [*opts.requirements, *(["micropip"] if opts.allow_install else [])]
    wheels = resolve(requirements, requirement_files, cache, log=log, pyodide_index=opts.pyodide_index,
                     without=opts.without)  # fmt: skip

    staging = out.parent / f".{out.name}.building"
    shutil.rmtree(staging, ignore_errors=True)
    runtime = staging / RUNTIME_DIR
    try:
        # Every file under _wasgi/ but lock.json and wasgi.mjs has its content (or
        # version) in its name: hosts and browsers may cache it forever, and a new
        # build never mixes with an old one.
        runtime_name = f"r-{_runtime_digest().hex()[:16]}"
        for sub in ("web", "worker"):
            shutil.copytree(runtime_dir(sub), runtime / runtime_name / sub,
                            ignore=shutil.ignore_patterns("*.d.ts", "index.html", "sw.js"))  # fmt: skip
        (runtime / "wasgi.mjs").write_text(embed_module(runtime_name, runtime / runtime_name))
        pyodide_name = f"pyodide-{PYODIDE_VERSION}"
        (runtime / pyodide_name).mkdir()
        core = {}
        for name in CORE_FILES:
            _link_or_copy(pyodide_dir / name, runtime / pyodide_name / name)
            core[name] = {"size": (pyodide_dir / name).stat().st_size}

        # The app, and the wheels with wasgi's in-browser Python, ship as a pack each, written as is.
        app_files = bundle.app_files(spec.app_dir, exclude=[out, staging])
        app = _write_hashed(runtime, "app", ".pack.gz", bundle.pack_files(app_files))
        site_packages = _write_hashed(runtime, "site-packages", ".pack.gz", _cached_pack(cache, wheels))

        lock = {
            "wasgi": wasgi.__version__,
            "basePath": normalize_base_path(opts.base_path),
            "allowInstall": opts.allow_install,
            "runtime": f"{runtime_name}/",
            "app": {"spec": spec.spec, **app},
            # What the worker installs: the wheels below and wasgi's in-browser Python, in one file.
            "sitePackages": site_packages,
            "pyodide": {"version": PYODIDE_VERSION, "dir": f"{pyodide_name}/", "files": core},
            "wheels": [asdict(w) for w in wheels],  # what the pack holds, each pinned by sha256
            # The browser makes the snapshot on the first visit (worker/snapshot_worker.mjs).
            "snapshot": snapshot_plan(app_files) if opts.snapshot else None,
        }
        lock_text = json.dumps(lock, indent=1) + "\n"
        (runtime / "lock.json").write_text(lock_text)
        # One version per build: the service worker and the shell compare it.
        version = hashlib.sha256(lock_text.encode()).hexdigest()[:16]
        sw = (runtime_dir("web") / "sw.js").read_text().replace("__VERSION__", version)
        sw = sw.replace("__MODE__", "development" if opts.dev else "production")
        (staging / SERVICE_WORKER).write_text(sw)
        title = opts.title or spec.module.rsplit(".", 1)[-1]
        shell = (runtime_dir("web") / "index.html").read_text()
        preload = json.dumps(boot_modules(runtime / runtime_name))
        shell = (shell.replace("{{title}}", html.escape(title)).replace("{{version}}", version)
                 .replace("{{runtime}}", f"{RUNTIME_DIR}/{runtime_name}/").replace("{{preload}}", preload))  # fmt: skip
        if opts.dev:
            shell = shell.replace('<meta name="wasgi-version"', '<meta name="wasgi-dev" content="1">\n<meta name="wasgi-version"', 1)
        (staging / "index.html").write_text(shell)
        base = normalize_base_path(opts.base_path)
        marker = '<meta name="wasgi-404">' + (f'\n<meta name="wasgi-base" content="{html.escape(base)}">' if base else "")
        (staging / "404.html").write_text(shell.replace('<meta name="wasgi-version"', marker + '\n<meta name="wasgi-version"', 1))
        (staging / ".nojekyll").write_text("")
        _warn_about_big_files(staging, log)
        _replace_own_entries(staging, out)
    finally:
        shutil.rmtree(staging, ignore_errors=True)

    files = [p for p in out.rglob("*") if p.is_file()]
    total = sum(p.stat().st_size for p in files)
    return BuildResult(out, spec, len(files), total, time.perf_counter() - started)


def _cached_pack(cache: Path, wheels) -> Path:
    """The site-packages pack for these wheels and this runtime, built once:
    a rebuild after an app change only zips the app."""
    runtime_zip = bundle.zip_runtime()
    key = hashlib.sha256(runtime_zip + "".join(w.sha256 for w in wheels).encode()).hexdigest()[:32]
    path = cache / "packs" / f"{key}.pack.gz"
    if not path.is_file():
        path.parent.mkdir(parents=True, exist_ok=True)
        partial = path.with_suffix(".partial")
        partial.write_bytes(build_pack([cache / "wheels" / w.file for w in wheels], [runtime_zip]))
        partial.replace(path)
    return path


# GitHub Pages refuses files over this size (and warns over 50 MB).
PAGES_FILE_LIMIT = 100 * 1024 * 1024


def _warn_about_big_files(staging: Path, log) -> None:
    """Say so before a file too big for GitHub Pages lands in the output."""
    for path in staging.rglob("*"):
        if path.is_file() and path.stat().st_size > PAGES_FILE_LIMIT:
            name = path.relative_to(staging).as_posix()
            log(f"Warning: {name} is {path.stat().st_size / 2**20:.0f} MB, over GitHub Pages' 100 MB file limit; "
                "move large data out of the app's folder and load it with ?url= (range requests read it lazily)")


def _runtime_digest() -> bytes:
    """A digest of the page and worker JavaScript: a runtime change is a new version too."""
    digest = hashlib.sha256()
    for sub in ("web", "worker"):
        for path in sorted(runtime_dir(sub).rglob("*")):
            if path.is_file():
                digest.update(path.name.encode() + path.read_bytes())
    return digest.digest()


def _write_hashed(folder: Path, stem: str, suffix: str, content: bytes | Path) -> dict:
    """Write ``stem-<sha256 prefix><suffix>`` (hard-linked when ``content`` is a
    cached file); return its lock entry."""
    data = content.read_bytes() if isinstance(content, Path) else content
    digest = hashlib.sha256(data).hexdigest()
    name = f"{stem}-{digest[:16]}{suffix}"
    if isinstance(content, Path):
        _link_or_copy(content, folder / name)
    else:
        (folder / name).write_bytes(data)
    return {"file": name, "sha256": digest, "size": len(data)}


def _check_output_dir(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise BuildError(f"output {str(out)!r} is a file; choose a directory")
    if out.is_dir() and any(out.iterdir()) and not (out / RUNTIME_DIR / "lock.json").is_file():
        raise BuildError(f"output directory {str(out)!r} is not empty and not a wasgi site; choose an empty or new directory")


def _replace_own_entries(staging: Path, out: Path) -> None:
    """Swap in the new build, keeping files the user added (CNAME, 404.html...)."""
    out.mkdir(parents=True, exist_ok=True)
    for name in OWN_ENTRIES:
        old = out / name
        if old.is_dir():
            shutil.rmtree(old)
        elif old.exists():
            old.unlink()
        os.replace(staging / name, old)


def _link_or_copy(source: Path, dest: Path) -> None:
    """Hard-link cached files when possible: builds stay fast and small on disk."""
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
