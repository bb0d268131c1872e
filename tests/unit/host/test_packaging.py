"""`pip install wasgi` alone can build sites: the wheel carries web/ and worker/."""

import subprocess
import sys
import venv
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def run(*cmd, **kwargs):
    proc = subprocess.run([str(c) for c in cmd], capture_output=True, text=True, **kwargs)
    assert proc.returncode == 0, proc.stderr
    return proc


def test_wheel_installs_and_builds_a_site(tmp_path):
    run(sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", tmp_path / "dist", REPO)
    wheel = next((tmp_path / "dist").glob("wasgi-*.whl"))
    names = zipfile.ZipFile(wheel).namelist()
    assert "wasgi/_runtime/worker/worker.mjs" in names
    assert "wasgi/_runtime/web/wasgi.mjs" in names
    assert "wasgi/_runtime/demo/app.py" in names

    venv.create(tmp_path / "env", with_pip=True)
    python = tmp_path / "env" / "bin" / "python"
    run(python, "-m", "pip", "install", "-q", "--no-deps", wheel)
    app = tmp_path / "app.py"
    app.write_text("async def app(scope, receive, send):\n    pass\n")
    run(tmp_path / "env" / "bin" / "wasgi", "build", f"{app}:app", "-o", tmp_path / "site", cwd=tmp_path)
    assert next((tmp_path / "site" / "_wasgi").glob("r-*/web/wasgi.mjs")).is_file()
    assert next((tmp_path / "site" / "_wasgi").glob("r-*/worker/worker.mjs")).is_file()
