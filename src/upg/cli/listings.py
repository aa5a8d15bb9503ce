"""What `upg audit` prints: audit results as rows with stable field names, and their columns.

The row shapes below are a contract (documented in docs/audit-cli.md and in each command's
help): audit scripts parse them, so fields are only ever added, never renamed or removed.
Every list is sorted by (title, id), so two runs on the same graph, or one run against Neo4j and
one against the API, print the same bytes. `upg.cli.output` prints a listing in each format.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from upg.audit.display import (
    by_title,
    evidence_order,
    fixed,
    fraction,
    number,
    percent,
    points,
    rate,
    total_weight,
)
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit, VanityMilestone
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow, is_suggested, is_vanity_by_evidence

Row = dict[str, Any]

CLASS_STYLE = {
    MilestoneClass.VALIDATED.value: "green",
    MilestoneClass.VANITY.value: "bold red",
    MilestoneClass.UNTRACKED.value: "yellow",
    MilestoneClass.ORPHAN.value: "dim",
}
VERDICT_STYLE = {"VALIDATED": "green", "REFUTED": "red", "UNPROVEN": "dim"}


def _ref(ref: Ref) -> Row:
    return {"id": ref.id, "title": ref.title}


def _weighted(ref: Ref) -> Row:
    return {"id": ref.id, "title": ref.title, "weight": ref.weight}


def _node_fields(node: Node) -> Row:
    return {"id": node.id, "title": node.title}


# Rows ------------------------------------------------------------------------------------


def vanity_row(item: VanityMilestone) -> Row:
    """{id, title, milestone_type, status, tags, products, scores, weight}."""
    node = item.milestone
    return {
        **_node_fields(node),
        "milestone_type": node.milestone_type,
        "status": node.status,
        "tags": list(node.tags),
        "products": [_ref(p) for p in by_title(item.products)],
        "scores": [_weighted(s) for s in by_title(item.scores)],
        "weight": total_weight(item.scores),
    }


def score_row(audit: ScoreAudit) -> Row:
    """{id, title, total_weight, vanity_weight, vanity_share, vanity_milestones}."""
    return {
        **_node_fields(audit.score),
        "total_weight": audit.total_weight,
        "vanity_weight": audit.vanity_weight,
        "vanity_share": audit.vanity_share,
        "vanity_milestones": [_weighted(m) for m in by_title(audit.vanity_milestones)],
    }


def outcome_row(node: Node) -> Row:
    """{id, title, status, tags}."""
    return {**_node_fields(node), "status": node.status, "tags": list(node.tags)}


def milestone_row(entry: MilestoneAuditEntry) -> Row:
    """{id, title, classification, milestone_type, status, tags, products, scores, outcomes}."""
    node = entry.milestone
    return {
        **_node_fields(node),
        "classification": entry.classification.value,
        "milestone_type": node.milestone_type,
        "status": node.status,
        "tags": list(node.tags),
        "products": [_ref(p) for p in by_title(entry.products)],
        "scores": [_weighted(s) for s in by_title(entry.scores)],
        "outcomes": [_ref(o) for o in by_title(entry.outcomes)],
    }


def evidence_row(item: EvidenceRow) -> Row:
    """{milestone_id, milestone, outcome_id, outcome, claimed, verdict, n, rate_hit, rate_miss,
    risk_difference, odds_ratio, adjusted_p, phi, strength}."""
    e = item.evidence
    milestone, outcome, _, _ = evidence_order(item)
    return {
        "milestone_id": e.milestone_id,
        "milestone": milestone,
        "outcome_id": e.outcome_id,
        "outcome": outcome,
        "claimed": item.claimed,
        "verdict": e.verdict.value,
        "n": e.table.n,
        "rate_hit": e.rate_hit,
        "rate_miss": e.rate_miss,
        "risk_difference": e.risk_difference,
        "odds_ratio": e.odds_ratio,
        "adjusted_p": e.adjusted_p,
        "phi": e.phi,
        "strength": e.strength,
    }


def _sorted_rows(rows: Iterable[Row]) -> list[Row]:
    return sorted(rows, key=lambda row: (row["title"], row["id"]))


# Listings ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Column:
    """One column of the table and CSV views: its header and how a row shows in it."""

    name: str
    text: Callable[[Row], str]
    justify: Literal["left", "right"] = "left"
    style: Callable[[Row], str] | None = None
    in_table: bool = True
    """Ids are left out of the terminal table (they are in every other format)."""
    csv: Callable[[Row], str] | None = None
    """The CSV cell when it differs from the table's (numbers for spreadsheets, not percents)."""
    numeric: bool = False
    """Its CSV cells are numbers written by upg (never data), so they are left as they are."""


@dataclass(frozen=True)
class Listing:
    """One audit's result, ready to print in any format."""

    key: str
    """The JSON envelope's key for the rows (e.g. `vanity_milestones`)."""
    rows: list[Row]
    columns: tuple[Column, ...]
    title: str
    caption: str
    empty: str
    extra: dict[str, Any] = field(default_factory=dict)
    """More keys of the JSON envelope, after the rows (ndjson, csv and table show rows only)."""


def _titles(refs: Sequence[Row]) -> str:
    return "; ".join(ref["title"] for ref in refs)


def _weighted_titles(refs: Sequence[Row]) -> str:
    return "; ".join(f"{ref['title']} ({number(ref['weight'])})" for ref in refs)


def _tags(row: Row) -> str:
    return "; ".join(row["tags"])


def _opt(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def _field(name: str, **options: Any) -> Column:
    """A text column showing the row's field as it is (empty when null)."""
    return Column(name, lambda r: _opt(r, name), **options)


def _list(name: str, text: Callable[[Sequence[Row]], str] = _titles) -> Column:
    """A column of related nodes' titles (weights too, with `_weighted_titles`)."""
    return Column(name, lambda r: text(r[name]))


ID = _field("id", in_table=False)


def _measure(
    name: str, text: Callable[[Any], str], style: Callable[[Row], str] | None = None
) -> Column:
    """A number column: `text` for the table, six significant digits in CSV."""
    return Column(
        name,
        lambda r: text(r[name]),
        "right",
        style,
        csv=lambda r: fraction(r[name]),
        numeric=True,
    )


def _count(name: str, text: Callable[[Any], str] = number) -> Column:
    """A weight or count column, written the same way in the table and in CSV."""
    return Column(name, lambda r: text(r[name]), "right", numeric=True)


VANITY_COLUMNS = (
    _field("title", style=lambda r: "bold red"),
    _field("milestone_type"),
    _field("status"),
    _list("products"),
    _list("scores", _weighted_titles),
    _count("weight"),
    Column("tags", _tags),
    ID,
)
OUTCOME_COLUMNS = (
    _field("title", style=lambda r: "yellow"),
    _field("status"),
    Column("tags", _tags),
    ID,
)
MILESTONE_COLUMNS = (
    _field("title"),
    _field("classification", style=lambda r: CLASS_STYLE[r["classification"]]),
    _field("milestone_type"),
    _field("status"),
    _list("products"),
    _list("scores", _weighted_titles),
    _list("outcomes"),
    ID,
)


def vanity_listing(items: Iterable[VanityMilestone]) -> Listing:
    return Listing(
        "vanity_milestones",
        _sorted_rows(map(vanity_row, items)),
        VANITY_COLUMNS,
        "Vanity milestones",
        "They feed a health score but validate no outcome.",
        "No vanity milestones: every milestone a score counts validates an outcome.",
    )


def score_listing(audits: Iterable[ScoreAudit], max_share: float | None = None) -> Listing:
    rows = _sorted_rows(map(score_row, audits))

    def share_style(row: Row) -> str:
        if max_share is not None and row["vanity_share"] > max_share:
            return "bold red"
        return "red" if row["vanity_share"] > 0 else "green"

    return Listing(
        "health_scores",
        rows,
        (
            _field("title"),
            _count("total_weight"),
            _count("vanity_weight"),
            _measure("vanity_share", percent, share_style),
            _list("vanity_milestones", _weighted_titles),
            ID,
        ),
        "Health scores",
        "Vanity share: the part of a score's weight that vanity milestones carry.",
        "No health scores.",
    )


def outcome_listing(nodes: Iterable[Node]) -> Listing:
    return Listing(
        "unmeasured_outcomes",
        _sorted_rows(map(outcome_row, nodes)),
        OUTCOME_COLUMNS,
        "Unmeasured outcomes",
        "No milestone validates them: nobody can tell whether customers get there.",
        "No unmeasured outcomes: every outcome has a milestone that validates it.",
    )


def milestone_listing(entries: Iterable[MilestoneAuditEntry]) -> Listing:
    return Listing(
        "milestones",
        _sorted_rows(map(milestone_row, entries)),
        MILESTONE_COLUMNS,
        "Milestones",
        "VALIDATED, VANITY (feeds a score, validates nothing), UNTRACKED, ORPHAN.",
        "No milestones.",
    )


def _verdict_style(row: Row) -> str:
    if row["verdict"] == "REFUTED" and row["claimed"]:
        return "bold red"
    return VERDICT_STYLE[row["verdict"]]


def evidence_listing(items: Iterable[EvidenceRow], as_of: datetime) -> Listing:
    """Every pair by milestone then outcome title; suggested and vanity by evidence besides."""
    pairs = sorted(
        ((item, evidence_row(item)) for item in items), key=lambda p: evidence_order(p[0])
    )
    rows = [row for _, row in pairs]
    suggested = [row for item, row in pairs if is_suggested(item)]
    refuted = [row for item, row in pairs if is_vanity_by_evidence(item)]
    return Listing(
        "evidence",
        rows,
        (
            _field("milestone"),
            _field("outcome"),
            Column("claimed", lambda r: "yes" if r["claimed"] else "no"),
            _field("verdict", style=_verdict_style),
            _count("n", str),
            _measure("rate_hit", rate),
            _measure("rate_miss", rate),
            _measure("risk_difference", points),
            _measure("odds_ratio", lambda v: fixed(v, ".2f")),
            _measure("adjusted_p", lambda v: fixed(v, ".2g")),
            _measure("phi", lambda v: fixed(v, ".2f")),
            _field("strength"),
            _field("milestone_id", in_table=False),
            _field("outcome_id", in_table=False),
        ),
        "Evidence",
        f"As of {as_of.isoformat()}. {len(suggested)} suggested validation(s) (VALIDATED, no "
        f"VALIDATES edge); {len(refuted)} VALIDATES edge(s) refuted by evidence.",
        "No evidence: no VALIDATES edge and no observed accounts (upg evidence import).",
        {"suggested": suggested, "vanity_by_evidence": refuted, "as_of": as_of.isoformat()},
    )
