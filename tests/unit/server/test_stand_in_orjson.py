"""wasgi's orjson stand-in (wasgi.stand_ins.orjson), run under CPython and inside Pyodide.

Each case's expected bytes are the real orjson's (3.13); under CPython, where
the real orjson is a test dependency, the last tests check that they still are.
"""

from __future__ import annotations

import dataclasses
import datetime
import enum
import uuid

import pytest
from nesting import nested

from wasgi.stand_ins import orjson as stand_in


class Colour(enum.Enum):
    RED = 1
    BLUE = "blue"


class Level(enum.IntEnum):
    HIGH = 3


class Text(str):
    pass


class Items(list):
    pass


@dataclasses.dataclass
class Point:
    x: int
    label: str = "origin"


UTC = datetime.timezone.utc
IST = datetime.timezone(datetime.timedelta(hours=5, minutes=30))
MOMENT = datetime.datetime(2020, 1, 2, 3, 4, 5, 678)


# (value, option, expected bytes)
CASES = [
    ({"a": [1, 2.5, None, True, False, "é\u2028\x00\x1f\"\\/\n"]}, None,
     b'{"a":[1,2.5,null,true,false,"\xc3\xa9\xe2\x80\xa8\\u0000\\u001f\\"\\\\/\\n"]}'),
    ((1, (2,)), None, b"[1,[2]]"),
    ([1.0, 0.1, 1e15, 1e16, 1e-5, 1.234e-5, -1.234e-5, 1e-6, 2.5e-7, -0.0, 5e-324, 1.7976931348623157e308], None,
     b"[1.0,0.1,1000000000000000.0,1e+16,0.00001,0.00001234,-0.00001234,1e-6,2.5e-7,-0.0,5e-324,"
     b"1.7976931348623157e+308]"),
    ([float("nan"), float("inf"), float("-inf")], None, b"[null,null,null]"),
    ([2**63 - 1, -(2**63), 2**64 - 1], None, b"[9223372036854775807,-9223372036854775808,18446744073709551615]"),
    ({"a": [1, 2, {"b": None}], "c": {}, "d": []}, stand_in.OPT_INDENT_2,
     b'{\n  "a": [\n    1,\n    2,\n    {\n      "b": null\n    }\n  ],\n  "c": {},\n  "d": []\n}'),
    ({"b": 1, "a": {"d": 1, "c": 2}}, stand_in.OPT_SORT_KEYS, b'{"a":{"c":2,"d":1},"b":1}'),
    ([1], stand_in.OPT_APPEND_NEWLINE | stand_in.OPT_INDENT_2, b"[\n  1\n]\n"),
    ([MOMENT, datetime.date(2020, 1, 2), datetime.time(1, 2, 3, 4)], None,
     b'["2020-01-02T03:04:05.000678","2020-01-02","01:02:03.000004"]'),
    ([MOMENT.replace(tzinfo=UTC), MOMENT.replace(tzinfo=IST)], None,
     b'["2020-01-02T03:04:05.000678+00:00","2020-01-02T03:04:05.000678+05:30"]'),
    ([MOMENT.replace(tzinfo=UTC), MOMENT], stand_in.OPT_UTC_Z | stand_in.OPT_NAIVE_UTC | stand_in.OPT_OMIT_MICROSECONDS,
     b'["2020-01-02T03:04:05Z","2020-01-02T03:04:05Z"]'),
    ([Colour.RED, Colour.BLUE, Level.HIGH, uuid.UUID(int=5)], None,
     b'[1,"blue",3,"00000000-0000-0000-0000-000000000005"]'),
    ([Text("x"), Items([1]), Point(1)], None, b'["x",[1],{"x":1,"label":"origin"}]'),
    ({1: "a", None: "b", 1.5: "c", Level.HIGH: "d", datetime.date(2020, 1, 2): "e", Text("f"): "g"},
     stand_in.OPT_NON_STR_KEYS, b'{"1":"a","null":"b","1.5":"c","3":"d","2020-01-02":"e","f":"g"}'),
    ({2: "a", 1: "b"}, stand_in.OPT_NON_STR_KEYS | stand_in.OPT_SORT_KEYS, b'{"1":"b","2":"a"}'),
    ([stand_in.Fragment(b'{"x":1}'), stand_in.Fragment("[1]")], None, b'[{"x":1},[1]]'),
    (nested(254), None, b"[" * 254 + b"]" * 254),
]  # fmt: skip

# (value, option, the JSONEncodeError's message)
REFUSED = [
    ({1: 2}, None, "Dict key must be str"),
    ({Text("k"): 1}, None, "Dict key must be str"),
    ({1, 2}, None, "Type is not JSON serializable: set"),
    (2**64, None, "Integer exceeds 64-bit range"),
    (-(2**63) - 1, None, "Integer exceeds 64-bit range"),
    (2**53, stand_in.OPT_STRICT_INTEGER, "Integer exceeds 53-bit range"),
    (Text("x"), stand_in.OPT_PASSTHROUGH_SUBCLASS, "Type is not JSON serializable: Text"),
    (Point(1), stand_in.OPT_PASSTHROUGH_DATACLASS, "Type is not JSON serializable: Point"),
    (MOMENT, stand_in.OPT_PASSTHROUGH_DATETIME, "Type is not JSON serializable: datetime.datetime"),
    (datetime.time(1, 2, tzinfo=UTC), None, "datetime.time must not have tzinfo set"),
    (nested(255), None, "Recursion limit reached"),
]


@pytest.mark.parametrize(("value", "option", "expected"), CASES)
def test_dumps_writes_what_orjson_writes(value, option, expected):
    assert stand_in.dumps(value, option=option) == expected


@pytest.mark.parametrize(("value", "option", "message"), REFUSED)
def test_dumps_refuses_what_orjson_refuses(value, option, message):
    with pytest.raises(stand_in.JSONEncodeError, match=f"^{message}$"):
        stand_in.dumps(value, option=option)
    assert issubclass(stand_in.JSONEncodeError, TypeError)


def test_default_serializes_the_rest_and_its_failure_is_the_cause():
    assert stand_in.dumps({1, 2}, default=sorted) == b"[1,2]"
    assert stand_in.dumps(Point(1), option=stand_in.OPT_PASSTHROUGH_DATACLASS, default=lambda p: p.x) == b"1"
    with pytest.raises(stand_in.JSONEncodeError, match="^Type is not JSON serializable: object$") as caught:
        stand_in.dumps(object(), default=lambda o: 1 / 0)
    assert isinstance(caught.value.__cause__, ZeroDivisionError)
    cycle: list = []
    cycle.append(cycle)
    with pytest.raises(stand_in.JSONEncodeError):
        stand_in.dumps(cycle)


def test_loads_takes_bytes_and_text_and_refuses_what_orjson_refuses():
    assert stand_in.loads(b'{"a": 1.5}') == {"a": 1.5}
    assert stand_in.loads(bytearray(b"[1]")) == [1] and stand_in.loads(memoryview(b"2")) == 2
    assert stand_in.loads('"\u00e9"') == "é"
    for bad in ("NaN", "[1, Infinity]", b"\xff", "{", 1):
        with pytest.raises(stand_in.JSONDecodeError):
            stand_in.loads(bad)
    assert issubclass(stand_in.JSONDecodeError, ValueError)


def real_orjson():
    return pytest.importorskip("orjson", reason="the real orjson has no Pyodide wheel: checked under CPython")


@pytest.mark.parametrize(("value", "option", "expected"), CASES)
def test_the_expected_bytes_are_the_real_orjsons(value, option, expected):
    orjson = real_orjson()
    value = [orjson.Fragment(f.contents) if isinstance(f, stand_in.Fragment) else f for f in value] \
        if isinstance(value, list) else value  # fmt: skip
    assert orjson.dumps(value, option=option) == expected


@pytest.mark.parametrize(("value", "option", "message"), REFUSED)
def test_the_refusals_are_the_real_orjsons(value, option, message):
    orjson = real_orjson()
    with pytest.raises(orjson.JSONEncodeError, match=f"^{message}$"):
        orjson.dumps(value, option=option)


def test_the_options_and_names_are_the_real_orjsons():
    orjson = real_orjson()
    public = {name for name in dir(orjson) if not name.startswith("_") and name != "orjson"}
    assert public == set(stand_in.__all__)
    assert {name: getattr(stand_in, name) for name in public if name.startswith("OPT_")} == \
        {name: getattr(orjson, name) for name in public if name.startswith("OPT_")}  # fmt: skip
