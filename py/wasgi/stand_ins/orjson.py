"""orjson on the standard library: the same API, options, output and errors, slower.

orjson is compiled Rust with no Pyodide wheel, and Shiny for Python imports
it (NiceGUI and FastAPI's ``ORJSONResponse`` use it too). The site gets this
module as ``orjson`` when no real wheel runs there (``wasgi.build.stand_ins``).
``tests/unit/server/test_stand_in_orjson.py`` holds it to the real orjson's output.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import json
import uuid
from json.encoder import encode_basestring  # the C one when present: escapes as orjson does
from typing import Any, Callable

__all__ = [
    "Fragment", "JSONDecodeError", "JSONEncodeError", "dumps", "loads",
    "OPT_APPEND_NEWLINE", "OPT_INDENT_2", "OPT_NAIVE_UTC", "OPT_NON_STR_KEYS", "OPT_OMIT_MICROSECONDS",
    "OPT_PASSTHROUGH_DATACLASS", "OPT_PASSTHROUGH_DATETIME", "OPT_PASSTHROUGH_SUBCLASS", "OPT_SERIALIZE_DATACLASS",
    "OPT_SERIALIZE_NUMPY", "OPT_SERIALIZE_UUID", "OPT_SORT_KEYS", "OPT_STRICT_INTEGER", "OPT_UTC_Z",
]  # fmt: skip

# The real values, so options combine with code written against orjson.
OPT_INDENT_2 = 1
OPT_NAIVE_UTC = 2
OPT_NON_STR_KEYS = 4
OPT_OMIT_MICROSECONDS = 8
OPT_SERIALIZE_NUMPY = 16
OPT_SORT_KEYS = 32
OPT_STRICT_INTEGER = 64
OPT_UTC_Z = 128
OPT_PASSTHROUGH_SUBCLASS = 256
OPT_PASSTHROUGH_DATETIME = 512
OPT_APPEND_NEWLINE = 1024
OPT_PASSTHROUGH_DATACLASS = 2048
OPT_SERIALIZE_DATACLASS = 0  # the default since orjson 3
OPT_SERIALIZE_UUID = 0
_ALL_OPTIONS = 4095

_MAX_DEPTH = 254  # containers nested deeper (or a cycle) fail, as in orjson
_INT_RANGE = (-(2**63), 2**64 - 1)
_STRICT_INT_RANGE = (-(2**53 - 1), 2**53 - 1)


class JSONEncodeError(TypeError):
    """``dumps`` met something it cannot serialize."""


class JSONDecodeError(json.JSONDecodeError):
    """``loads`` met invalid JSON (a ``ValueError``, as the standard library's)."""


class Fragment:
    """Already serialized JSON, written into the output as it is."""

    __slots__ = ("contents",)

    def __init__(self, contents: bytes | str) -> None:
        if not isinstance(contents, (bytes, str)):
            raise TypeError("orjson.Fragment() argument 1 must be bytes or str")
        self.contents = contents


def dumps(obj: Any, default: Callable[[Any], Any] | None = None, option: int | None = None) -> bytes:
    """Serialize ``obj`` to compact UTF-8 JSON bytes, as ``orjson.dumps``."""
    options = option or 0
    if not isinstance(options, int) or not 0 <= options <= _ALL_OPTIONS:
        raise JSONEncodeError("Invalid opts")
    out: list[str] = []
    _Encoder(default, options, out).encode(obj, 0)
    if options & OPT_APPEND_NEWLINE:
        out.append("\n")
    try:
        return "".join(out).encode("utf-8")
    except UnicodeEncodeError:
        raise JSONEncodeError("str is not valid UTF-8: surrogates not allowed") from None


def loads(data: bytes | bytearray | memoryview | str) -> Any:
    """Parse JSON, as ``orjson.loads``: NaN and Infinity are refused."""
    if isinstance(data, (bytes, bytearray, memoryview)):
        try:
            text = bytes(data).decode("utf-8")
        except UnicodeDecodeError:
            raise JSONDecodeError("str is not valid UTF-8: surrogates not allowed", "", 0) from None
    elif isinstance(data, str):
        text = data
    else:
        raise JSONDecodeError("Input must be bytes, bytearray, memoryview, or str", "", 0)
    try:
        return json.loads(text, parse_constant=_refuse_constant)
    except json.JSONDecodeError as exc:
        raise JSONDecodeError(exc.msg, exc.doc, exc.pos) from None
    except _Constant as exc:
        position = text.find(exc.name)
        raise JSONDecodeError("unexpected character, expected a JSON value", text, max(position, 0)) from None


class _Constant(Exception):
    def __init__(self, name: str) -> None:
        self.name = name


def _refuse_constant(name: str) -> Any:
    raise _Constant(name)


class _Encoder:
    """One ``dumps`` call: appends the JSON text of each value to ``out``."""

    def __init__(self, default: Callable[[Any], Any] | None, options: int, out: list[str]) -> None:
        self.default = default
        self.options = options
        self.out = out
        self.indent = bool(options & OPT_INDENT_2)

    def encode(self, obj: Any, depth: int) -> None:
        kind = type(obj)
        out = self.out
        if kind is str:
            out.append(encode_basestring(obj))
        elif obj is None:
            out.append("null")
        elif obj is True:
            out.append("true")
        elif obj is False:
            out.append("false")
        elif kind is int:
            out.append(self._int(obj))
        elif kind is float:
            out.append(_float(obj))
        elif kind is dict:
            self._dict(obj, depth)
        elif kind is list or kind is tuple:
            self._list(obj, depth)
        else:
            self._other(obj, depth)

    def _other(self, obj: Any, depth: int) -> None:
        options = self.options
        subclasses = not options & OPT_PASSTHROUGH_SUBCLASS
        if isinstance(obj, enum.Enum):
            self.encode(obj.value, depth)
        elif isinstance(obj, str) and subclasses:
            self.out.append(encode_basestring(str.__str__(obj)))
        elif isinstance(obj, int) and not isinstance(obj, bool) and subclasses:
            self.out.append(self._int(int(obj)))
        elif isinstance(obj, dict) and subclasses:
            self._dict(obj, depth)
        elif isinstance(obj, list) and subclasses:
            self._list(obj, depth)
        elif isinstance(obj, Fragment):
            contents = obj.contents
            self.out.append(contents.decode("utf-8") if isinstance(contents, bytes) else contents)
        elif isinstance(obj, (datetime.datetime, datetime.date, datetime.time)) and not options & OPT_PASSTHROUGH_DATETIME:
            self.out.append(encode_basestring(self._datetime(obj)))
        elif isinstance(obj, uuid.UUID):
            self.out.append(f'"{obj}"')
        elif dataclasses.is_dataclass(obj) and not isinstance(obj, type) and not options & OPT_PASSTHROUGH_DATACLASS:
            self._dict({field.name: getattr(obj, field.name) for field in dataclasses.fields(obj)}, depth)
        elif options & OPT_SERIALIZE_NUMPY and type(obj).__module__ == "numpy" and hasattr(obj, "tolist"):
            self.encode(obj.tolist(), depth)
        else:
            self._default(obj, depth)

    def _default(self, obj: Any, depth: int) -> None:
        not_serializable = f"Type is not JSON serializable: {_type_name(type(obj))}"
        if self.default is None:
            raise JSONEncodeError(not_serializable)
        if depth >= _MAX_DEPTH:
            raise JSONEncodeError("default serializer exceeds recursion limit")
        try:
            value = self.default(obj)
        except Exception as exc:
            raise JSONEncodeError(not_serializable) from exc
        self.encode(value, depth + 1)

    def _int(self, value: int) -> str:
        low, high = _STRICT_INT_RANGE if self.options & OPT_STRICT_INTEGER else _INT_RANGE
        if not low <= value <= high:
            bits = 53 if self.options & OPT_STRICT_INTEGER else 64
            raise JSONEncodeError(f"Integer exceeds {bits}-bit range")
        return int.__repr__(value)

    def _datetime(self, value: datetime.date | datetime.time) -> str:
        if isinstance(value, datetime.time) and value.tzinfo is not None:
            raise JSONEncodeError("datetime.time must not have tzinfo set")
        if self.options & OPT_OMIT_MICROSECONDS and isinstance(value, (datetime.datetime, datetime.time)):
            value = value.replace(microsecond=0)
        text = value.isoformat()
        if isinstance(value, datetime.datetime):
            if value.utcoffset() is None and self.options & OPT_NAIVE_UTC:
                text += "+00:00"
            if self.options & OPT_UTC_Z and text.endswith("+00:00"):
                text = text[:-6] + "Z"
        return text

    def _key(self, key: Any) -> str:
        """A dict key as text: a str, or with OPT_NON_STR_KEYS what orjson converts."""
        if type(key) is str:
            return key
        if not self.options & OPT_NON_STR_KEYS:
            raise JSONEncodeError("Dict key must be str")
        if isinstance(key, enum.Enum):
            return self._key(key.value)
        if isinstance(key, str):
            return str.__str__(key)
        if key is None or isinstance(key, bool):
            return {None: "null", True: "true", False: "false"}[key]
        if isinstance(key, int):
            return self._int(int(key))
        if isinstance(key, float):
            return _float(key)
        if isinstance(key, (datetime.datetime, datetime.date, datetime.time)):
            return self._datetime(key)
        if isinstance(key, uuid.UUID):
            return str(key)
        raise JSONEncodeError("Dict key must a type serializable with OPT_NON_STR_KEYS")

    def _dict(self, obj: dict, depth: int) -> None:
        if depth >= _MAX_DEPTH:
            raise JSONEncodeError("Recursion limit reached")
        out = self.out
        if not obj:
            out.append("{}")
            return
        items = [(self._key(key), value) for key, value in obj.items()]
        if self.options & OPT_SORT_KEYS:
            items.sort(key=lambda item: item[0])
        separator, before, after, colon = self._layout(depth)
        out.append("{" + before)
        for index, (key, value) in enumerate(items):
            if index:
                out.append(separator)
            out.append(encode_basestring(key) + colon)
            self.encode(value, depth + 1)
        out.append(after + "}")

    def _list(self, obj: list | tuple, depth: int) -> None:
        if depth >= _MAX_DEPTH:
            raise JSONEncodeError("Recursion limit reached")
        out = self.out
        if not obj:
            out.append("[]")
            return
        separator, before, after, _ = self._layout(depth)
        out.append("[" + before)
        for index, value in enumerate(obj):
            if index:
                out.append(separator)
            self.encode(value, depth + 1)
        out.append(after + "]")

    def _layout(self, depth: int) -> tuple[str, str, str, str]:
        """Between items, after the opening bracket, before the closing one, after a key."""
        if not self.indent:
            return ",", "", "", ":"
        inner = "\n" + "  " * (depth + 1)
        return "," + inner, inner, "\n" + "  " * depth, ": "


def _type_name(kind: type) -> str:
    """As orjson names a type (its C name): "Point" and "set", but "datetime.datetime"."""
    if kind.__flags__ & _HEAP_TYPE or kind.__module__ == "builtins":
        return kind.__name__
    return f"{kind.__module__}.{kind.__name__}"


_HEAP_TYPE = 1 << 9  # Py_TPFLAGS_HEAPTYPE: a class made by a class statement


def _float(value: float) -> str:
    """As orjson writes floats: non-finite ones as null, and 1e-05 as 0.00001 but 1e-06 as 1e-6."""
    if value != value or value in (float("inf"), float("-inf")):
        return "null"
    text = float.__repr__(value)
    if "e-" not in text:
        return text
    mantissa, exponent = text.split("e-")
    places = int(exponent)
    if places > 5:
        return f"{mantissa}e-{places}"
    sign = "-" if mantissa.startswith("-") else ""
    return f"{sign}0.{'0' * (places - 1)}{mantissa.lstrip('-').replace('.', '')}"
