"""GraphQL types of the audits and of the evidence report, mapped from the services' results."""

from __future__ import annotations

from datetime import datetime

import strawberry

from upg.api.context import Info
from upg.api.pagination import Connection, connection, skip_after
from upg.api.types.enums import MilestoneClass
from upg.api.types.fields import DEFAULT_FIRST, field, page_size
from upg.api.types.nodes import (
    CustomerHealthScore,
    Evidence,
    Outcome,
    SuccessMilestone,
    evidence_of,
    health_score,
    milestone,
    outcome,
)
from upg.model import audit as audit_model
from upg.model.audit import Ref
from upg.model.nodes import Node
from upg.model.query import Page
from upg.services import audits
from upg.services import evidence as evidence_service
from upg.services.nodes import check_page


@strawberry.type(description="A (milestone, outcome) pair and its evidence.")
class EvidencePair:
    milestone: SuccessMilestone
    outcome: Outcome
    evidence: Evidence


@strawberry.type(description="Evidence for every claimed and every observed pair, at one time.")
class EvidenceReport:
    as_of: datetime = strawberry.field(description="Accounts were counted as of this time.")
    tested: strawberry.Private[tuple[EvidencePair, ...]]
    """Every pair, in the order the connections list them (the report is computed whole)."""
    suggested_pairs: strawberry.Private[tuple[EvidencePair, ...]]
    refuted_pairs: strawberry.Private[tuple[EvidencePair, ...]]

    @field("Every pair tested, by milestone title then outcome title.")
    def pairs(
        self, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[EvidencePair]:
        return _pair_page(self.tested, first, after)

    @field("VALIDATED pairs no VALIDATES edge claims: validations worth drawing.")
    def suggested(
        self, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[EvidencePair]:
        return _pair_page(self.suggested_pairs, first, after)

    @field("VALIDATES edges whose evidence is REFUTED.")
    def vanity_by_evidence(
        self, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[EvidencePair]:
        return _pair_page(self.refuted_pairs, first, after)


def _pair_page(
    pairs: tuple[EvidencePair, ...], first: int | None, after: str | None
) -> Connection[EvidencePair]:
    size, skip = page_size(first), skip_after(after)
    check_page(size, skip)
    return connection(Page(pairs[skip : skip + size], len(pairs), skip), lambda pair: pair)


@strawberry.type(description="A health score's audit: how much of its weight is vanity.")
class HealthScoreAudit:
    health_score: CustomerHealthScore
    total_weight: float
    vanity_weight: float
    vanity_share: float = strawberry.field(description="vanityWeight / totalWeight (0..1).")
    vanity: strawberry.Private[tuple[Ref, ...]]
    """The first vanity milestones, read with the audit (whole nodes, with their weight)."""
    vanity_count: strawberry.Private[int]

    @field("The score's milestones that validate no outcome, by title.")
    async def vanity_milestones(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[SuccessMilestone]:
        page = await _vanity_page(self, info, first, after)
        return connection(page, lambda item: milestone(item[0]))

    @field("The same milestones, each with its CONTAINS weight in this score.")
    async def vanity_contributions(
        self, info: Info, first: int | None = DEFAULT_FIRST, after: str | None = strawberry.UNSET
    ) -> Connection[VanityContribution]:
        page = await _vanity_page(self, info, first, after)
        return connection(
            page, lambda item: VanityContribution(weight=item[1], milestone=milestone(item[0]))
        )


async def _vanity_page(
    audit: HealthScoreAudit, info: Info, first: int | None, after: str | None
) -> Page[tuple[Node, float]]:
    """One page of the score's vanity milestones with their weights: from what the audit read
    when the page lies within it, else from the vanity audit of this one score."""
    size, skip = page_size(first), skip_after(after)
    check_page(size, skip)
    score_id = str(audit.health_score.id)
    repository, loaders = info.context.repository, info.context.loaders
    if skip + size <= len(audit.vanity) or len(audit.vanity) >= audit.vanity_count:
        refs = audit.vanity[skip : skip + size]
    else:
        found = await audits.vanity_milestones(
            repository, health_score_id=score_id, first=size, skip=skip
        )
        refs = tuple(
            Ref(v.milestone.id, v.milestone.title, _weight_in(v.scores, score_id), v.milestone)
            for v in found.items
        )
    missing = [ref.id for ref in refs if ref.node is None]
    loaded = dict(zip(missing, await loaders.node.load_many(missing), strict=True))
    items: list[tuple[Node, float]] = []
    for ref in refs:
        node = ref.node or loaded.get(ref.id)
        if node is not None:
            loaders.is_vanity.prime(node.id, True)
            items.append((node, ref.weight or 0.0))
    return Page(tuple(items), audit.vanity_count, skip)


def _weight_in(scores: tuple[Ref, ...], score_id: str) -> float | None:
    return next((s.weight for s in scores if s.id == score_id), None)


@strawberry.type(description="A vanity milestone and the weight it carries in one score.")
class VanityContribution:
    weight: float
    milestone: SuccessMilestone


@strawberry.type(description="A milestone with its class.")
class MilestoneAuditEntry:
    milestone: SuccessMilestone
    classification: MilestoneClass


def score_audit(audit: audit_model.ScoreAudit) -> HealthScoreAudit:
    return HealthScoreAudit(
        health_score=health_score(audit.score),
        total_weight=audit.total_weight,
        vanity_weight=audit.vanity_weight,
        vanity_share=audit.vanity_share,
        vanity=audit.vanity_milestones,
        vanity_count=audit.vanity_total,
    )


def audit_entry(entry: audit_model.MilestoneAuditEntry) -> MilestoneAuditEntry:
    return MilestoneAuditEntry(
        milestone=milestone(entry.milestone),
        classification=entry.classification,
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
        tested=tuple(pair(r) for r in rows),
        suggested_pairs=tuple(pair(r) for r in rows if evidence_service.is_suggested(r)),
        refuted_pairs=tuple(pair(r) for r in rows if evidence_service.is_vanity_by_evidence(r)),
    )
