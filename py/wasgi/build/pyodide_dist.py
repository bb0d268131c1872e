"""Fetch the Pyodide core from the npm registry, verify it, and cache it.

The version and the registry's integrity hash are pinned here; a second
build finds the files in the cache and needs no network.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import os
import shutil
import sys
import tarfile
import tempfile
import urllib.error
import urllib.request
from pathlib import Path

from .errors import PyodideDownloadError
from .wheel_tags import canonical_name

PYODIDE_VERSION = "314.0.7"
# The npm registry's "dist.integrity" for pyodide@314.0.7.
PYODIDE_INTEGRITY = "sha512-0YvXxEhfEdpLfb/XkM2BFAeMROq0iMUX2bzzH9pOttyMcWkwq+HbE5uyuGD82LN7y2q+SNvi/6V5JEsOlD2R1A=="
# What a site needs from the package; the rest (docs, maps, console pages) is left out.
CORE_FILES = ("pyodide.mjs", "pyodide.asm.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")
DEFAULT_REGISTRY = "https://registry.npmjs.org/"


def registry_url() -> str:
    """``$WASGI_NPM_REGISTRY``, else npm's ``$npm_config_registry``, else the public registry."""
    url = os.environ.get("WASGI_NPM_REGISTRY") or os.environ.get("npm_config_registry") or DEFAULT_REGISTRY
    return url if url.endswith("/") else url + "/"


def tarball_url(version: str = PYODIDE_VERSION) -> str:
    return f"{registry_url()}pyodide/-/pyodide-{version}.tgz"


def cdn_lock_url(version: str = PYODIDE_VERSION) -> str:
    """The lock of this version's full distribution on Pyodide's CDN, its packages beside it."""
    return f"https://cdn.jsdelivr.net/pyodide/v{version}/full/pyodide-lock.json"


def repository_packages(cache: Path) -> frozenset[str]:
    """The names (canonical) of the packages in the pinned Pyodide's own repository, from the
    lock its npm package ships; none before a build has downloaded Pyodide."""
    lock = cache / "pyodide" / PYODIDE_VERSION / "pyodide-lock.json"
    try:
        packages = json.loads(lock.read_text())["packages"]
    except (OSError, ValueError, KeyError):
        return frozenset()
    return frozenset(canonical_name(name) for name in packages)


def ensure_pyodide(cache: Path, *, log=print) -> Path:
    """Return a folder holding ``CORE_FILES`` of the pinned Pyodide, downloading once."""
    target = cache / "pyodide" / PYODIDE_VERSION
    if (target / ".complete").is_file():
        return target
    url = tarball_url()
    log(f"Downloading Pyodide {PYODIDE_VERSION} from {url}")
    data = _download(url)
    _verify(data, PYODIDE_INTEGRITY, url)
    target.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=".pyodide-", dir=target.parent))
    try:
        _extract(data, staging)
        (staging / ".complete").write_text(PYODIDE_INTEGRITY + "\n")
        if target.exists():
            shutil.rmtree(target)
        staging.rename(target)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return target


def _download(url: str) -> bytes:
    try:
        with urllib.request.urlopen(url, timeout=120) as response:
            total = int(response.headers.get("content-length") or 0)
            buf = io.BytesIO()
            while chunk := response.read(1 << 20):
                buf.write(chunk)
                if total and sys.stderr.isatty():
                    print(f"\r  {buf.tell() >> 20} / {total >> 20} MB", end="", file=sys.stderr)
            if total and sys.stderr.isatty():
                print(file=sys.stderr)
            return buf.getvalue()
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        raise PyodideDownloadError(
            f"could not download Pyodide from {url} ({reason}); check the network or set WASGI_NPM_REGISTRY to a reachable npm registry"
        ) from None


def _verify(data: bytes, integrity: str, url: str) -> None:
    algo, _, expected = integrity.partition("-")
    actual = base64.b64encode(hashlib.new(algo, data).digest()).decode()
    if actual != expected:
        raise PyodideDownloadError(
            f"Pyodide from {url} failed its integrity check ({algo} {actual[:16]}... != pinned {expected[:16]}...); the registry or a proxy served a different file"
        )


def _extract(data: bytes, dest: Path) -> None:
    with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
        for name in CORE_FILES:
            member = tar.getmember(f"package/{name}")
            source = tar.extractfile(member)
            assert source is not None
            (dest / name).write_bytes(source.read())
