"""Errors the in-browser server raises; each names its cause."""


class ClientDisconnected(OSError):
    """The page aborted the request; ``send`` raises this afterwards (as ASGI spec 2.4 allows)."""


class LifespanFailure(Exception):
    """Lifespan startup or shutdown failed; the message is the app's own."""


class AppLoadError(Exception):
    """The app named by the spec could not be imported or found."""


class ProtocolError(RuntimeError):
    """The app broke the ASGI message order or HTTP's rules (bad header, wrong length).

    A ``RuntimeError``, as Uvicorn raises for the same mistakes.
    """


class SaveFailed(OSError):
    """The persistent directory could not be saved: the response fails rather than
    let the page take the request's changes as kept."""
