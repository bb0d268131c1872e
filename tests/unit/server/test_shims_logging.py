"""logging's QueueListener runs inline: its thread would not start in the browser."""

import logging
import logging.config
import logging.handlers
import queue
import sys

import pytest

from wasgi.server import shims


class Collect(logging.Handler):
    def __init__(self):
        super().__init__()
        self.messages = []

    def emit(self, record):
        self.messages.append(record.getMessage())


@pytest.fixture
def shimmed():
    shims.install()
    yield
    shims.uninstall()


def test_records_reach_the_handlers_when_logged_and_stop_handles_the_rest(shimmed):
    q = queue.Queue()
    collect = Collect()
    handler = logging.handlers.QueueHandler(q)
    logger = logging.getLogger("wasgi.test.queue")
    logger.addHandler(handler)
    try:
        logger.warning("before start")  # queued: nothing handles it yet
        listener = logging.handlers.QueueListener(q, collect)
        listener.start()
        assert collect.messages == ["before start"]
        logger.warning("one %s", "two")
        assert collect.messages == ["before start", "one two"]
        with pytest.raises(RuntimeError, match="already started"):
            listener.start()
        listener.stop()
        assert q.empty()
    finally:
        logger.removeHandler(handler)


def test_a_dict_config_with_a_queue_listener(shimmed):
    # What Litestar's default logging config sets up (Python 3.12+ reads "listener"; Pyodide's is 3.14).
    collect = Collect()
    config = {
        "version": 1,
        "disable_existing_loggers": False,
        "handlers": {
            "collect": {"()": lambda: collect},
            "queued": {"class": "logging.handlers.QueueHandler", "handlers": ["collect"]},
        },
        "loggers": {"wasgi.test.dict": {"handlers": ["queued"], "level": "INFO", "propagate": False}},
    }
    if sys.version_info < (3, 12):
        config["handlers"]["queued"] = {"()": lambda: logging.handlers.QueueHandler(queue.Queue())}
    logging.config.dictConfig(config)
    handler = logging.getLogger("wasgi.test.dict").handlers[0]
    if sys.version_info < (3, 12):
        handler.listener = logging.handlers.QueueListener(handler.queue, collect)
    handler.listener.start()  # Litestar's listener starts itself when made
    try:
        logging.getLogger("wasgi.test.dict").info("configured")
        assert collect.messages == ["configured"]
    finally:
        handler.listener.stop()
        logging.getLogger("wasgi.test.dict").handlers.clear()


def test_without_the_shims_the_listener_has_its_thread():
    assert logging.handlers.QueueListener.start.__module__ == "logging.handlers"
