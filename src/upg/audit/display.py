"""How audit results are shown to people, by the CLI and the report alike: the order lists are
shown in, and how weights, shares, rates and effects are written."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import UTC, datetime

from upg.model.audit import Ref
from upg.services.evidence import EvidenceRow


def by_title(refs: Iterable[Ref]) -> list[Ref]:
    """Refs in display order: title, then id (the order the audit queries use)."""
    return sorted(refs, key=lambda ref: (ref.title, ref.id))


def unique(refs: Iterable[Ref]) -> list[Ref]:
    """Distinct refs by id (weights differ per edge, so they are dropped), in display order."""
    seen: dict[str, Ref] = {}
    for ref in refs:
        seen.setdefault(ref.id, Ref(ref.id, ref.title))
    return by_title(seen.values())


def total_weight(scores: Iterable[Ref]) -> float:
    """Summed in display order: the same float whatever order the source listed them in."""
    return sum(s.weight or 0.0 for s in by_title(scores))


def evidence_order(item: EvidenceRow) -> tuple[str, str, str, str]:
    """Evidence pairs by milestone title, then outcome title (ids where a node is gone)."""
    e = item.evidence
    return (
        item.milestone.title if item.milestone else e.milestone_id,
        item.outcome.title if item.outcome else e.outcome_id,
        e.milestone_id,
        e.outcome_id,
    )


def number(value: float | None) -> str:
    """A weight as people write it: 5 rather than 5.0, 2.5 as is."""
    return "" if value is None else f"{value:g}"


def percent(value: float) -> str:
    """A share from 0 to 1 as a percent with one decimal: 0.2857 -> 28.6%."""
    return f"{value * 100:.1f}%"


def rate(value: float | None) -> str:
    """An optional rate as a percent (empty when undefined)."""
    return "" if value is None else percent(value)


def points(value: float | None) -> str:
    """A difference of rates in percentage points, signed: +49.0 pts."""
    return "" if value is None else f"{value * 100:+.1f} pts"


def fixed(value: float | None, spec: str) -> str:
    """An optional number in a format spec (empty when undefined)."""
    return "" if value is None else format(value, spec)


def fraction(value: float | None) -> str:
    """A number for machines (CSV): six significant digits, empty when undefined."""
    return fixed(value, ".6g")


def day(moment: datetime) -> str:
    """The UTC day of a moment, as YYYY-MM-DD."""
    return moment.astimezone(UTC).strftime("%Y-%m-%d")
