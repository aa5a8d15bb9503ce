"""The audit report as one self-contained HTML page: inline CSS, inline SVG, no scripts.

Per product, a picture in three columns: the product, the milestones it celebrates, and on the
right the outcomes those milestones validate and the health scores that count them. Vanity
milestones (they feed a score, validate nothing) are drawn in red (CSS class `vanity`).
The page is the Jinja template `templates/report.html.jinja` (autoescaped: every piece of graph
text is escaped); positions in the pictures come from `upg.report.layout`. Evidence is drawn as
stored on the VALIDATES edges, so the report reads the graph and computes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache

import jinja2

from upg.audit import display
from upg.audit.charts import Charts
from upg.audit.snapshot import AuditSnapshot
from upg.model.audit import MilestoneAuditEntry, MilestoneClass
from upg.model.backtest import BacktestPolicy
from upg.report import charts_layout
from upg.report.layout import Picture, product_picture

CLASS_HELP = (
    (MilestoneClass.VANITY, "feeds a health score but validates no outcome"),
    (MilestoneClass.VALIDATED, "feeds a health score and validates an outcome"),
    (MilestoneClass.UNTRACKED, "validates an outcome but no score counts it"),
    (MilestoneClass.ORPHAN, "neither feeds a score nor validates an outcome"),
)
"""The legend, in the order it is shown."""


@dataclass(frozen=True)
class ProductSection:
    """One card of the Products part: a product (or none) and its milestones, drawn."""

    title: str
    product_id: str | None
    entries: tuple[MilestoneAuditEntry, ...]
    picture: Picture


@cache
def environment() -> jinja2.Environment:
    """The report's templates, shipped in the package, with autoescape on everywhere."""
    env = jinja2.Environment(
        loader=jinja2.PackageLoader("upg.report", "templates"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(
        by_title=display.by_title,
        total_weight=display.total_weight,
        number=display.number,
        percent=display.percent,
        rate=display.rate,
        points=display.points,
        fixed=display.fixed,
        px=lambda value: f"{value:.1f}",
        day=display.day,
    )
    return env


def sections(snapshot: AuditSnapshot) -> list[ProductSection]:
    """A card per product, and one more for the milestones no product celebrates."""
    cards: list[tuple[str, str | None, tuple[MilestoneAuditEntry, ...]]] = [
        (p.title, p.id, snapshot.milestones_of(p.id)) for p in snapshot.products
    ]
    if snapshot.homeless:
        cards.append(("Milestones no product celebrates", None, snapshot.homeless))
    return [
        ProductSection(
            title,
            product_id,
            entries,
            product_picture(index, title, product_id, entries, snapshot.verdicts),
        )
        for index, (title, product_id, entries) in enumerate(cards)
    ]


def render(
    snapshot: AuditSnapshot, *, title: str = "upg audit report", charts: Charts | None = None
) -> str:
    """The whole report page; with `charts`, the backtests and activation trends too."""
    page = (
        environment()
        .get_template("report.html.jinja")
        .render(
            s=snapshot,
            title=title,
            classes=[(c.value, text) for c, text in CLASS_HELP],
            products=sections(snapshot),
            charts=charts,
            horizon=BacktestPolicy.horizon_days,
            roc=charts_layout.roc_plot,
            calibration=charts_layout.calibration_plot,
            trend=charts_layout.trend_plot,
        )
    )
    return page.rstrip("\n") + "\n"
