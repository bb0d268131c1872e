"""Views the Django end-to-end tests call: sync views on the ORM, and both asgiref bridges."""

import asyncio
import json
import threading
import time

from asgiref.sync import async_to_sync, sync_to_async
from django.contrib.auth.hashers import check_password, make_password
from django.db import connection, transaction
from django.http import JsonResponse
from django.views.decorators.csrf import csrf_exempt

from .models import Note


@csrf_exempt
def notes(request):
    """GET lists the notes; POST {"text": ...} adds one."""
    if request.method == "POST":
        note = Note.objects.create(text=json.loads(request.body)["text"])
        return JsonResponse({"id": note.id, "text": note.text}, status=201)
    return JsonResponse({"notes": list(Note.objects.order_by("id").values_list("text", flat=True))})


class Abandoned(Exception):
    """Raised inside a transaction to roll it back."""


@csrf_exempt
def add_slowly(request):
    """Adds a note in a transaction that sleeps half-way (the stack is suspended,
    through JSPI, and other requests come in meanwhile) and then commits, or
    rolls back when asked to."""
    data = json.loads(request.body)
    try:
        with transaction.atomic():
            note = Note.objects.create(text=data["text"])
            time.sleep(0.2)
            if data.get("abandon"):
                raise Abandoned
            note.text += " (kept)"
            note.save()
    except Abandoned:
        return JsonResponse({"rolled_back": data["text"]}, status=409)
    return JsonResponse({"id": note.id, "text": note.text}, status=201)


def where_sync_code_runs(request):
    return JsonResponse(
        {
            "thread": threading.current_thread().name,
            "loop_running_in_view": asyncio._get_running_loop() is not None,
            "loop_running_in_middleware": request.loop_seen_by_middleware,
            "database": connection.vendor,
            "database_file": str(connection.settings_dict["NAME"]),
        }
    )


async def _count_later(base):
    await asyncio.sleep(0.01)
    return base + await sync_to_async(Note.objects.count)()


def sync_view_awaiting_a_coroutine(request):
    """async_to_sync from sync code: the coroutine runs on the loop while this view waits."""
    return JsonResponse({"count_plus_100": async_to_sync(_count_later)(100)})


async def async_view_using_the_orm(request):
    count = await Note.objects.acount()
    texts = await sync_to_async(lambda: [n.text for n in Note.objects.order_by("id")])()
    threaded = await asyncio.to_thread(lambda: Note.objects.count())
    return JsonResponse({"count": count, "texts": texts, "to_thread_count": threaded})


def password_hashers(request):
    # Django's scrypt and PBKDF2 hashers, on hashlib functions Pyodide lacks (wasgi's shims).
    checked = {}
    for hasher in ("scrypt", "pbkdf2_sha256"):
        encoded = make_password("s3cret", hasher=hasher)
        checked[encoded.split("$")[0]] = [check_password("s3cret", encoded), check_password("wrong", encoded)]
    return JsonResponse(checked)
