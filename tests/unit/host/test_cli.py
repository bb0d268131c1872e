import re
import subprocess
import sys
import urllib.request
from pathlib import Path

REPO = Path(__file__).resolve().parents[3]


def test_serve_without_arguments_builds_and_serves_the_demo(tmp_path):
    proc = subprocess.Popen(
        [sys.executable, "-m", "wasgi", "serve", "--port", "0", "-o", str(tmp_path / "demo")],
        stderr=subprocess.PIPE, text=True,
    )
    try:
        url = None
        for line in proc.stderr:
            if match := re.search(r"Serving .* at (http://127\.0\.0\.1:\d+/)", line):
                url = match.group(1)
                break
        assert url, "wasgi serve printed no URL"
        with urllib.request.urlopen(url) as r:
            assert "wasgiReady" in r.read().decode()
        with urllib.request.urlopen(url + "_wasgi/pyodide-314.0.7/pyodide.asm.wasm") as r:
            assert r.headers["content-type"] == "application/wasm"
        with urllib.request.urlopen(url + "_wasgi/pyodide-314.0.7/pyodide.mjs") as r:
            assert r.headers["content-type"] == "text/javascript"
    finally:
        proc.terminate()
        proc.wait(10)


def test_serve_a_busy_port_says_so(tmp_path):
    import socket

    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        site = tmp_path / "site"
        subprocess.run([sys.executable, "-m", "wasgi", "build", f"{REPO}/examples/hello/app.py:app", "-o", str(site)],
                       check=True, capture_output=True)
        proc = subprocess.run([sys.executable, "-m", "wasgi", "serve", str(site), "--port", str(port)],
                              capture_output=True, text=True, timeout=30)
    assert proc.returncode == 1
    assert f"port {port} is in use" in proc.stderr


def test_version():
    out = subprocess.run([sys.executable, "-m", "wasgi", "--version"], capture_output=True, text=True).stdout
    assert out.startswith("wasgi ")
