"""Packages from a Pyodide distribution's own repository (``--pyodide-index URL``).

Pyodide builds many compiled packages (numpy, regex, mmh3...) that PyPI has
no Pyodide wheel for. A distribution describes them in ``pyodide-lock.json``:
``packages`` maps a name to ``name``, ``version``, ``file_name`` (relative to
the lock's URL, or absolute), ``sha256``, ``depends`` and ``package_type``.
The builder takes a package from there only when pip cannot provide it, and
checks each downloaded file against the lock's sha256.
"""

from __future__ import annotations

import json
import urllib.error
import urllib.parse
import urllib.request
from dataclasses import dataclass
from pathlib import Path

from .digests import sha256_of
from .errors import PyodideIndexError
from .pyodide_dist import cdn_lock_url
from .wheel_tags import EXPECTED_TAGS, canonical_name, parse_wheel_filename, wheel_runs_in_pyodide

LOCK_NAME = "pyodide-lock.json"
TIMEOUT = 60


@dataclass(frozen=True)
class IndexPackage:
    """One entry of the lock, with its file's absolute URL."""

    name: str
    version: str
    file_name: str
    url: str
    sha256: str
    depends: tuple[str, ...]
    package_type: str


def lock_url(location: str) -> str:
    """A URL for the lock: a local path becomes ``file://``; a folder URL gets ``pyodide-lock.json``."""
    if "://" not in location:
        path = Path(location).expanduser().resolve()
        return (path / LOCK_NAME if path.is_dir() else path).as_uri()
    return location + LOCK_NAME if location.endswith("/") else location


class PyodideIndex:
    """A loaded ``pyodide-lock.json``."""

    def __init__(self, url: str, packages: dict[str, IndexPackage]) -> None:
        self.url = url
        self.packages = packages

    @classmethod
    def load(cls, location: str) -> PyodideIndex:
        url = lock_url(location)
        try:
            with urllib.request.urlopen(url, timeout=TIMEOUT) as response:
                lock = json.loads(response.read())
            entries = lock["packages"].values()
            packages = {
                canonical_name(e["name"]): IndexPackage(
                    e["name"], str(e["version"]), e["file_name"], urllib.parse.urljoin(url, e["file_name"]),
                    e["sha256"].lower(), tuple(e.get("depends", ())), e.get("package_type", "package"),
                )
                for e in entries
            }  # fmt: skip
        except (OSError, urllib.error.URLError) as exc:
            raise PyodideIndexError(f"could not read the Pyodide index {url}: {_reason(exc)}") from None
        except (ValueError, KeyError, TypeError, AttributeError) as exc:
            raise PyodideIndexError(f"{url} is not a pyodide-lock.json ({type(exc).__name__}: {exc})") from None
        return cls(url, packages)

    def find(self, name: str) -> IndexPackage | None:
        return self.packages.get(canonical_name(name))

    def closure(self, name: str) -> list[IndexPackage]:
        """The package and everything its ``depends`` reach, each checked to be a wheel Pyodide 314 loads."""
        order: list[IndexPackage] = []
        seen: set[str] = set()
        stack = [canonical_name(name)]
        while stack:
            key = stack.pop()
            if key in seen:
                continue
            seen.add(key)
            package = self.packages.get(key)
            if package is None:
                raise PyodideIndexError(f"the Pyodide index {self.url} lists {name} but not its dependency {key}")
            self._check_usable(package, name)
            order.append(package)
            stack.extend(canonical_name(d) for d in package.depends)
        return order

    def fetch(self, package: IndexPackage, dest: Path, *, log=print) -> Path:
        """Download the package's file into ``dest`` (kept there as a cache) and check its sha256."""
        path = dest / package.file_name.rsplit("/", 1)[-1]
        if path.is_file() and sha256_of(path) == package.sha256:
            return path
        log(f"Taking {package.name} {package.version} from the Pyodide index ({package.file_name})")
        dest.mkdir(parents=True, exist_ok=True)
        part = dest / f".{path.name}.part"
        try:
            with urllib.request.urlopen(package.url, timeout=TIMEOUT) as response, part.open("wb") as out:
                while chunk := response.read(1 << 20):
                    out.write(chunk)
        except (OSError, urllib.error.URLError) as exc:
            part.unlink(missing_ok=True)
            # A copied pyodide-lock.json needs its files beside it, as on Pyodide's CDN.
            hint = ""
            if package.url.startswith("file:"):
                hint = ("; a local pyodide-lock.json needs the package files beside it (the 'pyodide' npm "
                        "package, the core, has none): give the lock of a full Pyodide distribution, such as "
                        f"{cdn_lock_url()}")
            raise PyodideIndexError(
                f"could not download {package.url} (named by the Pyodide index): {_reason(exc)}{hint}"
            ) from None
        actual = sha256_of(part)
        if actual != package.sha256:
            part.unlink()
            raise PyodideIndexError(
                f"{package.file_name} from the Pyodide index has sha256 {actual}, but {LOCK_NAME} says "
                f"{package.sha256}: the file or the lock was changed; refusing it"
            )
        part.replace(path)
        return path

    def _check_usable(self, package: IndexPackage, wanted: str) -> None:
        parsed = parse_wheel_filename(package.file_name.rsplit("/", 1)[-1])
        if package.package_type == "shared_library" or parsed is None:
            raise PyodideIndexError(
                f"{wanted} from the Pyodide index needs {package.name} ({package.file_name}, a "
                f"{package.package_type.replace('_', ' ')}), which wasgi cannot vendor yet"
            )
        if not wheel_runs_in_pyodide(parsed):
            raise PyodideIndexError(
                f"the Pyodide index {self.url} is for another Pyodide: {package.file_name} is tagged {parsed.tag}, "
                f"wasgi needs {EXPECTED_TAGS}; use the distribution of the Pyodide wasgi ships"
            )


def _reason(exc: Exception) -> str:
    reason = getattr(exc, "reason", None) or exc
    return str(reason)
