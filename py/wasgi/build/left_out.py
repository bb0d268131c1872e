"""Dependencies the site leaves out (``wasgi build --without NAME``).

A package can depend on something it never imports in the browser: uvicorn's
``standard`` extra brings uvloop, httptools and watchfiles, none of which has
a Pyodide wheel, and FastHTML requires ``uvicorn[standard]``. pip cannot
resolve without them, and has no option to drop one. So for each such name
an empty placeholder wheel of the version pip wants is put where pip looks;
the resolution completes, and the placeholder is then dropped from the lock:
the site has no such package at all, and importing it fails as anywhere it
is not installed.

Some are left out without being asked (``SERVER_ONLY``): compiled packages
with no Pyodide wheel that only a server or a command-line tool imports.
``fastapi[standard]``, the install FastAPI's tutorial gives, brings four.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# Canonical names, and who brings them: uvicorn[standard] (uvloop, watchfiles;
# its httptools gets a stand-in, stand_ins.py) and fastapi-cloud-cli (fastar,
# rignore), both in fastapi[standard].
SERVER_ONLY = frozenset({"uvloop", "watchfiles", "fastar", "rignore"})


def placeholder_wheel(name: str, version: str, folder: Path) -> Path:
    """An empty ``py3-none-any`` wheel for ``name`` ``version``: METADATA and WHEEL only.

    pip only resolves against it (it is never installed), so it needs no RECORD.
    """
    stem = f"{name.replace('-', '_')}-{version}"
    info = f"{stem}.dist-info"
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / f"{stem}-py3-none-any.whl"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr(f"{info}/METADATA", f"Metadata-Version: 2.1\nName: {name}\nVersion: {version}\n")
        archive.writestr(f"{info}/WHEEL", "Wheel-Version: 1.0\nGenerator: wasgi (--without)\n"
                                          "Root-Is-Purelib: true\nTag: py3-none-any\n")  # fmt: skip
    return path
