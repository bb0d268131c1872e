"""ujson on the standard library: the same API, output and errors, slower.

ujson (UltraJSON) is compiled C with no Pyodide wheel. Sanic uses it for every
JSON response when it is installed, as it is beside Sanic on a server, and
FastAPI's ``UJSONResponse`` needs it. The site gets this module as ``ujson``
when no real wheel runs there (``wasgi.build.stand_ins``).
``tests/unit/server/test_stand_in_ujson.py`` holds it to the real ujson's output.

Where it differs: ``loads`` is the standard library's parser, so it refuses a
few malformed documents ujson lets through (``01``, ``1.``, ``-``), and its
errors carry ujson's message only for the two most common cases (no value,
trailing data). Each level of nesting costs two Python calls, so under
Python's default recursion limit values nest up to about 490 levels (ujson:
1,024); deeper fails with the error ujson raises past its own limit.
"""

from __future__ import annotations

import json
import operator
import sys
from dataclasses import dataclass, field
from json.encoder import encode_basestring, encode_basestring_ascii  # the C ones when present
from typing import Any, Callable

__all__ = ["JSONDecodeError", "decode", "dump", "dumps", "encode", "load", "loads"]

_MAX_DEPTH = 1024  # a value nested deeper fails, as in ujson
_MAX_DEFAULTS = 3  # ``default`` may hand back something it must be called on again, this many times
_HTML = str.maketrans({"<": "\\u003c", ">": "\\u003e", "&": "\\u0026"})


class JSONDecodeError(ValueError):
    """``loads`` met invalid JSON."""


def dumps(
    obj: Any,
    ensure_ascii: bool = True,
    encode_html_chars: bool = False,
    escape_forward_slashes: bool = True,
    sort_keys: bool = False,
    indent: int = 0,
    allow_nan: bool = True,
    reject_bytes: bool = True,
    default: Callable[[Any], Any] | None = None,
    separators: tuple[str, str] | None = None,
) -> str:
    """Serialize ``obj`` to a JSON ``str``, as ``ujson.dumps``: compact, ``/`` escaped, NaN allowed."""
    indent = operator.index(indent)
    if indent > 1000:
        raise ValueError("Maximum allowed indentation is 1000")
    if separators is not None:
        if not isinstance(separators, tuple):
            raise TypeError("expected tuple or None as separator")
        if len(separators) != 2:
            raise ValueError("expected tuple of size 2 as separator")
        for separator, kind in zip(separators, ("item", "key")):
            if not isinstance(separator, str):
                raise TypeError(f"expected str as {kind} separator")
    encoder = _Encoder(
        ascii_only=bool(ensure_ascii),
        html=bool(encode_html_chars),
        slashes=bool(escape_forward_slashes),
        sort_keys=bool(sort_keys),
        indent=max(indent, -1),
        allow_nan=bool(allow_nan),
        reject_bytes=bool(reject_bytes),
        default=default,
        item_separator=separators[0] if separators else ",",
        key_separator=separators[1] if separators else ": " if indent else ":",
    )
    try:
        encoder.write(obj, 0)
    except RecursionError:
        raise OverflowError("Maximum recursion level reached") from None
    return "".join(encoder.out)


encode = dumps


def dump(obj: Any, fp: Any, **options: Any) -> None:
    """Write ``dumps(obj, **options)`` to the file ``fp``."""
    write = getattr(fp, "write", None)
    if not callable(write):
        raise TypeError("expected file")
    write(dumps(obj, **options))


def loads(obj: str | bytes | bytearray) -> Any:
    """Parse JSON text (str, or UTF-8 bytes), as ``ujson.loads``: NaN and Infinity are read."""
    if isinstance(obj, (bytes, bytearray)):
        try:
            text = bytes(obj).decode("utf-8", "surrogatepass")
        except UnicodeDecodeError:
            raise JSONDecodeError("Invalid UTF-8 sequence length when decoding 'string'") from None
    elif isinstance(obj, str):
        text = obj
    else:
        try:
            memoryview(obj)
        except TypeError:
            raise TypeError("Expected string, bytes, or bytearray") from None
        raise TypeError("Arbitrary bytes-like objects are no longer supported. Use either string, bytes, or bytearray.")
    try:
        return json.loads(text, strict=False)  # ujson takes control characters in strings as they are
    except json.JSONDecodeError as exc:
        raise JSONDecodeError(_decode_message(exc)) from None
    except RecursionError:
        raise JSONDecodeError("Reached object decoding depth limit") from None


decode = loads


def load(fp: Any) -> Any:
    """Parse the JSON text that ``fp.read()`` returns."""
    return loads(fp.read())


def _decode_message(exc: json.JSONDecodeError) -> str:
    """ujson's message for the commonest failures; the standard library's for the rest."""
    if exc.msg == "Extra data":
        return "Trailing data"
    if exc.msg == "Expecting value" and not exc.doc[: exc.pos].strip(" \t\n\r"):
        return "Expected object or value"
    return exc.msg


def __getattr__(name: str) -> Any:
    # Looked up only when asked for: reading the installed version costs an import.
    if name == "__version__":
        from importlib.metadata import version

        return version("ujson")
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


@dataclass
class _Encoder:
    """One ``dumps`` call: appends the JSON text of each value to ``out``."""

    ascii_only: bool
    html: bool
    slashes: bool
    sort_keys: bool
    indent: int
    allow_nan: bool
    reject_bytes: bool
    default: Callable[[Any], Any] | None
    item_separator: str
    key_separator: str
    out: list[str] = field(default_factory=list)

    def write(self, obj: Any, level: int) -> None:
        """Append ``obj``'s JSON, ``level`` containers deep."""
        if level > _MAX_DEPTH:
            raise OverflowError("Maximum recursion level reached")
        out = self.out
        kind = type(obj)  # the common exact types first: the checks below, in ujson's order, are slower
        if kind is str:
            out.append(self.string(obj))
        elif kind is int:
            out.append(int.__repr__(obj))
        elif kind is dict:
            self.object(obj, level)
        elif kind is list:
            self.array(obj, level)
        elif obj is None:
            out.append("null")
        elif kind is float:
            out.append(self.number(obj))
        else:
            self.write_other(obj, level)

    def write_other(self, obj: Any, level: int) -> None:
        """``write`` for the rest, checked in ujson's order."""
        out = self.out
        for _ in range(_MAX_DEFAULTS + 1):
            # An iterator is never taken for a scalar, as in ujson (it checks that first).
            if not hasattr(type(obj), "__next__"):
                if obj is True or obj is False:
                    out.append("true" if obj else "false")
                    return
                if isinstance(obj, int):
                    out.append(int.__repr__(obj))
                    return
                if isinstance(obj, bytes):
                    if self.reject_bytes:
                        raise TypeError(f"{obj!r} is not JSON serializable")
                    out.append(self.string(obj.decode("utf-8", "surrogatepass")))
                    return
                if isinstance(obj, str):
                    out.append(self.string(obj))
                    return
                if obj is None:
                    out.append("null")
                    return
                if isinstance(obj, float) or _is_decimal(obj):
                    out.append(self.number(float(obj)))
                    return
            if isinstance(obj, dict):
                self.object(obj, level)
                return
            if isinstance(obj, (list, tuple)):
                self.array(obj, level)
                return
            if hasattr(obj, "toDict"):
                as_dict = obj.toDict()
                if not isinstance(as_dict, dict):
                    raise TypeError(f"toDict() should return a dict, got {type(as_dict).__name__}")
                self.object(as_dict, level)
                return
            if hasattr(obj, "__json__"):
                raw = obj.__json__()
                if not isinstance(raw, (str, bytes)):
                    raise TypeError(f"__json__() should return str or bytes, got {type(raw).__name__}")
                out.append(raw if isinstance(raw, str) else raw.decode("utf-8", "surrogatepass"))
                return
            if self.default is None:
                raise TypeError(f"{obj!r} is not JSON serializable")
            obj = self.default(obj)
        raise TypeError("maximum recursion depth exceeded")

    def string(self, text: str) -> str:
        """A JSON string: control characters, quote and backslash escaped as the standard
        library does; then ``/`` and HTML's ``<>&``, which appear only inside strings."""
        if not self.ascii_only:
            quoted = encode_basestring(text)
        elif "\x7f" in text:  # the standard library escapes DEL; ujson keeps it
            quoted = '"' + "\x7f".join(encode_basestring_ascii(part)[1:-1] for part in text.split("\x7f")) + '"'
        else:
            quoted = encode_basestring_ascii(text)
        if self.slashes and "/" in quoted:
            quoted = quoted.replace("/", "\\/")
        if self.html:
            quoted = quoted.translate(_HTML)
        return quoted

    def number(self, value: float) -> str:
        """The shortest digits that read back as ``value`` (as ``repr``), with ujson's exponent: ``1e-5``, ``1e+16``."""
        if value != value or value in (float("inf"), float("-inf")):
            if not self.allow_nan:
                raise OverflowError("Invalid value when encoding double")
            return "NaN" if value != value else "Infinity" if value > 0 else "-Infinity"
        text = float.__repr__(value)
        mantissa, exponent_mark, exponent = text.partition("e")
        if not exponent_mark:
            return text
        return f"{mantissa}e{exponent[0]}{exponent[1:].lstrip('0')}"

    def array(self, items: list | tuple, level: int) -> None:
        out, write, separator, indented = self.out, self.write, self.item_separator, self.indent > 0
        out.append("[")
        count = 0
        for item in list.__iter__(items) if isinstance(items, list) else tuple.__iter__(items):
            if count:
                out.append(separator)
            if indented:
                self.newline(level + 1)
            write(item, level + 1)
            count += 1
        if count and indented:
            self.newline(level)
        out.append("]")

    def object(self, mapping: dict, level: int) -> None:
        out = self.out
        out.append("{")
        if self.sort_keys:
            keys = list(dict.keys(mapping))
            keys.sort()
            pairs = ((key, dict.__getitem__(mapping, key)) for key in keys)
        else:
            pairs = dict.items(mapping)
        write, string, separator, indented = self.write, self.string, self.item_separator, self.indent > 0
        count = 0
        for key, value in pairs:
            if count:
                out.append(separator)
            if indented:
                self.newline(level + 1)
            out.append(string(key if type(key) is str else _key_text(key)))
            out.append(self.key_separator)
            write(value, level + 1)
            count += 1
        if count and indented:
            self.newline(level)
        out.append("}")

    def newline(self, level: int) -> None:
        self.out.append("\n" + " " * (self.indent * level))


def _key_text(key: Any) -> str:
    """A dict key as ujson names it: strings as they are, then true/false/null, else ``str(key)``."""
    if isinstance(key, str):
        return key
    if isinstance(key, bytes):
        return key.decode("utf-8", "surrogatepass")
    if key is True or key is False:
        return "true" if key else "false"
    if key is None:
        return "null"
    return str(key)


def _is_decimal(obj: Any) -> bool:
    """A ``decimal.Decimal`` (written as a float, as ujson does), without importing decimal."""
    module = sys.modules.get("decimal")
    return module is not None and isinstance(obj, module.Decimal)
