"""An app that imports a package the site was not built with."""

import humanize  # noqa: F401  (not in this app's requirements)


async def app(scope, receive, send):
    pass
