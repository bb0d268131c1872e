"""Build an app's site once and reuse it while nothing it is made from changes.

Each app gets a folder under the cache root (``.pytest_cache/d/wasgi`` for
the pytest plugin), named by a hash of its spec and folder::

    <root>/<app hash>/site/   the built site
    <root>/<app hash>/key     the build key the site was built with

The build key is a sha256 of everything the build reads: wasgi's version and
its own files (the package, the page and worker JavaScript), the app's files
as the build bundles them (names and bytes), the requirements (strings, and
the content of requirement files and local wheels) and the build options.
The same key means the same site, so it is reused without building; any
other key rebuilds into the same folder, so old sites do not pile up. The
key file is written only after a build succeeds: an interrupted build is
never reused.
"""

from __future__ import annotations

import contextlib
import hashlib
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .config import SiteConfig


@dataclass(frozen=True)
class CachedSite:
    """A built site and whether it was reused."""

    path: Path
    spec: str
    reused: bool
    seconds: float


def ensure_site(config: SiteConfig, root: Path, *, rebuild: bool = False,
                log: Callable[[str], None] = lambda message: None) -> CachedSite:  # fmt: skip
    """The site for ``config`` under ``root``: reused when its key matches, else built.

    Raises ``wasgi.build.BuildError`` (``AppSpecError`` for a bad spec) when the build fails.
    """
    from wasgi.build import build_site
    from wasgi.build.appspec import parse_app_spec

    started = time.perf_counter()
    spec = parse_app_spec(config.app, config.app_dir)
    folder = root / hashlib.sha256(f"{spec.spec}\0{spec.app_dir}".encode()).hexdigest()[:16]
    folder.mkdir(parents=True, exist_ok=True)
    site, stamp = folder / "site", folder / "key"
    with _locked(folder / "lock"):
        key = build_key(config, spec, exclude=[root])
        if not rebuild and stamp.is_file() and stamp.read_text() == key and (site / "_wasgi" / "lock.json").is_file():
            return CachedSite(site, spec.spec, True, time.perf_counter() - started)
        stamp.unlink(missing_ok=True)
        build_site(config.build_options(site), log=log)
        stamp.write_text(key)
    return CachedSite(site, spec.spec, False, time.perf_counter() - started)


def build_key(config: SiteConfig, spec, *, exclude: list[Path]) -> str:
    """The sha256 of everything the site is built from (see the module's docstring)."""
    import wasgi
    from wasgi.build import bundle
    from wasgi.build.locations import package_dir, runtime_dir

    digest = hashlib.sha256()

    def add(label: str, data: bytes = b"") -> None:
        digest.update(label.encode() + b"\0" + hashlib.sha256(data).digest())

    add(f"wasgi {wasgi.__version__}")
    # A development checkout keeps its version while its code changes: hash the code too.
    for path in sorted(package_dir().rglob("*")):
        if path.is_file() and path.suffix in (".py", ".mjs", ".js", ".html"):
            add(f"package {path.relative_to(package_dir()).as_posix()}", path.read_bytes())
    for sub in ("web", "worker"):
        for path in sorted(runtime_dir(sub).rglob("*")):
            if path.is_file():
                add(f"runtime {sub}/{path.relative_to(runtime_dir(sub)).as_posix()}", path.read_bytes())
    add(f"spec {spec.spec} {spec.app_dir}")
    for name, path in sorted(bundle.app_files(spec.app_dir, exclude=exclude)):
        add(f"app {name}", path.read_bytes())
    for requirement in sorted(config.requirements):
        local = Path(requirement)
        # A local wheel may be rebuilt under the same name: its bytes count.
        add(f"requirement {requirement}", local.read_bytes() if local.suffix == ".whl" and local.is_file() else b"")
    for path in _requirement_files(config, spec):
        add(f"requirements file {path}", path.read_bytes() if path.is_file() else b"missing")
    add(f"options {config.base_path!r} {config.title!r} {config.snapshot!r} {sorted(config.without)!r}")
    return digest.hexdigest()


def _requirement_files(config: SiteConfig, spec) -> list[Path]:
    """The requirement files the build reads: as given, else ``requirements.txt`` beside the app."""
    if config.requirements or config.requirement_files:
        return list(config.requirement_files)
    default = spec.requirements_file
    return [default] if default.is_file() else []


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    """Hold an exclusive lock on ``path``: parallel sessions (pytest-xdist) build one at a time."""
    try:
        import fcntl
    except ImportError:  # Windows: no lock; parallel first builds may both build
        yield
        return
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
