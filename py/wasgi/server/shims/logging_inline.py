"""logging's ``QueueListener`` without its thread: records are handled as they are queued.

A ``QueueHandler`` puts records on a queue and a ``QueueListener``'s thread
hands them to the real handlers. ``dictConfig`` sets this up for a config
with a ``listener``, and frameworks use it by default (Litestar's logging
config does, so a default Litestar app could not even be imported: its
listener's thread would not start). Here ``start()`` starts no thread: the
listener is marked inline, and each record a ``QueueHandler`` queues for it
is handled at once, in the logging call, as by a plain handler. ``stop()``
handles whatever is left.
"""

from __future__ import annotations

import logging.handlers
import queue
import weakref

from .patch import Patch

# Listeners started inline, by the queue they read.
_inline: "weakref.WeakKeyDictionary[object, _InlineListener]" = weakref.WeakKeyDictionary()
_original_enqueue = logging.handlers.QueueHandler.enqueue


class _InlineListener:
    """Stands in for the listener's thread (its ``_thread``): what handles its queue."""

    def __init__(self, listener: logging.handlers.QueueListener) -> None:
        self.listener = listener
        self.draining = False

    def drain(self) -> None:
        """Handle every queued record now (a handler that logs adds to the same loop)."""
        if self.draining:
            return
        self.draining = True
        listener = self.listener
        try:
            while True:
                try:
                    record = listener.dequeue(False)
                except queue.Empty:
                    return
                if record is not listener._sentinel:
                    listener.handle(record)
                if hasattr(listener.queue, "task_done"):
                    listener.queue.task_done()
        finally:
            self.draining = False

    def join(self, timeout: float | None = None) -> None:
        """What ``stop()`` waits on: the sentinel it queued, and anything before it."""
        self.drain()
        _inline.pop(self.listener.queue, None)


def start_inline(listener: logging.handlers.QueueListener) -> None:
    """Stands in for ``QueueListener.start``."""
    if listener._thread is not None:
        raise RuntimeError("Listener already started")
    listener._thread = inline = _InlineListener(listener)
    _inline[listener.queue] = inline
    inline.drain()  # records queued before it started


def enqueue_then_handle(handler: logging.handlers.QueueHandler, record: logging.LogRecord) -> None:
    """Stands in for ``QueueHandler.enqueue``: queue the record; an inline listener handles it now."""
    _original_enqueue(handler, record)
    try:
        inline = _inline.get(handler.queue)
    except TypeError:  # a queue that cannot be weakly referenced has no inline listener
        return
    if inline is not None:
        inline.drain()


def patches() -> list[Patch]:
    return [
        Patch(logging.handlers.QueueListener, "start", start_inline),
        Patch(logging.handlers.QueueHandler, "enqueue", enqueue_then_handle),
    ]
