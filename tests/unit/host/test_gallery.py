"""The demo gallery: one command builds it, and the Pages workflow is valid
and runs that same command."""

import os
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

from wasgi.build import BuildOptions, build_site
from wasgi.gallery import GalleryError, read_config

REPO = Path(__file__).resolve().parents[3]
WORKFLOW = REPO / ".github" / "workflows" / "pages.yml"


def test_pages_workflow_is_valid_and_builds_the_gallery(tmp_path):
    workflow = yaml.safe_load(WORKFLOW.read_text())
    triggers = workflow[True]  # YAML 1.1 reads the key "on" as true
    assert triggers["push"]["branches"] == ["main"] and "workflow_dispatch" in triggers
    assert workflow["permissions"] == {"contents": "read", "pages": "write", "id-token": "write"}
    build, deploy = workflow["jobs"]["build"], workflow["jobs"]["deploy"]
    uses = [step.get("uses", "") for step in build["steps"]]
    assert uses[0].startswith("actions/checkout@") and any(u.startswith("actions/upload-pages-artifact@") for u in uses)
    assert deploy["needs"] == "build" and deploy["environment"]["name"] == "github-pages"
    assert deploy["steps"][0]["uses"].startswith("actions/deploy-pages@")

    command = next(step["run"] for step in build["steps"] if "wasgi gallery" in step.get("run", ""))
    words = shlex.split(command)
    out = words[words.index("-o") + 1]
    upload = next(step for step in build["steps"] if step.get("uses", "").startswith("actions/upload-pages-artifact"))
    assert upload["with"]["path"] == out  # the artifact is what the command built

    # Run the workflow's own command (into a temporary folder).
    words[words.index("-o") + 1] = str(tmp_path / out)
    proc = subprocess.run([sys.executable, "-m", "wasgi", *words[1:]], cwd=REPO, capture_output=True, text=True,
                          env={**os.environ, "PYTHONPATH": str(REPO / "py")})
    assert proc.returncode == 0, proc.stderr
    public = tmp_path / out
    index = (public / "index.html").read_text()
    _, entries = read_config(REPO / "examples" / "gallery.toml")
    for entry in entries:
        assert f'href="{entry.name}/"' in index and entry.title in index
        assert (public / entry.name / "_wasgi" / "lock.json").is_file()
        assert (public / entry.name / "index.html").is_file()


def test_bad_gallery_config_names_the_entry(tmp_path):
    config = tmp_path / "gallery.toml"
    config.write_text('[[site]]\nname = "a"\n')
    with pytest.raises(GalleryError, match="site #1 has no app"):
        read_config(config)


def test_a_file_over_github_pages_limit_is_warned_about(tmp_path):
    app = tmp_path / "app"
    app.mkdir()
    (app / "app.py").write_text("async def app(scope, receive, send):\n    pass\n")
    (app / "huge.bin").write_bytes(os.urandom(101 * 1024 * 1024))  # random: the zip cannot shrink it
    logs = []
    build_site(BuildOptions(app=f"{app}/app.py:app", out=tmp_path / "site", snapshot=False), log=logs.append)
    warning = next(line for line in logs if line.startswith("Warning:"))
    assert "over GitHub Pages' 100 MB file limit" in warning and "_wasgi/app-" in warning
