"""What a new, empty database needs before the first request: its tables, the
demo superuser and a few books.

In the browser this runs at every page load (the database lives in the tab's
memory). Each step checks first, so running it against a database that
already has the data changes nothing.
"""

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.management import call_command

ADMIN_USERNAME = "admin"
ADMIN_PASSWORD = "admin"  # shown on every page: this is a demo
FIXED_SALT = "wasgiDjangoExampleSalt2026"

STARTER_BOOKS = [
    ("The Structure and Interpretation of Computer Programs", "Abelson and Sussman", 1985),
    ("Fluent Python", "Luciano Ramalho", 2015),
]


def prepare_database() -> None:
    call_command("migrate", verbosity=0, interactive=False)
    _create_admin()
    _add_starter_books()


def _create_admin() -> None:
    users = get_user_model()
    if users.objects.filter(username=ADMIN_USERNAME).exists():
        return
    admin = users(username=ADMIN_USERNAME, email="admin@example.com", is_staff=True, is_superuser=True)
    # A fixed salt gives the same password hash at every boot. Django signs
    # each session with a hash of the password, so a login made before a
    # reload (kept in the signed session cookie) stays valid after it. The
    # salt is long enough that Django does not re-hash the password (with a
    # random salt) when the admin logs in.
    admin.password = make_password(ADMIN_PASSWORD, salt=FIXED_SALT)
    admin.save()


def _add_starter_books() -> None:
    from library.models import Book

    if not Book.objects.exists():
        Book.objects.bulk_create(Book(title=t, author=a, year=y) for t, a, y in STARTER_BOOKS)
