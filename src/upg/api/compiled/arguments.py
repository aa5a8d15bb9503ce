"""A compiled read's arguments as the resolvers read them: filters, orderings, vanity scopes.

Each reader whitelists what it accepts (the names below) and raises `Outside` for anything the
resolvers would answer differently, so that request goes to them.
"""

from __future__ import annotations

from typing import Any

from upg.api.compiled.errors import Outside
from upg.api.inputs import MAX_LIST_ITEMS
from upg.services.nodes import parse_id

VANITY_SCOPES = {"productId": "product_id", "healthScoreId": "health_score_id"}
"""`vanityMilestones` arguments -> the scope filter they set (FILTERS' names for the same test)."""

ORDER_FIELDS = ("title", "status", "created_at", "updated_at", "target_date")
FILTERS = {
    "id_in": "ids",
    "title_contains": "title_contains",
    "status_in": "statuses",
    "tags_includes_any": "tags_any",
    "milestoneType_in": "milestone_types",
    "achieved": "achieved",
    "productId": "product_id",
    "healthScoreId": "health_score_id",
    "outcomeId": "outcome_id",
}
"""Where input field -> NodeFilter field (list_nodes.cypher's parameters)."""


def where_filters(where: dict[str, Any] | None) -> tuple[tuple[str, Any], ...]:
    """The filters given, as (NodeFilter field, value), ids checked as resolvers check them."""
    if not where:
        return ()
    found: list[tuple[str, Any]] = []
    for name, value in where.items():
        if value is None:
            continue
        field = FILTERS.get(name)
        if field is None:
            raise Outside(name)
        if isinstance(value, list) and len(value) > MAX_LIST_ITEMS:
            raise Outside(f"{name}: over the cap, the resolvers refuse it")
        if field == "ids":
            value = [parse_id(i, "id_in") for i in value]
        elif field in ("product_id", "health_score_id", "outcome_id"):
            value = parse_id(value, name)
        found.append((field, tuple(value) if isinstance(value, list) else value))
    return tuple(sorted(found))


def vanity_scope(args: dict[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The scope `vanityMilestones` was given (an empty id means none, as the resolver reads
    it), ids checked as the service checks them."""
    found = [
        (field, parse_id(args[name], name))
        for name, field in VANITY_SCOPES.items()
        if args.get(name)
    ]
    return tuple(sorted(found))


def order_keys(order_by: list[dict[str, Any]] | None) -> tuple[tuple[str, bool], ...]:
    if not order_by:
        return ()
    if len(order_by) > 2:
        raise Outside("orderBy: at most two keys")
    keys = []
    for item in order_by:
        # Enums arrive as strawberry's Python enums: their values are the property names.
        field = getattr(item["field"], "value", item["field"])
        direction = getattr(item["direction"], "value", item["direction"])
        if field not in ORDER_FIELDS:
            raise Outside(str(field))
        keys.append((field, direction == "DESC"))
    return tuple(keys)
