"""Test an ASGI app inside the browser runtime, from pytest.

The pytest plugin (``wasgi.testing.plugin``, registered as the ``wasgi``
``pytest11`` entry point) builds the app into a site (cached between runs),
serves it on 127.0.0.1, boots it once per session in headless Chromium, and
gives each test a synchronous ``wasgi_client``::

    def test_home(wasgi_client):
        assert wasgi_client.get("/").status_code == 200

Nothing heavy is imported here: the entry point loads this package in every
pytest session of an environment where wasgi is installed, used or not.
"""

from __future__ import annotations

__all__ = ["AppStartupError", "BootTimeout", "BrowserSession", "ChromiumNotFound", "ConfigError", "HTTPStatusError",
           "PlaywrightMissing", "RequestError", "RequestTimeout", "Response", "SiteConfig", "WasgiClient",
           "WasgiTestingError"]  # fmt: skip

_HOMES = {
    "BrowserSession": "session",
    "Response": "response",
    "SiteConfig": "config",
    "WasgiClient": "client",
}


def __getattr__(name: str):
    # Lazy, so importing the plugin costs nothing for sessions that do not use it.
    import importlib

    if name in _HOMES:
        return getattr(importlib.import_module(f".{_HOMES[name]}", __name__), name)
    if name in __all__:
        return getattr(importlib.import_module(".errors", __name__), name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
