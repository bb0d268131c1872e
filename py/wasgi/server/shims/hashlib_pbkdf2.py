"""``hashlib.pbkdf2_hmac``, which Pyodide's hashlib lacks (its core has no OpenSSL).

Django's default password hasher calls it (PBKDF2-SHA256, 1.5 million
iterations in Django 6.1), and so does Werkzeug's ``pbkdf2`` method: without
it, logging in fails. In the browser the Web Crypto API derives the key in
native code (about 0.25 s for Django's count in Chromium here), waited for
through JSPI as ``async_to_sync`` is. Where the stack cannot suspend, or for a
hash Web Crypto lacks (SHA-224, SHA-3, BLAKE2), the same bytes come from
RFC 8018's loop in Python, about 16 times slower.
"""

from __future__ import annotations

import hashlib
import operator
from typing import Any

from . import jspi
from .patch import Patch

# Python's name for a hash -> Web Crypto's.
_WEB_CRYPTO_HASHES = {"sha1": "SHA-1", "sha256": "SHA-256", "sha384": "SHA-384", "sha512": "SHA-512"}
_INNER_PAD = bytes(x ^ 0x36 for x in range(256))  # HMAC's ipad and opad, as translate() tables
_OUTER_PAD = bytes(x ^ 0x5C for x in range(256))
_INT_MAX = 2**31 - 1


def patches() -> list[Patch]:
    """Add ``hashlib.pbkdf2_hmac`` where it is missing (nothing to do under CPython)."""
    if hasattr(hashlib, "pbkdf2_hmac"):
        return []
    return [Patch(hashlib, "pbkdf2_hmac", pbkdf2_hmac, new=True)]


def pbkdf2_hmac(hash_name: str, password: Any, salt: Any, iterations: int, dklen: int | None = None) -> bytes:
    """PBKDF2 with HMAC and ``hash_name``, as ``hashlib.pbkdf2_hmac``: the same bytes and errors."""
    password, salt = to_bytes(password), to_bytes(salt)
    iterations = operator.index(iterations)
    if iterations < 1:
        raise ValueError("iteration value must be greater than 0.")
    if iterations > 2**32 - 1:
        raise OverflowError("iteration value is too great.")
    digest_size = hashlib.new(hash_name).digest_size  # ValueError: unsupported hash type
    if not digest_size:  # SHAKE: no fixed size, no HMAC
        raise ValueError(f"unsupported hash type {hash_name}")
    dklen = digest_size if dklen is None else operator.index(dklen)
    if dklen < 1:
        raise ValueError("key length must be greater than 0.")
    if dklen > _INT_MAX:
        raise OverflowError("key length is too great.")
    derived = _web_crypto(hash_name, password, salt, iterations, dklen)
    return derived if derived is not None else derive_in_python(hash_name, password, salt, iterations, dklen)


def to_bytes(value: Any) -> bytes:
    """A bytes-like argument as bytes; hashlib's TypeError for anything else."""
    if isinstance(value, str):
        raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'")
    try:
        return memoryview(value).tobytes()
    except TypeError:
        raise TypeError(f"a bytes-like object is required, not '{type(value).__name__}'") from None


def _web_crypto(hash_name: str, password: bytes, salt: bytes, iterations: int, dklen: int) -> bytes | None:
    """The key from the browser's Web Crypto API, or None where it cannot be waited for here."""
    web_name = _WEB_CRYPTO_HASHES.get(hash_name.lower())
    if web_name is None or not jspi.can_block():
        return None
    from js import Object, crypto
    from pyodide.ffi import JsException, to_js

    subtle = crypto.subtle
    try:
        key = jspi.wait(subtle.importKey("raw", to_js(password), "PBKDF2", False, to_js(["deriveBits"])))
        algorithm = {"name": "PBKDF2", "hash": web_name, "salt": to_js(salt), "iterations": iterations}
        bits = jspi.wait(subtle.deriveBits(to_js(algorithm, dict_converter=Object.fromEntries), key, dklen * 8))
    except JsException:  # a length or count past what Web Crypto takes: the loop below has no limit
        return None
    return bits.to_bytes()


def derive_in_python(hash_name: str, password: bytes, salt: bytes, iterations: int, dklen: int) -> bytes:
    """RFC 8018's PBKDF2 in Python: each block XORs ``iterations`` chained HMACs."""
    inner, outer = hashlib.new(hash_name), hashlib.new(hash_name)
    if len(password) > inner.block_size:
        password = hashlib.new(hash_name, password).digest()
    password = password.ljust(inner.block_size, b"\0")
    inner.update(password.translate(_INNER_PAD))
    outer.update(password.translate(_OUTER_PAD))

    def hmac(message: bytes) -> bytes:
        # Copies of the keyed states: the key's two blocks are hashed once, not per round.
        first, second = inner.copy(), outer.copy()
        first.update(message)
        second.update(first.digest())
        return second.digest()

    size = inner.digest_size
    blocks = []
    for index in range(1, -(-dklen // size) + 1):
        chained = hmac(salt + index.to_bytes(4, "big"))
        total = int.from_bytes(chained, "big")
        for _ in range(iterations - 1):
            chained = hmac(chained)
            total ^= int.from_bytes(chained, "big")
        blocks.append(total.to_bytes(size, "big"))
    return b"".join(blocks)[:dklen]
