"""Parse and check an app spec before anything is downloaded.

``path/to/file.py:attr`` bundles the file's folder and imports ``file`` (a
file in a package: the folder above the package, importing ``package.file``);
``pkg.module:attr`` with ``--app-dir DIR`` bundles DIR. The check reads the
module's source (it does not import it: the app's dependencies need not be
installed on the host) and fails on a missing file, module or attribute.
"""

from __future__ import annotations

import ast
import difflib
from dataclasses import dataclass
from pathlib import Path

from .errors import AppSpecError


@dataclass(frozen=True)
class AppSpec:
    """A checked app spec."""

    app_dir: Path  # the folder that is bundled and put on sys.path
    module: str  # importable name, e.g. "app" or "pkg.main"
    attr: str  # attribute path in the module, e.g. "app"
    source: Path  # the module's file

    @property
    def spec(self) -> str:
        return f"{self.module}:{self.attr}"

    @property
    def requirements_file(self) -> Path:
        """The default requirements: ``requirements.txt`` beside the app's file, else in the app folder."""
        beside = self.source.parent / "requirements.txt"
        return beside if beside.is_file() else self.app_dir / "requirements.txt"


def parse_app_spec(text: str, app_dir: str | Path | None = None) -> AppSpec:
    """Check ``text`` and return the spec; ``AppSpecError`` explains a mistake."""
    target, sep, attr = text.rpartition(":")
    if not sep:
        target, attr = text, "app"
    if not target or not attr:
        raise AppSpecError(f"app spec {text!r} should look like 'app.py:app' or 'package.module:app'")
    if target.endswith(".py") or "/" in target or "\\" in target:
        spec = _from_file(text, Path(target), attr, app_dir)
    else:
        spec = _from_module(text, target, attr, Path(app_dir or "."))
    _check_attr(text, spec)
    return spec


def _from_file(text: str, path: Path, attr: str, app_dir: str | Path | None) -> AppSpec:
    if not path.is_file():
        hint = _nearby(path)
        raise AppSpecError(f"app file {str(path)!r} does not exist (app spec {text!r}){hint}")
    path = path.resolve()
    root = Path(app_dir).resolve() if app_dir else _outside_packages(path.parent)
    try:
        relative = path.with_suffix("").relative_to(root)
    except ValueError:
        raise AppSpecError(f"app file {str(path)!r} is not inside --app-dir {str(root)!r}") from None
    parts = list(relative.parts)
    if parts[-1] == "__init__":
        parts.pop()
    module = ".".join(parts)
    if not all(part.isidentifier() for part in parts):
        raise AppSpecError(
            f"{module!r} is not an importable module name (app spec {text!r}); rename the file to use letters, digits and _"
        )
    return AppSpec(root, module, attr, path)


def _outside_packages(folder: Path) -> Path:
    """The first folder up from ``folder`` that is not a package: a file in a package
    (Django's ``mysite/mysite/asgi.py``) imports as part of it (``mysite.asgi``), as
    ``uvicorn mysite.asgi:application`` run from the project's folder imports it."""
    while (folder / "__init__.py").is_file() and folder.parent != folder:
        folder = folder.parent
    return folder


def _from_module(text: str, module: str, attr: str, app_dir: Path) -> AppSpec:
    root = app_dir.resolve()
    if not root.is_dir():
        raise AppSpecError(f"--app-dir {str(app_dir)!r} is not a directory")
    base = root.joinpath(*module.split("."))
    for candidate in (base.with_suffix(".py"), base / "__init__.py"):
        if candidate.is_file():
            return AppSpec(root, module, attr, candidate)
    raise AppSpecError(
        f"no module {module!r} in {str(root)!r} (app spec {text!r}); pass --app-dir DIR or use path/to/file.py:{attr}"
    )


def _check_attr(text: str, spec: AppSpec) -> None:
    try:
        tree = ast.parse(spec.source.read_bytes(), filename=str(spec.source))
    except SyntaxError as exc:
        raise AppSpecError(f"{spec.source}:{exc.lineno}: syntax error: {exc.msg}") from None
    names, dynamic = _top_level_names(tree)
    head = spec.attr.split(".")[0]
    if head in names or dynamic:
        return
    close = difflib.get_close_matches(head, sorted(names), n=1) or _constructed_names(tree)[:1]
    hint = f"; did you mean {close[0]!r}?" if close else ""
    raise AppSpecError(f"{spec.source.name} has no top-level name {head!r} (app spec {text!r}){hint}")


def _top_level_names(tree: ast.Module) -> tuple[set[str], bool]:
    """Names bound at module level (also inside module-level if/try/with/for),
    and whether some binding cannot be seen statically."""
    names: set[str] = set()
    dynamic = False
    pending: list[ast.AST] = list(tree.body)
    while pending:
        node = pending.pop()
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef, ast.ClassDef)):
            names.add(node.name)
            continue
        if isinstance(node, (ast.Import, ast.ImportFrom)):
            for alias in node.names:
                dynamic |= alias.name == "*"
                names.add(alias.asname or alias.name.split(".")[0])
            continue
        if isinstance(node, ast.Name) and isinstance(node.ctx, ast.Store):
            names.add(node.id)
        elif isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id in ("globals", "exec"):
            dynamic = True
        pending.extend(ast.iter_child_nodes(node))
    return names, dynamic | ("__getattr__" in names)


def _constructed_names(tree: ast.Module) -> list[str]:
    """Module-level names assigned from a call (``app = Starlette(...)``): likely apps."""
    return [
        target.id
        for node in tree.body
        if isinstance(node, ast.Assign) and isinstance(node.value, ast.Call)
        for target in node.targets
        if isinstance(target, ast.Name)
    ]


def _nearby(path: Path) -> str:
    folder = path.parent if str(path.parent) else Path(".")
    if not folder.is_dir():
        return ""
    files = [p.name for p in folder.iterdir() if p.suffix == ".py"]
    close = difflib.get_close_matches(path.name, files, n=1)
    return f"; did you mean {str(folder / close[0])!r}?" if close else ""
