"""A health score's value for one account as of a date: pure arithmetic over what it reached.

value   = 100 x weight of the score's milestones reached inside their windows / total weight
vanity  = the part of `value` that comes from vanity milestones (they validate no outcome)
earned  = the part of `value` that comes from milestones whose stored evidence is VALIDATED

A milestone counts when the account reached it by sign-up + `window_days` (the evidence default
when it declares none) and by `as_of`: a milestone reached late is a miss, as in the evidence.
All three share the denominator (the score's total weight), so vanity <= value and
earned <= value, and `value - earned` is the part the data have not vouched for.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta


@dataclass(frozen=True)
class ScoredMilestone:
    """One milestone a health score counts, with what the graph knows about it."""

    id: str
    title: str
    weight: float
    window_days: int
    vanity: bool
    """Validates no outcome (the audit's VANITY class)."""
    validated: bool
    """Stored evidence of at least one of its VALIDATES edges is VALIDATED."""


@dataclass(frozen=True)
class ScoreDefinition:
    """A health score and the milestones it counts."""

    id: str
    title: str
    milestones: tuple[ScoredMilestone, ...]

    @property
    def total_weight(self) -> float:
        return sum(m.weight for m in self.milestones)

    @property
    def longest_window(self) -> int:
        """Days from sign-up until every milestone's window has closed (0 for an empty score)."""
        return max((m.window_days for m in self.milestones), default=0)


@dataclass(frozen=True)
class HealthValue:
    """One score's value for one account as of a date (each 0..100)."""

    score_id: str
    account_id: str
    as_of: datetime
    value: float
    vanity_value: float
    earned_value: float
    reached: tuple[str, ...]
    """Ids of the score's milestones that count (reached inside their windows)."""


def counts(
    milestone: ScoredMilestone, signed_up_at: datetime, at: datetime, as_of: datetime
) -> bool:
    """Whether reaching `milestone` at `at` counts as of `as_of`: inside its window, not later."""
    return at <= as_of and at <= signed_up_at + timedelta(days=milestone.window_days)


def health_value(
    score: ScoreDefinition,
    account_id: str,
    signed_up_at: datetime,
    reached: Mapping[str, datetime],
    as_of: datetime,
) -> HealthValue:
    """The score's value for an account that reached `reached` (milestone id -> first time)."""
    hits = [
        m
        for m in score.milestones
        if (at := reached.get(m.id)) is not None and counts(m, signed_up_at, at, as_of)
    ]
    return HealthValue(
        score_id=score.id,
        account_id=account_id,
        as_of=as_of,
        value=_share(score, hits),
        vanity_value=_share(score, [m for m in hits if m.vanity]),
        earned_value=_share(score, [m for m in hits if m.validated]),
        reached=tuple(m.id for m in hits),
    )


def _share(score: ScoreDefinition, hits: Sequence[ScoredMilestone]) -> float:
    total = score.total_weight
    return 0.0 if total <= 0 else 100.0 * sum(m.weight for m in hits) / total


@dataclass(frozen=True)
class AccountFacts:
    id: str
    signed_up: float
    score_ids: tuple[str, ...]
    """Scores that count a milestone one of the account's products celebrates."""
    reached: Mapping[str, float]
    """Milestone id -> first time reached (epoch seconds)."""


@dataclass(frozen=True)
class MilestoneInfo:
    id: str
    title: str
    window_days: int
    outcomes: tuple[tuple[str, str], ...]
    """(id, title) of the outcomes it validates, by title."""


def _moment(seconds: float) -> datetime:
    return datetime.fromtimestamp(seconds, UTC)


def account_values(
    facts: AccountFacts, scores: Mapping[str, ScoreDefinition], as_of: datetime
) -> list[HealthValue]:
    """The account's value on each score that applies to it, by score title."""
    reached = {m: _moment(at) for m, at in facts.reached.items()}
    applicable = sorted(
        (scores[s] for s in facts.score_ids if s in scores), key=lambda s: (s.title, s.id)
    )
    return [
        health_value(score, facts.id, _moment(facts.signed_up), reached, as_of)
        for score in applicable
    ]
