"""Audit reports: everything the audits say about the graph, gathered once and rendered.

`AuditSnapshot` is what a report is drawn from; `upg.report.html.render` turns it into one
self-contained HTML page (inline CSS and SVG: nothing is fetched when it is opened).
"""

from __future__ import annotations

from dataclasses import dataclass

from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit
from upg.model.nodes import Node


@dataclass(frozen=True)
class AuditSnapshot:
    """The four audits of one graph at one moment, plus the products to draw them by."""

    products: tuple[Ref, ...]
    milestones: tuple[MilestoneAuditEntry, ...]
    scores: tuple[ScoreAudit, ...]
    unmeasured: tuple[Node, ...]

    @property
    def vanity(self) -> tuple[MilestoneAuditEntry, ...]:
        return tuple(m for m in self.milestones if m.classification is MilestoneClass.VANITY)


__all__ = ["AuditSnapshot"]
