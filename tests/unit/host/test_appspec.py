import pytest

from wasgi.build import AppSpecError
from wasgi.build.appspec import parse_app_spec


@pytest.fixture
def project(tmp_path):
    (tmp_path / "app.py").write_text("from starlette.applications import Starlette\napp = Starlette()\nhelper = 1\n")
    pkg = tmp_path / "pkg"
    pkg.mkdir()
    (pkg / "__init__.py").write_text("")
    (pkg / "main.py").write_text("if True:\n    application = object()\n")
    return tmp_path


def test_file_spec(project):
    spec = parse_app_spec(f"{project}/app.py:app")
    assert (spec.app_dir, spec.module, spec.attr, spec.spec) == (project, "app", "app", "app:app")


def test_attr_defaults_to_app(project):
    assert parse_app_spec(f"{project}/app.py").attr == "app"


def test_module_spec_with_app_dir(project):
    spec = parse_app_spec("pkg.main:application", project)
    assert spec.module == "pkg.main" and spec.source == project / "pkg" / "main.py"


def test_file_inside_app_dir_becomes_dotted_module(project):
    spec = parse_app_spec(f"{project}/pkg/main.py:application", project)
    assert spec.module == "pkg.main" and spec.app_dir == project


def test_a_file_in_a_package_imports_as_part_of_it_from_the_folder_above(tmp_path):
    # Django's layout: mysite/manage.py, mysite/mysite/{__init__,asgi}.py, mysite/polls/.
    project = tmp_path / "mysite"
    package = project / "mysite"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text("")
    (package / "asgi.py").write_text("application = object()\n")
    (project / "requirements.txt").write_text("django\n")
    spec = parse_app_spec(f"{package}/asgi.py:application")
    assert (spec.app_dir, spec.module, spec.spec) == (project, "mysite.asgi", "mysite.asgi:application")
    assert spec.requirements_file == project / "requirements.txt"
    (package / "requirements.txt").write_text("django\n")  # one beside the app's file comes first
    assert parse_app_spec(f"{package}/asgi.py:application").requirements_file == package / "requirements.txt"


def test_typo_in_attr_suggests_the_name(project):
    with pytest.raises(AppSpecError, match=r"no top-level name 'ap'.*did you mean 'app'"):
        parse_app_spec(f"{project}/app.py:ap")


def test_typo_in_file_suggests_the_file(project):
    with pytest.raises(AppSpecError, match=r"does not exist.*did you mean .*app\.py"):
        parse_app_spec(f"{project}/apps.py:app")


def test_missing_module(project):
    with pytest.raises(AppSpecError, match="no module 'pkg.mian'"):
        parse_app_spec("pkg.mian:application", project)


def test_syntax_error_names_file_and_line(project):
    (project / "bad.py").write_text("x = 1\ndef (:\n")
    with pytest.raises(AppSpecError, match=r"bad\.py:2: syntax error"):
        parse_app_spec(f"{project}/bad.py:app")


def test_unimportable_file_name(project):
    (project / "my-app.py").write_text("app = 1\n")
    with pytest.raises(AppSpecError, match="not an importable module name"):
        parse_app_spec(f"{project}/my-app.py:app")


def test_star_import_cannot_be_checked_so_it_passes(project):
    (project / "star.py").write_text("from somewhere import *\n")
    assert parse_app_spec(f"{project}/star.py:anything").attr == "anything"


def test_errors_are_exit_status_2():
    assert AppSpecError.exit_code == 2
