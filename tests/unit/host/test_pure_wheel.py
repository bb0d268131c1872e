"""Re-tagging a host-tagged wheel whose content is pure Python, and spotting compiled code."""

import zipfile
from pathlib import Path

import pytest
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


def fake_pip_wheel(monkeypatch, tmp_path, **wheel):
    """Make ``build_pure_wheel``'s ``pip wheel`` write this wheel instead of building; return the calls seen."""
    from wasgi.build import sdist
    from wasgi.build.pip_cli import PipRun

    calls = []

    def run_pip(command, args, *, env=None, **kwargs):
        calls.append((command, args, env))
        make_wheel(Path(args[args.index("--wheel-dir") + 1]), **wheel)
        return PipRun(0, "")

    monkeypatch.setattr(sdist, "run_pip", run_pip)
    return calls


def test_a_host_tagged_build_lands_retagged_in_the_wheelhouse_and_is_reused(monkeypatch, tmp_path):
    from wasgi.build.sdist import build_pure_wheel

    calls = fake_pip_wheel(monkeypatch, tmp_path, name="PyFoo", version="1.2", tag="cp311-cp311-linux_x86_64", pure=False)
    logs = []
    built = build_pure_wheel("PyFoo", "1.2", tmp_path / "house", tmp_path / "work", log=logs.append)
    assert built == tmp_path / "house" / "pyfoo-1.2-py3-none-any.whl"
    assert [p.name for p in (tmp_path / "house").iterdir()] == [built.name]
    check_record(built)
    (command, args, env), = calls
    assert command == "wheel" and "PyFoo==1.2" in args and args[args.index("--no-binary") + 1] == "pyfoo"
    assert env["CC"] == env["CXX"] == env["LDSHARED"] == "false"
    assert logs == ["Building pure-Python wheel for PyFoo 1.2 (no Pyodide wheel on the index)"]
    # Built once: the second call finds it.
    assert build_pure_wheel("pyfoo", "1.2", tmp_path / "house", tmp_path / "work", log=logs.append) == built
    assert len(calls) == 1 and logs[-1] == f"Using the pure-Python wheel {built.name} built earlier"


def test_a_build_with_compiled_code_is_refused_once_and_remembered(monkeypatch, tmp_path):
    from wasgi.build import CompiledCodeFound
    from wasgi.build.sdist import build_pure_wheel

    calls = fake_pip_wheel(monkeypatch, tmp_path, name="sneaky", version="1.0", tag="cp311-cp311-linux_x86_64",
                           files={"sneaky/__init__.py": b"", "sneaky/_core.cpython-311-x86_64-linux-gnu.so": b"\x7fELF"})
    for _ in range(2):
        with pytest.raises(CompiledCodeFound, match=r"builds compiled code even without a C compiler \(sneaky/_core"):
            build_pure_wheel("sneaky", "1.0", tmp_path / "house", tmp_path / "work", log=lambda m: None)
    assert len(calls) == 1
    assert not list((tmp_path / "house").glob("*.whl"))
