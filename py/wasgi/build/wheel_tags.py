"""Wheel file names and whether their tags run in Pyodide.

pip checks tags itself when it resolves, but it answers a wrong tag with a
long report that does not say what the right one is. This module lets the
builder reject a wheel up front with one line naming the file, its tag and
what Pyodide accepts.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import product

from .target import CPYTHON_TAG, PLATFORM_TAG, PYTHON_VERSION

_WHEEL_NAME = re.compile(
    r"^(?P<name>[^-]+)-(?P<version>[^-]+)(-(?P<build>\d[^-]*))?-(?P<py>[^-]+)-(?P<abi>[^-]+)-(?P<plat>[^-]+)\.whl$"
)
_MINOR = int(PYTHON_VERSION.split(".")[1])

# What a message shows as the accepted tags.
EXPECTED_TAGS = f"{CPYTHON_TAG} (ABI {CPYTHON_TAG}, abi3 or none) or py3 on {PLATFORM_TAG} or any"


@dataclass(frozen=True)
class WheelFilename:
    """The parts of ``name-version[-build]-py-abi-plat.whl``."""

    name: str  # canonical: lower case, runs of -_. as one -
    version: str
    build: str | None
    python: str  # possibly compressed, e.g. py2.py3
    abi: str
    platform: str

    @property
    def tag(self) -> str:
        return f"{self.python}-{self.abi}-{self.platform}"

    def tags(self) -> set[tuple[str, str, str]]:
        """The expanded tag set: ``py2.py3-none-any`` is two tags."""
        return set(product(self.python.split("."), self.abi.split("."), self.platform.split(".")))


def canonical_name(name: str) -> str:
    """PEP 503 normalisation: ``Foo.Bar_baz`` and ``foo-bar-baz`` are one project."""
    return re.sub(r"[-_.]+", "-", name).lower()


def parse_wheel_filename(filename: str) -> WheelFilename | None:
    """The parts of a wheel's file name, or None when it is not one."""
    match = _WHEEL_NAME.match(filename)
    if not match:
        return None
    return WheelFilename(canonical_name(match["name"]), match["version"], match["build"], match["py"], match["abi"],
                         match["plat"])  # fmt: skip


def tag_runs_in_pyodide(python: str, abi: str, platform: str) -> bool:
    """Whether one tag triple is among those pip accepts for Pyodide's CPython 3.14."""
    if platform not in (PLATFORM_TAG, "any"):
        return False
    if abi == CPYTHON_TAG:
        return python == CPYTHON_TAG
    if abi == "abi3":
        # The stable ABI of any CPython 3.2 to 3.14 loads in 3.14.
        return _minor_of(python, "cp") in range(2, _MINOR + 1)
    if abi == "none":
        return python in ("py3", CPYTHON_TAG) or _minor_of(python, "py") in range(0, _MINOR + 1)
    return False


def wheel_runs_in_pyodide(wheel: WheelFilename) -> bool:
    return any(tag_runs_in_pyodide(*tag) for tag in wheel.tags())


def _minor_of(python_tag: str, prefix: str) -> int:
    """``cp312`` -> 12 for prefix ``cp``; -1 for anything that is not ``<prefix>3NN``."""
    match = re.fullmatch(prefix + r"3(\d+)", python_tag)
    return int(match[1]) if match else -1
