"""A sync-only middleware: Django wraps the async handler below it in async_to_sync."""

import asyncio


def served_by_middleware(get_response):
    def middleware(request):
        # Sync code sees no running event loop, as in a worker thread.
        request.loop_seen_by_middleware = asyncio._get_running_loop() is not None
        response = get_response(request)
        response["X-Sync-Middleware"] = "ran"
        return response

    return middleware
