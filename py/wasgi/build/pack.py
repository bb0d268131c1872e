"""site-packages, and the app's source, as one file each, written to
Pyodide's filesystem by the worker without unzipping anything in Python
(that took ~80 ms of every boot for site-packages, ~30 ms for a one-file app).

Format: ``WASGIPK1``, a little-endian u32 header length, a UTF-8 JSON header
``{"files": [[path, offset, length], ...]}``, then the files' bytes. Paths
are relative to the folder the pack is written to. The site ships it gzipped.
"""

from __future__ import annotations

import gzip
import io
import json
import struct
import zipfile
from pathlib import Path

MAGIC = b"WASGIPK1"


def installed_files(wheel: zipfile.ZipFile):
    """(path in site-packages, bytes) of an installed wheel: ``*.data/purelib`` and
    ``platlib`` move to the top; scripts, headers and data are not needed here."""
    for info in wheel.infolist():
        if info.is_dir():
            continue
        parts = info.filename.split("/")
        if parts[0].endswith(".data"):
            if len(parts) < 3 or parts[1] not in ("purelib", "platlib"):
                continue
            parts = parts[2:]
        yield "/".join(parts), wheel.read(info)


def build_pack(wheels: list[Path], extra_zips: list[bytes]) -> bytes:
    """The pack of these wheels and zips (wasgi's runtime), gzipped and deterministic."""
    files: dict[str, bytes] = {}
    for path in wheels:
        with zipfile.ZipFile(path) as wheel:
            files.update(installed_files(wheel))
    for data in extra_zips:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            files.update(installed_files(archive))
    return pack_files(files)


def pack_files(files: dict[str, bytes]) -> bytes:
    """A pack of these (relative path: bytes) files, gzipped and deterministic."""
    index, body, offset = [], io.BytesIO(), 0
    for name in sorted(files):
        index.append([name, offset, len(files[name])])
        body.write(files[name])
        offset += len(files[name])
    header = json.dumps({"files": index}, separators=(",", ":")).encode()
    raw = MAGIC + struct.pack("<I", len(header)) + header + body.getvalue()
    return gzip.compress(raw, compresslevel=6, mtime=0)
