"""Shapes of reads: filters, ordering, pages, linked neighbours."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Generic, TypeVar

from upg.model.nodes import Node

T = TypeVar("T")

ORDERABLE = ("title", "status", "created_at", "updated_at", "target_date", "milestone_type")
"""Node fields a list can be ordered by."""


@dataclass(frozen=True)
class Page(Generic[T]):
    """A slice of a longer ordered list, with the length of the whole."""

    items: tuple[T, ...]
    total: int
    offset: int

    @property
    def has_next(self) -> bool:
        return self.offset + len(self.items) < self.total


@dataclass(frozen=True)
class Linked:
    """A neighbour reached over an edge, with the edge's weight where the type has one."""

    node: Node
    weight: float | None


@dataclass(frozen=True)
class NodeFilter:
    """Filters of a node list; None means "no filter"."""

    ids: list[str] | None = None
    title_contains: str | None = None
    statuses: list[str] | None = None
    tags_any: list[str] | None = None
    milestone_types: list[str] | None = None
    achieved: bool | None = None
    product_id: str | None = None
    health_score_id: str | None = None
    outcome_id: str | None = None


@dataclass(frozen=True)
class Order:
    field: str
    descending: bool = False
