"""``hashlib.scrypt``, which Pyodide's hashlib lacks (its core has no OpenSSL).

Werkzeug's ``generate_password_hash`` uses it by default (n = 32768, r = 8),
as does Django's ``ScryptPasswordHasher``: without it, signing up and
logging in fail. scrypt is two one-round PBKDF2-HMAC-SHA256 steps around a
memory-hard core (RFC 7914). The core runs in JavaScript in the browser
(``worker/scrypt.mjs``, registered as the module ``wasgi_scrypt``): about
0.2 s for Werkzeug's cost, where Python takes minutes. Where that module is
missing (under CPython, in tests) the core runs in Python, fine for small costs.
"""

from __future__ import annotations

import hashlib
import operator
import struct
from typing import Any

from .hashlib_pbkdf2 import derive_in_python, to_bytes
from .patch import Patch

_INT_MAX = 2**31 - 1
_DEFAULT_MAXMEM = 32 * 1024 * 1024  # OpenSSL's limit when maxmem is 0
_MASK = 0xFFFFFFFF


def patches() -> list[Patch]:
    """Add ``hashlib.scrypt`` where it is missing (nothing to do under CPython)."""
    if hasattr(hashlib, "scrypt"):
        return []
    return [Patch(hashlib, "scrypt", scrypt, new=True)]


def scrypt(password: Any, *, salt: Any = None, n: Any = None, r: Any = None, p: Any = None,
           maxmem: int = 0, dklen: int = 64) -> bytes:  # fmt: skip
    """The scrypt key derivation function, as ``hashlib.scrypt``: the same bytes and errors."""
    password = to_bytes(password)
    if salt is None:
        raise TypeError("salt is required")
    salt = to_bytes(salt)
    n, r, p = (_unsigned(value, name) for value, name in ((n, "n"), (r, "r"), (p, "p")))
    maxmem, dklen = operator.index(maxmem), operator.index(dklen)
    if n < 2 or n & (n - 1):
        raise ValueError("n must be a power of 2.")
    if not 0 <= maxmem <= _INT_MAX:
        raise ValueError(f"maxmem must be positive and smaller than {_INT_MAX}")
    if not 0 < dklen <= _INT_MAX:
        raise ValueError(f"dklen must be greater than 0 and smaller than {_INT_MAX}")
    if r < 1 or p < 1:
        raise ValueError("Invalid parameter combination for n, r, p, maxmem.")
    # OpenSSL's count: the p blocks, and the core's n + 2 blocks of 128 * r bytes.
    if p * 128 * r + 128 * r * (n + 2) > (maxmem or _DEFAULT_MAXMEM):
        raise ValueError("[digital envelope routines] memory limit exceeded")
    size = 128 * r
    blocks = derive_in_python("sha256", password, salt, 1, p * size)
    romix = _core()
    mixed = b"".join(romix(blocks[i * size : (i + 1) * size], n, r) for i in range(p))
    return derive_in_python("sha256", password, mixed, 1, dklen)


def _unsigned(value: Any, name: str) -> int:
    if isinstance(value, float):
        raise TypeError(f"scrypt() argument '{name}' must be int, not float")
    if value is None or operator.index(value) < 0:
        raise TypeError(f"{name} is required and must be an unsigned int")
    return operator.index(value)


def _core():
    """ROMix: worker/scrypt.mjs's where the worker registered it, else this module's."""
    try:
        from wasgi_scrypt import romix  # imported here, never while a snapshot is made
    except ImportError:
        return romix_in_python
    from pyodide.ffi import to_js

    return lambda block, n, r: romix(to_js(block), n, r).to_bytes()


def romix_in_python(block: bytes, n: int, r: int) -> bytes:
    """RFC 7914's ROMix in Python: the same bytes as worker/scrypt.mjs, far slower."""
    count = 32 * r
    words = list(struct.unpack(f"<{count}I", block))
    table = []
    for _ in range(n):
        table.append(words)
        words = _block_mix(words, r)
    for _ in range(n):
        j = words[count - 16] & (n - 1)  # Integerify: the last 64-byte block's first word
        words = _block_mix([a ^ b for a, b in zip(words, table[j])], r)
    return struct.pack(f"<{count}I", *words)


def _block_mix(words: list[int], r: int) -> list[int]:
    last = words[(2 * r - 1) * 16 :]
    evens, odds = [], []
    for i in range(2 * r):
        last = _salsa20_8([a ^ b for a, b in zip(last, words[i * 16 : (i + 1) * 16])])
        (odds if i & 1 else evens).extend(last)
    return evens + odds


# Salsa20's quarter-rounds, (a, b, c, d) each: a double round is the four columns, then the four rows.
_DOUBLE_ROUND = ((0, 4, 8, 12), (5, 9, 13, 1), (10, 14, 2, 6), (15, 3, 7, 11),
                 (0, 1, 2, 3), (5, 6, 7, 4), (10, 11, 8, 9), (15, 12, 13, 14))  # fmt: skip


def _salsa20_8(block: list[int]) -> list[int]:
    x = block[:]
    for _ in range(4):
        for a, b, c, d in _DOUBLE_ROUND:
            x[b] ^= _rotl((x[a] + x[d]) & _MASK, 7)
            x[c] ^= _rotl((x[b] + x[a]) & _MASK, 9)
            x[d] ^= _rotl((x[c] + x[b]) & _MASK, 13)
            x[a] ^= _rotl((x[d] + x[c]) & _MASK, 18)
    return [(a + b) & _MASK for a, b in zip(block, x)]


def _rotl(value: int, bits: int) -> int:
    return ((value << bits) | (value >> (32 - bits))) & _MASK
