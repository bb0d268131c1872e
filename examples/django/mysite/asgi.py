"""The ASGI application: Django, with its static files (the admin's CSS and
JavaScript, the library's stylesheet) served by Django itself, since a wasgi
site has no separate web server to serve them."""

from django.contrib.staticfiles.handlers import ASGIStaticFilesHandler
from django.core.asgi import get_asgi_application
from django.urls import set_script_prefix


def serve_static_files(django_app):
    """Wrap ``django_app`` so that requests under STATIC_URL get the files.

    The site may be served under a sub-path (``/repo/`` on GitHub Pages),
    which the app learns only from a request's ``root_path``. Django puts
    that prefix in front of a relative STATIC_URL the first time the setting
    is read, and keeps the result; the static handler reads it when created.
    So the handler is created at the first request, once the prefix is known,
    and both it and ``{% static %}`` then use ``/repo/static/``.
    """
    static = None

    async def app(scope, receive, send):
        nonlocal static
        if scope["type"] == "lifespan":
            return await django_app(scope, receive, send)
        if static is None:
            set_script_prefix(scope.get("root_path") or "/")
            static = ASGIStaticFilesHandler(django_app)
        await static(scope, receive, send)

    return app


application = serve_static_files(get_asgi_application())
