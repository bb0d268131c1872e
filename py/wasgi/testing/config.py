"""What app to build and how: ``[tool.wasgi]`` in ``pyproject.toml``, overridden
by pytest's ini options and ``--wasgi-*`` command-line options.

Relative paths are relative to the file that names them (``pyproject.toml``'s
folder, the ini file's folder) or, on the command line, to the folder pytest
was started from.
"""

from __future__ import annotations

import difflib
import tomllib
from dataclasses import dataclass, replace
from pathlib import Path

from .errors import ConfigError

# The keys of [tool.wasgi] this module reads; an unknown key close to one of these is a typo.
KNOWN_KEYS = ("app", "app-dir", "requirements", "requirements-file", "base-path", "title", "snapshot", "without")


@dataclass(frozen=True)
class SiteConfig:
    """An app and the build options of its site."""

    app: str  # "path/to/file.py:attr" (absolute) or "pkg.module:attr" with app_dir
    app_dir: Path | None = None
    requirements: tuple[str, ...] = ()
    requirement_files: tuple[Path, ...] = ()
    base_path: str | None = None
    title: str | None = None
    snapshot: bool = True
    without: tuple[str, ...] = ()  # dependencies left out of the site (wasgi build --without)

    def build_options(self, out: Path):
        """The ``BuildOptions`` for building this site into ``out``."""
        from wasgi.build import BuildOptions

        return BuildOptions(app=self.app, out=out, requirements=list(self.requirements),
                            requirement_files=list(self.requirement_files), app_dir=self.app_dir,
                            base_path=self.base_path, title=self.title, snapshot=self.snapshot,
                            without=list(self.without))  # fmt: skip


@dataclass
class Layer:
    """Settings from one source (pyproject, ini, command line); None means "not set here"."""

    base: Path  # the folder relative paths are relative to
    app: str | None = None
    app_dir: str | None = None
    requirements: list[str] | None = None
    requirement_files: list[str] | None = None
    base_path: str | None = None
    title: str | None = None
    snapshot: bool | None = None
    without: list[str] | None = None
    origin: str = ""  # where these came from, for error messages


def absolute_spec(spec: str, base: Path) -> str:
    """``app.py:app`` relative to ``base`` -> an absolute file spec; module specs are unchanged."""
    target, sep, attr = spec.rpartition(":")
    if not sep:
        target, attr = spec, "app"
    if _is_file_spec(target):
        return f"{(base / target).resolve()}:{attr}"  # an absolute target stays as it is
    return f"{target}:{attr}"


def read_pyproject(path: Path) -> Layer | None:
    """The ``[tool.wasgi]`` table of ``path`` as a layer, or None when there is none."""
    if not path.is_file():
        return None
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise ConfigError(f"{path}: cannot read it: {exc}") from None
    table = data.get("tool", {}).get("wasgi")
    if table is None:
        return None
    origin = f"{path} [tool.wasgi]"
    if not isinstance(table, dict):
        raise ConfigError(f"{origin} should be a table")
    for key in table:
        close = difflib.get_close_matches(key, KNOWN_KEYS, n=1, cutoff=0.75)
        if key not in KNOWN_KEYS and close:
            raise ConfigError(f"{origin}: unknown key {key!r}; did you mean {close[0]!r}?")
    files = table.get("requirements-file")
    return Layer(
        base=path.parent,
        app=_typed(table, "app", str, origin),
        app_dir=_typed(table, "app-dir", str, origin),
        requirements=_string_list(table, "requirements", origin),
        requirement_files=[files] if isinstance(files, str) else _string_list(table, "requirements-file", origin),
        base_path=_typed(table, "base-path", str, origin),
        title=_typed(table, "title", str, origin),
        snapshot=_typed(table, "snapshot", bool, origin),
        without=_string_list(table, "without", origin),
        origin=origin,
    )


def merge(layers: list[Layer | None]) -> SiteConfig:
    """The config from layers listed weakest first; each set value overrides earlier ones."""
    chosen: dict[str, tuple[object, Path]] = {}
    for layer in filter(None, layers):
        for name in ("app", "app_dir", "requirements", "requirement_files", "base_path", "title", "snapshot", "without"):
            value = getattr(layer, name)
            if value is not None:
                chosen[name] = (value, layer.base)
    if "app" not in chosen:
        raise ConfigError(
            "no app to test: add `app = \"app.py:app\"` to [tool.wasgi] in pyproject.toml, "
            "`wasgi_app = app.py:app` to the pytest ini options, or pass --wasgi-app app.py:app"
        )
    app, app_base = chosen["app"]
    app_dir = None
    if "app_dir" in chosen:
        value, base = chosen["app_dir"]
        app_dir = (base / str(value)).resolve()
    elif not _is_file_spec(str(app)):
        app_dir = app_base.resolve()  # a module spec is looked up from where it was written
    config = SiteConfig(app=absolute_spec(str(app), app_base), app_dir=app_dir)
    if "requirements" in chosen:
        config = replace(config, requirements=tuple(chosen["requirements"][0]))
    if "requirement_files" in chosen:
        files, base = chosen["requirement_files"]
        config = replace(config, requirement_files=tuple((base / f).resolve() for f in files))
    for name in ("base_path", "title", "snapshot"):
        if name in chosen:
            config = replace(config, **{name: chosen[name][0]})
    if "without" in chosen:
        config = replace(config, without=tuple(chosen["without"][0]))
    return config


def _is_file_spec(spec: str) -> bool:
    """``app.py:app`` or ``src/app.py`` name a file; ``pkg.main:app`` names a module (as in ``parse_app_spec``)."""
    target = spec.rpartition(":")[0] or spec
    return target.endswith(".py") or "/" in target or "\\" in target


def _typed(table: dict, key: str, kind: type, origin: str):
    value = table.get(key)
    if value is not None and not isinstance(value, kind):
        raise ConfigError(f"{origin}: {key!r} should be a {kind.__name__}, not {type(value).__name__}")
    return value


def _string_list(table: dict, key: str, origin: str) -> list[str] | None:
    value = table.get(key)
    if value is not None and not (isinstance(value, list) and all(isinstance(v, str) for v in value)):
        raise ConfigError(f"{origin}: {key!r} should be a list of strings")
    return value
