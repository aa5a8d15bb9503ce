"""Everything the audits say about one graph at one moment: what a report is drawn from."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from functools import cached_property

from upg.audit.display import by_title
from upg.audit.source import AuditSource
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit
from upg.model.evidence import StoredEvidence, Verdict
from upg.model.nodes import Node

Verdicts = Mapping[tuple[str, str], StoredEvidence]
"""Stored evidence by (milestone id, outcome id)."""


@dataclass(frozen=True)
class AuditSnapshot:
    """The four audits of one graph at one moment, plus the products to draw them by and the
    evidence stored on VALIDATES edges (as the last `upg evidence compute` left it).

    Lists are kept in display order (title, then id), whatever order they were given in.
    """

    products: tuple[Ref, ...]
    milestones: tuple[MilestoneAuditEntry, ...]
    scores: tuple[ScoreAudit, ...]
    unmeasured: tuple[Node, ...]
    evidence: tuple[StoredEvidence, ...] = ()

    def __post_init__(self) -> None:
        # Frozen: the sorted tuples replace the given ones once, here.
        ordered = {
            "products": tuple(by_title(self.products)),
            "milestones": tuple(
                sorted(self.milestones, key=lambda e: (e.milestone.title, e.milestone.id))
            ),
            "scores": tuple(sorted(self.scores, key=lambda s: (s.score.title, s.score.id))),
            "unmeasured": tuple(sorted(self.unmeasured, key=lambda n: (n.title, n.id))),
        }
        for name, value in ordered.items():
            object.__setattr__(self, name, value)

    @cached_property
    def verdicts(self) -> Verdicts:
        """The stored evidence of each VALIDATES edge, by (milestone id, outcome id)."""
        return {(s.evidence.milestone_id, s.evidence.outcome_id): s for s in self.evidence}

    @property
    def refuted(self) -> tuple[StoredEvidence, ...]:
        """VALIDATES edges whose stored evidence is REFUTED: vanity by evidence."""
        return tuple(s for s in self.verdicts.values() if s.evidence.verdict is Verdict.REFUTED)

    @property
    def vanity(self) -> tuple[MilestoneAuditEntry, ...]:
        return tuple(m for m in self.milestones if m.classification is MilestoneClass.VANITY)

    @property
    def validations(self) -> tuple[tuple[MilestoneAuditEntry, Ref, StoredEvidence], ...]:
        """Every VALIDATES edge with stored evidence, by milestone then outcome title."""
        return tuple(
            (entry, outcome, stored)
            for entry in self.milestones
            for outcome in by_title(entry.outcomes)
            if (stored := self.verdicts.get((entry.milestone.id, outcome.id))) is not None
        )

    def milestones_of(self, product_id: str) -> tuple[MilestoneAuditEntry, ...]:
        """The milestones the product celebrates."""
        return tuple(e for e in self.milestones if any(p.id == product_id for p in e.products))

    @property
    def homeless(self) -> tuple[MilestoneAuditEntry, ...]:
        """Milestones no product of the snapshot celebrates."""
        ids = {p.id for p in self.products}
        return tuple(e for e in self.milestones if not any(p.id in ids for p in e.products))


async def snapshot(source: AuditSource) -> AuditSnapshot:
    """Everything the report draws, read from one source (evidence as stored, not computed)."""
    milestones = tuple(await source.milestone_audit(None))
    stored = await source.stored_evidence([e.milestone.id for e in milestones])
    return AuditSnapshot(
        products=tuple(await source.products()),
        milestones=milestones,
        scores=tuple(await source.health_score_audits()),
        unmeasured=tuple(await source.unmeasured_outcomes()),
        evidence=tuple(item for items in stored.values() for item in items),
    )
