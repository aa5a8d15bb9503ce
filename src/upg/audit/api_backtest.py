"""`upg audit backtest --api URL`: the backtests of a running upg API, as the CLI's rows.

One `healthScoreBacktest` request per score (the API allows one per request: it reads every
account). The rows are the ones `upg.cli.backtest_listing.backtest_row` builds from the service,
field for field, so both sources print the same bytes (a test holds them equal).
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from upg.audit.api_source import ApiSource
from upg.errors import Invalid

Row = dict[str, Any]

AUC = "{ value low high }"
DOCUMENT = (
    "query Backtest($id: ID!, $outcomeId: ID, $landmark: DateTime, $horizonDays: Int!, "
    "$asOf: DateTime) { healthScoreBacktest(id: $id, outcomeId: $outcomeId, "
    "landmark: $landmark, horizonDays: $horizonDays, asOf: $asOf) { "
    "healthScore { id title } outcome { id title } asOf landmark horizonDays accounts "
    f"positives baseRate verdict vanityChangesAuc vanityAucDifference {AUC} "
    f"outOfTime {{ asWeighted {AUC} suggested {AUC} }} "
    f"variants {{ variant weights {{ milestone {{ id }} weight }} auc {AUC} topDecileLift "
    "brier brierReference "
    "calibration { decile accounts scoreLow scoreHigh predicted observed } } } }"
)


def _time(value: str | None) -> str | None:
    return None if value is None else datetime.fromisoformat(value).isoformat()


def _auc(found: Mapping[str, float] | None) -> dict[str, float] | None:
    return None if found is None else {k: found[k] for k in ("value", "low", "high")}


def _variant(v: Mapping[str, Any]) -> Row:
    return {
        "variant": v["variant"],
        "weights": [
            {"milestone_id": w["milestone"]["id"], "weight": w["weight"]} for w in v["weights"]
        ],
        "auc": _auc(v["auc"]),
        "top_decile_lift": v["topDecileLift"],
        "brier": v["brier"],
        "brier_reference": v["brierReference"],
        "calibration": [
            {
                "decile": b["decile"],
                "n": b["accounts"],
                "score_low": b["scoreLow"],
                "score_high": b["scoreHigh"],
                "predicted": b["predicted"],
                "observed": b["observed"],
            }
            for b in v["calibration"]
        ],
    }


def backtest_row(data: Mapping[str, Any]) -> Row:
    """The CLI row of one `healthScoreBacktest` answer (the fields of DOCUMENT)."""
    variants = {v["variant"]: v for v in data["variants"]}
    today = variants["AS_WEIGHTED"]

    def value(name: str) -> float | None:
        auc = variants[name]["auc"]
        return None if auc is None else float(auc["value"])

    oot = data["outOfTime"]
    return {
        "score_id": data["healthScore"]["id"],
        "score": data["healthScore"]["title"],
        "outcome_id": data["outcome"]["id"],
        "outcome": data["outcome"]["title"],
        "as_of": _time(data["asOf"]),
        "landmark": _time(data["landmark"]),
        "horizon_days": data["horizonDays"],
        "n": data["accounts"],
        "positives": data["positives"],
        "base_rate": data["baseRate"],
        "verdict": data["verdict"],
        "auc": value("AS_WEIGHTED"),
        "auc_low": None if today["auc"] is None else today["auc"]["low"],
        "auc_high": None if today["auc"] is None else today["auc"]["high"],
        "auc_without_vanity": value("WITHOUT_VANITY"),
        "auc_suggested": value("SUGGESTED"),
        "vanity_auc_difference": _auc(data["vanityAucDifference"]),
        "vanity_changes_auc": data["vanityChangesAuc"],
        "out_of_time_auc": None if oot is None else oot["asWeighted"]["value"],
        "out_of_time_auc_suggested": None if oot is None else oot["suggested"]["value"],
        "lift": today["topDecileLift"],
        "brier": today["brier"],
        "brier_reference": today["brierReference"],
        "variants": [_variant(v) for v in data["variants"]],
    }


async def api_backtests(
    source: ApiSource,
    score_id: str | None,
    outcome_id: str | None,
    as_of: datetime,
    landmark: datetime | None,
    horizon_days: int,
) -> list[Row]:
    """One score's backtest (`score_id`), or every score's that counts a milestone validating
    an outcome (the API says BAD_USER_INPUT on outcomeId for the others), as CLI rows."""

    async def one(score: str) -> Row | None:
        variables = {
            "id": score,
            "outcomeId": outcome_id,
            "landmark": None if landmark is None else landmark.isoformat(),
            "horizonDays": horizon_days,
            "asOf": as_of.isoformat(),
        }
        data = await source.query(DOCUMENT, variables)
        found = data["healthScoreBacktest"]
        return None if found is None else backtest_row(found)

    if score_id is not None:
        row = await one(score_id)
        return [] if row is None else [row]
    rows: list[Row] = []
    for audit in await source.health_score_audits():
        try:
            row = await one(audit.score.id)
        except Invalid as exc:
            if "outcomeId:" not in exc.message:
                raise
            continue  # the score validates no outcome: nothing to test it against
        if row is not None:
            rows.append(row)
    return rows
