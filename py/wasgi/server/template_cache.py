"""Compiled Jinja templates, kept in the memory snapshot.

Jinja compiles each template to Python code the first time it renders it:
in Pyodide that is most of the first page of a template-heavy app (about
450 ms for Datasette's home page, against 2 ms once compiled). A snapshot
keeps imported modules, not the app's Environment, so every visit compiled
its templates again.

``patches`` gives every ``jinja2.Environment`` made without a bytecode cache
this module's in-memory one. A first visit's compiled templates are
``exported`` with the snapshot plan (worker/snapshot_plan.mjs) and
``preloaded`` into the snapshot's interpreter (worker/snapshot_worker.mjs),
so later visits load them instead of compiling.

Jinja checks each entry against the template's source (a checksum) and
Python's version; the key also names the settings that change the compiled
code (async, autoescape, delimiters, extensions), so two environments never
share code compiled for the other.
"""

from __future__ import annotations

import base64
import functools
from types import ModuleType

from .shims.patch import Patch

# Cache key -> Jinja's serialized bucket (magic, source checksum, marshalled code).
entries: dict[str, bytes] = {}
# Templates loaded from ``entries`` in this interpreter (read by tests).
hits = 0


def patches(jinja2: ModuleType) -> list[Patch]:
    """Environments made without a bytecode cache get the snapshot's (``jinja2`` just imported)."""
    cache = _make_cache(jinja2.BytecodeCache, jinja2.bccache.Bucket)
    original_init = jinja2.Environment.__init__

    @functools.wraps(original_init)
    def __init__(self, *args, **kwargs) -> None:  # noqa: ANN001, ANN002, ANN003 - Environment's own signature
        original_init(self, *args, **kwargs)
        if self.bytecode_cache is None:
            self.bytecode_cache = cache

    return [Patch(jinja2.Environment, "__init__", __init__)]


def export() -> dict[str, str]:
    """The compiled templates so far, base64 text (for the snapshot plan)."""
    return {key: base64.b64encode(data).decode("ascii") for key, data in entries.items()}


def preload(exported: dict[str, str]) -> None:
    """Put a first visit's compiled templates into this interpreter (while making a snapshot)."""
    entries.update({key: base64.b64decode(text) for key, text in exported.items()})


def _make_cache(base: type, bucket_type: type):  # noqa: ANN202 - a jinja2.BytecodeCache
    class SnapshotBytecodeCache(base):
        """Jinja's bytecode cache over ``entries``, keyed by template and settings."""

        def get_bucket(self, environment, name, filename, source):  # noqa: ANN001, ANN202 - Jinja's protocol
            key = self.get_cache_key(name, filename) + "|" + _settings(environment, name)
            bucket = bucket_type(environment, key, self.get_source_checksum(source))
            self.load_bytecode(bucket)
            return bucket

        def load_bytecode(self, bucket) -> None:  # noqa: ANN001
            global hits
            data = entries.get(bucket.key)
            if data is None:
                return
            bucket.bytecode_from_string(data)
            if bucket.code is not None:  # None: compiled from other source, or by another Python
                hits += 1

        def dump_bytecode(self, bucket) -> None:  # noqa: ANN001
            entries[bucket.key] = bucket.bytecode_to_string()

    return SnapshotBytecodeCache()


def _settings(environment, name: str) -> str:  # noqa: ANN001 - a jinja2.Environment
    """What, besides the source, decides the code Jinja compiles for template ``name``."""
    autoescape = environment.autoescape
    finalize = environment.finalize
    return repr((
        environment.is_async, autoescape(name) if callable(autoescape) else autoescape, environment.optimized,
        sorted(environment.extensions), sorted(environment.policies.items(), key=repr),
        finalize is not None, getattr(finalize, "jinja_pass_arg", None),
        environment.block_start_string, environment.block_end_string,
        environment.variable_start_string, environment.variable_end_string,
        environment.comment_start_string, environment.comment_end_string,
        environment.line_statement_prefix, environment.line_comment_prefix,
        environment.trim_blocks, environment.lstrip_blocks,
        environment.newline_sequence, environment.keep_trailing_newline,
    ))  # fmt: skip
