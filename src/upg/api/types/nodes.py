"""GraphQL types of the graph: the Node interface, its four types, edges and stored evidence.

Scalar fields are copied from `upg.model.nodes.Node`; relationship fields and `isVanity` load
through the request's DataLoaders, so a page of any size costs one round trip per field.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime
from typing import Any

import strawberry

from upg.api.context import Info
from upg.api.pagination import Connection, WeightedConnection, connection, skip_after
from upg.api.pagination import weighted_connection as weighted
from upg.api.types.enums import EdgeType, EvidenceVerdict, NodeType, Play
from upg.api.types.fields import DEFAULT_FIRST, field, page_size
from upg.errors import NotFound, UpgError
from upg.model import evidence as evidence_model
from upg.model import nodes as model
from upg.model.query import Linked, Page
from upg.services.nodes import check_page


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


async def _linked(
    info: Info,
    parent_id: str,
    edge: str,
    outgoing: bool,
    first: int | None,
    after: str | None,
) -> Page[Linked]:
    skip = skip_after(after)
    size = page_size(first)
    check_page(size, skip)
    loaders = info.context.loaders
    known = loaders.known_page(edge, outgoing, parent_id, size, skip)
    if known is not None:
        return known
    return await loaders.neighbours(edge, outgoing, size, skip).load(parent_id)


@strawberry.type(description="A product customers use.")
class Product(Node):
    @field("The milestones the product celebrates (CELEBRATES_VIA).")
    async def milestones(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[SuccessMilestone]:
        page = await _linked(info, self.id, "CELEBRATES_VIA", True, first, after)
        return connection(page, _linked_milestone)


@strawberry.type(description="A result the customer wants (a required outcome).")
class Outcome(Node):
    @field("The milestones that validate it.")
    async def validated_by(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[SuccessMilestone]:
        page = await _linked(info, self.id, "VALIDATES", False, first, after)
        return connection(page, _linked_milestone)


@strawberry.type(description="A weighted score built from success milestones.")
class CustomerHealthScore(Node):
    @field("The milestones the score contains, with their weights.")
    async def milestones(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> WeightedConnection[SuccessMilestone]:
        page = await _linked(info, self.id, "CONTAINS", True, first, after)
        return weighted(page, _linked_milestone)


@strawberry.type(description="A significant step of the customer's journey toward an outcome.")
class SuccessMilestone(Node):
    milestone_type: str | None
    target_date: date | None
    achieved: bool
    window_days: int | None = strawberry.field(
        description="Reached within this many days of sign-up counts as a hit (evidence); "
        "null: the server's default window."
    )
    play: Play | None = strawberry.field(
        description="The moment the milestone opens for the customer team (null: none)."
    )

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
        page = await _linked(info, self.id, "CELEBRATES_VIA", False, first, after)
        return connection(page, lambda item: product(item.node))

    @field("The health scores that contain it, with its weight in each.")
    async def health_scores(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> WeightedConnection[CustomerHealthScore]:
        page = await _linked(info, self.id, "CONTAINS", False, first, after)
        return weighted(page, lambda item: health_score(item.node))

    @field("The outcomes it validates.")
    async def outcomes(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[Outcome]:
        page = await _linked(info, self.id, "VALIDATES", True, first, after)
        return connection(page, lambda item: outcome(item.node))

    @field(
        "The evidence stored on its VALIDATES edges by the last `computeEvidence`, one per "
        "outcome (by outcome title); empty until evidence is computed."
    )
    async def evidence(self, info: Info) -> list[Evidence]:
        found = await info.context.loaders.evidence.load(self.id)
        return [evidence_of(s.evidence, s.computed_at, claimed=True) for s in found]


@strawberry.type(
    description="What the accounts say about one (milestone, outcome) pair: the 2x2 table "
    "(a: reached the milestone in its window and the outcome after it; b: reached, no outcome; "
    "c: missed, outcome; d: missed, no outcome), rates, effect sizes, p-values and the verdict. "
    "Null where a measure is undefined (an empty group)."
)
class Evidence:
    verdict: EvidenceVerdict
    n: int = strawberry.field(description="Accounts counted (window closed by asOf).")
    hits: int = strawberry.field(description="Accounts that reached the milestone in the window.")
    misses: int = strawberry.field(description="Accounts that did not.")
    a: int
    b: int
    c: int
    d: int
    rate_hit: float | None = strawberry.field(description="Outcome rate among hits: a / hits.")
    rate_miss: float | None = strawberry.field(description="Outcome rate among misses: c / misses.")
    risk_difference: float | None = strawberry.field(description="rateHit - rateMiss.")
    risk_difference_low: float | None = strawberry.field(description="Its 95% interval (low).")
    risk_difference_high: float | None = strawberry.field(description="Its 95% interval (high).")
    risk_ratio: float | None = strawberry.field(description="rateHit / rateMiss.")
    odds_ratio: float | None
    odds_ratio_low: float | None = strawberry.field(description="Its 95% interval (low).")
    odds_ratio_high: float | None = strawberry.field(description="Its 95% interval (high).")
    fisher_p: float = strawberry.field(description="Fisher's exact test, two-sided.")
    adjusted_p: float = strawberry.field(
        description="fisherP adjusted over every pair tested together (Benjamini-Hochberg)."
    )
    z_test_p: float | None = strawberry.field(
        description="Two-proportion z-test; null unless every cell is large enough."
    )
    phi: float | None = strawberry.field(description="Phi coefficient, signed like the effect.")
    strength: str = strawberry.field(
        description="Amplitude Compass's band on |phi|: highly (>= 0.4), moderately (>= 0.3), "
        "slightly (>= 0.2) or not predictive."
    )
    ppv: float | None = strawberry.field(description="Positive predictive value: a / hits.")
    sensitivity: float | None = strawberry.field(
        description="Share of the outcome's accounts that reached the milestone: a / (a + c)."
    )
    coverage: float | None = strawberry.field(
        description="Share of accounts that reached the milestone: hits / n."
    )
    computed_at: datetime = strawberry.field(
        description="The time the accounts were counted as of."
    )
    claimed: bool = strawberry.field(description="A VALIDATES edge claims this pair.")
    outcome_id: strawberry.Private[str]

    @field("The outcome the pair is about.")
    async def outcome(self, info: Info) -> Outcome:
        found = await info.context.loaders.node.load(self.outcome_id)
        if found is None:
            raise NotFound(f"no node with id {self.outcome_id}", field="id")
        return outcome(found)


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
        window_days=node.window_days,
        play=None if node.play is None else Play(node.play),
    )


def _linked_milestone(item: Linked) -> SuccessMilestone:
    return milestone(item.node)


_BY_TYPE: dict[str, Callable[[model.Node], Node]] = {
    "PRODUCT": product,
    "OUTCOME": outcome,
    "CUSTOMER_HEALTH_SCORE": health_score,
    "SUCCESS_MILESTONE": milestone,
}


def as_node(node: model.Node) -> Node:
    """The GraphQL type of a model node, chosen by its `type`."""
    return _BY_TYPE[node.type](node)


def evidence_of(e: evidence_model.Evidence, computed_at: datetime, *, claimed: bool) -> Evidence:
    rd_low, rd_high = e.risk_difference_ci or (None, None)
    or_low, or_high = e.odds_ratio_ci or (None, None)
    return Evidence(
        verdict=EvidenceVerdict(e.verdict.value),
        n=e.table.n,
        hits=e.table.hits,
        misses=e.table.misses,
        a=e.table.a,
        b=e.table.b,
        c=e.table.c,
        d=e.table.d,
        rate_hit=e.rate_hit,
        rate_miss=e.rate_miss,
        risk_difference=e.risk_difference,
        risk_difference_low=rd_low,
        risk_difference_high=rd_high,
        risk_ratio=e.risk_ratio,
        odds_ratio=e.odds_ratio,
        odds_ratio_low=or_low,
        odds_ratio_high=or_high,
        fisher_p=e.fisher_p,
        adjusted_p=e.adjusted_p,
        z_test_p=e.z_test_p,
        phi=e.phi,
        strength=e.strength,
        ppv=e.ppv,
        sensitivity=e.sensitivity,
        coverage=e.coverage,
        computed_at=computed_at,
        claimed=claimed,
        outcome_id=e.outcome_id,
    )
