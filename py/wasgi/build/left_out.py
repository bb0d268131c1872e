"""Dependencies the site leaves out (``wasgi build --without NAME``).

A package can depend on something it never imports in the browser: uvicorn's
``standard`` extra brings uvloop, httptools and watchfiles, none of which has
a Pyodide wheel, and FastHTML requires ``uvicorn[standard]``. pip cannot
resolve without them, and has no option to drop one. So for each such name
an empty placeholder wheel of the version pip wants is put where pip looks;
the resolution completes, and the placeholder is then dropped from the lock:
the site has no such package at all, and importing it fails as anywhere it
is not installed.

Some are left out without being asked (``UNASKED``): compiled packages with
no Pyodide wheel that only a server or a command-line tool imports
(``fastapi[standard]``, the install FastAPI's tutorial gives, brings four),
or that only an optional feature imports when used (Shiny's themes).
"""

from __future__ import annotations

import zipfile
from pathlib import Path

# Canonical name: why no app needs it in the browser (said in the build's log).
# uvicorn[standard] brings the first two (its httptools gets a stand-in,
# stand_ins.py), fastapi-cloud-cli the next two: all in fastapi[standard].
_SERVERS = "only servers and command-line tools import it"
UNASKED = {
    "uvloop": _SERVERS,
    "watchfiles": _SERVERS,
    "fastar": _SERVERS,
    "rignore": _SERVERS,
    "libsass": "only Shiny's themes (ui.Theme) import it, to compile Sass",
}


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
