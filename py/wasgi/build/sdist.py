"""Build a pure-Python wheel from a source distribution, C extensions disabled.

Many packages (MarkupSafe, PyYAML, msgpack, the aio-libs family...) ship a C
speed-up with a pure-Python fallback, and PyPI has no Pyodide wheel for them.
Built here with a C compiler that always fails, their build falls back to
pure Python and the wheel runs in Pyodide unchanged. Packages whose
extension is mandatory fail that build, and are refused.

Built wheels live in a wheelhouse in the cache, which every resolution passes
to pip as ``--find-links``: a wheel is built once per version, ever.
"""

from __future__ import annotations

import re
import shutil
import tempfile
from pathlib import Path

from .errors import CompiledCodeFound, ExtensionRequired, NoSourceDistribution, ResolveError
from .pip_cli import run_pip
from .pure_wheel import compiled_files, retag_as_pure
from .target import PLATFORM_TAG
from .wheel_tags import canonical_name, parse_wheel_filename, wheel_runs_in_pyodide

# Every way a build could reach for a compiler, pointed at `false` so it fails at
# once: distutils/setuptools read CC, CXX and LDSHARED; setuptools-rust and
# maturin run CARGO. The build host has gcc and Python headers, so without this
# the extension would quietly be compiled for the host.
NO_COMPILER_ENV = {
    "CC": "false", "CXX": "false", "LDSHARED": "false", "LDCXXSHARED": "false", "CARGO": "false",
    # MarkupSafe re-raises a failed extension build under cibuildwheel; make sure it falls back.
    "CIBUILDWHEEL": "0",
}  # fmt: skip
# Projects' own "no extension" switches, so they skip the attempt instead of
# relying on the failed compile (harmless for every other project).
PROJECT_SWITCHES = {
    "PYYAML_FORCE_LIBYAML": "0",
    "MSGPACK_PUREPYTHON": "1",
    "DISABLE_SQLALCHEMY_CEXT": "1",
    "MULTIDICT_NO_EXTENSIONS": "1",
    "YARL_NO_EXTENSIONS": "1",
    "FROZENLIST_NO_EXTENSIONS": "1",
    "PROPCACHE_NO_EXTENSIONS": "1",
    "AIOHTTP_NO_EXTENSIONS": "1",
}
_NO_WHEEL = f"the index has no {PLATFORM_TAG} or pure-Python wheel"


def built_wheel(wheelhouse: Path, project: str, version: str) -> Path | None:
    """The wheel built earlier for this project and version, if any."""
    key = canonical_name(project)
    for path in wheelhouse.glob("*.whl") if wheelhouse.is_dir() else ():
        parsed = parse_wheel_filename(path.name)
        if parsed and parsed.name == key and parsed.version == version:
            return path
    return None


def build_pure_wheel(project: str, version: str, wheelhouse: Path, work: Path, *, log=print) -> Path:
    """Return a pure-Python wheel of ``project==version`` in ``wheelhouse``, building it if needed.

    ``work`` holds pip's cache for these builds and the refusals already known.
    Raises a ``PureWheelRefused`` subclass naming why no pure wheel exists.
    """
    if existing := built_wheel(wheelhouse, project, version):
        log(f"Using the pure-Python wheel {existing.name} built earlier")
        return existing
    refusal = work / "refused" / f"{canonical_name(project)}-{version}.txt"
    if refusal.is_file():
        # A wheel with compiled code stays one: do not build it again to learn that.
        raise CompiledCodeFound(project, version, refusal.read_text().strip())
    log(f"Building pure-Python wheel for {project} {version} (no Pyodide wheel on the index)")
    wheelhouse.mkdir(parents=True, exist_ok=True)
    work.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="sdist-", dir=work) as tmp:
        out = Path(tmp)
        run = run_pip("wheel", [
            "--no-deps",
            # Only this project from source: its build dependencies still come as wheels.
            "--no-binary", canonical_name(project),
            # A private pip cache: pip's own wheel cache may hold a build of this very
            # sdist made for the host, with its C extension compiled.
            "--cache-dir", str(work / "pip-cache"),
            "--wheel-dir", str(out),
            f"{project}=={version}",
        ], env={**NO_COMPILER_ENV, **PROJECT_SWITCHES})  # fmt: skip
        if not run.ok:
            raise _build_failure(project, version, run.output)
        wheels = list(out.glob("*.whl"))
        if len(wheels) != 1:
            raise ExtensionRequired(project, version, f"{_NO_WHEEL}, and building its source distribution gave no wheel")
        wheel = wheels[0]
        if compiled := compiled_files(wheel):
            reason = (f"{_NO_WHEEL}, and its source distribution builds compiled code even without a C compiler "
                      f"({', '.join(compiled[:3])})")  # fmt: skip
            refusal.parent.mkdir(parents=True, exist_ok=True)
            refusal.write_text(reason + "\n")
            raise CompiledCodeFound(project, version, reason)
        parsed = parse_wheel_filename(wheel.name)
        if parsed is None or not wheel_runs_in_pyodide(parsed):
            # Tagged for the build host only because setup.py declared an extension.
            wheel = retag_as_pure(wheel, out)
        final = wheelhouse / wheel.name
        # Same file system: the wheel appears in the wheelhouse whole or not at all.
        shutil.move(str(wheel), str(wheelhouse / f".{wheel.name}.part"))
        (wheelhouse / f".{wheel.name}.part").replace(final)
        return final


_NETWORK = re.compile(r"Failed to establish a new connection|Max retries exceeded|Temporary failure in name resolution")
_COMPILER_FAILED = re.compile(r"""(command '?\[?'?false'?|['"]false['"],).*(failed|non-zero exit status)""", re.IGNORECASE)


def _build_failure(project: str, version: str, output: str) -> ResolveError:
    """Why ``pip wheel`` failed, as the error to raise."""
    if "No matching distribution found" in output:
        return NoSourceDistribution(project, version, f"{_NO_WHEEL} and no source distribution")
    if _NETWORK.search(output):
        return ResolveError(f"could not download the source distribution of {project} {version}; check the network")
    if _COMPILER_FAILED.search(output):
        return ExtensionRequired(project, version, f"{_NO_WHEEL}, and its source distribution needs a C compiler "
                                                   "(its C extension is not optional)")  # fmt: skip
    errors = [line.strip() for line in output.splitlines() if line.strip().lower().startswith("error:")]
    detail = next((e for e in reversed(errors) if "subprocess-exited-with-error" not in e), "no error message")
    return ExtensionRequired(project, version, f"{_NO_WHEEL}, and building its source distribution without a C "
                                               f"compiler failed ({detail})")  # fmt: skip
