"""``wasgi gallery CONFIG -o DIR``: several apps built as sites side by side,
and an index page linking them. One command builds a whole demo collection
for GitHub Pages (see .github/workflows/pages.yml).

The config is TOML: ``title``, ``description``, and ``[[site]]`` tables with
``name`` (its folder), ``app`` (relative to the config file), ``title``,
``description``, and optionally ``requirements``, ``allow_install``.
"""

from __future__ import annotations

import html
import json
import sys
import tomllib
from dataclasses import dataclass
from pathlib import Path

from .build import BuildError, BuildOptions, build_site


class GalleryError(BuildError):
    """The gallery's config is wrong; the message names the entry and the field."""

    exit_code = 2


@dataclass
class Entry:
    name: str
    app: str
    title: str
    description: str
    requirements: list[str]
    allow_install: bool


def read_config(path: Path) -> tuple[dict, list[Entry]]:
    """The gallery's title/description and its entries, checked."""
    try:
        config = tomllib.loads(path.read_text())
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise GalleryError(f"cannot read gallery config {str(path)!r}: {exc}") from None
    entries = []
    for i, site in enumerate(config.get("site", []), 1):
        missing = [key for key in ("name", "app") if not site.get(key)]
        if missing:
            raise GalleryError(f"{path}: site #{i} has no {' or '.join(missing)}")
        if not site["name"].replace("-", "").replace("_", "").isalnum():
            raise GalleryError(f"{path}: site name {site['name']!r} must be letters, digits, - or _ (it is a folder)")
        app = site["app"]
        file, sep, attr = app.rpartition(":")
        entries.append(Entry(
            name=site["name"], app=f"{path.parent / file}:{attr}" if sep else str(path.parent / app),
            title=site.get("title", site["name"]), description=site.get("description", ""),
            requirements=list(site.get("requirements", [])), allow_install=bool(site.get("allow_install", False)),
        ))  # fmt: skip
    if not entries:
        raise GalleryError(f"{path}: no [[site]] entries")
    return config, entries


def build_gallery(config_path: Path, out: Path, *, log=print) -> list[Path]:
    """Build every site into ``out/<name>/`` and write ``out/index.html`` and ``out/404.html``."""
    config, entries = read_config(config_path)
    out.mkdir(parents=True, exist_ok=True)
    built = []
    for entry in entries:
        log(f"Building {entry.name} ({entry.app})")
        result = build_site(BuildOptions(app=entry.app, out=out / entry.name, requirements=entry.requirements,
                                         title=entry.title, allow_install=entry.allow_install), log=log)  # fmt: skip
        built.append(result.out)
        log(f"  {result.files} files, {result.bytes / 1e6:.1f} MB, {result.seconds:.1f} s")
    (out / "index.html").write_text(index_page(config, entries))
    (out / "404.html").write_text(not_found_page(config, entries))
    (out / ".nojekyll").write_text("")
    return built


def index_page(config: dict, entries: list[Entry]) -> str:
    title = html.escape(config.get("title", "Demos"))
    cards = "\n".join(
        f'<li><a href="{html.escape(e.name)}/"><strong>{html.escape(e.title)}</strong></a>'
        f"<p>{html.escape(e.description)}</p></li>"
        for e in entries
    )
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>{title}</title>
<style>
  body {{ font-family: system-ui, sans-serif; max-width: 46rem; margin: 2rem auto; padding: 0 1rem; color: #222; }}
  ul {{ list-style: none; padding: 0; }} li {{ border: 1px solid #ddd; border-radius: .5rem; padding: .8rem 1rem; margin: .8rem 0; }}
  li p {{ margin: .3rem 0 0; color: #555; }}
</style></head>
<body>
<h1>{title}</h1>
<p>{html.escape(config.get("description", ""))}</p>
<ul>
{cards}
</ul>
<p><small>Built with wasgi. Each demo loads Python in your browser; the first visit downloads about 15 MB.</small></p>
</body>
</html>
"""


def not_found_page(config: dict, entries: list[Entry]) -> str:
    """The gallery's 404.html. GitHub Pages answers a missing path with the
    404.html at the root of the Pages site only, never a demo's own, so a deep
    link into a demo (``.../datasette/db/table``) on a first visit lands here:
    it goes on to the demo's page with the path after ``#/``, which the demo
    opens (and puts back in the address bar)."""
    title = html.escape(config.get("title", "Demos"))
    names = json.dumps([e.name for e in entries])
    return f"""<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Not found · {title}</title></head>
<body>
<p>There is no page at this address.</p>
<script>
  const demos = {names};
  const parts = location.pathname.split("/");
  const at = parts.findIndex((part, i) => i > 0 && i < parts.length - 1 && demos.includes(part));
  if (at > 0) {{
    const demo = parts.slice(0, at + 1).join("/") + "/";
    location.replace(demo + "#/" + parts.slice(at + 1).join("/") + location.search);
  }}
</script>
</body>
</html>
"""


def main(args) -> int:  # called by wasgi.cli
    def log(message: str) -> None:
        print(message, file=sys.stderr)

    build_gallery(args.config, args.out, log=log)
    log(f"Gallery written to {args.out}")
    return 0
