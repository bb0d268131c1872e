"""The checks' codes: each has a severity and the fix shown with every finding of it.

Keep ``docs/check.md``'s table in step with this one.
"""

from __future__ import annotations

from dataclasses import dataclass

from .findings import Finding, Severity

ERROR, WARNING = Severity.ERROR, Severity.WARNING


@dataclass(frozen=True)
class Rule:
    code: str
    severity: Severity
    fix: str


RULES = {
    rule.code: rule
    for rule in [
        Rule("thread", ERROR, "run the work as an asyncio task (start it in the lifespan startup), or inline; "
             "ThreadPoolExecutor, asyncio.to_thread and anyio.to_thread work (wasgi runs them inline)"),
        Rule("process", ERROR, "do the work in the app itself: inline, or as an asyncio task"),
        Rule("subprocess", ERROR, "do it in Python (a pure-Python library), or run the program at build time "
             "and ship its output with the app"),
        Rule("signal", WARNING, "drop it in the browser build; for timeouts use asyncio.timeout()"),
        Rule("socket", ERROR, "call over HTTP instead, with httpx, requests or urllib.request (they go through "
             "the browser), from a host that allows CORS; for a database, use SQLite (sqlite3 works) or data "
             "shipped with the app"),
        Rule("http-client", WARNING, "make sure the host sends Access-Control-Allow-Origin (CORS); to reach "
             "the app's own routes, call the code directly"),
        Rule("event-loop", ERROR, "drop it from the browser build: the browser's event loop (Pyodide's WebLoop) "
             "runs asyncio"),
        Rule("blocking-sleep", WARNING, "in async code use await asyncio.sleep(...); keep sync sleeps short"),
        Rule("not-in-pyodide", ERROR, "drop the import from code the browser runs, or use the module's "
             "documented replacement"),
        Rule("missing-package", ERROR, "add the package to requirements.txt (or wasgi build -p PACKAGE), under "
             "its project name if that differs from the import name"),
        Rule("no-wheel", ERROR, "try a version that has a wheel, a wheel built with pyodide-build (-p FILE.whl), "
             "--pyodide-index, or, for a dependency the app never imports in the browser, --without NAME"),
        Rule("resolve-failed", ERROR, "fix the requirement (or the network), or skip this check with --no-resolve"),
        Rule("absolute-url", WARNING, "build the URL from the app's root path: url_for(...) in Starlette/FastAPI "
             "and Jinja, {% url %} / {% static %} in Django, request.scope['root_path'], or a relative URL"),
        Rule("django-settings", WARNING, "change the setting for the browser build"),
        Rule("syntax-error", ERROR, "fix the syntax: Pyodide runs Python 3.14"),
        Rule("import-error", ERROR, "fix the import (the traceback: wasgi check --runtime -v)"),
        Rule("startup-error", ERROR, "fix the lifespan startup (the traceback: wasgi check --runtime -v)"),
        Rule("load-error", ERROR, "rebuild the site; if it persists, report it with the message"),
        Rule("server-error", ERROR, "fix the handler (the traceback: wasgi check --runtime -v)"),
        Rule("build-error", ERROR, "fix what the message names, then run wasgi check again"),
    ]
}


def finding(path, line: int, code: str, message: str, fix: str | None = None) -> Finding:
    """A ``Finding`` of rule ``code``; ``fix`` replaces the rule's usual fix when given."""
    rule = RULES[code]
    return Finding(path, line, code, rule.severity, message, fix or rule.fix)
