"""An app whose lifespan startup fails, as one with a missing database would."""

from contextlib import asynccontextmanager

from starlette.applications import Starlette


@asynccontextmanager
async def lifespan(app):
    raise RuntimeError("database unreachable: check DATABASE_URL")
    yield


app = Starlette(lifespan=lifespan)
