"""The plan's parts: what a compiled read selects, as frozen (hashable, cacheable) values.

`plan` builds them from a validated document, `cypher` writes a statement from them and `shape`
turns the statement's row into the response; the whitelists below are all a statement may name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from graphql import GraphQLOutputType

TYPE_NAMES = {
    "PRODUCT": "Product",
    "OUTCOME": "Outcome",
    "CUSTOMER_HEALTH_SCORE": "CustomerHealthScore",
    "SUCCESS_MILESTONE": "SuccessMilestone",
}
"""Node type key -> its GraphQL object type (as `upg.api.types.as_node` picks it)."""

RELATIONS: dict[tuple[str, str], tuple[str, bool]] = {
    ("Product", "milestones"): ("CELEBRATES_VIA", True),
    ("Outcome", "validatedBy"): ("VALIDATES", False),
    ("CustomerHealthScore", "milestones"): ("CONTAINS", True),
    ("SuccessMilestone", "products"): ("CELEBRATES_VIA", False),
    ("SuccessMilestone", "healthScores"): ("CONTAINS", False),
    ("SuccessMilestone", "outcomes"): ("VALIDATES", True),
}
"""(type, field) -> (edge type, outgoing): the relationship connections, as types.py reads them."""

SCALARS = {
    "id": "id",
    "type": "type",
    "title": "title",
    "description": "description",
    "status": "status",
    "tags": "tags",
    "createdAt": "created_at",
    "updatedAt": "updated_at",
    "milestoneType": "milestone_type",
    "targetDate": "target_date",
    "achieved": "achieved",
    "windowDays": "window_days",
    "play": "play",
}
"""GraphQL scalar field -> node property: the whitelist of what a projection may name."""

MILESTONE_AUDIT = "milestoneAudit"
HEALTH_SCORE_AUDITS = "healthScoreAudits"
UNMEASURED_OUTCOMES = "unmeasuredOutcomes"
AUDIT_ROOTS = (MILESTONE_AUDIT, HEALTH_SCORE_AUDITS, UNMEASURED_OUTCOMES)
"""The audits' root connections a `Conn` may page (its `audit`)."""

SCORE_AUDIT_VALUES = ("__typename", "totalWeight", "vanityWeight", "vanityShare")


@dataclass(frozen=True)
class Leaf:
    """A node scalar (`prop` from SCALARS), `isVanity` (prop "is_vanity") or `__typename`."""

    key: str
    prop: str
    type: GraphQLOutputType | None = None
    typename: str = ""


@dataclass(frozen=True)
class ObjectPlan:
    """The fields selected on one object type, in response order."""

    type_name: str
    fields: tuple[Leaf | Conn | ById, ...]


@dataclass(frozen=True)
class Conn:
    """A connection: a root list (edge None) or a relationship (edge type, outgoing)."""

    key: str
    type_name: str
    node_type: str
    edge: tuple[str, bool] | None
    first: int
    skip: int
    where: tuple[tuple[str, Any], ...]
    order: tuple[tuple[str, bool], ...]
    parts: tuple[tuple[str, str, Any], ...]
    """(response key, part, detail): part is __typename (detail: type name), totalCount,
    pageInfo (detail: ((key, field), ...)) or edges (detail: EdgesPlan)."""
    vanity: bool = False
    """The vanity audit's milestones (`vanityMilestones`) instead of a node list."""
    audit: str = ""
    """One of AUDIT_ROOTS: that audit's page instead of a node list (`where` holds its scope)."""

    @property
    def needs_total(self) -> bool:
        return any(part in ("totalCount", "pageInfo") for _, part, _ in self.parts)


@dataclass(frozen=True)
class EntryPlan:
    """A `MilestoneAuditEntry`: (response key, field, detail), field being __typename,
    classification (detail: its GraphQL type) or milestone (detail: the milestone's plan)."""

    fields: tuple[tuple[str, str, ObjectPlan | GraphQLOutputType | None], ...]


@dataclass(frozen=True)
class EdgesPlan:
    type_name: str
    fields: tuple[tuple[str, str, ObjectPlan | EntryPlan | ScoreAuditPlan | None], ...]
    """(response key, field, node plan): field is __typename, cursor, weight or node."""


@dataclass(frozen=True)
class ById:
    """`node(id:)`: one plan per node type the id may turn out to be."""

    key: str
    id: str
    by_type: tuple[tuple[str, ObjectPlan], ...]


@dataclass(frozen=True)
class ScoreAuditPlan:
    """`healthScoreAudit(id:)` (or one `healthScoreAudits` node, id ""): the fields selected on
    the audit, in response order."""

    key: str
    id: str
    fields: tuple[tuple[str, str, ObjectPlan | Conn | None], ...]
    """(response key, field, detail): __typename, healthScore (its ObjectPlan), totalWeight,
    vanityWeight, vanityShare or vanityMilestones (a Conn over the score's vanity milestones)."""


@dataclass(frozen=True)
class Plan:
    """A compiled operation: its root fields in response order."""

    fields: tuple[Conn | ById | Leaf | ScoreAuditPlan, ...]


def edges_of(conn: Conn) -> tuple[EdgesPlan, ...]:
    """The connection's `edges` plans (one per response key that selects edges)."""
    return tuple(d for _, part, d in conn.parts if part == "edges" and isinstance(d, EdgesPlan))


def node_detail(conn: Conn) -> ObjectPlan | EntryPlan | ScoreAuditPlan | None:
    """What the connection's edges select on their node (None: no node; the planner lets
    only one response key select it)."""
    found = [
        detail
        for edges in edges_of(conn)
        for _, name, detail in edges.fields
        if name == "node" and detail is not None
    ]
    return found[0] if found else None


def selects_weight(conn: Conn) -> bool:
    return any(name == "weight" for edges in edges_of(conn) for _, name, _ in edges.fields)
