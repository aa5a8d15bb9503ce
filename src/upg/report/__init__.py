"""Audit reports: everything the audits say about the graph, gathered once and rendered.

`AuditSnapshot` is what a report is drawn from; `upg.report.html.render` turns it into one
self-contained HTML page (inline CSS and SVG: nothing is fetched when it is opened).
"""

from __future__ import annotations

from dataclasses import dataclass

from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit
from upg.model.evidence import StoredEvidence, Verdict
from upg.model.nodes import Node


@dataclass(frozen=True)
class AuditSnapshot:
    """The four audits of one graph at one moment, plus the products to draw them by and the
    evidence stored on VALIDATES edges (as the last `upg evidence compute` left it)."""

    products: tuple[Ref, ...]
    milestones: tuple[MilestoneAuditEntry, ...]
    scores: tuple[ScoreAudit, ...]
    unmeasured: tuple[Node, ...]
    evidence: tuple[StoredEvidence, ...] = ()

    @property
    def refuted(self) -> tuple[StoredEvidence, ...]:
        """VALIDATES edges whose stored evidence is REFUTED: vanity by evidence."""
        return tuple(s for s in self.evidence if s.evidence.verdict is Verdict.REFUTED)

    @property
    def vanity(self) -> tuple[MilestoneAuditEntry, ...]:
        return tuple(m for m in self.milestones if m.classification is MilestoneClass.VANITY)


__all__ = ["AuditSnapshot"]
