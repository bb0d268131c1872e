"""FastAPI's interactive docs (Swagger UI) without a CDN.

FastAPI's own /docs page loads Swagger UI from cdn.jsdelivr.net, which an
offline visitor (or a sandboxed test) cannot reach. The fastapi-offline
package ships Swagger UI's files; this module serves them from the app and
builds the page with FastAPI's own helper, pointing at them. Every URL
includes the request's root_path, so the docs also work when the site is
served under a sub-path (GitHub Pages' /repo/).
"""

from fastapi import FastAPI, Request
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

ASSETS = "docs-assets"


def add_offline_docs(app: FastAPI, docs_url: str = "/docs") -> None:
    """Serve Swagger UI at ``docs_url``.

    Create the app with ``docs_url=None`` so that FastAPI does not add its
    CDN-based page first (and ``redoc_url=None``: ReDoc loads from a CDN too).
    """
    app.mount(f"/{ASSETS}", StaticFiles(packages=[("fastapi_offline", "static")]), name=ASSETS)

    @app.get(docs_url, include_in_schema=False)
    async def swagger_ui(request: Request) -> HTMLResponse:
        def asset(name: str) -> str:
            return str(request.url_for(ASSETS, path=name))

        return get_swagger_ui_html(
            # The schema's URL is a path, not a route: put the sub-path in front.
            openapi_url=request.scope.get("root_path", "").rstrip("/") + app.openapi_url,
            title=f"{app.title} · Swagger UI",
            swagger_js_url=asset("swagger-ui-bundle.js"),
            swagger_css_url=asset("swagger-ui.css"),
            swagger_favicon_url=asset("favicon.png"),
            swagger_ui_parameters=app.swagger_ui_parameters,
        )
