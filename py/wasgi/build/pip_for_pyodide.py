"""pip, run as though inside Pyodide: requirement markers see Pyodide's Python.

``pip download --platform ... --python-version ...`` chooses wheels by their
tags, but it still evaluates environment markers (``sys_platform ==
"emscripten"``, ``platform_system != "Emscripten"``, ``python_version >=
"3.13"``) against the Python that runs pip. A site would then get what only
the build machine needs (Shiny's ``watchfiles; platform_system !=
"Emscripten"``, which has no Pyodide wheel, failed the build) and miss what
only Pyodide's Python needs. Run as ``python -m wasgi.build.pip_for_pyodide
COMMAND ARGS`` (``pip_cli.run_pip(..., for_pyodide=True)``): pip's marker
environment becomes Pyodide's, and nothing else about pip changes.
"""

from __future__ import annotations

import sys

from .target import MARKER_ENVIRONMENT


def main(argv: list[str]) -> int:
    """Run pip with ``argv``, its markers evaluated for Pyodide."""
    from pip._internal.cli.main import main as pip_main
    from pip._vendor.packaging import markers

    # Marker.evaluate() starts from this function's result, looked up at each call.
    markers.default_environment = lambda: dict(MARKER_ENVIRONMENT)
    return pip_main(argv)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
