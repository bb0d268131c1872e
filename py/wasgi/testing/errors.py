"""Errors of the testing helpers. Each message says what went wrong and what to do."""

from __future__ import annotations


class WasgiTestingError(Exception):
    """Base class: the app could not be tested in the browser."""


class ConfigError(WasgiTestingError):
    """``[tool.wasgi]``, the pytest ini options or the ``--wasgi-*`` options are missing or wrong."""


class PlaywrightMissing(WasgiTestingError):
    """The ``playwright`` package is not installed."""


class ChromiumNotFound(WasgiTestingError):
    """No Chromium to run the app in: neither a system one nor Playwright's own."""


class AppStartupError(WasgiTestingError):
    """The site loaded but the app did not start: ``kind`` is the page's StartupError kind
    (``import``, ``startup``, ``load``, ``worker``, ``internal``)."""

    def __init__(self, kind: str, message: str, traceback: str = "", console: list[str] | None = None) -> None:
        self.kind, self.message, self.traceback = kind, message, traceback
        self.console = console or []
        text = f"the app failed to start ({kind}): {message}"
        if traceback and traceback.strip() not in message:
            text += "\n\n" + traceback.rstrip()
        super().__init__(text)


class BootTimeout(WasgiTestingError):
    """The app neither started nor failed within the boot timeout."""


class RequestError(WasgiTestingError):
    """``App.fetch`` rejected (a network error in fetch's terms): the message is the browser's."""


class RequestTimeout(RequestError):
    """The app did not answer (headers and whole body) within the request's timeout."""


class HTTPStatusError(WasgiTestingError):
    """``Response.raise_for_status()`` on a 4xx or 5xx response."""

    def __init__(self, message: str, response) -> None:
        super().__init__(message)
        self.response = response
