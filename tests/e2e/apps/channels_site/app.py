"""Django Channels, unchanged: a sync WebsocketConsumer (run through asgiref, as
under Daphne or Uvicorn) that broadcasts to a group on the in-memory channel
layer, next to Django's own HTTP views."""

import django
from django.conf import settings

settings.configure(
    DEBUG=True,
    SECRET_KEY="channels-test",
    ALLOWED_HOSTS=["*"],
    ROOT_URLCONF=__name__,
    INSTALLED_APPS=["channels"],
    CHANNEL_LAYERS={"default": {"BACKEND": "channels.layers.InMemoryChannelLayer"}},
)
django.setup()

from asgiref.sync import async_to_sync  # noqa: E402 (after settings, as Django needs)
from channels.generic.websocket import WebsocketConsumer  # noqa: E402
from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from django.core.asgi import get_asgi_application  # noqa: E402
from django.http import HttpResponse  # noqa: E402
from django.urls import path  # noqa: E402


class Chat(WebsocketConsumer):
    def connect(self):
        async_to_sync(self.channel_layer.group_add)("room", self.channel_name)
        self.accept()

    def receive(self, text_data=None, bytes_data=None):
        async_to_sync(self.channel_layer.group_send)("room", {"type": "chat.message", "text": text_data})

    def chat_message(self, event):
        self.send(text_data=f"{self.scope['path']} heard {event['text']}")

    def disconnect(self, code):
        async_to_sync(self.channel_layer.group_discard)("room", self.channel_name)


def index(request):
    return HttpResponse("django http")


urlpatterns = [path("", index)]

application = ProtocolTypeRouter({
    "http": get_asgi_application(),
    "websocket": URLRouter([path("chat/<name>/", Chat.as_asgi())]),
})
