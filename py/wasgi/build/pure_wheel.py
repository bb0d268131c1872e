"""Check that a wheel holds no compiled code, and re-tag it ``py3-none-any``.

A wheel built on this machine from a source distribution carries the build
host's tag (``cp311-cp311-linux_x86_64``) whenever its ``setup.py`` declares
extension modules, even if none got built. Pyodide cannot use such a tag, but
the wheel's content is plain Python, so it gets the tag it deserves. Only the
``WHEEL`` file and its ``RECORD`` line change; every other entry is copied
byte for byte.
"""

from __future__ import annotations

import base64
import hashlib
import re
import zipfile
from pathlib import Path

from .wheel_tags import parse_wheel_filename

PURE_TAG = "py3-none-any"
# Native code in any of its forms: extension modules, shared and static libraries, objects.
_COMPILED = re.compile(r"\.(so|pyd|dylib|dll|a|o)$|\.so\.\d", re.IGNORECASE)


def compiled_files(wheel: Path) -> list[str]:
    """The entries of ``wheel`` that are compiled code."""
    with zipfile.ZipFile(wheel) as zf:
        return [name for name in zf.namelist() if _COMPILED.search(name)]


def retag_as_pure(wheel: Path, dest_dir: Path) -> Path:
    """Write a copy of ``wheel`` tagged ``py3-none-any`` into ``dest_dir`` and return its path.

    The caller has checked ``compiled_files(wheel)`` is empty.
    """
    parsed = parse_wheel_filename(wheel.name)
    if parsed is None:
        raise ValueError(f"{wheel.name!r} is not a wheel file name")
    # Keep the name and version exactly as the build spelled them.
    stem = wheel.name[: -len(f"-{parsed.tag}.whl")]
    target = dest_dir / f"{stem}-{PURE_TAG}.whl"
    with zipfile.ZipFile(wheel) as source:
        entries = [(info, source.read(info)) for info in source.infolist()]
    wheel_entry = _dist_info_entry(entries, "WHEEL")
    record_entry = _dist_info_entry(entries, "RECORD")
    new_wheel = _pure_wheel_metadata(dict(entries)[wheel_entry].decode())
    new_record = _record_with(dict(entries)[record_entry].decode(), wheel_entry.filename, new_wheel)
    replaced = {wheel_entry.filename: new_wheel, record_entry.filename: new_record}
    tmp = target.with_suffix(".tmp")
    with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
        for info, data in entries:
            info.compress_type = zipfile.ZIP_DEFLATED
            out.writestr(info, replaced.get(info.filename, data))
    tmp.replace(target)
    return target


def _dist_info_entry(entries: list[tuple[zipfile.ZipInfo, bytes]], name: str) -> zipfile.ZipInfo:
    """The ``*.dist-info/<name>`` entry at the wheel's top level."""
    for info, _ in entries:
        parts = info.filename.split("/")
        if len(parts) == 2 and parts[0].endswith(".dist-info") and parts[1] == name:
            return info
    raise ValueError(f"the wheel has no .dist-info/{name}")


def _pure_wheel_metadata(text: str) -> bytes:
    """The WHEEL file with one ``Tag: py3-none-any`` and ``Root-Is-Purelib: true``."""
    lines, tagged = [], False
    for line in text.splitlines():
        key = line.split(":", 1)[0].strip().lower()
        if key == "tag":
            if not tagged:
                lines.append(f"Tag: {PURE_TAG}")
                tagged = True
        elif key == "root-is-purelib":
            # The files now belong in purelib; Pyodide has one site-packages anyway.
            lines.append("Root-Is-Purelib: true")
        else:
            lines.append(line)
    if not tagged:
        lines.append(f"Tag: {PURE_TAG}")
    return ("\n".join(lines).rstrip("\n") + "\n").encode()


def _record_with(record: str, path: str, data: bytes) -> bytes:
    """RECORD with the line for ``path`` updated to ``data``'s hash and size."""
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    lines = []
    for line in record.splitlines():
        # RECORD is CSV, but paths with commas are quoted; the WHEEL path never is.
        if line.split(",", 1)[0] == path:
            line = f"{path},sha256={digest},{len(data)}"
        lines.append(line)
    return ("\n".join(lines) + "\n").encode()
