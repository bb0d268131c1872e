"""Turn pip's error output into one line per failing package."""

from __future__ import annotations

import re

from .target import PLATFORM_TAG

_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement (?P<req>.+?) \(from versions: (?P<versions>[^)]*)\)")
_NO_DIST = re.compile(r"No matching distribution found for (?P<req>\S+)")
_NETWORK = re.compile(r"Failed to establish a new connection|Max retries exceeded|Could not fetch URL|Temporary failure in name resolution")


def explain_pip_failure(output: str) -> str:
    """Turn pip's output into one line per failing package."""
    if is_network_failure(output) and "from versions: none" in output:
        # An unreachable index looks like a package with no versions; say what really happened.
        return "could not reach the package index; check the network or pip's index settings (pip config list)"
    lines = []
    for match in _NO_VERSION.finditer(output):
        req = match["req"]
        parent = re.search(r"\(from ([^)]+)\)", req)
        req = re.sub(r"\s*\(from [^)]+\)", "", req).strip()
        needed = f" (needed by {parent.group(1)})" if parent else ""
        lines.append(
            f"no wheel of {req!r}{needed} runs in Pyodide: the index has neither a pure-Python nor a "
            f"{PLATFORM_TAG} wheel for it; pick a version that has one, or build one (README: Packages)"
        )
    if lines:
        return "\n".join(dict.fromkeys(lines))
    if match := _NO_DIST.search(output):
        return f"no wheel of {match['req']!r} runs in Pyodide (README: Packages)"
    if _NETWORK.search(output):
        return "could not reach the package index; check the network or pip's index settings (pip config list)"
    if "conflicting dependencies" in output or "ResolutionImpossible" in output:
        return "the requirements conflict: " + last_error(output)
    return "pip could not resolve the requirements: " + last_error(output)


def is_network_failure(output: str) -> bool:
    """Whether pip failed because it could not reach an index (it then also reports "no versions")."""
    return bool(_NETWORK.search(output))


def last_error(output: str) -> str:
    """pip's last ``ERROR:`` line, else its last line."""
    errors = [line.removeprefix("ERROR: ").strip() for line in output.splitlines() if line.startswith("ERROR:")]
    return errors[-1] if errors else (output.strip().splitlines() or ["no output"])[-1]
