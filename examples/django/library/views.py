"""Plain sync views: wasgi runs them inline in the browser's one thread, as
Django would in a worker thread."""

import platform
import sqlite3
import sys

import django
from django.contrib import messages
from django.db import connection
from django.shortcuts import redirect, render

from .forms import BookForm
from .models import Book


def book_list(request):
    return render(request, "library/book_list.html", {"books": Book.objects.all()})


def add_book(request):
    """The usual form cycle: GET shows the form, a valid POST saves and
    redirects (so a reload does not post twice), an invalid one shows errors."""
    form = BookForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        book = form.save()
        messages.success(request, f"Added “{book.title}”.")
        return redirect("library:books")
    return render(request, "library/book_form.html", {"form": form})


def about(request):
    """Where this is running, read from the running interpreter."""
    facts = {
        "Python": sys.version.split()[0],
        "Platform": f"{sys.platform} ({platform.machine()})",
        "Django": django.get_version(),
        "SQLite": sqlite3.sqlite_version,
        "Database file": str(connection.settings_dict["NAME"]),
        "Books in it": Book.objects.count(),
    }
    return render(request, "library/about.html", {"facts": facts})
