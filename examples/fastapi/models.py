"""The API's pydantic models: what a client sends, and what it gets back."""

from datetime import datetime

from pydantic import BaseModel, Field


class TodoIn(BaseModel):
    """A new todo."""

    title: str = Field(min_length=1, max_length=200, examples=["Water the plants"])


class TodoPatch(BaseModel):
    """A change to a todo: only the fields given change."""

    title: str | None = Field(default=None, min_length=1, max_length=200)
    done: bool | None = None


class Todo(TodoIn):
    """A stored todo."""

    id: int
    done: bool
    created: datetime
