"""GraphQL types of the audits and of the evidence report, mapped from the services' results."""

from __future__ import annotations

from datetime import datetime

import strawberry

from upg.api.context import Info
from upg.api.types.enums import MilestoneClass
from upg.api.types.fields import field
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
from upg.services import evidence as evidence_service


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
        pairs=[pair(r) for r in rows],
        suggested=[pair(r) for r in rows if evidence_service.is_suggested(r)],
        vanity_by_evidence=[pair(r) for r in rows if evidence_service.is_vanity_by_evidence(r)],
    )
