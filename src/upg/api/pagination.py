"""Relay-style connections over the services' pages, with opaque offset cursors.

A cursor is base64 of `o:<offset>`: opaque to clients, cheap to decode, and stable for a given
filter and order (lists are always ordered by a key and then by id).
"""

from __future__ import annotations

import base64
import binascii
from collections.abc import Callable
from typing import Generic, TypeVar

import strawberry

from upg.errors import Invalid
from upg.model.query import Linked, Page

T = TypeVar("T")
S = TypeVar("S")

_PREFIX = "o:"


def encode_cursor(offset: int) -> str:
    return base64.b64encode(f"{_PREFIX}{offset}".encode()).decode("ascii")


def decode_cursor(cursor: str, field: str = "after") -> int:
    """The offset a cursor names, or Invalid naming the argument."""
    try:
        text = base64.b64decode(cursor.encode("ascii"), validate=True).decode("ascii")
    except (UnicodeError, binascii.Error, ValueError):
        text = ""
    digits = text.removeprefix(_PREFIX)
    if not text.startswith(_PREFIX) or not digits.isdigit() or len(digits) > 9:
        raise Invalid(f"{field}: not a cursor this API issued: {cursor[:40]!r}", field=field)
    return int(digits)


def skip_after(after: str | None) -> int:
    """How many items come before the page that starts after the cursor `after`."""
    return 0 if not after else decode_cursor(after) + 1


@strawberry.type(description="Where a page sits in the whole list.")
class PageInfo:
    has_next_page: bool
    has_previous_page: bool
    start_cursor: str | None
    end_cursor: str | None


@strawberry.type(name="Edge")  # GraphQL names it <Item>Edge, e.g. ProductEdge
class ConnectionEdge(Generic[T]):
    """One item of a connection page with its cursor (Relay's edge type)."""

    cursor: str
    node: T


@strawberry.type(name="Connection")
class Connection(Generic[T]):
    edges: list[ConnectionEdge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items the whole list holds.")


@strawberry.type(name="WeightedEdge")
class WeightedEdge(Generic[T]):
    cursor: str
    node: T
    weight: float | None = strawberry.field(description="The edge's weight (> 0).")


@strawberry.type(name="WeightedConnection")
class WeightedConnection(Generic[T]):
    edges: list[WeightedEdge[T]]
    page_info: PageInfo
    total_count: int = strawberry.field(description="How many items the whole list holds.")


def _page_info(page: Page[S]) -> PageInfo:
    last = page.offset + len(page.items) - 1
    return PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.offset > 0,
        start_cursor=encode_cursor(page.offset) if page.items else None,
        end_cursor=encode_cursor(last) if page.items else None,
    )


def connection(page: Page[S], convert: Callable[[S], T]) -> Connection[T]:
    """A connection of one page, each item converted to its GraphQL type."""
    edges = [
        ConnectionEdge(cursor=encode_cursor(page.offset + i), node=convert(item))
        for i, item in enumerate(page.items)
    ]
    return Connection(edges=edges, page_info=_page_info(page), total_count=page.total)


def weighted_connection(
    page: Page[Linked], convert: Callable[[Linked], T]
) -> WeightedConnection[T]:
    edges = [
        WeightedEdge(cursor=encode_cursor(page.offset + i), node=convert(item), weight=item.weight)
        for i, item in enumerate(page.items)
    ]
    return WeightedConnection(edges=edges, page_info=_page_info(page), total_count=page.total)
