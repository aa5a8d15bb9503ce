"""Where the report's small charts put things: ROC curves, calibration plots, activation trends.

Plain functions from `upg.audit.charts` values to SVG coordinates (strings of points), drawn by
`charts.svg.jinja`. Every chart is a square or a strip with its axes at fixed pixel offsets.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from upg.audit.charts import ScoreChart, TrendChart, VariantChart

SIZE = 200
"""Side of the plotting area of a ROC or calibration chart (px)."""
PAD = 36
"""Room for the axes' labels."""
TREND_W, TREND_H = 640, 180
VARIANT_CLASS = {"AS_WEIGHTED": "today", "WITHOUT_VANITY": "no-vanity", "SUGGESTED": "suggested"}


@dataclass(frozen=True)
class Line:
    css: str
    points: str
    label: str


@dataclass(frozen=True)
class Dot:
    x: float
    y: float
    r: float
    label: str


@dataclass(frozen=True)
class Tick:
    x: float
    y: float
    text: str


@dataclass(frozen=True)
class Plot:
    """One chart: its size, lines, dots and axis ticks."""

    width: float
    height: float
    lines: tuple[Line, ...]
    dots: tuple[Dot, ...] = ()
    ticks: tuple[Tick, ...] = ()


def _x(value: float) -> float:
    return PAD + value * SIZE


def _y(value: float) -> float:
    return PAD / 2 + (1 - value) * SIZE


def _points(pairs: Sequence[tuple[float, float]]) -> str:
    return " ".join(f"{_x(a):.1f},{_y(b):.1f}" for a, b in pairs)


def _square_ticks() -> tuple[Tick, ...]:
    marks = (0.0, 0.5, 1.0)
    return (
        *(Tick(_x(v), _y(0) + 14, f"{v:g}") for v in marks),
        *(Tick(PAD - 16, _y(v) + 4, f"{v:g}") for v in marks),
    )


def _auc_label(v: VariantChart) -> str:
    if v.auc is None:
        return f"{v.name}: untested"
    return f"{v.name}: AUC {v.auc:.3f} ({v.low:.3f}-{v.high:.3f})"


def roc_plot(chart: ScoreChart) -> Plot:
    """Each variant's ROC curve over the chance diagonal."""
    lines = [Line("chance", _points([(0, 0), (1, 1)]), "chance")]
    lines += [
        Line(f"roc {VARIANT_CLASS.get(v.name, '')}", _points(v.roc), _auc_label(v))
        for v in chart.variants
        if v.roc
    ]
    return Plot(SIZE + PAD * 1.5, SIZE + PAD * 1.5, tuple(lines), ticks=_square_ticks())


def calibration_plot(chart: ScoreChart) -> Plot:
    """Observed outcome rate against the calibrated probability, per decile of the score as
    weighted today (dot area grows with the decile's accounts)."""
    today = next((v for v in chart.variants if v.name == "AS_WEIGHTED"), None)
    bins = today.calibration if today else ()
    largest = max((n for _, n, _, _ in bins), default=1)
    dots = tuple(
        Dot(
            _x(predicted),
            _y(observed),
            3 + 5 * (n / largest) ** 0.5,
            f"decile {decile}: {n} accounts, predicted {predicted:.1%}, observed {observed:.1%}",
        )
        for decile, n, predicted, observed in bins
    )
    diagonal = Line("chance", _points([(0, 0), (1, 1)]), "perfect calibration")
    return Plot(SIZE + PAD * 1.5, SIZE + PAD * 1.5, (diagonal,), dots, _square_ticks())


def trend_plot(trend: TrendChart) -> Plot:
    """Reach rate in the window (and the outcome rate) per sign-up cohort, oldest left."""
    cohorts = [c for c in trend.cohorts if c.eligible]
    if not cohorts:
        return Plot(TREND_W, TREND_H, ())
    top = max(
        0.1, *(c.reach_rate or 0.0 for c in cohorts), *(c.outcome_rate or 0.0 for c in cohorts)
    )
    inner_w, inner_h = TREND_W - PAD * 2, TREND_H - PAD * 1.5
    step = inner_w / max(len(cohorts) - 1, 1)

    def xy(i: int, value: float) -> str:
        return f"{PAD + i * step:.1f},{PAD / 2 + (1 - value / top) * inner_h:.1f}"

    reach = " ".join(xy(i, c.reach_rate or 0.0) for i, c in enumerate(cohorts))
    lines = [Line("reach", reach, f"reached {trend.milestone} within {trend.window_days} days")]
    if trend.outcome is not None:
        rates = " ".join(xy(i, c.outcome_rate or 0.0) for i, c in enumerate(cohorts))
        lines.append(Line("outcome", rates, f"reached {trend.outcome}"))
    dots = tuple(
        Dot(
            PAD + i * step,
            PAD / 2 + (1 - (c.reach_rate or 0.0) / top) * inner_h,
            2.5,
            f"{c.start:%Y-%m}: {c.reach_rate or 0.0:.1%} of {c.eligible}",
        )
        for i, c in enumerate(cohorts)
    )
    every = max(1, len(cohorts) // 6)
    ticks = tuple(
        Tick(PAD + i * step, TREND_H - 6, f"{c.start:%Y-%m}")
        for i, c in enumerate(cohorts)
        if i % every == 0
    ) + tuple(
        Tick(PAD - 18, PAD / 2 + (1 - v) * inner_h + 4, f"{v * top:.0%}") for v in (0.0, 0.5, 1.0)
    )
    return Plot(TREND_W, TREND_H, tuple(lines), dots, ticks)
