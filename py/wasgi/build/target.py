"""The interpreter a built site runs on, as pip and wheel tags see it.

Pyodide 314 is CPython 3.14 compiled to WebAssembly; its wheels carry the
platform tag ``pyemscripten_2026_0_wasm32``. Every module that asks pip for
wheels, or checks a wheel's tags, takes these values from here so that a new
Pyodide needs one edit.
"""

from __future__ import annotations

PYTHON_VERSION = "3.14"
PYTHON_FULL_VERSION = "3.14.2"
EMSCRIPTEN_VERSION = "5.0.3"
PLATFORM_TAG = "pyemscripten_2026_0_wasm32"
CPYTHON_TAG = "cp" + PYTHON_VERSION.replace(".", "")

# What requirement markers see in Pyodide (packaging's default_environment()
# printed there), for pip to evaluate them as Pyodide would (pip_for_pyodide.py).
MARKER_ENVIRONMENT = {
    "implementation_name": "cpython",
    "implementation_version": PYTHON_FULL_VERSION,
    "os_name": "posix",
    "platform_machine": "wasm32",
    "platform_release": EMSCRIPTEN_VERSION,
    "platform_system": "Emscripten",
    "platform_version": "#1",
    "python_full_version": PYTHON_FULL_VERSION,
    "platform_python_implementation": "CPython",
    "python_version": PYTHON_VERSION,
    "sys_platform": "emscripten",
}

# pip pretends to install for Pyodide: only wheels, only these tags.
PIP_TARGET_ARGS = [
    "--only-binary=:all:",
    "--platform", PLATFORM_TAG,
    "--platform", "any",
    "--python-version", PYTHON_VERSION,
    "--implementation", "cp",
    "--abi", CPYTHON_TAG, "--abi", "abi3", "--abi", "none",
]  # fmt: skip

# Options for every pip run: no prompts, no progress bars in captured output.
PIP_QUIET_ARGS = ["--no-input", "--progress-bar", "off", "--disable-pip-version-check"]
