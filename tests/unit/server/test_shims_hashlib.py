"""``hashlib.pbkdf2_hmac`` and ``hashlib.scrypt`` where Pyodide's hashlib lacks them
(shims/hashlib_pbkdf2.py, shims/hashlib_scrypt.py), run under CPython and inside
Pyodide. PBKDF2 here is the Python loop (Node has no JSPI); the Django test in
Chromium logs in through Web Crypto. scrypt's core is worker/scrypt.mjs inside
Pyodide (run_pytest.mjs registers it, as the worker does) and the Python one
under CPython. Expected keys: RFC 6070's and RFC 7914's, and CPython's for the
rest; under CPython the last tests check them against it."""

from __future__ import annotations

import hashlib
import sys

import pytest

from wasgi.server import shims
from wasgi.server.shims.errors import ShimError
from wasgi.server.shims.hashlib_pbkdf2 import pbkdf2_hmac
from wasgi.server.shims.hashlib_scrypt import scrypt
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


# (password, keyword arguments, the key in hex, costly: run only where the core is JavaScript)
SCRYPT_VECTORS = [
    (b"", {"salt": b"", "n": 16, "r": 1, "p": 1},
     "77d6576238657b203b19ca42c18a0497f16b4844e3074ae8dfdffa3fede21442"
     "fcd0069ded0948f8326a753a0fc81f17e8d3e0fb2e0d3628cf35e20c38d18906", False),
    (b"x", {"salt": b"y", "n": 4, "r": 3, "p": 2, "dklen": 7}, "ba2838457c2f1a", False),
    (b"password", {"salt": b"NaCl", "n": 1024, "r": 8, "p": 16},
     "fdbabe1c9d3472007856e7190d01e9fe7c6ad7cbc8237830e77376634b373162"
     "2eaf30d92e22a3886ff109279d9830dac727afb94a83ee6d8360cbdfa2cc0640", True),
    (b"s3cret", {"salt": bytearray(b"werkzeug"), "n": 2**15, "r": 8, "p": 1, "maxmem": 132 * 2**15 * 8},
     "774033015f501677aee1ec9eec9bfcc0483dfbf2f79a197f4437c4f517e0f84e"
     "f6b993d974f24a7666239b1da34b533791b52060f02aac9f25d88785a9458de0", True),  # Werkzeug's default cost
]  # fmt: skip

# (password, keyword arguments, the exception, its message)
SCRYPT_REFUSED = [
    ("p", {"salt": b"s", "n": 2, "r": 1, "p": 1}, TypeError, "a bytes-like object is required, not 'str'"),
    (b"p", {"n": 2, "r": 1, "p": 1}, TypeError, "salt is required"),
    (b"p", {"salt": b"s", "r": 1, "p": 1}, TypeError, "n is required and must be an unsigned int"),
    (b"p", {"salt": b"s", "n": 2, "r": -1, "p": 1}, TypeError, "r is required and must be an unsigned int"),
    (b"p", {"salt": b"s", "n": 2.0, "r": 1, "p": 1}, TypeError, "scrypt() argument 'n' must be int, not float"),
    (b"p", {"salt": b"s", "n": 3, "r": 1, "p": 1}, ValueError, "n must be a power of 2."),
    (b"p", {"salt": b"s", "n": 2, "r": 0, "p": 1}, ValueError, "Invalid parameter combination for n, r, p, maxmem."),
    (b"p", {"salt": b"s", "n": 2, "r": 1, "p": 1, "dklen": 0}, ValueError,
     "dklen must be greater than 0 and smaller than 2147483647"),
    (b"p", {"salt": b"s", "n": 2, "r": 1, "p": 1, "maxmem": -1}, ValueError,
     "maxmem must be positive and smaller than 2147483647"),
    (b"p", {"salt": b"s", "n": 2**15, "r": 8, "p": 1}, ValueError, "[digital envelope routines] memory limit exceeded"),
]  # fmt: skip


def javascript_core() -> bool:
    try:
        import wasgi_scrypt  # noqa: F401
    except ImportError:
        return False
    return True


# The costly vectors take minutes with the core in Python: inside Pyodide only, where it is JavaScript.
@pytest.mark.parametrize(("password", "options", "expected", "costly"),
                         [vector for vector in SCRYPT_VECTORS if javascript_core() or not vector[3]])  # fmt: skip
def test_scrypt_keys(password, options, expected, costly):
    assert scrypt(password, **options).hex() == expected


@pytest.mark.parametrize(("password", "options", "error", "message"), SCRYPT_REFUSED)
def test_scrypt_refuses_what_hashlib_refuses(password, options, error, message):
    with pytest.raises(error) as caught:
        scrypt(password, **options)
    assert str(caught.value) == message


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


def test_install_adds_them_only_where_hashlib_lacks_them():
    real = (getattr(hashlib, "pbkdf2_hmac", None), getattr(hashlib, "scrypt", None))
    shims.install()
    try:
        assert hashlib.pbkdf2_hmac is (real[0] or pbkdf2_hmac)
        assert hashlib.scrypt is (real[1] or scrypt)
        # Django and Werkzeug reach them through hashlib.
        assert hashlib.pbkdf2_hmac("sha256", b"passwd", b"salt", 1, 64).hex() == VECTORS[4][-1]
        assert hashlib.scrypt(b"", salt=b"", n=16, r=1, p=1).hex() == SCRYPT_VECTORS[0][2]
    finally:
        shims.uninstall()
    assert (getattr(hashlib, "pbkdf2_hmac", None), getattr(hashlib, "scrypt", None)) == real
    assert real == (None, None) if sys.platform == "emscripten" else None not in real


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


def real_scrypt():
    if not hasattr(hashlib, "scrypt"):
        pytest.skip("Pyodide's hashlib has no scrypt: checked under CPython")
    return hashlib.scrypt


@pytest.mark.parametrize(("password", "options", "expected", "costly"), SCRYPT_VECTORS)
def test_the_expected_scrypt_keys_are_cpythons(password, options, expected, costly):
    assert real_scrypt()(password, **options).hex() == expected


@pytest.mark.parametrize(("password", "options", "error", "message"), SCRYPT_REFUSED)
def test_the_scrypt_refusals_are_cpythons(password, options, error, message):
    real = real_scrypt()
    with pytest.raises(error) as caught:
        real(password, **options)
    assert str(caught.value) == message
