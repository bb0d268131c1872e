"""Host side: turn an ASGI app into a static site (``wasgi build``)."""

from .errors import (
    AppSpecError,
    BuildError,
    CompiledCodeFound,
    ExtensionRequired,
    LocalWheelError,
    NoSourceDistribution,
    PackagesUnavailableError,
    PyodideDownloadError,
    PyodideIndexError,
    PureWheelRefused,
    ResolveError,
)
from .site import BuildOptions, build_site

__all__ = ["AppSpecError", "BuildError", "BuildOptions", "CompiledCodeFound", "ExtensionRequired", "LocalWheelError",
           "NoSourceDistribution", "PackagesUnavailableError", "PureWheelRefused", "PyodideDownloadError",
           "PyodideIndexError", "ResolveError", "build_site"]  # fmt: skip
