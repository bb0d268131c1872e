"""The same Django site through its WSGI handler, served as a WSGI app."""

import app  # noqa: F401  (settings, migrate and the first note, as for the ASGI module)
from django.core.wsgi import get_wsgi_application

application = get_wsgi_application()
