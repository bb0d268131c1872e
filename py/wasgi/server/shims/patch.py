"""Reversible attribute replacement: what every shim is made of."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from .errors import ShimError

# Marks an attribute that the owner inherited rather than defined itself.
_INHERITED = object()


@dataclass
class Patch:
    """Replace ``owner.name`` with ``replacement``; ``revert()`` puts the original back.

    With ``new=True`` the attribute is one the owner lacks (a function Pyodide's
    build leaves out): it is added, and ``revert()`` removes it.
    """

    owner: Any
    name: str
    replacement: Any
    new: bool = False
    original: Any = field(default=None, init=False, repr=False)
    applied: bool = field(default=False, init=False)

    def apply(self) -> None:
        """Install the replacement; ``ShimError`` if the owner has no such attribute (or, when new, has one)."""
        if self.applied:
            return
        if hasattr(self.owner, self.name) == self.new:
            owner = getattr(self.owner, "__qualname__", None) or getattr(self.owner, "__name__", repr(self.owner))
            raise ShimError(f"{owner}.{self.name} {'exists already' if self.new else 'does not exist'}")
        # The raw descriptor (a classmethod, say), so revert() restores it exactly.
        self.original = vars(self.owner).get(self.name, _INHERITED)
        setattr(self.owner, self.name, self.replacement)
        self.applied = True

    def revert(self) -> None:
        """Put the original attribute back."""
        if not self.applied:
            return
        if self.original is _INHERITED:
            delattr(self.owner, self.name)
        else:
            setattr(self.owner, self.name, self.original)
        self.applied = False


def require(owner: Any, *names: str) -> None:
    """Raise ``ShimError`` unless ``owner`` has every attribute a shim relies on."""
    missing = [name for name in names if not hasattr(owner, name)]
    if missing:
        label = getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))
        raise ShimError(f"{label} has no {', '.join(missing)}")
