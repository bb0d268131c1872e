from django.contrib import admin
from django.urls import path

from notes import views

urlpatterns = [
    path("admin/", admin.site.urls),
    path("notes/", views.notes),
    path("notes/slowly/", views.add_slowly),
    path("where/", views.where_sync_code_runs),
    path("bridge/", views.sync_view_awaiting_a_coroutine),
    path("async-orm/", views.async_view_using_the_orm),
    path("hashers/", views.password_hashers),
]
