"""GraphQL inputs (filters, ordering, create and update payloads) and their service-side shapes.

Filter fields keep the contract's exact names (`id_in`, `title_contains`...), so they are named
explicitly instead of camel-cased. Create and update inputs become the services' snake_case dicts;
an update passes only the fields the client sent (`null` clears, absent leaves as is).
"""

from __future__ import annotations

import dataclasses
from collections.abc import Sequence
from datetime import date
from enum import Enum
from typing import Any

import strawberry

from upg.api.types.enums import Play
from upg.errors import Invalid
from upg.model.query import NodeFilter, Order
from upg.services.nodes import parse_id

UNSET: Any = strawberry.UNSET


def _given(value: Any) -> bool:
    return value is not UNSET and value is not None


def _id(value: Any, field: str) -> str | None:
    return parse_id(value, field) if _given(value) else None


MAX_LIST_ITEMS = 100
"""Most items a list-valued filter takes (each item is a lookup in the query)."""


def _list(value: Any, field: str) -> list[Any] | None:
    if not _given(value):
        return None
    items = list(value)
    if len(items) > MAX_LIST_ITEMS:
        raise Invalid(
            f"{field}: at most {MAX_LIST_ITEMS} items, got {len(items)}: split the request",
            field=field,
        )
    return items


@strawberry.input(description="Filters every node list accepts; all filters given must match.")
class NodeWhere:
    id_in: list[strawberry.ID] | None = strawberry.field(name="id_in", default=UNSET)
    title_contains: str | None = strawberry.field(
        name="title_contains", default=UNSET, description="Case-insensitive substring."
    )
    status_in: list[str] | None = strawberry.field(name="status_in", default=UNSET)
    tags_includes_any: list[str] | None = strawberry.field(
        name="tags_includes_any", default=UNSET, description="At least one of these tags."
    )


@strawberry.input
class ProductWhere(NodeWhere):
    pass


@strawberry.input
class OutcomeWhere(NodeWhere):
    pass


@strawberry.input
class HealthScoreWhere(NodeWhere):
    pass


@strawberry.input
class SuccessMilestoneWhere(NodeWhere):
    milestone_type_in: list[str] | None = strawberry.field(name="milestoneType_in", default=UNSET)
    achieved: bool | None = UNSET
    product_id: strawberry.ID | None = strawberry.field(
        name="productId", default=UNSET, description="Milestones this product celebrates."
    )
    health_score_id: strawberry.ID | None = strawberry.field(
        name="healthScoreId", default=UNSET, description="Milestones this score contains."
    )
    outcome_id: strawberry.ID | None = strawberry.field(
        name="outcomeId", default=UNSET, description="Milestones that validate this outcome."
    )


def node_filter(where: NodeWhere | None) -> NodeFilter:
    """The services' filter from any of the Where inputs (None or absent: no filter)."""
    if not _given(where):
        return NodeFilter()
    assert where is not None
    ids = _list(where.id_in, "id_in")
    base: dict[str, Any] = {
        "ids": None if ids is None else [parse_id(i, "id_in") for i in ids],
        "title_contains": where.title_contains if _given(where.title_contains) else None,
        "statuses": _list(where.status_in, "status_in"),
        "tags_any": _list(where.tags_includes_any, "tags_includes_any"),
    }
    if isinstance(where, SuccessMilestoneWhere):
        base |= {
            "milestone_types": _list(where.milestone_type_in, "milestoneType_in"),
            "achieved": where.achieved if _given(where.achieved) else None,
            "product_id": _id(where.product_id, "productId"),
            "health_score_id": _id(where.health_score_id, "healthScoreId"),
            "outcome_id": _id(where.outcome_id, "outcomeId"),
        }
    return NodeFilter(**base)


@strawberry.enum(description="Node fields a list can be ordered by (then always by id).")
class NodeOrderField(Enum):
    TITLE = "title"
    STATUS = "status"
    CREATED_AT = "created_at"
    UPDATED_AT = "updated_at"
    TARGET_DATE = "target_date"


@strawberry.enum
class SortDirection(Enum):
    ASC = "ASC"
    DESC = "DESC"


@strawberry.input(description="One ordering key (a list takes up to two).")
class NodeOrderBy:
    field: NodeOrderField
    direction: SortDirection = SortDirection.ASC


@strawberry.input
class ProductOrderBy(NodeOrderBy):
    pass


@strawberry.input
class OutcomeOrderBy(NodeOrderBy):
    pass


@strawberry.input
class HealthScoreOrderBy(NodeOrderBy):
    pass


@strawberry.input
class SuccessMilestoneOrderBy(NodeOrderBy):
    pass


def order(order_by: Sequence[NodeOrderBy] | None) -> list[Order]:
    if not _given(order_by):
        return []
    assert order_by is not None
    return [Order(o.field.value, o.direction is SortDirection.DESC) for o in order_by]


@strawberry.input(description="Fields every node type takes on create.")
class NodeInput:
    title: str
    id: strawberry.ID | None = strawberry.field(
        default=UNSET, description="A UUID chosen by the client (one is generated if absent)."
    )
    description: str | None = UNSET
    status: str | None = strawberry.field(
        default=UNSET, description="A state of the type's lifecycle (its initial one if absent)."
    )
    tags: list[str] | None = UNSET


@strawberry.input
class ProductInput(NodeInput):
    pass


@strawberry.input
class OutcomeInput(NodeInput):
    pass


@strawberry.input
class HealthScoreInput(NodeInput):
    pass


@strawberry.input
class SuccessMilestoneInput(NodeInput):
    milestone_type: str | None = strawberry.field(
        default=UNSET,
        description="trial, onboarding, adoption, expansion, renewal or advocacy.",
    )
    target_date: date | None = UNSET
    window_days: int | None = strawberry.field(
        default=UNSET,
        description="Reached within this many days of sign-up counts as a hit (1..3650).",
    )
    play: Play | None = strawberry.field(
        default=UNSET, description="The moment the milestone opens for the customer team."
    )


@strawberry.input(
    description="A partial update: only the fields sent change; null clears an optional field."
)
class UpdateNodeInput:
    title: str | None = UNSET
    description: str | None = UNSET
    status: str | None = UNSET
    tags: list[str] | None = UNSET
    milestone_type: str | None = UNSET
    target_date: date | None = UNSET
    window_days: int | None = strawberry.field(
        default=UNSET, description="Milestones only: the evidence window in days (1..3650)."
    )
    play: Play | None = strawberry.field(
        default=UNSET, description="Milestones only: the moment the milestone opens."
    )


def create_data(value: NodeInput) -> dict[str, Any]:
    """The services' create payload: the fields given (null means "use the default")."""
    data = {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if _given(getattr(value, f.name))
    }
    if "id" in data:
        data["id"] = str(data["id"])
    if "play" in data:
        data["play"] = data["play"].value
    return data


def update_data(value: UpdateNodeInput) -> dict[str, Any]:
    """The services' update payload: every field sent, explicit nulls included."""
    data = {
        f.name: getattr(value, f.name)
        for f in dataclasses.fields(value)
        if getattr(value, f.name) is not UNSET
    }
    if isinstance(data.get("play"), Enum):
        data["play"] = data["play"].value
    return data
