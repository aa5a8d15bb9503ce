"""Helpers every GraphQL type module uses: described fields and the default page size."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar, cast

import strawberry

DEFAULT_FIRST = 20

F = TypeVar("F", bound=Callable[..., Any])


def field(description: str, *, name: str | None = None) -> Callable[[F], F]:
    """`strawberry.field` with a description, typed (strawberry's keyword form returns Any)."""
    return cast(Callable[[F], F], strawberry.field(description=description, name=name))


def mutation(description: str) -> Callable[[F], F]:
    """`strawberry.mutation` with a description, typed."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


def page_size(first: int | None) -> int:
    """`first` as given, the default when null (the services check the range)."""
    return DEFAULT_FIRST if first is None else first
