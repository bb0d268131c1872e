"""Absolute URLs that leave the app when its site is served under a sub-path.

A site on GitHub Pages lives at ``/repo/``; the app sees ``root_path`` =
``/repo`` and ``url_for`` includes it. A hard-coded ``href="/static/app.css"``
does not: the browser asks for ``/static/app.css`` at the origin's root,
outside the site. Protocol-relative (``//cdn...``) and full URLs are left
alone; so is a path that already starts with the ``--base-path`` given.
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path

from .findings import Finding
from .rules import finding
from .sources import AppSources, SourceFile

_PATH = r"/(?!/)[^\s\"'`<>)]*"  # starts with one slash, not two
ATTRIBUTE = re.compile(rf"""\b(?P<what>href|src|action|formaction|poster)\s*=\s*(?P<q>["'])(?P<url>{_PATH})(?P=q)""",
                       re.IGNORECASE)  # fmt: skip
CSS_URL = re.compile(rf"""\burl\(\s*(?P<q>["']?)(?P<url>{_PATH})(?P=q)\s*\)""", re.IGNORECASE)
JS_FETCH = re.compile(rf"""\b(?P<what>fetch)\(\s*(?P<q>["'`])(?P<url>{_PATH})(?P=q)""")
PATTERNS_BY_SUFFIX = {".css": (CSS_URL,), ".js": (JS_FETCH,), ".mjs": (JS_FETCH,)}
MARKUP_PATTERNS = (ATTRIBUTE, CSS_URL, JS_FETCH)
# Calls whose first argument is where the browser is sent.
REDIRECTS = {"RedirectResponse", "redirect", "HttpResponseRedirect", "HttpResponsePermanentRedirect"}


def check_urls(sources: AppSources, base_path: str | None = None) -> Iterator[Finding]:
    prefix = base_path.rstrip("/") + "/" if base_path and base_path.strip("/") else None

    def outside(url: str) -> bool:
        return not (prefix and url.startswith(prefix))

    for _, path in sources.templates:
        text = path.read_text(encoding="utf-8", errors="replace")
        patterns = PATTERNS_BY_SUFFIX.get(path.suffix.lower(), MARKUP_PATTERNS)
        for line, what, url in _matches(text, patterns):
            if outside(url):
                yield _finding(path, line, what, url)
    for source in sources.python:
        if source.tree is not None:
            yield from _python(source, outside)


def _python(source: SourceFile, outside) -> Iterator[Finding]:
    for node in ast.walk(source.tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and "/" in node.value:
            for offset, what, url in _matches(node.value, MARKUP_PATTERNS):
                # Inside a one-line literal, "\n" is an escape: the match is on the literal's first line.
                line = node.lineno + (offset - 1 if node.end_lineno != node.lineno else 0)
                if outside(url):
                    yield _finding(source.path, line, what, url)
        elif isinstance(node, ast.Call) and _callee(node.func) in PREFIX_BLIND:
            sets_prefix, message, fix = PREFIX_BLIND[_callee(node.func)]
            if not sets_prefix(node):
                yield finding(source.path, node.lineno, "absolute-url", message, fix)
        elif isinstance(node, ast.Call) and _callee(node.func) in REDIRECTS:
            keywords = (k.value for k in node.keywords if k.arg in ("url", "to"))
            target = node.args[0] if node.args else next(keywords, None)
            if (isinstance(target, ast.Constant) and isinstance(target.value, str)
                    and re.fullmatch(_PATH, target.value) and outside(target.value)):  # fmt: skip
                yield finding(source.path, node.lineno, "absolute-url",
                              f'{_callee(node.func)}("{target.value}") sends the browser to an absolute path, outside '
                              "the site when it is served under a sub-path such as /repo/")  # fmt: skip


def _sets_dash_prefix(call: ast.Call) -> bool:
    """Whether a ``Dash(...)`` call may set the prefix its URLs start with (or options it cannot see)."""
    return any(k.arg in (None, "requests_pathname_prefix", "url_base_pathname") for k in call.keywords)


def _sets_base_url(call: ast.Call) -> bool:
    """Whether a ``Datasette(...)`` call may set ``base_url``: a settings dict with
    the key, or settings it cannot see (a name, ``**options``)."""
    for keyword in call.keywords:
        if keyword.arg is None:
            return True
        if keyword.arg == "settings":
            settings = keyword.value
            if not isinstance(settings, ast.Dict):
                return True
            return any(key is None or (isinstance(key, ast.Constant) and key.value == "base_url")
                       for key in settings.keys)  # fmt: skip
    return False


# Apps that build their URLs without the scope's root_path: whether a call sets
# the prefix they need, what goes wrong without it, and the fix.
PREFIX_BLIND = {
    "Datasette": (
        _sets_base_url,
        "Datasette ignores the scope's root_path: under a sub-path such as /repo/ its URLs "
        "leave the site, and it redirects /repo/ to /repo, which the host sends back",
        'pass settings={"base_url": os.environ.get("WASGI_ROOT_PATH", "") + "/"}, and give '
        "Datasette paths without that prefix (as examples/datasette/app.py does)",
    ),
    "Dash": (
        _sets_dash_prefix,
        "Dash ignores the WSGI SCRIPT_NAME: under a sub-path such as /repo/ its scripts load from "
        "outside the site and the page stays at 'Loading...'",
        'pass requests_pathname_prefix=os.environ.get("WASGI_ROOT_PATH", "") + "/" and '
        'routes_pathname_prefix="/"; build links with dash.get_relative_path()',
    ),
}


def _matches(text: str, patterns) -> Iterator[tuple[int, str, str]]:
    """(line number in ``text``, what, url) for each absolute URL."""
    for pattern in patterns:
        for match in pattern.finditer(text):
            what = match.groupdict().get("what") or "url()"
            yield text.count("\n", 0, match.start()) + 1, what, match["url"]


def _finding(path: Path, line: int, what: str, url: str) -> Finding:
    shown = {"fetch": f'fetch("{url}")', "url()": f'url("{url}")'}.get(what, f'{what}="{url}"')
    return finding(path, line, "absolute-url", f"{shown} is an absolute path: when the site is served under a "
                   "sub-path such as /repo/ (GitHub Pages), the browser looks for it outside the site")  # fmt: skip


def _callee(func: ast.AST) -> str | None:
    if isinstance(func, ast.Name):
        return func.id
    if isinstance(func, ast.Attribute):
        return func.attr
    return None
