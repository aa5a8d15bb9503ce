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
from upg.model import auth as auth_model
from upg.model import evidence as evidence_model
from upg.model import nodes as model
from upg.model.query import Linked, Page
from upg.services import evidence as evidence_service
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


@strawberry.enum(
    description="What the accounts in the graph say about a (milestone, outcome) pair."
)
class EvidenceVerdict(Enum):
    VALIDATED = strawberry.enum_value(
        "VALIDATED",
        description="Reaching the milestone raises the outcome rate, significantly after "
        "false-discovery-rate control.",
    )
    REFUTED = strawberry.enum_value(
        "REFUTED", description="Enough accounts to rule out a meaningful positive effect."
    )
    UNPROVEN = strawberry.enum_value("UNPROVEN", description="Too few accounts to tell.")


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
    loaders = info.context.loaders
    known = loaders.known_page(edge.name, outgoing, parent_id, size, skip)
    if known is not None:
        return known
    return await loaders.neighbours(edge.name, outgoing, size, skip).load(parent_id)


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
    window_days: int | None = strawberry.field(
        description="Reached within this many days of sign-up counts as a hit (evidence); "
        "null: the server's default window."
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


@strawberry.type(description="A (milestone, outcome) pair and its evidence.")
class EvidencePair:
    milestone: SuccessMilestone
    outcome: Outcome
    evidence: Evidence


@strawberry.type(description="Evidence for every claimed and every observed pair, at one time.")
class EvidenceReport:
    as_of: datetime = strawberry.field(description="Accounts were counted as of this time.")
    pairs: list[EvidencePair] = strawberry.field(
        description="Every pair tested, by milestone title then outcome title."
    )
    suggested: list[EvidencePair] = strawberry.field(
        description="VALIDATED pairs no VALIDATES edge claims: validations worth drawing."
    )
    vanity_by_evidence: list[EvidencePair] = strawberry.field(
        description="VALIDATES edges whose evidence is REFUTED."
    )


@strawberry.type(description="A health score's audit: how much of its weight is vanity.")
class HealthScoreAudit:
    health_score: CustomerHealthScore
    total_weight: float
    vanity_weight: float
    vanity_share: float = strawberry.field(description="vanityWeight / totalWeight (0..1).")
    vanity_ids: strawberry.Private[tuple[str, ...]]
    vanity_weights: strawberry.Private[tuple[float | None, ...]]

    @field("The score's milestones that validate no outcome.")
    async def vanity_milestones(self, info: Info) -> list[SuccessMilestone]:
        loaders = info.context.loaders
        for node_id in self.vanity_ids:
            loaders.is_vanity.prime(node_id, True)
        found = await loaders.node.load_many(list(self.vanity_ids))
        return [milestone(node) for node in found if node is not None]

    @field("The same milestones, each with its CONTAINS weight in this score.")
    async def vanity_contributions(self, info: Info) -> list[VanityContribution]:
        found = await self.vanity_milestones(info)
        weights = dict(zip(self.vanity_ids, self.vanity_weights, strict=True))
        return [VanityContribution(weight=weights[m.id] or 0.0, milestone=m) for m in found]


@strawberry.type(description="A vanity milestone and the weight it carries in one score.")
class VanityContribution:
    weight: float
    milestone: SuccessMilestone


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
        window_days=node.window_days,
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
        vanity_weights=tuple(ref.weight for ref in audit.vanity_milestones),
    )


def audit_entry(entry: audit_model.MilestoneAuditEntry) -> MilestoneAuditEntry:
    return MilestoneAuditEntry(
        milestone=milestone(entry.milestone),
        classification=MilestoneClass(entry.classification.value),
    )


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


def evidence_report(report: evidence_service.EvidenceReport) -> EvidenceReport:
    """The report's pairs whose nodes exist, by milestone title then outcome title."""

    def key(row: evidence_service.EvidenceRow) -> tuple[str, ...]:
        assert row.milestone is not None and row.outcome is not None
        return (row.milestone.title, row.outcome.title, row.milestone.id, row.outcome.id)

    rows = sorted(
        (r for r in report.rows if r.milestone is not None and r.outcome is not None), key=key
    )

    def pair(row: evidence_service.EvidenceRow) -> EvidencePair:
        assert row.milestone is not None and row.outcome is not None
        return EvidencePair(
            milestone=milestone(row.milestone),
            outcome=outcome(row.outcome),
            evidence=evidence_of(row.evidence, report.as_of, claimed=row.claimed),
        )

    return EvidenceReport(
        as_of=report.as_of,
        pairs=[pair(r) for r in rows],
        suggested=[pair(r) for r in rows if evidence_service.is_suggested(r)],
        vanity_by_evidence=[pair(r) for r in rows if evidence_service.is_vanity_by_evidence(r)],
    )


# API tokens ------------------------------------------------------------------------------------


@strawberry.enum(description="What a token may do: each role includes the one before.")
class Role(Enum):
    READER = strawberry.enum_value("reader", description="Run queries.")
    EDITOR = strawberry.enum_value("editor", description="Also run mutations on the graph.")
    ADMIN = strawberry.enum_value(
        "admin", description="Also manage API tokens and store evidence (computeEvidence)."
    )


@strawberry.type(description="An API key as stored: its secret is never shown again.")
class ApiToken:
    id: strawberry.ID
    name: str
    role: Role
    hint: str = strawberry.field(description="The secret's first characters, to recognise it.")
    created_at: datetime | None
    revoked_at: datetime | None


@strawberry.type(description="A new API key and its secret, shown this once only.")
class CreatedApiToken:
    token: ApiToken
    secret: str = strawberry.field(
        description="Send it as `Authorization: Bearer <secret>`; upg keeps only its hash."
    )


def api_token(token: auth_model.ApiToken) -> ApiToken:
    return ApiToken(
        id=strawberry.ID(token.id),
        name=token.name,
        role=Role[token.role.name],
        hint=token.hint,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
    )
