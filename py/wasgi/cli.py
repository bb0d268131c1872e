"""The ``wasgi`` command: ``build`` a static site from an ASGI app, ``serve`` it, ``check`` an app."""

from __future__ import annotations

import argparse
import errno
import hashlib
import sys
from pathlib import Path

from . import __version__


def _add_build_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("-r", "--requirement", dest="requirement_files", action="append", default=[], type=Path,
                        metavar="FILE", help="requirements file (repeatable); default: requirements.txt beside the app")
    parser.add_argument("-p", "--package", dest="requirements", action="append", default=[], metavar="SPEC",
                        help="a requirement such as 'starlette>=0.40', or a wheel file (repeatable)")
    parser.add_argument("--pyodide-index", metavar="URL",
                        help="a Pyodide distribution's pyodide-lock.json (URL or path) to take packages from "
                             "when PyPI has no wheel for them")
    parser.add_argument("--without", action="append", default=[], metavar="NAME",
                        help="leave this dependency out of the site, for one the app never imports in the browser "
                             "(a server's extra, say; uvloop, watchfiles, fastar, rignore and libsass are left out "
                             "unasked) (repeatable)")
    parser.add_argument("--app-dir", type=Path, help="folder to bundle and import from (for pkg.module:attr specs)")
    parser.add_argument("--base-path", help="URL path the site is served under, e.g. /myrepo/ (default: detected)")
    parser.add_argument("--title", help="page title (default: the app module's name)")
    parser.add_argument("--no-snapshot", dest="snapshot", action="store_false",
                        help="do not let browsers keep a memory snapshot of the booted app (boots slower)")
    parser.add_argument("--allow-install", action="store_true",
                        help="let a link's ?install=PKG add packages with micropip (it runs that code on this site)")


def parser() -> argparse.ArgumentParser:
    root = argparse.ArgumentParser(prog="wasgi", description="Run Python ASGI apps in the browser.")
    root.add_argument("--version", action="version", version=f"wasgi {__version__}")
    commands = root.add_subparsers(dest="command", required=True)

    build = commands.add_parser("build", help="build a static site from an ASGI app")
    build.add_argument("app", help="path/to/file.py:attr, or pkg.module:attr with --app-dir")
    build.add_argument("-o", "--out", type=Path, required=True, help="output folder")
    _add_build_options(build)

    serve = commands.add_parser("serve", help="build if needed, then serve on 127.0.0.1")
    serve.add_argument("target", nargs="?", help="an app spec or a built site folder (default: the demo app)")
    serve.add_argument("-o", "--out", type=Path, help="where to build (default: a folder in the cache)")
    serve.add_argument("--host", default="127.0.0.1")
    serve.add_argument("--port", type=int, default=8000)
    serve.add_argument("--reload", action="store_true",
                       help="watch the app's files; rebuild on a change and reload the app in open pages")
    _add_build_options(serve)

    gallery = commands.add_parser("gallery", help="build several apps side by side, with an index page")
    gallery.add_argument("config", type=Path, help="a gallery TOML file (see examples/gallery.toml)")
    gallery.add_argument("-o", "--out", type=Path, required=True, help="output folder")

    check = commands.add_parser("check", help="find what in an app breaks in a browser (file:line, what, fix)")
    from .check.command import add_arguments as add_check_arguments

    add_check_arguments(check)
    return root


def main(argv: list[str] | None = None) -> int:
    args = parser().parse_args(argv)
    from .build import BuildError

    try:
        if args.command == "check":
            from .check.command import run as run_check

            return run_check(args)
        if args.command == "build":
            _build(args, args.app, args.out)
            return 0
        if args.command == "gallery":
            from .gallery import main as run_gallery

            return run_gallery(args)
        return _serve(args)
    except BuildError as exc:
        # Some errors have one line per package: each gets the prefix.
        for line in str(exc).splitlines() or [""]:
            print(f"wasgi: error: {line}", file=sys.stderr)
        return exc.exit_code
    except KeyboardInterrupt:
        return 130


def _log(message: str) -> None:
    print(message, file=sys.stderr)


def _options(args: argparse.Namespace, app: str, out: Path, *, dev: bool = False):
    from .build import BuildOptions

    return BuildOptions(app=app, out=out, requirements=args.requirements, requirement_files=args.requirement_files,
                        app_dir=args.app_dir, base_path=args.base_path, title=args.title,
                        allow_install=args.allow_install, pyodide_index=args.pyodide_index, snapshot=args.snapshot,
                        without=args.without, dev=dev)  # fmt: skip


def _build(args: argparse.Namespace, app: str, out: Path, *, dev: bool = False):
    from .build import build_site

    result = build_site(_options(args, app, out, dev=dev), log=_log)
    _log(f"Built {result.spec.spec} into {result.out} ({result.files} files, {result.bytes / 1e6:.1f} MB) "
        f"in {result.seconds:.1f} s")  # fmt: skip
    return result


def _serve(args: argparse.Namespace) -> int:
    from .build.locations import cache_dir, runtime_dir
    from .devserver import make_server

    target = args.target
    reloader = None
    if target and Path(target).is_dir() and (Path(target) / "_wasgi" / "lock.json").is_file():
        if args.reload:
            print("wasgi: error: --reload needs an app (APP.py:attr), not a built site", file=sys.stderr)
            return 2
        site = Path(target)
    else:
        if not target:
            target = f"{runtime_dir('demo') / 'app.py'}:app"
        out = args.out or cache_dir() / "serve" / hashlib.sha256(str(Path(target).resolve()).encode()).hexdigest()[:16]
        result = _build(args, target, out, dev=args.reload)
        site = result.out
        if args.reload:
            reloader = _reloader(args, target, result)
    try:
        server = make_server(site, args.host, args.port, dev=reloader.channel if reloader else None)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE:
            print(f"wasgi: error: port {args.port} is in use; pass --port with another number", file=sys.stderr)
            return 1
        raise
    print(f"Serving {site} at {server.url} (Ctrl+C to stop)", file=sys.stderr)
    if reloader is not None:
        reloader.start()
        print(f"Watching {result.spec.app_dir} for changes", file=sys.stderr)
    try:
        server.serve_forever()
    finally:
        server.server_close()
    return 0


def _reloader(args: argparse.Namespace, target: str, first):
    """Watch the app's bundled files and requirements; rebuild and reload pages on a change."""
    from .build import build_site
    from .build.bundle import app_files
    from .reload import DevChannel, Reloader

    options = _options(args, target, first.out, dev=True)
    requirements = [*args.requirement_files] or [first.spec.requirements_file]

    def rebuild():
        return build_site(options, log=lambda m: None)

    def watched():
        return [path for _, path in app_files(first.spec.app_dir, exclude=[first.out])]

    return Reloader(rebuild, watched, [Path(p) for p in requirements], DevChannel(), log=_log)


if __name__ == "__main__":
    sys.exit(main())
