"""Evidence as flat fields: the properties stored on a VALIDATES edge, and the fields of the
API's `Evidence` type (snake case). Both directions are here, once: the service stores and
reads edges through them, and the audit API source reads answers through them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from upg.model.evidence import Evidence, StoredEvidence, Table, Verdict


def edge_properties(e: Evidence) -> dict[str, Any]:
    """The evidence as flat properties of a VALIDATES edge (null removes a stale value)."""
    ci = e.odds_ratio_ci or (None, None)
    rd = e.risk_difference_ci or (None, None)
    return {
        "evidence_verdict": e.verdict.value,
        "evidence_n": e.table.n,
        "evidence_hits": e.table.hits,
        "evidence_misses": e.table.misses,
        "evidence_table": [e.table.a, e.table.b, e.table.c, e.table.d],
        "evidence_rate_hit": e.rate_hit,
        "evidence_rate_miss": e.rate_miss,
        "evidence_risk_difference": e.risk_difference,
        "evidence_risk_difference_ci": None if rd[0] is None else list(rd),
        "evidence_risk_ratio": e.risk_ratio,
        "evidence_odds_ratio": e.odds_ratio,
        "evidence_odds_ratio_ci": None if ci[0] is None else list(ci),
        "evidence_fisher_p": e.fisher_p,
        "evidence_adjusted_p": e.adjusted_p,
        "evidence_z_test_p": e.z_test_p,
        "evidence_phi": e.phi,
        "evidence_ppv": e.ppv,
        "evidence_sensitivity": e.sensitivity,
        "evidence_coverage": e.coverage,
    }


def from_edge_properties(
    milestone_id: str, outcome_id: str, props: Mapping[str, Any]
) -> StoredEvidence:
    """The evidence `edge_properties` wrote onto a VALIDATES edge, read back."""
    a, b, c, d = props["evidence_table"]
    rd_low, rd_high = props.get("evidence_risk_difference_ci") or (None, None)
    or_low, or_high = props.get("evidence_odds_ratio_ci") or (None, None)
    fields = {key.removeprefix("evidence_"): value for key, value in props.items()}
    fields.update(
        a=a,
        b=b,
        c=c,
        d=d,
        risk_difference_low=rd_low,
        risk_difference_high=rd_high,
        odds_ratio_low=or_low,
        odds_ratio_high=or_high,
    )
    evidence = evidence_from_fields(milestone_id, outcome_id, fields)
    return StoredEvidence(evidence, props["evidence_computed_at"])


def evidence_from_fields(milestone_id: str, outcome_id: str, fields: Mapping[str, Any]) -> Evidence:
    """Evidence from its flat fields, named as the API's `Evidence` type names them in snake
    case (`verdict`, `a`..`d`, `rate_hit`, `risk_difference_low`, ...); a missing or null
    measure is undefined. Edges and API answers are both read through here."""

    def number(key: str) -> float | None:
        value = fields.get(key)
        return None if value is None else float(value)

    def interval(name: str) -> tuple[float, float] | None:
        low, high = number(f"{name}_low"), number(f"{name}_high")
        return None if low is None or high is None else (low, high)

    return Evidence(
        milestone_id=milestone_id,
        outcome_id=outcome_id,
        table=Table(*(int(fields[cell]) for cell in "abcd")),
        rate_hit=number("rate_hit"),
        rate_miss=number("rate_miss"),
        risk_difference=number("risk_difference"),
        risk_difference_ci=interval("risk_difference"),
        risk_ratio=number("risk_ratio"),
        odds_ratio=number("odds_ratio"),
        odds_ratio_ci=interval("odds_ratio"),
        fisher_p=float(fields["fisher_p"]),
        z_test_p=number("z_test_p"),
        phi=number("phi"),
        ppv=number("ppv"),
        sensitivity=number("sensitivity"),
        coverage=number("coverage"),
        adjusted_p=float(fields["adjusted_p"]),
        verdict=Verdict(fields["verdict"]),
    )
