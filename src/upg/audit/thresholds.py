"""When an audit fails a pipeline (exit code 1): each check is a pure function that returns the
one-line reason, or None when the threshold holds."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from upg.audit.display import evidence_order, percent
from upg.model.audit import ScoreAudit
from upg.services.evidence import EvidenceRow, is_vanity_by_evidence


def vanity_found(count: int) -> str | None:
    """--fail-on-vanity: any vanity milestone fails."""
    return f"{count} vanity milestone(s) found (--fail-on-vanity)" if count else None


def scores_over(audits: Sequence[ScoreAudit], max_share: float) -> str | None:
    """--max-vanity-share: a score whose vanity share is above `max_share` fails."""
    over = sorted(
        (a for a in audits if a.vanity_share > max_share),
        key=lambda a: (a.score.title, a.score.id),
    )
    if not over:
        return None
    names = ", ".join(f"{a.score.title} ({percent(a.vanity_share)})" for a in over)
    return f"{len(over)} health score(s) above vanity share {percent(max_share)}: {names}"


def refuted_claims(rows: Iterable[EvidenceRow]) -> str | None:
    """--fail-on-refuted: a VALIDATES edge the evidence refutes fails."""
    refuted = sorted((r for r in rows if is_vanity_by_evidence(r)), key=evidence_order)
    if not refuted:
        return None
    names = ", ".join(f"{order[0]} -> {order[1]}" for order in map(evidence_order, refuted))
    return f"{len(refuted)} VALIDATES edge(s) refuted by evidence (--fail-on-refuted): {names}"
