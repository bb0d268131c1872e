"""A Datasette plugin: write to a database over POST (an SQL form, and a
one-line note form), with its own stylesheet (a plugin static asset)."""

import html

from datasette import hookimpl
from datasette.utils.asgi import Response


@hookimpl
def extra_css_urls(datasette):
    return [datasette.urls.path("/assets/edit.css")]


@hookimpl
def menu_links(datasette):
    return [{"href": datasette.urls.path("/-/edit"), "label": "Edit data"}]


@hookimpl
def register_routes():
    return [(r"^/-/edit$", edit)]


async def edit(request, datasette):
    mutable = [name for name, db in datasette.databases.items() if db.is_mutable and name != "_internal"]
    message = ""
    if request.method == "POST":
        form = await request.post_vars()
        name = form.get("database", "")
        if name not in mutable:
            return Response.html("Unknown or read-only database", status=400)
        db = datasette.get_database(name)
        if form.get("note"):
            await db.execute_write("create table if not exists notes (id integer primary key, note text)")
            await db.execute_write("insert into notes (note) values (?)", [form["note"]])
            return Response.redirect(datasette.urls.table(name, "notes"))
        try:
            await db.execute_write(form.get("sql", ""))
        except Exception as exc:  # show the database's own error
            message = f"Error: {exc}"
        else:
            return Response.redirect(datasette.urls.database(name) + "?edited=1")
    options = "".join(f"<option>{html.escape(name)}</option>" for name in mutable)
    # Datasette gives the template csrftoken(), which also sets the matching cookie.
    return Response.html(await datasette.render_template("edit.html", {"options": options, "message": message},
                                                         request=request))
