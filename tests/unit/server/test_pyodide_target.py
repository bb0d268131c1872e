"""What the build assumes about Pyodide's Python (py/wasgi/build/target.py), checked inside it."""

import sys

from packaging.markers import default_environment

from wasgi.build.target import MARKER_ENVIRONMENT, PYTHON_VERSION


def test_the_build_evaluates_requirement_markers_as_pyodide_does():
    if sys.platform == "emscripten":  # the run inside Pyodide (tests/pyodide) is the one that checks
        assert default_environment() == MARKER_ENVIRONMENT
    else:
        assert MARKER_ENVIRONMENT["python_version"] == PYTHON_VERSION
        assert default_environment()["sys_platform"] != MARKER_ENVIRONMENT["sys_platform"]
