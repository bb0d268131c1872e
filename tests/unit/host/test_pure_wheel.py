"""Re-tagging a host-tagged wheel whose content is pure Python, and spotting compiled code."""

import zipfile

from wheel_factory import check_record, make_wheel

from wasgi.build.pure_wheel import compiled_files, retag_as_pure
from wasgi.build.wheel_tags import parse_wheel_filename, wheel_runs_in_pyodide


def test_host_tagged_pure_wheel_is_retagged_with_wheel_and_record_rewritten(tmp_path):
    # What setuptools makes when setup.py declares an extension it then skips.
    built = make_wheel(tmp_path / "build", "PyFoo", "1.2", "cp311-cp311-linux_x86_64", pure=False,
                       files={"pyfoo/__init__.py": b"x = 1\n", "pyfoo/_speedups.c": b"/* C source */\n"})
    assert compiled_files(built) == []
    retagged = retag_as_pure(built, tmp_path)
    assert retagged.name == "pyfoo-1.2-py3-none-any.whl"
    assert wheel_runs_in_pyodide(parse_wheel_filename(retagged.name))
    with zipfile.ZipFile(built) as before, zipfile.ZipFile(retagged) as after:
        assert before.namelist() == after.namelist()
        wheel_text = after.read("pyfoo-1.2.dist-info/WHEEL").decode()
        for name in before.namelist():
            if not name.endswith(("/WHEEL", "/RECORD")):
                assert before.read(name) == after.read(name), name
    assert "Tag: py3-none-any\n" in wheel_text and "cp311" not in wheel_text
    assert "Root-Is-Purelib: true\n" in wheel_text
    assert "Generator: wasgi-tests\n" in wheel_text
    check_record(retagged)


def test_several_host_tags_become_one(tmp_path):
    built = make_wheel(tmp_path / "build", "multi", "1.0", "cp311-cp311-manylinux_2_17_x86_64.manylinux2014_x86_64")
    retagged = retag_as_pure(built, tmp_path)
    with zipfile.ZipFile(retagged) as zf:
        tags = [line for line in zf.read("multi-1.0.dist-info/WHEEL").decode().splitlines() if line.startswith("Tag:")]
    assert tags == ["Tag: py3-none-any"]
    check_record(retagged)


def test_compiled_files_are_found_in_every_form(tmp_path):
    wheel = make_wheel(tmp_path, "native", "1.0", "cp311-cp311-linux_x86_64", files={
        "native/__init__.py": b"",
        "native/_ext.cpython-311-x86_64-linux-gnu.so": b"\x7fELF",
        "native/_win.pyd": b"MZ",
        "native/libs/libz.so.1.2.13": b"\x7fELF",
        "native/libfoo.a": b"!<arch>",
        "native/notes.txt": b"a .so file is described here",
    })  # fmt: skip
    assert compiled_files(wheel) == ["native/_ext.cpython-311-x86_64-linux-gnu.so", "native/_win.pyd",
                                     "native/libs/libz.so.1.2.13", "native/libfoo.a"]  # fmt: skip
