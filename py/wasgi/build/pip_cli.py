"""Run the build machine's pip as a subprocess.

wasgi drives pip through its command line, never its internals (pip has no
Python API), so the user's pip configuration (indexes, certificates,
constraints) applies to every step.
"""

from __future__ import annotations

import os
import subprocess
import sys
from dataclasses import dataclass

from .target import PIP_QUIET_ARGS


@dataclass
class PipRun:
    """What one pip command did: its exit status and its output (stdout and stderr together)."""

    returncode: int
    output: str
    stopped: bool = False  # ended by ``stop_on`` before pip finished

    @property
    def ok(self) -> bool:
        return self.returncode == 0 and not self.stopped


def run_pip(command: str, args: list[str], *, env: dict[str, str] | None = None, stop_on: str | None = None,
            timeout: float | None = None, for_pyodide: bool = False) -> PipRun:  # fmt: skip
    """Run ``pip COMMAND ARGS``; with ``stop_on``, end pip as soon as a line contains that text.

    ``for_pyodide``: requirement markers are evaluated for Pyodide's Python (``pip_for_pyodide``).
    """
    module = "wasgi.build.pip_for_pyodide" if for_pyodide else "pip"
    cmd = [sys.executable, "-m", module, command, *PIP_QUIET_ARGS, *args]
    full_env = {**os.environ, **(env or {})}
    if stop_on is None:
        proc = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=full_env,
                              timeout=timeout)  # fmt: skip
        return PipRun(proc.returncode, proc.stdout)
    lines = []
    with subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=full_env) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.append(line)
            if stop_on in line:
                proc.terminate()
                proc.wait()
                return PipRun(proc.returncode, "".join(lines), stopped=True)
        proc.wait()
        return PipRun(proc.returncode, "".join(lines))
