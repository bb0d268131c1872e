"""Which file did it, for error messages: the first one outside the standard library.

An import that fails, or a thread that cannot start, is raised deep in the
standard library; the message helps when it names the app's own file or the
package's that did it (``hypercorn/typing.py``), not ``importlib``'s.
"""

from __future__ import annotations

import os

_STDLIB = os.path.dirname(os.__file__) + os.sep
_SITE_PACKAGES = "site-packages" + os.sep


def in_stdlib(filename: str) -> bool:
    """Whether ``filename`` is the standard library's (frozen modules included)."""
    return filename.startswith("<") or (filename.startswith(_STDLIB) and _SITE_PACKAGES not in filename)


def short_name(filename: str, line: int | None = None) -> str:
    """``package/module.py`` for an installed package's file, else the file's name; ``:line`` when given."""
    name = filename.partition(_SITE_PACKAGES)[2] or os.path.basename(filename)
    return f"{name}:{line}" if line else name
