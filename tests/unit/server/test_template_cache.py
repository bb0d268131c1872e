"""Compiled Jinja templates go into the snapshot's plan and come back without compiling."""

import json

import jinja2
import pytest

from wasgi.server import shims, template_cache
from wasgi.server.snapshot import first_visit_plan, preimport

SOURCES = {"page.html": "{% for n in names %}<b>{{ n }}</b>{% endfor %}"}


class CountingEnvironment(jinja2.Environment):
    compiled = 0

    def compile(self, *args, **kwargs):
        CountingEnvironment.compiled += 1
        return super().compile(*args, **kwargs)


def environment(sources=SOURCES, **options) -> CountingEnvironment:
    return CountingEnvironment(loader=jinja2.DictLoader(sources), **options)


@pytest.fixture(autouse=True)
def installed():
    template_cache.entries.clear()
    CountingEnvironment.compiled = 0
    shims.install()
    yield
    shims.uninstall()
    template_cache.entries.clear()


def next_visit(exported: dict) -> None:
    """What a restore gives the next visit: the first visit's entries, nothing else."""
    template_cache.entries.clear()
    template_cache.preload(exported)


def test_a_template_compiled_on_a_first_visit_loads_without_compiling_on_the_next():
    assert environment().get_template("page.html").render(names=["<Ada>"]) == "<b><Ada></b>"
    assert CountingEnvironment.compiled == 1
    next_visit(template_cache.export())
    hits = template_cache.hits
    # A new Environment, as the app makes when it is imported after a restore.
    assert environment().get_template("page.html").render(names=["Grace"]) == "<b>Grace</b>"
    assert CountingEnvironment.compiled == 1 and template_cache.hits == hits + 1


def test_changed_source_or_settings_compile_again():
    environment().get_template("page.html")
    next_visit(template_cache.export())
    environment({"page.html": "changed {{ 1 }}"}).get_template("page.html")
    assert CountingEnvironment.compiled == 2  # the checksum of the source differs
    escaped = environment(autoescape=True).get_template("page.html")
    assert CountingEnvironment.compiled == 3  # autoescaping compiles other code
    assert escaped.render(names=["<Ada>"]) == "<b>&lt;Ada&gt;</b>"
    environment(enable_async=True).get_template("page.html")
    assert CountingEnvironment.compiled == 4


def test_an_environment_with_its_own_cache_keeps_it():
    own = jinja2.FileSystemBytecodeCache()
    assert environment(bytecode_cache=own).bytecode_cache is own
    assert isinstance(environment().bytecode_cache, jinja2.BytecodeCache)


def test_the_plan_carries_the_templates_into_the_snapshots_interpreter():
    environment().get_template("page.html")
    plan = json.loads(first_visit_plan("/app"))
    assert list(plan["templates"]) == list(template_cache.entries)
    template_cache.entries.clear()
    assert preimport([], templates=plan["templates"]) == []
    environment().get_template("page.html")
    assert CountingEnvironment.compiled == 1


def test_uninstall_gives_jinja_its_own_init_back():
    shims.uninstall()
    assert environment().bytecode_cache is None
