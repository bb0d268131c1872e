"""wasgi's pure-Python stand-ins (``wasgi.stand_ins``), as wheels a site can lock.

When a project listed in ``STAND_INS`` has no wheel that runs in Pyodide (no
Pyodide wheel, no pure-Python build, not in the Pyodide index), the build
makes a ``py3-none-any`` wheel of the stand-in under the project's name and
the version pip wants, instead of failing: the app imports it as the real
package, and the site's lock pins it by sha256 as any other wheel.
"""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path

import wasgi.stand_ins

# Project (canonical name) -> the module or package in wasgi.stand_ins that stands in for it.
STAND_INS = {"orjson": "orjson", "httptools": "httptools", "ujson": "ujson"}
_SOURCE = Path(wasgi.stand_ins.__file__).parent


def digest() -> str:
    """Changes when a stand-in's source does: resolutions that locked an older one are not reused."""
    sha = hashlib.sha256()
    for module in sorted(STAND_INS.values()):
        for path, data in _sources(module).items():
            sha.update(f"{path}\n".encode() + data)
    return sha.hexdigest()[:16]


def _sources(module: str) -> dict[str, bytes]:
    """The stand-in's files by their path in the wheel: a module becomes a package's __init__.py."""
    package = _SOURCE / module
    if package.is_dir():
        return {f"{module}/{path.relative_to(package).as_posix()}": path.read_bytes()
                for path in sorted(package.rglob("*.py"))}  # fmt: skip
    return {f"{module}/__init__.py": (_SOURCE / f"{module}.py").read_bytes()}


def stand_in_wheel(name: str, version: str, folder: Path) -> Path:
    """Write the stand-in for project ``name`` as ``name`` ``version``'s wheel into ``folder``."""
    module = STAND_INS[name]
    stem = f"{name.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    files = {
        **_sources(module),
        f"{info}/METADATA": (f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
                             f"Summary: wasgi's pure-Python stand-in for {name}\n").encode(),  # fmt: skip
        f"{info}/WHEEL": b"Wheel-Version: 1.0\nGenerator: wasgi (stand-in)\nRoot-Is-Purelib: true\nTag: py3-none-any\n",
    }
    record = [f"{path},sha256={_urlsafe_sha256(data)},{len(data)}" for path, data in files.items()]
    files[f"{info}/RECORD"] = ("\n".join([*record, f"{info}/RECORD,,"]) + "\n").encode()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as archive:
        for member, data in files.items():
            archive.writestr(zipfile.ZipInfo(member, date_time=(1980, 1, 1, 0, 0, 0)), data)  # the same bytes each build
    return path


def _urlsafe_sha256(data: bytes) -> str:
    return base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
