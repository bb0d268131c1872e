"""Small, valid wheels made on the fly for the package tests."""

from __future__ import annotations

import base64
import hashlib
import zipfile
from pathlib import Path


def record_hash(data: bytes) -> str:
    return "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()


def make_wheel(folder: Path, name: str, version: str, tag: str = "py3-none-any", *, files: dict[str, bytes] | None = None,
               requires: list[str] = (), pure: bool = True) -> Path:  # fmt: skip
    """Write ``name-version-tag.whl`` with a module, METADATA, WHEEL and a correct RECORD."""
    folder.mkdir(parents=True, exist_ok=True)
    module = name.replace("-", "_").lower()
    dist_info = f"{module}-{version}.dist-info"
    files = dict(files or {f"{module}/__init__.py": f"NAME = {name!r}\nVERSION = {version!r}\n".encode()})
    metadata = f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n"
    metadata += "".join(f"Requires-Dist: {req}\n" for req in requires)
    files[f"{dist_info}/METADATA"] = metadata.encode()
    files[f"{dist_info}/WHEEL"] = (f"Wheel-Version: 1.0\nGenerator: wasgi-tests\nRoot-Is-Purelib: {str(pure).lower()}\n"
                                   f"Tag: {tag}\n").encode()  # fmt: skip
    record = "".join(f"{path},{record_hash(data)},{len(data)}\n" for path, data in files.items())
    files[f"{dist_info}/RECORD"] = (record + f"{dist_info}/RECORD,,\n").encode()
    path = folder / f"{module}-{version}-{tag}.whl"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        for name_in_zip, data in files.items():
            zf.writestr(name_in_zip, data)
    return path


def check_record(wheel: Path) -> None:
    """Assert every RECORD line matches its entry's bytes, and every entry has a line."""
    with zipfile.ZipFile(wheel) as zf:
        record_name = next(n for n in zf.namelist() if n.endswith(".dist-info/RECORD"))
        lines = [line.rsplit(",", 2) for line in zf.read(record_name).decode().splitlines() if line]
        assert {path for path, _, _ in lines} == set(zf.namelist())
        for path, digest, size in lines:
            if path == record_name:
                continue
            data = zf.read(path)
            assert digest == record_hash(data), path
            assert int(size) == len(data), path
