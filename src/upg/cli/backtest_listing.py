"""What `upg audit backtest` prints: one row per health score backtested, and its threshold.

Row fields (a contract, like the other audits' rows; docs/backtest.md): the score and outcome,
the population, the verdict, the AUC of each variant with its interval, and in JSON/NDJSON the
variants in full (weights, lift, Brier, calibration by decile).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from typing import Any

from upg.audit.display import fixed, rate
from upg.cli.listings import Column, Listing, Row
from upg.model.backtest import BacktestVerdict, Variant, VariantResult
from upg.model.discrimination import Auc
from upg.services.backtest import Backtest

VERDICT_STYLE = {
    BacktestVerdict.PREDICTIVE.value: "green",
    BacktestVerdict.WEAK.value: "yellow",
    BacktestVerdict.NOT_PREDICTIVE.value: "bold red",
    BacktestVerdict.UNTESTED.value: "dim",
}


def _auc(found: Auc | None) -> dict[str, float] | None:
    return None if found is None else {"value": found.value, "low": found.low, "high": found.high}


def _variant(v: VariantResult, ids: Sequence[str]) -> Row:
    return {
        "variant": v.variant.value,
        "weights": [{"milestone_id": m, "weight": w} for m, w in zip(ids, v.weights, strict=True)],
        "auc": _auc(v.auc),
        "top_decile_lift": v.top_decile_lift,
        "brier": v.brier,
        "brier_reference": v.brier_reference,
        "calibration": [
            {
                "decile": b.decile,
                "n": b.n,
                "score_low": b.score_low,
                "score_high": b.score_high,
                "predicted": b.predicted,
                "observed": b.observed,
            }
            for b in v.calibration
        ],
    }


def backtest_row(found: Backtest) -> Row:
    """{score_id, score, outcome_id, outcome, n, positives, base_rate, verdict, auc, auc_low,
    auc_high, auc_without_vanity, auc_suggested, vanity_auc_difference, vanity_changes_auc,
    out_of_time_auc, out_of_time_auc_suggested, lift, brier, brier_reference, variants}."""
    result = found.result
    ids = [m.id for m in found.score.milestones]
    today = result.variant(Variant.AS_WEIGHTED)
    oot = result.out_of_time

    def value(name: Variant) -> float | None:
        auc = result.variant(name).auc
        return None if auc is None else auc.value

    return {
        "score_id": found.score.id,
        "score": found.score.title,
        "outcome_id": found.outcome_id,
        "outcome": found.outcome_title,
        "as_of": found.as_of.isoformat(),
        "landmark": None if found.landmark is None else found.landmark.isoformat(),
        "horizon_days": found.horizon_days,
        "n": result.n,
        "positives": result.positives,
        "base_rate": result.base_rate,
        "verdict": result.verdict.value,
        "auc": value(Variant.AS_WEIGHTED),
        "auc_low": None if today.auc is None else today.auc.low,
        "auc_high": None if today.auc is None else today.auc.high,
        "auc_without_vanity": value(Variant.WITHOUT_VANITY),
        "auc_suggested": value(Variant.SUGGESTED),
        "vanity_auc_difference": _auc(result.vanity_difference),
        "vanity_changes_auc": result.vanity_changes_auc,
        "out_of_time_auc": None if oot is None else oot.as_weighted.value,
        "out_of_time_auc_suggested": None if oot is None else oot.suggested.value,
        "lift": today.top_decile_lift,
        "brier": today.brier,
        "brier_reference": today.brier_reference,
        "variants": [_variant(v, ids) for v in result.variants],
    }


def _num(name: str, digits: str = ".3f") -> Column:
    def text(row: Row) -> str:
        return fixed(row[name], digits)

    return Column(name, text, "right", csv=text, numeric=True)


def _interval(row: Row) -> str:
    if row["auc_low"] is None:
        return ""
    return f"{row['auc_low']:.3f}-{row['auc_high']:.3f}"


def _text(name: str, **options: Any) -> Column:
    return Column(name, lambda r: "" if r[name] is None else str(r[name]), **options)


COLUMNS = (
    _text("score"),
    _text("outcome"),
    _text("verdict", style=lambda r: VERDICT_STYLE.get(r["verdict"], "")),
    Column("n", lambda r: str(r["n"]), "right", numeric=True),
    Column("base_rate", lambda r: rate(r["base_rate"]), "right", numeric=True),
    _num("auc"),
    Column("auc_95", _interval, "right", numeric=True),
    _num("auc_without_vanity"),
    _num("auc_suggested"),
    Column("vanity_changes_auc", lambda r: "yes" if r["vanity_changes_auc"] else "no"),
    _num("out_of_time_auc"),
    _num("out_of_time_auc_suggested"),
    _num("lift", ".2f"),
    _num("brier"),
    _num("brier_reference"),
    _text("score_id", in_table=False),
    _text("outcome_id", in_table=False),
)


def backtest_listing(found: Iterable[Backtest]) -> Listing:
    """One row per score, by score title."""
    return rows_listing([backtest_row(b) for b in found])


def rows_listing(found: Iterable[Row]) -> Listing:
    """The listing of backtest rows (from the service or the API), by score title."""
    rows = sorted(found, key=lambda r: (r["score"], r["score_id"]))
    return Listing(
        "backtests",
        rows,
        COLUMNS,
        "Health score backtests",
        "AUC of the score as weighted today (DeLong 95% interval), without its vanity "
        "milestones, with suggested weights (in sample) and out of time (later sign-ups). "
        "Brier: Platt-calibrated score. docs/backtest.md.",
        "No health score counts a milestone that validates an outcome: nothing to backtest.",
    )


def below_auc(rows: Sequence[Row], minimum: float) -> str | None:
    """--fail-below-auc: a backtested score whose AUC (as weighted) is below `minimum` fails;
    UNTESTED scores have no AUC and are not compared."""
    low = [r for r in rows if r["auc"] is not None and r["auc"] < minimum]
    if not low:
        return None
    names = ", ".join(f"{r['score']} ({r['auc']:.3f})" for r in low)
    return f"{len(low)} health score(s) with AUC below {minimum:g} (--fail-below-auc): {names}"
