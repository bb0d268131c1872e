"""wasgi's ujson stand-in (wasgi.stand_ins.ujson), run under CPython and inside Pyodide.

Each case's expected text is the real ujson's (6.1); under CPython, where the
real ujson is a test dependency, the last tests check that it still is.
"""

from __future__ import annotations

import collections
import decimal
import enum
import io

import pytest
from nesting import nested

from wasgi.stand_ins import ujson as stand_in


class Colour(enum.Enum):
    RED = 1


class Level(enum.IntEnum):
    HIGH = 3


class Text(str):
    pass


class Reordered(dict):
    def items(self):  # ujson reads the dict itself, not what items() says
        return [("z", 1)]


class Raw:
    def __json__(self):
        return '{"raw": [1, 2]}'


class Record:
    def toDict(self):
        return {"id": 1}


# (value, keyword arguments, expected text)
CASES = [
    ({"a": [1, 2.5, None, True, False, "é/\u2028<>&\x00\x1f\x7f\"\\\n\t"]}, {},
     '{"a":[1,2.5,null,true,false,"\\u00e9\\/\\u2028<>&\\u0000\\u001f\x7f\\"\\\\\\n\\t"]}'),
    ("é/\u2028\U0001f600\x00<", {"ensure_ascii": False}, '"é\\/\u2028\U0001f600\\u0000<"'),
    ("\U0001f600\ud800", {}, '"\\ud83d\\ude00\\ud800"'),
    ("<>&'/", {"encode_html_chars": True}, '"\\u003c\\u003e\\u0026\'\\/"'),
    ({"a/b": "c/d"}, {"escape_forward_slashes": False}, '{"a/b":"c/d"}'),
    ([1.0, 0.1, 1e15, 1e16, 1e-5, 1.234e-5, 0.0001, 2.5e-7, -0.0, 5e-324, 1.7976931348623157e308, 1 / 3], {},
     "[1.0,0.1,1000000000000000.0,1e+16,1e-5,1.234e-5,0.0001,2.5e-7,-0.0,5e-324,1.7976931348623157e+308,"
     "0.3333333333333333]"),
    ([float("nan"), float("inf"), float("-inf")], {}, "[NaN,Infinity,-Infinity]"),
    ([2**63 - 1, -(2**63), 2**64 - 1, 2**64, -(2**70), Level.HIGH], {},
     "[9223372036854775807,-9223372036854775808,18446744073709551615,18446744073709551616,"
     "-1180591620717411303424,3]"),
    ([decimal.Decimal("1.10"), decimal.Decimal("1e-7")], {}, "[1.1,1e-7]"),
    ({"a": [1, {"b": None}], "c": {}, "d": []}, {"indent": 2},
     '{\n  "a": [\n    1,\n    {\n      "b": null\n    }\n  ],\n  "c": {},\n  "d": []\n}'),
    ({"b": {"y": 1, "x": 2}, "a": 1}, {"sort_keys": True}, '{"a":1,"b":{"x":2,"y":1}}'),
    ({"a": [1, 2]}, {"indent": -5}, '{"a": [1,2]}'),
    ({"a": [1, 2]}, {"separators": (", ", ": ")}, '{"a": [1, 2]}'),
    ({"a": [1, 2]}, {"indent": 1, "separators": (",", ":")}, '{\n "a":[\n  1,\n  2\n ]\n}'),
    ({1: "a", None: "b", 1.5: "c", False: "d", 1e20: "e", (1, 2): "f", Colour.RED: "g", b"h": "i", Text("j"): "k"}, {},
     '{"1":"a","null":"b","1.5":"c","false":"d","1e+20":"e","(1, 2)":"f","Colour.RED":"g","h":"i","j":"k"}'),
    ([(1, (2,)), Text("x"), Reordered(a=1), collections.OrderedDict(b=1, a=2)], {},
     '[[1,[2]],"x",{"a":1},{"b":1,"a":2}]'),
    ([b"a/\xc3\xa9"], {"reject_bytes": False}, '["a\\/\\u00e9"]'),
    ([Raw(), Record()], {}, '[{"raw": [1, 2]},{"id":1}]'),
    ({1, 2}, {"default": sorted}, "[1,2]"),
    (iter([1, 2]), {"default": lambda it: "an iterator"}, '"an iterator"'),  # never read as a list
    (nested(400), {}, "[" * 400 + "]" * 400),
]  # fmt: skip

# (value, keyword arguments, the exception, its message)
REFUSED = [
    ({1, 2}, {}, TypeError, "{1, 2} is not JSON serializable"),
    (b"x", {}, TypeError, "b'x' is not JSON serializable"),
    (Colour.RED, {}, TypeError, "<Colour.RED: 1> is not JSON serializable"),
    (float("nan"), {"allow_nan": False}, OverflowError, "Invalid value when encoding double"),
    ({1: 1, "a": 2}, {"sort_keys": True}, TypeError, "'<' not supported between instances of 'str' and 'int'"),
    (object(), {"default": lambda o: {1}}, TypeError, "maximum recursion depth exceeded"),
    (1, {"indent": 1001}, ValueError, "Maximum allowed indentation is 1000"),
    (1, {"indent": "2"}, TypeError, "'str' object cannot be interpreted as an integer"),
    (1, {"separators": [",", ":"]}, TypeError, "expected tuple or None as separator"),
    (1, {"separators": (",",)}, ValueError, "expected tuple of size 2 as separator"),
    (1, {"separators": (",", b":")}, TypeError, "expected str as key separator"),
    (nested(1026), {}, OverflowError, "Maximum recursion level reached"),
]  # fmt: skip

# (text, what it parses to)
PARSED = [
    ('{"a": 1.5, "b": [1e400, -0.0, 12345678901234567890123, Infinity, -Infinity, true, null]}',
     {"a": 1.5, "b": [float("inf"), -0.0, 12345678901234567890123, float("inf"), float("-inf"), True, None]}),
    ('"\\u00e9\\/\\ud83d\\ude00\\ud800"', "é/\U0001f600\ud800"),
    (b'{"a": "\xc3\xa9", "a": 2}', {"a": 2}),
    (bytearray(b" [1,\n2]\t"), [1, 2]),
    ('"line\nbreak"', "line\nbreak"),
]  # fmt: skip

# (input, the exception, its message)
UNPARSED = [
    ("", stand_in.JSONDecodeError, "Expected object or value"),
    ("  x", stand_in.JSONDecodeError, "Expected object or value"),
    ("[1] x", stand_in.JSONDecodeError, "Trailing data"),
    (1, TypeError, "Expected string, bytes, or bytearray"),
    (memoryview(b"1"), TypeError, "Arbitrary bytes-like objects are no longer supported. Use either string, bytes, or bytearray."),
]  # fmt: skip


@pytest.mark.parametrize(("value", "options", "expected"), CASES)
def test_dumps_writes_what_ujson_writes(value, options, expected):
    assert stand_in.dumps(value, **options) == expected


@pytest.mark.parametrize(("value", "options", "error", "message"), REFUSED)
def test_dumps_refuses_what_ujson_refuses(value, options, error, message):
    with pytest.raises(error) as caught:
        stand_in.dumps(value, **options)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_loads_reads_what_ujson_reads(text, expected):
    assert stand_in.loads(text) == expected


@pytest.mark.parametrize(("text", "error", "message"), UNPARSED)
def test_loads_refuses_what_ujson_refuses(text, error, message):
    with pytest.raises(error) as caught:
        stand_in.loads(text)
    assert str(caught.value) == message


def test_nan_reads_back_and_decode_errors_are_value_errors():
    value = stand_in.loads("[NaN]")[0]
    assert value != value
    assert issubclass(stand_in.JSONDecodeError, ValueError)


def test_files_aliases_and_errors_from_default_and_cycles():
    out = io.StringIO()
    stand_in.dump({"a": "/"}, out, indent=2)
    assert out.getvalue() == '{\n  "a": "\\/"\n}'
    assert stand_in.load(io.BytesIO(b"[1]")) == [1]
    with pytest.raises(TypeError, match="^expected file$"):
        stand_in.dump(1, 5)
    assert stand_in.encode([1], indent=1) == stand_in.dumps([1], indent=1)
    assert stand_in.decode("[1]") == [1]
    with pytest.raises(ZeroDivisionError):
        stand_in.dumps(object(), default=lambda o: 1 / 0)
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(OverflowError, match="^Maximum recursion level reached$"):
        stand_in.dumps(cycle)


def real_ujson():
    return pytest.importorskip("ujson", reason="the real ujson has no Pyodide wheel: checked under CPython")


@pytest.mark.parametrize(("value", "options", "expected"), CASES)
def test_the_expected_text_is_the_real_ujsons(value, options, expected):
    assert real_ujson().dumps(value, **options) == expected


@pytest.mark.parametrize(("value", "options", "error", "message"), REFUSED)
def test_the_refusals_are_the_real_ujsons(value, options, error, message):
    ujson = real_ujson()
    with pytest.raises(error) as caught:
        ujson.dumps(value, **options)
    assert str(caught.value) == message


@pytest.mark.parametrize(("text", "expected"), PARSED)
def test_the_parses_are_the_real_ujsons(text, expected):
    assert real_ujson().loads(text) == expected


@pytest.mark.parametrize(("text", "error", "message"), UNPARSED)
def test_the_parse_errors_are_the_real_ujsons(text, error, message):
    ujson = real_ujson()
    error = ujson.JSONDecodeError if error is stand_in.JSONDecodeError else error
    with pytest.raises(error) as caught:
        ujson.loads(text)
    assert str(caught.value) == message


def test_the_names_are_the_real_ujsons():
    public = {name for name in dir(real_ujson()) if not name.startswith("_")}
    assert public == set(stand_in.__all__)
