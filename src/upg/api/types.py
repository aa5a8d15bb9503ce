"""GraphQL types mapped from the model: the Node interface, its four types, audits, enums.

Scalar fields are copied from `upg.model.nodes.Node`; relationship fields and `isVanity` load
through the request's DataLoaders, so a page of any size costs one round trip per field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from enum import Enum
from typing import Any, TypeVar, cast

import strawberry

from upg.api.context import Info
from upg.api.pagination import Connection, WeightedConnection, connection, skip_after
from upg.api.pagination import weighted_connection as weighted
from upg.errors import NotFound, UpgError
from upg.model import audit as audit_model
from upg.model import nodes as model
from upg.model.query import Linked, Page
from upg.services.nodes import check_page

DEFAULT_FIRST = 20

F = TypeVar("F", bound=Callable[..., Any])


def field(description: str, *, name: str | None = None) -> Callable[[F], F]:
    """`strawberry.field` with a description, typed (strawberry's keyword form returns Any)."""
    return cast(Callable[[F], F], strawberry.field(description=description, name=name))


def mutation(description: str) -> Callable[[F], F]:
    """`strawberry.mutation` with a description, typed."""
    return cast(Callable[[F], F], strawberry.mutation(description=description))


@strawberry.enum(description="The type of a node (one value per node type of the registry).")
class NodeType(Enum):
    PRODUCT = "PRODUCT"
    OUTCOME = "OUTCOME"
    CUSTOMER_HEALTH_SCORE = "CUSTOMER_HEALTH_SCORE"
    SUCCESS_MILESTONE = "SUCCESS_MILESTONE"


@strawberry.enum(description="The relationship types between nodes.")
class EdgeType(Enum):
    CELEBRATES_VIA = strawberry.enum_value(
        "CELEBRATES_VIA", description="Product -> SuccessMilestone: the product marks progress."
    )
    CONTAINS = strawberry.enum_value(
        "CONTAINS", description="CustomerHealthScore -> SuccessMilestone, weighted."
    )
    VALIDATES = strawberry.enum_value(
        "VALIDATES", description="SuccessMilestone -> Outcome: evidence toward the outcome."
    )


@strawberry.enum(description="The lifecycle of a success milestone (WORK_ITEM).")
class MilestoneStatus(Enum):
    TODO = "todo"
    IN_PROGRESS = "in_progress"
    DONE = "done"
    CANCELLED = "cancelled"


@strawberry.enum(
    description="VALIDATED feeds a score and validates an outcome; VANITY feeds a score and "
    "validates none; UNTRACKED validates but feeds no score; ORPHAN neither."
)
class MilestoneClass(Enum):
    VALIDATED = "VALIDATED"
    VANITY = "VANITY"
    UNTRACKED = "UNTRACKED"
    ORPHAN = "ORPHAN"


@strawberry.interface(description="Every node of the graph.")
class Node:
    id: strawberry.ID
    type: NodeType
    title: str
    description: str | None
    status: str
    tags: list[str]
    created_at: datetime
    updated_at: datetime


def page_size(first: int | None) -> int:
    """`first` as given, the default when null (the services check the range)."""
    return DEFAULT_FIRST if first is None else first


async def _linked(
    info: Info,
    parent_id: str,
    edge: EdgeType,
    outgoing: bool,
    first: int | None,
    after: str | None,
) -> Page[Linked]:
    skip = skip_after(after)
    size = page_size(first)
    check_page(size, skip)
    loader = info.context.loaders.neighbours(edge.name, outgoing, size, skip)
    return await loader.load(parent_id)


@strawberry.type(description="A product customers use.")
class Product(Node):
    @field("The milestones the product celebrates (CELEBRATES_VIA).")
    async def milestones(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[SuccessMilestone]:
        page = await _linked(info, self.id, EdgeType.CELEBRATES_VIA, True, first, after)
        return connection(page, _linked_milestone)


@strawberry.type(description="A result the customer wants (a required outcome).")
class Outcome(Node):
    @field("The milestones that validate it.")
    async def validated_by(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[SuccessMilestone]:
        page = await _linked(info, self.id, EdgeType.VALIDATES, False, first, after)
        return connection(page, _linked_milestone)


@strawberry.type(description="A weighted score built from success milestones.")
class CustomerHealthScore(Node):
    @field("The milestones the score contains, with their weights.")
    async def milestones(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> WeightedConnection[SuccessMilestone]:
        page = await _linked(info, self.id, EdgeType.CONTAINS, True, first, after)
        return weighted(page, _linked_milestone)


@strawberry.type(description="A significant step of the customer's journey toward an outcome.")
class SuccessMilestone(Node):
    milestone_type: str | None
    target_date: date | None
    achieved: bool

    @field(
        description="Feeds a health score but validates no outcome: looks like motion, "
        "predicts nothing."
    )
    async def is_vanity(self, info: Info) -> bool:
        return await info.context.loaders.is_vanity.load(self.id)

    @field("The products that celebrate it.")
    async def products(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[Product]:
        page = await _linked(info, self.id, EdgeType.CELEBRATES_VIA, False, first, after)
        return connection(page, lambda item: product(item.node))

    @field("The health scores that contain it, with its weight in each.")
    async def health_scores(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> WeightedConnection[CustomerHealthScore]:
        page = await _linked(info, self.id, EdgeType.CONTAINS, False, first, after)
        return weighted(page, lambda item: health_score(item.node))

    @field("The outcomes it validates.")
    async def outcomes(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[Outcome]:
        page = await _linked(info, self.id, EdgeType.VALIDATES, True, first, after)
        return connection(page, lambda item: outcome(item.node))


@strawberry.type(description="A health score's audit: how much of its weight is vanity.")
class HealthScoreAudit:
    health_score: CustomerHealthScore
    total_weight: float
    vanity_weight: float
    vanity_share: float = strawberry.field(description="vanityWeight / totalWeight (0..1).")
    vanity_ids: strawberry.Private[tuple[str, ...]]

    @field("The score's milestones that validate no outcome.")
    async def vanity_milestones(self, info: Info) -> list[SuccessMilestone]:
        loaders = info.context.loaders
        for node_id in self.vanity_ids:
            loaders.is_vanity.prime(node_id, True)
        found = await loaders.node.load_many(list(self.vanity_ids))
        return [milestone(node) for node in found if node is not None]


@strawberry.type(description="A milestone with its class.")
class MilestoneAuditEntry:
    milestone: SuccessMilestone
    classification: MilestoneClass


@strawberry.type(name="Edge", description="A relationship between two nodes.")
class Link:
    type: EdgeType
    weight: float | None
    from_id: strawberry.Private[str]
    to_id: strawberry.Private[str]

    @field("The node the edge starts at.", name="from")
    async def from_(self, info: Info) -> Node:
        return await _load_node(info, self.from_id)

    @field("The node the edge ends at.")
    async def to(self, info: Info) -> Node:
        return await _load_node(info, self.to_id)


async def _load_node(info: Info, node_id: str) -> Node:
    found = await info.context.loaders.node.load(node_id)
    if found is None:
        raise NotFound(f"no node with id {node_id}", field="id")
    return as_node(found)


# Model -> GraphQL ------------------------------------------------------------------------


def _stamp(value: datetime | None, node_id: str) -> datetime:
    if value is None:
        raise UpgError(f"node {node_id} has no timestamps")
    return value


def _base(node: model.Node) -> dict[str, Any]:
    return {
        "id": strawberry.ID(node.id),
        "type": NodeType(node.type),
        "title": node.title,
        "description": node.description,
        "status": node.status,
        "tags": list(node.tags),
        "created_at": _stamp(node.created_at, node.id),
        "updated_at": _stamp(node.updated_at, node.id),
    }


def product(node: model.Node) -> Product:
    return Product(**_base(node))


def outcome(node: model.Node) -> Outcome:
    return Outcome(**_base(node))


def health_score(node: model.Node) -> CustomerHealthScore:
    return CustomerHealthScore(**_base(node))


def milestone(node: model.Node) -> SuccessMilestone:
    return SuccessMilestone(
        **_base(node),
        milestone_type=node.milestone_type,
        target_date=node.target_date,
        achieved=node.achieved,
    )


def _linked_milestone(item: Linked) -> SuccessMilestone:
    return milestone(item.node)


_BY_TYPE: dict[str, Callable[[model.Node], Node]] = {
    NodeType.PRODUCT.value: product,
    NodeType.OUTCOME.value: outcome,
    NodeType.CUSTOMER_HEALTH_SCORE.value: health_score,
    NodeType.SUCCESS_MILESTONE.value: milestone,
}


def as_node(node: model.Node) -> Node:
    """The GraphQL type of a model node, chosen by its `type`."""
    return _BY_TYPE[node.type](node)


def score_audit(audit: audit_model.ScoreAudit) -> HealthScoreAudit:
    return HealthScoreAudit(
        health_score=health_score(audit.score),
        total_weight=audit.total_weight,
        vanity_weight=audit.vanity_weight,
        vanity_share=audit.vanity_share,
        vanity_ids=tuple(ref.id for ref in audit.vanity_milestones),
    )


def audit_entry(entry: audit_model.MilestoneAuditEntry) -> MilestoneAuditEntry:
    return MilestoneAuditEntry(
        milestone=milestone(entry.milestone),
        classification=MilestoneClass(entry.classification.value),
    )
