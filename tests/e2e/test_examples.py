"""The example apps in examples/, built as a user builds them and used in
Chromium as a person would: through the shell's browsing mode, clicking and
typing in the app's own pages. One browser context per example.

The Django, Flask and chat sites are served under a sub-path (/repo/, as on
GitHub Pages), which is where URL handling goes wrong if it does; the FastAPI
site at the root, plus its docs under a sub-path.
"""

from __future__ import annotations

import json

import pytest
from booted import Browsing

DJANGO_APP = "examples/django/app.py:application"
FASTAPI_APP = "examples/fastapi/app.py:app"
CHAT_APP = "examples/chat/app.py:app"
FLASK_APP = "examples/flask/app.py:app"


def open_shell(browser, url: str):
    """A new context with one shell page on ``url``; every request URL it makes is recorded."""
    context = browser.new_context()
    requests: list[str] = []
    context.on("request", lambda request: requests.append(request.url))
    shell = Browsing(context.new_page()).open(url)
    return context, shell, requests


def app_json(shell: Browsing, path: str):
    """What the app answers at ``path``, asked through App.fetch."""
    return shell.page.evaluate("(p) => window.wasgiReady.then((app) => app.fetch(p)).then((r) => r.json())", path)


def reload(shell: Browsing) -> None:
    """Reload the shell: a new worker, so a new copy of the app."""
    shell.page.reload()
    shell.page.evaluate("window.wasgiReady")


# Django


@pytest.fixture(scope="module")
def django(browser, sites):
    url = sites.url_under_path(DJANGO_APP, "example-django", "repo")
    context, shell, _ = open_shell(browser, url)
    shell.site = url
    yield shell
    context.close()


def test_django_admin_login_add_a_book_and_stay_logged_in_after_a_reload(django):
    frame = django.frame
    frame.locator("#nav-admin").click()
    django.wait_path("/repo/admin/login/?next=/repo/admin/")
    # The admin's stylesheets came through Django's static handler, under the sub-path.
    assert frame.locator("#header").evaluate("(h) => getComputedStyle(h).backgroundColor") != "rgba(0, 0, 0, 0)"

    # The login form carries a CSRF token whose cookie is in the jar.
    frame.locator("#id_username").fill("admin")
    frame.locator("#id_password").fill("wrong")
    frame.get_by_role("button", name="Log in").click()
    frame.locator(".errornote", has_text="Please enter the correct username and password").wait_for()
    frame.locator("#id_password").fill("admin")
    frame.get_by_role("button", name="Log in").click()
    django.wait_path("/repo/admin/")
    frame.locator("h1", has_text="Site administration").wait_for()

    frame.locator("a.addlink[href='/repo/admin/library/book/add/']").click()
    django.wait_path("/repo/admin/library/book/add/")
    frame.locator("#id_title").fill("Dune")
    frame.locator("#id_author").fill("Frank Herbert")
    frame.locator("#id_year").fill("1965")
    # The "+" beside the shelf opens the admin's pop-up window: a frame over the
    # page in the same app, whose save hands the new shelf back to the form.
    frame.locator("#add_id_shelf").click()
    popup = django.page.frame_locator("dialog.wasgi-popup iframe")
    popup.locator("#id_name").fill("Science fiction")
    popup.locator("input[name=_save]").click()
    django.page.locator("dialog.wasgi-popup").wait_for(state="detached")
    assert frame.locator("#id_shelf option:checked").inner_text() == "Science fiction"
    frame.locator("input[name=_save]").click()
    django.wait_path("/repo/admin/library/book/")
    frame.locator(".messagelist .success", has_text="Dune").wait_for()
    assert "Science fiction" in frame.locator("#result_list tr", has_text="Dune").inner_text()

    # A reload starts a new app with a new database; the login lives in the
    # signed session cookie, kept in the jar, so the admin still lets us in.
    reload(django)
    frame.locator("#result_list", has_text="Fluent Python").wait_for()
    assert django.path() == "/repo/admin/library/book/"
    assert "admin" in frame.locator("#user-tools").inner_text().lower()


def test_django_list_page_and_create_form_post_then_redirect(django):
    frame = django.frame
    django.page.evaluate("(url) => window.wasgiShell.navigate(url)", django.site)
    frame.locator("#books li", has_text="Fluent Python").wait_for()
    before = frame.locator("#books li").count()
    frame.locator("#nav-add").click()
    django.wait_path("/repo/books/add/")
    frame.locator("#id_title").fill("The Pragmatic Programmer")
    frame.locator("#id_author").fill("Hunt and Thomas")
    frame.locator("#book-form button").click()
    django.wait_path("/repo/")  # redirected to the list after the POST
    frame.locator(".messages", has_text="Added “The Pragmatic Programmer”.").wait_for()
    books = frame.locator("#books li").all_inner_texts()
    assert "The Pragmatic Programmer by Hunt and Thomas" in books
    assert len(books) == before + 1


def test_django_plain_sync_view(django):
    django.page.evaluate("(url) => window.wasgiShell.navigate(url + 'about/')", django.site)
    facts = django.frame.locator("#facts")
    facts.wait_for()
    text = facts.inner_text()
    assert "emscripten" in text
    assert "/app/db.sqlite3" in text


# FastAPI


@pytest.fixture(scope="module")
def todos(browser, sites):
    url = sites.url(FASTAPI_APP, "example-fastapi")
    context, shell, requests = open_shell(browser, url)
    shell.site, shell.requests = url, requests
    yield shell
    context.close()


def test_fastapi_page_adds_completes_and_deletes_todos_through_the_json_api(todos):
    frame = todos.frame
    first = frame.locator("#todos li", has_text="Open the API docs")
    first.wait_for()
    frame.locator("#title").fill("Buy oat milk")
    frame.get_by_role("button", name="Add").click()  # POST (a def endpoint)
    item = frame.locator("#todos li", has_text="Buy oat milk")
    item.locator("input[type=checkbox]").click()  # PATCH (async def); the list is redrawn
    frame.locator("#todos li.done", has_text="Buy oat milk").wait_for()
    first.get_by_role("button", name="Delete").click()  # DELETE, answered 204
    first.wait_for(state="detached")
    assert frame.locator("#todos li .title").all_inner_texts() == ["Buy oat milk"]
    stored = [(todo["title"], todo["done"]) for todo in app_json(todos, "/api/todos")]
    assert stored == [("Buy oat milk", True)]

    # A reload starts a new worker, so a new copy of the app; the SQLite file
    # is in $WASGI_PERSIST_DIR, which the browser kept.
    reload(todos)
    frame.locator("#todos li.done", has_text="Buy oat milk").wait_for()
    assert frame.locator("#todos li .title").all_inner_texts() == ["Buy oat milk"]


def test_fastapi_second_tab_reads_the_todos_and_is_told_why_it_cannot_write(todos):
    # The stored data has one writer, the first tab; the app turns SQLite's
    # "readonly database" into a 409 that the page shows.
    second = Browsing(todos.page.context.new_page()).open(todos.site)
    try:
        titles = [todo["title"] for todo in app_json(todos, "/api/todos")]
        second.frame.locator("#todos li", has_text=titles[0]).wait_for()
        assert second.frame.locator("#todos li .title").all_inner_texts() == titles
        second.frame.locator("#title").fill("from the second tab")
        second.frame.get_by_role("button", name="Add").click()
        second.frame.locator("#error", has_text="409").wait_for()
        assert "open in another tab" in second.text("#error")
    finally:
        second.page.close()


def execute_list_todos(frame) -> tuple[str, str, str]:
    """In Swagger UI, open GET /api/todos, "Try it out", "Execute"; return
    the response's status, the request URL shown, and the response body."""
    operation = frame.locator("#operations-todos-list_todos_api_todos_get")
    operation.locator(".opblock-summary").click()
    operation.get_by_role("button", name="Try it out").click()
    operation.get_by_role("button", name="Execute").click()
    response = operation.locator(".live-responses-table tbody tr.response")
    response.wait_for()
    status = response.locator("td.response-col_status")
    body = response.locator(".response-col_description .microlight").first.inner_text()
    return status.inner_text().strip(), operation.locator(".request-url pre").inner_text().strip(), body


def test_fastapi_docs_render_and_execute_without_a_cdn(todos):
    frame = todos.frame
    frame.locator("#docs-link").click()
    todos.wait_path("/docs")
    frame.locator(".swagger-ui .info .title", has_text="Todos").wait_for()
    paths = frame.locator(".opblock-summary-path").all_inner_texts()
    assert sorted(set(paths)) == ["/api/todos", "/api/todos/{todo_id}"]
    assert len(paths) == 5  # GET and POST on the list, GET, PATCH and DELETE on one todo

    status, request_url, body = execute_list_todos(frame)
    assert status == "200"
    assert request_url == todos.site + "api/todos"
    assert json.loads(body) == app_json(todos, "/api/todos")
    # Everything, Swagger UI's script and stylesheet included, came from the site.
    assert todos.requests and all(url.startswith(todos.site) for url in todos.requests)


def test_fastapi_docs_under_a_sub_path(browser, sites):
    url = sites.url_under_path(FASTAPI_APP, "example-fastapi-sub", "repo")
    context, shell, requests = open_shell(browser, url + "docs")  # a first visit to a deep link
    try:
        shell.frame.locator(".swagger-ui .info .title", has_text="Todos").wait_for()
        status, request_url, body = execute_list_todos(shell.frame)
        assert (status, request_url) == ("200", url + "api/todos")
        assert [todo["title"] for todo in json.loads(body)] == ["Open the API docs at /docs"]
        assert all(request.startswith(url) for request in requests)
    finally:
        context.close()


# Flask


def test_flask_guestbook_form_flash_and_a_reload(browser, sites):
    url = sites.url_under_path(FLASK_APP, "example-flask", "repo")
    context, shell, _ = open_shell(browser, url)
    try:
        frame = shell.frame
        frame.get_by_role("button", name="Sign").click()  # empty: the app says what is missing
        frame.locator(".flash.error", has_text="Both a name and a message").wait_for()
        frame.locator("input[name=name]").fill("Ada")
        frame.locator("textarea[name=message]").fill("Hello from a WSGI app")
        frame.get_by_role("button", name="Sign").click()
        frame.locator(".flash.ok", has_text="Thanks, Ada!").wait_for()  # the flash rode in the session cookie
        shell.wait_path("/repo/")  # post, then redirect to url_for("index") under the sub-path
        assert [e["message"] for e in app_json(shell, "/api/entries")] == ["Hello from a WSGI app"]
        reload(shell)
        frame.locator("li", has_text="Hello from a WSGI app").wait_for()  # kept in the browser
        assert frame.locator(".flash").count() == 0  # shown once
    finally:
        context.close()


# Chat


@pytest.fixture(scope="module")
def chat(browser, sites):
    url = sites.url_under_path(CHAT_APP, "example-chat", "repo")
    context, shell, _ = open_shell(browser, url)
    shell.site = url
    yield shell
    context.close()


def join(pane, name: str, timeout: float = 30_000) -> None:
    pane.locator("input[name=name]").fill(name)
    pane.get_by_role("button", name="Join").click()
    pane.locator(".status", has_text=f"Connected as {name}.").wait_for(timeout=timeout)
    assert pane.locator("form.join").is_hidden() and pane.locator("form.say").is_visible()


def say(pane, text: str) -> None:
    pane.locator("input[name=text]").fill(text)
    pane.get_by_role("button", name="Send").click()


def test_chat_broadcasts_to_every_pane_of_the_page(chat):
    # Each pane is a WebSocket of its own to the same app (the one this tab runs).
    panes = chat.frame.locator(".pane")
    join(panes.nth(0), "Ada")
    chat.frame.locator("#add-pane").click()
    join(panes.nth(1), "Grace")
    panes.nth(0).locator(".messages li", has_text="Grace joined (2 online)").wait_for()

    say(panes.nth(1), "hello Ada")
    panes.nth(0).locator(".messages li", has_text="Grace: hello Ada").wait_for()
    say(panes.nth(0), "hi Grace")
    for pane in (panes.nth(0), panes.nth(1)):
        pane.locator(".messages li", has_text="Ada: hi Grace").wait_for()
    expected = ["Grace joined (2 online)", "Grace: hello Ada", "Ada: hi Grace"]
    assert panes.nth(0).locator(".messages li").all_inner_texts()[-3:] == expected
    assert panes.nth(1).locator(".messages li").all_inner_texts() == expected

    # A newcomer sees what was said before it came.
    chat.frame.locator("#add-pane").click()
    join(panes.nth(2), "Linus")
    panes.nth(2).locator(".messages li", has_text="Linus joined (3 online)").wait_for()
    assert panes.nth(2).locator(".messages li").all_inner_texts() == [
        "Grace: hello Ada", "Ada: hi Grace", "Linus joined (3 online)"]  # fmt: skip


def test_chat_from_a_frame_inside_an_app_page(chat):
    # Two views of one app in one tab, e.g. a page framing two chat pages.
    # (The URL differs from the page's: browsers never load a frame whose URL
    # is an ancestor's.)
    chat.frame.locator(".pane").first.wait_for()  # the chat page, not the frame's first blank document
    chat.frame.locator("body").evaluate(
        "(body, url) => { const f = document.createElement('iframe'); f.id = 'inner'; f.src = url; body.append(f); }",
        chat.site + "?view=inner",
    )
    inner = chat.frame.frame_locator("#inner").locator(".pane").first
    join(inner, "Inner", timeout=5_000)
