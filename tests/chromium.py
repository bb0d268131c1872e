"""How the tests start Chromium: Debian's when present, else Playwright's own."""

import os

CHROMIUM = "/usr/bin/chromium"
# Flags that keep Debian's Chromium quiet and off the network in a sandbox.
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run"]  # fmt: skip


def launch_options() -> dict:
    """Keyword arguments for ``chromium.launch`` / ``launch_persistent_context``."""
    options: dict = {"args": CHROMIUM_ARGS}
    if os.path.exists(CHROMIUM):
        options["executable_path"] = CHROMIUM
    return options
