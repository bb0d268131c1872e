"""Turn pip's error output into one line per failing package."""

from __future__ import annotations

import re

from .target import PLATFORM_TAG

_NO_VERSION = re.compile(r"Could not find a version that satisfies the requirement (?P<req>.+?) \(from versions: (?P<versions>[^)]*)\)")
NO_DIST = re.compile(r"No matching distribution found for (?P<req>\S+)")
# pip could not read a source distribution's metadata (its build refused this machine's Python, say).
_UNREADABLE_SOURCE = (
    re.compile(r"Encountered error while generating package metadata\.\s*\S*\s*(?P<project>[A-Za-z0-9._-]+)"),
    re.compile(r"Failed to build '(?P<project>[A-Za-z0-9._-]+)' when getting requirements to build wheel"),
)
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
    if match := NO_DIST.search(output):
        return f"no wheel of {match['req']!r} runs in Pyodide (README: Packages)"
    if project := unreadable_source(output):
        return (f"no wheel of {project} runs in Pyodide, and pip could not read its source distribution "
                "on this machine; pin a version Pyodide ships and use --pyodide-index (README: Packages)")
    if _NETWORK.search(output):
        return "could not reach the package index; check the network or pip's index settings (pip config list)"
    if "conflicting dependencies" in output or "ResolutionImpossible" in output:
        return "the requirements conflict: " + last_error(output)
    return "pip could not resolve the requirements: " + last_error(output)


def unreadable_source(output: str) -> str | None:
    """The project whose source distribution's metadata pip could not generate here, if any."""
    for pattern in _UNREADABLE_SOURCE:
        if match := pattern.search(output):
            return match["project"]
    return None


def is_network_failure(output: str) -> bool:
    """Whether pip failed because it could not reach an index (it then also reports "no versions")."""
    return bool(_NETWORK.search(output))


def last_error(output: str) -> str:
    """pip's last ``ERROR:`` (or, from newer pip, ``error:``) line, else its last line."""
    errors = [line[len("ERROR:"):].strip() for line in output.splitlines() if line.upper().startswith("ERROR:")]
    return errors[-1] if errors else (output.strip().splitlines() or ["no output"])[-1]
