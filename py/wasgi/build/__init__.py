"""Host side: turn an ASGI app into a static site (``wasgi build``)."""

from .errors import AppSpecError, BuildError, PyodideDownloadError, ResolveError
from .site import BuildOptions, build_site

__all__ = ["AppSpecError", "BuildError", "BuildOptions", "PyodideDownloadError", "ResolveError", "build_site"]
