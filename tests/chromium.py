"""How the tests start Chromium: the same way as wasgi's pytest plugin
(Debian's /usr/bin/chromium when present, else Playwright's own)."""

from wasgi.testing.chromium import launch_options

__all__ = ["launch_options"]
