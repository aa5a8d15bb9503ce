"""GraphQL inputs to the services' shapes: filters, ordering, create and update payloads."""

from __future__ import annotations

import uuid
from datetime import date
from typing import Any

import pytest
import strawberry

from upg.api import inputs
from upg.errors import Invalid
from upg.model.query import NodeFilter, Order


def test_absent_where_is_no_filter() -> None:
    assert inputs.node_filter(strawberry.UNSET) == NodeFilter()
    assert inputs.node_filter(None) == NodeFilter()
    assert inputs.node_filter(inputs.ProductWhere()) == NodeFilter()


def test_milestone_where() -> None:
    product = str(uuid.uuid4())
    where = inputs.SuccessMilestoneWhere(
        id_in=[strawberry.ID(product.upper())],
        title_contains="Edit",
        status_in=["done"],
        tags_includes_any=["aha"],
        milestone_type_in=["trial"],
        achieved=False,
        product_id=strawberry.ID(product),
    )
    assert inputs.node_filter(where) == NodeFilter(
        ids=[product],
        title_contains="Edit",
        statuses=["done"],
        tags_any=["aha"],
        milestone_types=["trial"],
        achieved=False,
        product_id=product,
    )


def test_filter_ids_must_be_uuids() -> None:
    with pytest.raises(Invalid) as raised:
        inputs.node_filter(inputs.SuccessMilestoneWhere(outcome_id=strawberry.ID("nope")))
    assert raised.value.field == "outcomeId"


def test_order() -> None:
    order_by = [
        inputs.ProductOrderBy(field=inputs.NodeOrderField.STATUS),
        inputs.ProductOrderBy(
            field=inputs.NodeOrderField.CREATED_AT, direction=inputs.SortDirection.DESC
        ),
    ]
    assert inputs.order(order_by) == [Order("status"), Order("created_at", descending=True)]
    assert inputs.order(strawberry.UNSET) == []


def test_create_data_keeps_what_was_given() -> None:
    chosen = strawberry.ID(str(uuid.uuid4()))
    value = inputs.SuccessMilestoneInput(
        title="Invited", id=chosen, tags=None, target_date=date(2026, 1, 31)
    )
    assert inputs.create_data(value) == {
        "title": "Invited",
        "id": str(chosen),
        "target_date": date(2026, 1, 31),
    }


def test_update_data_tells_absent_from_null() -> None:
    value = inputs.UpdateNodeInput(title="New", description=None, milestone_type=None)
    assert inputs.update_data(value) == {
        "title": "New",
        "description": None,
        "milestone_type": None,
    }
    assert inputs.update_data(inputs.UpdateNodeInput()) == {}


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("id_in", [strawberry.ID(str(uuid.uuid4()))] * 101),
        ("status_in", ["done"] * 101),
        ("tags_includes_any", ["t"] * 101),
        ("milestone_type_in", ["trial"] * 101),
    ],
)
def test_list_filters_are_capped(name: str, value: list[str]) -> None:
    inputs.node_filter(_where(name, value[: inputs.MAX_LIST_ITEMS]))
    with pytest.raises(Invalid, match="at most 100 items"):
        inputs.node_filter(_where(name, value))


def _where(name: str, value: list[str]) -> inputs.SuccessMilestoneWhere:
    fields: dict[str, Any] = {name: value}
    return inputs.SuccessMilestoneWhere(**fields)
