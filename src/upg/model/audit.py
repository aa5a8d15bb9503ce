"""Audit rules: what makes a milestone vanity, and how a health score is judged."""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from upg.model.nodes import Node


class MilestoneClass(StrEnum):
    """Where a milestone stands between the scores it feeds and the outcomes it validates."""

    VALIDATED = "VALIDATED"
    """Feeds a health score and validates an outcome: worth celebrating."""
    VANITY = "VANITY"
    """Feeds a health score but validates no outcome: looks like motion, predicts nothing."""
    UNTRACKED = "UNTRACKED"
    """Validates an outcome but no score counts it: a signal the scores miss."""
    ORPHAN = "ORPHAN"
    """Neither."""


def classify(feeds_score: bool, validates_outcome: bool) -> MilestoneClass:
    """The class of a milestone from the two facts the graph holds about it."""
    if feeds_score:
        return MilestoneClass.VALIDATED if validates_outcome else MilestoneClass.VANITY
    return MilestoneClass.UNTRACKED if validates_outcome else MilestoneClass.ORPHAN


def vanity_share(total_weight: float, vanity_weight: float) -> float:
    """The part (0..1) of a score's weight carried by vanity milestones; 0 for an empty score."""
    return 0.0 if total_weight <= 0 else vanity_weight / total_weight


@dataclass(frozen=True)
class Ref:
    """A neighbour named in an audit row: id, title, and the edge's weight where it has one."""

    id: str
    title: str
    weight: float | None = None
    node: Node | None = field(default=None, compare=False, repr=False)
    """The whole node, when the audit read it (the API shows it without reading it again)."""


@dataclass(frozen=True)
class MilestoneAuditEntry:
    milestone: Node
    classification: MilestoneClass
    products: tuple[Ref, ...]
    scores: tuple[Ref, ...]
    outcomes: tuple[Ref, ...]


@dataclass(frozen=True)
class VanityMilestone:
    milestone: Node
    products: tuple[Ref, ...]
    scores: tuple[Ref, ...]

    @property
    def weight(self) -> float:
        """The weight the milestone carries across every score that contains it."""
        return sum(score.weight or 0.0 for score in self.scores)


@dataclass(frozen=True)
class ScoreAudit:
    score: Node
    total_weight: float
    vanity_weight: float
    vanity_milestones: tuple[Ref, ...]
    vanity_count: int | None = None
    """How many vanity milestones the score has; None: all are in `vanity_milestones`."""

    @property
    def vanity_total(self) -> int:
        """How many vanity milestones the score has (`vanity_milestones` may hold the first few)."""
        return len(self.vanity_milestones) if self.vanity_count is None else self.vanity_count

    @property
    def vanity_share(self) -> float:
        return vanity_share(self.total_weight, self.vanity_weight)


@dataclass(frozen=True)
class ClassDrift:
    """Milestones whose kept class (`kept`, None when unset) is not the one their edges give."""

    kept: MilestoneClass | None
    expected: MilestoneClass
    count: int
    examples: tuple[str, ...]
