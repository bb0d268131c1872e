from django.contrib import admin

from .models import Book, Shelf


@admin.register(Book)
class BookAdmin(admin.ModelAdmin):
    list_display = ["title", "author", "year", "shelf", "added"]
    search_fields = ["title", "author"]


@admin.register(Shelf)
class ShelfAdmin(admin.ModelAdmin):
    search_fields = ["name"]
