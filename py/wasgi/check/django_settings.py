"""Django settings that work on a server and fail in the browser.

Settings are assignments at a file's top level that include ``INSTALLED_APPS``
(a settings module), or the keywords of a ``settings.configure(...)`` call
that passes it (a one-file project).
Two settings bite in Pyodide: the time zone database (Pyodide has none, so
Django needs the ``tzdata`` package), and an empty ``ALLOWED_HOSTS`` (Django
then answers only ``localhost``, so on a real host every request is a 400).
Password hashers no longer do: the ``hashlib`` functions they need, which
Pyodide lacks, are wasgi's shims (server/shims/hashlib_pbkdf2.py, hashlib_scrypt.py).
"""

from __future__ import annotations

import ast
from collections.abc import Iterator

from .findings import Finding
from .packages import Resolution
from .rules import finding
from .sources import AppSources, SourceFile


# A setting's statement or keyword: each has the line and the value expression.
Setting = ast.Assign | ast.AnnAssign | ast.keyword


def check_django_settings(sources: AppSources, resolution: Resolution) -> Iterator[Finding]:
    for source in sources.python:
        for settings in (_top_level_assignments(source), *_configure_calls(source)):
            if "INSTALLED_APPS" in settings:
                yield from _check(source, settings, resolution)


def _check(source: SourceFile, settings: dict[str, Setting], resolution: Resolution) -> Iterator[Finding]:
    apps = settings["INSTALLED_APPS"]
    projects = {name.lower() for name in resolution.projects}
    if "django" in projects and "tzdata" not in projects:
        where = settings.get("TIME_ZONE", apps)
        yield finding(source.path, where.lineno, "django-settings",
                      "Django looks up its time zone in a database that Pyodide does not have: "
                      "every page that shows a date fails",
                      "add tzdata to requirements.txt")  # fmt: skip
    hosts = settings.get("ALLOWED_HOSTS")
    if hosts is not None and isinstance(hosts.value, (ast.List, ast.Tuple)) and not hosts.value.elts:
        yield finding(source.path, hosts.lineno, "django-settings",
                      "ALLOWED_HOSTS is empty: Django then answers only localhost, so on GitHub Pages "
                      "every request is a 400",
                      'ALLOWED_HOSTS = ["*"]: the app runs in each visitor\'s own browser')  # fmt: skip


def _top_level_assignments(source: SourceFile) -> dict[str, Setting]:
    """Names assigned at the module's top level, and the (last) statement assigning each."""
    found: dict[str, Setting] = {}
    if source.tree is None:
        return found
    for node in source.tree.body:
        targets = node.targets if isinstance(node, ast.Assign) else [node.target] if isinstance(node, ast.AnnAssign) else []
        for target in targets:
            if isinstance(target, ast.Name):
                found[target.id] = node
    return found


def _configure_calls(source: SourceFile) -> Iterator[dict[str, Setting]]:
    """The keywords of each ``settings.configure(...)`` call, by name."""
    if source.tree is None:
        return
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute) and node.func.attr == "configure" \
                and isinstance(node.func.value, ast.Name) and node.func.value.id == "settings":  # fmt: skip
            yield {keyword.arg: keyword for keyword in node.keywords if keyword.arg}

