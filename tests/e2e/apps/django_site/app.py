"""The Django test site's ASGI module: migrate the SQLite database, then serve.

The database lives in the app's folder (/app in the browser, in memory), so
every page load starts from a fresh, migrated database.
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "project.settings")

import django  # noqa: E402

django.setup()

from django.contrib.auth import get_user_model  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.core.management import call_command  # noqa: E402

call_command("migrate", verbosity=0, interactive=False)
User = get_user_model()
if not User.objects.filter(username="admin").exists():
    User.objects.create_superuser("admin", "admin@example.com", "wasgi-admin-password")

from notes.models import Note  # noqa: E402

if not Note.objects.exists():
    Note.objects.create(text="first note")

application = get_asgi_application()
