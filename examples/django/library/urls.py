from django.urls import path

from . import views

app_name = "library"
urlpatterns = [
    path("", views.book_list, name="books"),
    path("books/add/", views.add_book, name="add_book"),
    path("about/", views.about, name="about"),
]
