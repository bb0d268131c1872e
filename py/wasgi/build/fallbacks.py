"""What the builder does when pip finds no Pyodide wheel for part of the closure.

For each culprit (found by ``culprits.py``), in order:

1. a pure-Python wheel built from its source distribution with C extensions
   disabled (``sdist.py``), kept in a wheelhouse that pip searches;
2. with ``--pyodide-index``, the package and its ``depends`` from that
   Pyodide distribution (``pyodide_index.py``);
3. otherwise one line of the build's error, saying what is missing and what
   to try.

A culprit named by ``--without`` gets none of these: a placeholder wheel
(``left_out.py``) lets the resolution complete without it.

A culprit is handled once per resolution. One that no fallback fixes is not
an error yet: the build machine's closure can hold packages that Pyodide's
resolution does not need, so the error is raised only if pip still fails.
"""

from __future__ import annotations

import hashlib
import os
import shutil
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from pathlib import Path

from .culprits import ClosureFailed, Pin, host_closure, missing_from_output, project_of, without_target_wheel
from .errors import PackagesUnavailableError, PureWheelRefused, ResolveError
from .left_out import UNASKED, placeholder_wheel
from .local_wheels import LocalWheel
from .pip_errors import explain_pip_failure, is_network_failure
from .pyodide_dist import PYODIDE_VERSION, cdn_lock_url, repository_packages
from .pyodide_index import IndexPackage, PyodideIndex
from .sdist import build_pure_wheel
from .stand_ins import STAND_INS, stand_in_wheel
from .wheel_tags import canonical_name

TRY = ("try a version that has a wheel, a wheel built with pyodide-build (pass it with -p), --pyodide-index "
       "pointing at a Pyodide distribution's pyodide-lock.json, or, if the app never imports it in the browser "
       "(a server's extras, say), --without {name} (README: Packages)")  # fmt: skip
# When the pinned Pyodide's own repository has the package, that is the fix to name.
IN_PYODIDE = "Pyodide {version}'s own repository has it: add --pyodide-index {url} (README: Packages)"
# Source builds run pip in parallel; more than two mostly fight over the disk and the index.
BUILD_WORKERS = 2


class Fallbacks:
    """The fallbacks of one resolution, and what they found and fixed."""

    def __init__(self, requirements: list[str], requirement_files: list[Path], local_wheels: list[LocalWheel],
                 cache: Path, scratch: Path, pyodide_index: str | None, *, without: frozenset[str] = frozenset(),
                 log=print) -> None:  # fmt: skip
        # The build machine cannot install a Pyodide wheel: its requirements stand in for it.
        self.host_requirements = requirements + [req for wheel in local_wheels for req in wheel.requires]
        self.requirement_files = requirement_files
        self.local_names = {wheel.wheel.name for wheel in local_wheels}
        self.cache = cache
        self.wheelhouse = cache / "pure-wheels"
        self.work = cache / "pure-wheel-builds"
        self.scratch = scratch
        self.log = log
        self.index_location = pyodide_index
        self._index: PyodideIndex | None = None
        # Downloads from the index are cached per index; pip sees only those this resolution took.
        self.index_cache = cache / "pyodide-index" / hashlib.sha256(str(pyodide_index).encode()).hexdigest()[:16]
        self.index_links = scratch / "from-pyodide-index"
        # --without: canonical names, and placeholders for those pip asked for (left_out.py).
        self.without = without
        # UNASKED projects pip asked for: left out too, without being named.
        self.left_out_unasked: set[str] = set()
        self.placeholders = scratch / "left-out"
        self.stand_ins = scratch / "stand-ins"  # wasgi's own wheels for projects that have none (stand_ins.py)
        self.taken: dict[str, IndexPackage] = {}
        self.attempted: set[str] = set()
        self.unavailable: dict[str, str] = {}
        self._closure: list[Pin] | None = None
        for folder in (self.wheelhouse, self.work, self.index_links, self.placeholders, self.stand_ins):
            folder.mkdir(parents=True, exist_ok=True)

    @property
    def find_links(self) -> list[Path]:
        """Folders pip searches besides the index: built pure wheels, packages taken from the Pyodide index."""
        return [self.wheelhouse, self.index_links, self.placeholders, self.stand_ins]

    def fix(self, output: str) -> bool:
        """Find the culprits behind pip's failure and try fallbacks on new ones; True if any got one."""
        if is_network_failure(output):
            raise ResolveError(explain_pip_failure(output))
        builds: list[tuple[Pin, Future]] = []
        placed = 0
        with ThreadPoolExecutor(max_workers=min(BUILD_WORKERS, os.cpu_count() or 1)) as pool:

            def found(pin: Pin) -> None:
                nonlocal placed
                if pin.key in self.attempted or pin.key in self.local_names:
                    return
                self.attempted.add(pin.key)
                if pin.version and (pin.key in self.without or pin.key in UNASKED):
                    placeholder_wheel(pin.name, pin.version, self.placeholders)
                    if pin.key not in self.without:
                        self.left_out_unasked.add(pin.key)
                    placed += 1
                else:  # build while the probe goes on looking for the next culprit
                    builds.append((pin, pool.submit(self._pure_wheel, pin)))

            self._find_culprits(output, found)
        fixed = placed
        for pin, future in builds:
            reason = future.result()  # re-raises anything but a refusal (the network, say)
            if reason is None or self._take_from_index(pin) or self._stand_in(pin):
                fixed += 1
                continue
            fix = TRY.format(name=pin.name)
            if self.index_location:
                reason += ", and the Pyodide index has no package of that name"
            elif pin.key in repository_packages(self.cache):
                fix = IN_PYODIDE.format(version=PYODIDE_VERSION, url=cdn_lock_url())
            needed = f" (needed by {', '.join(pin.needed_by)})" if pin.needed_by else ""
            self.unavailable[pin.key] = f"no wheel of {pin}{needed} runs in Pyodide: {reason}; {fix}"
        return fixed > 0

    def _stand_in(self, pin: Pin) -> bool:
        """Put wasgi's stand-in for the pin where pip looks, if wasgi has one."""
        if not (pin.version and pin.key in STAND_INS):
            return False
        stand_in_wheel(pin.key, pin.version, self.stand_ins)
        self.log(f"No wheel of {pin} runs in Pyodide: the site gets wasgi's pure-Python stand-in "
                 "for it (README: Packages)")  # fmt: skip
        return True

    def failure(self, output: str) -> ResolveError:
        """The error for a resolution that failed for good."""
        if self.unavailable:
            return PackagesUnavailableError(list(self.unavailable.values()))
        return ResolveError(explain_pip_failure(output))

    def index_dependencies(self, resolved: set[str]) -> list[Path]:
        """Wheels of the ``depends`` of packages taken from the index that pip's resolution left out.

        Pyodide's lock knows dependencies a wheel's metadata may not state; the
        site gets them too, as Pyodide would have loaded them.
        """
        return [self.index_links / Path(p.file_name).name for key, p in self.taken.items() if key not in resolved]

    def _find_culprits(self, output: str, found: Callable[[Pin], None]) -> None:
        """Call ``found`` with each project of the closure that has no wheel for Pyodide."""
        if self._closure is None:
            try:
                self._closure = host_closure(self.host_requirements, self.requirement_files, [self.wheelhouse], self.work)
            except ClosureFailed as exc:
                # Not even the build machine finds this one: no wheel, no source distribution.
                if (req := missing_from_output(exc.output)) and (project := project_of(req)):
                    found(Pin(project, None))
                    return
                raise ResolveError(explain_pip_failure(exc.output)) from None
        pins = [p for p in self._closure if p.key not in self.local_names]
        without_target_wheel(pins, self.find_links, self.work, found=found)

    def _pure_wheel(self, pin: Pin) -> str | None:
        """Build (or reuse) the pin's pure-Python wheel; None when done, else why there is none."""
        if not pin.version:
            return "the index has no wheel of it for Pyodide, and no source distribution this machine can read"
        try:
            build_pure_wheel(pin.name, pin.version, self.wheelhouse, self.work, log=self.log)
        except PureWheelRefused as exc:
            return exc.reason
        return None

    def _take_from_index(self, pin: Pin) -> bool:
        """Fetch the pin's package and its ``depends`` from the Pyodide index, if it has it."""
        if not self.index_location:
            return False
        if self._index is None:
            self._index = PyodideIndex.load(self.index_location)
        if self._index.find(pin.name) is None:
            return False
        for package in self._index.closure(pin.name):
            path = self._index.fetch(package, self.index_cache, log=self.log)
            link = self.index_links / path.name
            if not link.exists():
                _link_or_copy(path, link)
            self.taken[canonical_name(package.name)] = package
        return True


def _link_or_copy(source: Path, dest: Path) -> None:
    try:
        os.link(source, dest)
    except OSError:
        shutil.copy2(source, dest)
