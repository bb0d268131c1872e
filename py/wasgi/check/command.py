"""``wasgi check``'s arguments and output: one finding per line on stdout, a summary on stderr.

Exit status: 0 when no finding is an error (warnings are printed; ``--strict``
makes them count), 1 when some are, 2 when the check could not run as asked
(a bad app spec, no app given, ``--runtime`` without a browser).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path


def add_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("app", nargs="?", help="path/to/file.py:attr, or pkg.module:attr with --app-dir "
                        "(default: [tool.wasgi] app in ./pyproject.toml)")
    parser.add_argument("-r", "--requirement", dest="requirement_files", action="append", default=[], type=Path,
                        metavar="FILE", help="requirements file (repeatable); default: requirements.txt beside the app")
    parser.add_argument("-p", "--package", dest="requirements", action="append", default=[], metavar="SPEC",
                        help="a requirement such as 'starlette>=0.40' (repeatable)")
    parser.add_argument("--without", action="append", default=[], metavar="NAME",
                        help="a dependency the site leaves out, as for wasgi build (repeatable)")
    parser.add_argument("--app-dir", type=Path, help="folder to bundle and import from (for pkg.module:attr specs)")
    parser.add_argument("--base-path", help="URL path the site will be served under; absolute URLs starting "
                        "with it are not reported")
    parser.add_argument("--runtime", action="store_true", help="also build the site and boot it in headless "
                        "Chromium, reporting import and startup errors (slower)")
    parser.add_argument("--no-resolve", dest="resolve", action="store_false", help="do not resolve the requirements "
                        "(no network); imports are then not matched against the site's packages")
    parser.add_argument("--chromium", metavar="PATH", help="the Chromium for --runtime (default: /usr/bin/chromium, "
                        "else Playwright's own)")
    parser.add_argument("--strict", action="store_true", help="exit with status 1 on warnings too")
    parser.add_argument("-v", "--verbose", action="store_true", help="show tracebacks from --runtime")


def run(args: argparse.Namespace) -> int:
    from wasgi.build import AppSpecError
    from wasgi.testing.errors import ConfigError

    from .runner import run_check
    from .runtime import BrowserUnavailable

    try:
        options = _options(args)
        result = run_check(options)
    except (AppSpecError, ConfigError, BrowserUnavailable) as exc:
        print(f"wasgi: error: {exc}", file=sys.stderr)
        return 2
    for item in result.findings:
        print(item.format())
    if args.verbose and result.details:
        print("\n".join(result.details), file=sys.stderr)
    errors, warnings = result.errors, result.warnings
    if errors or warnings:
        print(f"wasgi check: {_count(errors, 'error')}, {_count(warnings, 'warning')} in {result.spec} "
              f"({_count(result.files, 'Python file')})", file=sys.stderr)  # fmt: skip
    else:
        print(f"wasgi check: no problems found in {result.spec} ({_count(result.files, 'Python file')})",
              file=sys.stderr)  # fmt: skip
    return 1 if errors or (args.strict and warnings) else 0


def _options(args: argparse.Namespace):
    """The options from the command line; a missing APP comes from ./pyproject.toml's [tool.wasgi]."""
    from wasgi.testing.config import merge, read_pyproject
    from wasgi.testing.errors import ConfigError

    from .runner import CheckOptions

    options = CheckOptions(app=args.app, app_dir=args.app_dir, requirements=args.requirements,
                           requirement_files=args.requirement_files, base_path=args.base_path, resolve=args.resolve,
                           runtime=args.runtime, chromium=args.chromium, without=args.without)  # fmt: skip
    if args.app:
        return options
    table = read_pyproject(Path("pyproject.toml"))
    if table is None or table.app is None:
        raise ConfigError("no app given: pass APP (e.g. app.py:app) or set app in [tool.wasgi] in ./pyproject.toml")
    config = merge([table])
    options.app, options.app_dir = config.app, options.app_dir or config.app_dir
    if not options.requirements and not options.requirement_files:
        options.requirements, options.requirement_files = list(config.requirements), list(config.requirement_files)
    options.without = options.without or list(config.without)
    options.base_path = options.base_path or config.base_path
    return options


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}{'' if n == 1 else 's'}"
