"""Build errors. Each message is one line naming the cause and the fix."""


class BuildError(Exception):
    """The build cannot go on; ``exit_code`` is what the CLI exits with."""

    exit_code = 1


class AppSpecError(BuildError):
    """The ``FILE.py:ATTR`` or ``module:ATTR`` spec names nothing usable."""

    exit_code = 2


class ResolveError(BuildError):
    """A requirement has no wheel that runs in Pyodide, or the index failed."""


class PyodideDownloadError(BuildError):
    """The Pyodide core could not be fetched or failed its integrity check."""


class LocalWheelError(BuildError):
    """A wheel file given as a requirement is missing, unreadable, or tagged for another platform."""


class PackagesUnavailableError(ResolveError):
    """Some packages of the closure have no usable wheel and no fallback worked: one line per package."""

    def __init__(self, lines: list[str]) -> None:
        super().__init__("\n".join(lines))
        self.lines = lines


class PureWheelRefused(ResolveError):
    """A source distribution did not give a pure-Python wheel; ``reason`` completes "its source distribution ..."."""

    def __init__(self, project: str, version: str, reason: str) -> None:
        super().__init__(f"{project} {version}: {reason}")
        self.project, self.version, self.reason = project, version, reason


class NoSourceDistribution(PureWheelRefused):
    """The index has no source distribution for that version."""


class ExtensionRequired(PureWheelRefused):
    """The build failed without a C compiler: the package's extension is not optional."""


class CompiledCodeFound(PureWheelRefused):
    """The build gave a wheel with compiled files although no compiler was available to it."""


class PyodideIndexError(ResolveError):
    """The ``--pyodide-index`` lock could not be read, or a file from it failed its checks."""
