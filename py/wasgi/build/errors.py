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
