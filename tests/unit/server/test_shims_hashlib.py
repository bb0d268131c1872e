"""``hashlib.pbkdf2_hmac`` where Pyodide's hashlib lacks it (shims/hashlib_pbkdf2.py),
run under CPython and inside Pyodide. Here the Python loop answers (Node has no
JSPI, and CPython's hashlib has the function); the Django test in Chromium
logs in through Web Crypto. Expected keys: RFC 6070's and RFC 7914's, and
CPython's for the rest; under CPython the last tests check them against it."""

from __future__ import annotations

import hashlib
import sys

import pytest

from wasgi.server import shims
from wasgi.server.shims.errors import ShimError
from wasgi.server.shims.hashlib_pbkdf2 import pbkdf2_hmac
from wasgi.server.shims.patch import Patch

# (hash, password, salt, iterations, dklen, the key in hex)
VECTORS = [
    ("sha1", b"password", b"salt", 1, 20, "0c60c80f961f0e71f3a9b524af6012062fe037a6"),
    ("sha1", b"password", b"salt", 4096, 20, "4b007901b765489abead49d926f721d065a429c1"),
    ("sha1", b"passwordPASSWORDpassword", b"saltSALTsaltSALTsaltSALTsaltSALTsalt", 4096, 25,
     "3d2eec4fe41c849b80c8d83662c0e44a8b291a964cf2f07038"),
    ("sha1", b"pass\0word", b"sa\0lt", 4096, 16, "56fa6aa75548099dcc37d7f03425e0c3"),
    ("sha256", b"passwd", b"salt", 1, 64,
     "55ac046e56e3089fec1691c22544b605f94185216dde0465e68b9d57c20dacbc"
     "49ca9cccf179b645991664b39d77ef317c71b845b1e30bd509112041d3a19783"),
    ("sha512", b"p" * 200, b"", 3, None,  # a password longer than the block is hashed first
     "e7fb107d962cf438a900bfe87dee33ad7019f72a1f87be1ee7a97b6967c66a4e"
     "fd057831a5c7a95c412b46a24b8f4d55501c2a91a1f4bd5fee7d5b63e412e460"),
    ("sha3_256", b"", b"salt", 2, 70,  # a hash Web Crypto lacks; three blocks, the last cut short
     "049614ae83decfdb261373eaa39ee845f8492ada464589ba9607f74948d6d8d6"
     "8866efbd52fc9e37ce42eb112068b0c140edb47a2a7c3792a9f0f398f6e7dc42"
     "48b85f4f1c35"),
    ("SHA384", bytearray(b"x"), memoryview(b"y"), 5, 7, "dc57ce8594fc9c"),
]  # fmt: skip

# (arguments, the exception, its message)
REFUSED = [
    (("sha256", "text", b"s", 1), TypeError, "a bytes-like object is required, not 'str'"),
    (("sha256", b"p", 5, 1), TypeError, "a bytes-like object is required, not 'int'"),
    (("sha256", b"p", b"s", 0), ValueError, "iteration value must be greater than 0."),
    (("sha256", b"p", b"s", 2**32), OverflowError, "iteration value is too great."),
    (("sha256", b"p", b"s", 1, 0), ValueError, "key length must be greater than 0."),
    (("sha256", b"p", b"s", 1, 2**40), OverflowError, "key length is too great."),
    (("sha256", b"p", b"s", 1.5), TypeError, "'float' object cannot be interpreted as an integer"),
]  # fmt: skip


@pytest.mark.parametrize(("name", "password", "salt", "iterations", "dklen", "expected"), VECTORS)
def test_the_keys_are_pbkdf2s(name, password, salt, iterations, dklen, expected):
    assert pbkdf2_hmac(name, password, salt, iterations, dklen).hex() == expected


@pytest.mark.parametrize(("arguments", "error", "message"), REFUSED)
def test_bad_arguments_are_refused_as_hashlib_refuses_them(arguments, error, message):
    with pytest.raises(error) as caught:
        pbkdf2_hmac(*arguments)
    assert str(caught.value) == message
    with pytest.raises(ValueError, match="unsupported hash type"):
        pbkdf2_hmac("sha999", b"p", b"s", 1)


def test_install_adds_it_only_where_hashlib_lacks_it():
    real = getattr(hashlib, "pbkdf2_hmac", None)
    shims.install()
    try:
        assert hashlib.pbkdf2_hmac is (pbkdf2_hmac if real is None else real)
        # Django reaches it through hashlib: its default hasher now verifies a password.
        assert hashlib.pbkdf2_hmac("sha256", b"passwd", b"salt", 1, 64).hex() == VECTORS[4][-1]
    finally:
        shims.uninstall()
    assert getattr(hashlib, "pbkdf2_hmac", None) is real
    assert (real is None) == (sys.platform == "emscripten")


def test_a_new_patch_adds_the_attribute_and_revert_removes_it():
    class Owner:
        pass

    patch = Patch(Owner, "added", 1, new=True)
    patch.apply()
    assert Owner.added == 1
    with pytest.raises(ShimError, match="exists already"):
        Patch(Owner, "added", 2, new=True).apply()
    patch.revert()
    assert not hasattr(Owner, "added")


def real_pbkdf2():
    if not hasattr(hashlib, "pbkdf2_hmac"):
        pytest.skip("Pyodide's hashlib has no pbkdf2_hmac: checked under CPython")
    return hashlib.pbkdf2_hmac


@pytest.mark.parametrize(("name", "password", "salt", "iterations", "dklen", "expected"), VECTORS)
def test_the_expected_keys_are_cpythons(name, password, salt, iterations, dklen, expected):
    assert real_pbkdf2()(name, password, salt, iterations, dklen).hex() == expected


@pytest.mark.parametrize(("arguments", "error", "message"), REFUSED)
def test_the_refusals_are_cpythons(arguments, error, message):
    real = real_pbkdf2()
    with pytest.raises(error) as caught:
        real(*arguments)
    assert str(caught.value) == message
