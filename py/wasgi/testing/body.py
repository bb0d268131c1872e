"""Encode a request body from ``json=``, ``data=``, ``files=`` or ``content=``, as httpx does."""

from __future__ import annotations

import json as jsonlib
import mimetypes
import secrets
from collections.abc import Mapping
from urllib.parse import urlencode


def encode_body(*, json=None, data=None, files=None, content=None) -> tuple[bytes | None, str | None]:
    """``(body, content type)``; both None when there is no body."""
    if content is not None and (json is not None or data is not None or files is not None):
        raise TypeError("pass content= alone, without json=, data= or files=")
    if json is not None and (data is not None or files is not None):
        raise TypeError("pass json= alone, without data= or files=")
    if content is not None:
        return _bytes(content), None
    if json is not None:
        return jsonlib.dumps(json).encode(), "application/json"
    if files is not None:
        return _multipart(data or {}, files)
    if isinstance(data, Mapping):
        return urlencode(_fields(data), doseq=True).encode(), "application/x-www-form-urlencoded"
    if data is not None:  # raw bytes or text, as content=
        return _bytes(data), None
    return None, None


def _bytes(value) -> bytes:
    if isinstance(value, str):
        return value.encode()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return bytes(value)
    if hasattr(value, "read"):
        return _bytes(value.read())
    return b"".join(_bytes(chunk) for chunk in value)  # an iterable of chunks


def _fields(data: Mapping) -> list[tuple[str, str]]:
    """Form fields; a list value repeats its name; numbers and booleans as httpx writes them."""
    pairs = []
    for name, value in data.items():
        for item in value if isinstance(value, (list, tuple)) else [value]:
            text = "true" if item is True else "false" if item is False else "" if item is None else str(item)
            pairs.append((str(name), text))
    return pairs


def _multipart(data: Mapping, files) -> tuple[bytes, str]:
    """``multipart/form-data``: ``files`` maps a field to content, a file, or
    ``(filename, content[, content type])``; a list of such pairs repeats fields."""
    boundary = secrets.token_hex(16)
    parts = []
    for name, value in _fields(data):
        parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"\r\n\r\n'.encode()
                     + value.encode() + b"\r\n")  # fmt: skip
    for name, spec in files.items() if isinstance(files, Mapping) else files:
        if isinstance(spec, tuple):
            filename, body, kind = (*spec, None)[:3]
        else:
            filename, body, kind = getattr(spec, "name", None) or name, spec, None
        filename = str(filename).replace("\\", "/").rsplit("/", 1)[-1]
        kind = kind or mimetypes.guess_type(filename)[0] or "application/octet-stream"
        head = (f'--{boundary}\r\nContent-Disposition: form-data; name="{_quote(name)}"; '
                f'filename="{_quote(filename)}"\r\nContent-Type: {kind}\r\n\r\n')  # fmt: skip
        parts.append(head.encode() + _bytes(body) + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"


def _quote(value: str) -> str:
    # As browsers encode form-data names (WHATWG): percent-escape quote, CR and LF.
    return value.replace('"', "%22").replace("\r", "%0D").replace("\n", "%0A")
