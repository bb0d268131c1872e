"""The Django example's ASGI module, the file ``wasgi build`` is pointed at.

In the browser the database lives in the tab's memory, so every page load
starts from an empty SQLite file: this module migrates it and adds the demo
data before the first request. Sync code runs fine here: wasgi imports the
app with no event loop running, as a server does.

    wasgi build examples/django/app.py:application -o site
"""

import os

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "mysite.settings")

import django  # noqa: E402

django.setup()

from mysite.first_boot import prepare_database  # noqa: E402

prepare_database()

from mysite.asgi import application  # noqa: E402, F401
