import pytest

from wasgi.build import PyodideDownloadError
from wasgi.build.pyodide_dist import _verify, ensure_pyodide


def test_integrity_mismatch_is_refused():
    with pytest.raises(PyodideDownloadError, match="failed its integrity check"):
        _verify(b"not pyodide", "sha512-AAAA", "http://registry/pyodide.tgz")


def test_unreachable_registry_names_the_fix(tmp_path, monkeypatch):
    monkeypatch.setenv("WASGI_NPM_REGISTRY", "http://127.0.0.1:9/")
    with pytest.raises(PyodideDownloadError, match="WASGI_NPM_REGISTRY"):
        ensure_pyodide(tmp_path, log=lambda m: None)
