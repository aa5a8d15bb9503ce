"""How `upg audit` prints: audit results as rows with stable field names, in four formats.

The row shapes below are a contract (documented in docs/audit-cli.md and in each command's
help): audit scripts parse them, so fields are only ever added, never renamed or removed.
Every list is sorted by (title, id), so two runs on the same graph, or one run against Neo4j and
one against the API, print the same bytes.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal, TextIO

from rich.console import Console
from rich.table import Table
from rich.text import Text

from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit, VanityMilestone
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow, is_suggested, is_vanity_by_evidence

Format = Literal["table", "json", "csv", "ndjson"]
FORMATS: tuple[Format, ...] = ("table", "json", "csv", "ndjson")
FORMAT_NAMED: dict[str, Format] = {name: name for name in FORMATS}

Row = dict[str, Any]

CLASS_STYLE = {
    MilestoneClass.VALIDATED.value: "green",
    MilestoneClass.VANITY.value: "bold red",
    MilestoneClass.UNTRACKED.value: "yellow",
    MilestoneClass.ORPHAN.value: "dim",
}


def by_title(items: Iterable[Ref]) -> list[Ref]:
    """Refs in display order: title, then id (the order the audit queries use)."""
    return sorted(items, key=lambda ref: (ref.title, ref.id))


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
    scores = by_title(item.scores)
    return {
        **_node_fields(node),
        "milestone_type": node.milestone_type,
        "status": node.status,
        "tags": list(node.tags),
        "products": [_ref(p) for p in by_title(item.products)],
        "scores": [_weighted(s) for s in scores],
        # Summed in display order: the same float whichever order the source listed them in.
        "weight": sum(s.weight or 0.0 for s in scores),
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
    return {
        "milestone_id": e.milestone_id,
        "milestone": item.milestone.title if item.milestone else e.milestone_id,
        "outcome_id": e.outcome_id,
        "outcome": item.outcome.title if item.outcome else e.outcome_id,
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


def number(value: float | None) -> str:
    """A weight as people write it: 5 rather than 5.0, 2.5 as is."""
    if value is None:
        return ""
    return f"{value:g}"


def percent(value: float) -> str:
    return f"{value * 100:.1f}%"


def _tags(row: Row) -> str:
    return "; ".join(row["tags"])


def _opt(row: Row, key: str) -> str:
    value = row.get(key)
    return "" if value is None else str(value)


def vanity_listing(items: Iterable[VanityMilestone]) -> Listing:
    rows = _sorted_rows(vanity_row(item) for item in items)
    return Listing(
        "vanity_milestones",
        rows,
        (
            Column("title", lambda r: r["title"], style=lambda r: "bold red"),
            Column("milestone_type", lambda r: _opt(r, "milestone_type")),
            Column("status", lambda r: r["status"]),
            Column("products", lambda r: _titles(r["products"])),
            Column("scores", lambda r: _weighted_titles(r["scores"])),
            Column("weight", lambda r: number(r["weight"]), justify="right"),
            Column("tags", _tags),
            Column("id", lambda r: r["id"], in_table=False),
        ),
        "Vanity milestones",
        "They feed a health score but validate no outcome.",
        "No vanity milestones: every milestone a score counts validates an outcome.",
    )


def score_listing(audits: Iterable[ScoreAudit], max_share: float | None = None) -> Listing:
    rows = _sorted_rows(score_row(audit) for audit in audits)

    def share_style(row: Row) -> str:
        if max_share is not None and row["vanity_share"] > max_share:
            return "bold red"
        return "red" if row["vanity_share"] > 0 else "green"

    return Listing(
        "health_scores",
        rows,
        (
            Column("title", lambda r: r["title"]),
            Column("total_weight", lambda r: number(r["total_weight"]), justify="right"),
            Column("vanity_weight", lambda r: number(r["vanity_weight"]), justify="right"),
            Column(
                "vanity_share",
                lambda r: percent(r["vanity_share"]),
                "right",
                share_style,
                csv=lambda r: f"{r['vanity_share']:.6g}",
            ),
            Column("vanity_milestones", lambda r: _weighted_titles(r["vanity_milestones"])),
            Column("id", lambda r: r["id"], in_table=False),
        ),
        "Health scores",
        "Vanity share: the part of a score's weight that vanity milestones carry.",
        "No health scores.",
    )


def outcome_listing(nodes: Iterable[Node]) -> Listing:
    rows = _sorted_rows(outcome_row(node) for node in nodes)
    return Listing(
        "unmeasured_outcomes",
        rows,
        (
            Column("title", lambda r: r["title"], style=lambda r: "yellow"),
            Column("status", lambda r: r["status"]),
            Column("tags", _tags),
            Column("id", lambda r: r["id"], in_table=False),
        ),
        "Unmeasured outcomes",
        "No milestone validates them: nobody can tell whether customers get there.",
        "No unmeasured outcomes: every outcome has a milestone that validates it.",
    )


def milestone_listing(entries: Iterable[MilestoneAuditEntry]) -> Listing:
    rows = _sorted_rows(milestone_row(entry) for entry in entries)
    return Listing(
        "milestones",
        rows,
        (
            Column("title", lambda r: r["title"]),
            Column(
                "classification",
                lambda r: r["classification"],
                style=lambda r: CLASS_STYLE[r["classification"]],
            ),
            Column("milestone_type", lambda r: _opt(r, "milestone_type")),
            Column("status", lambda r: r["status"]),
            Column("products", lambda r: _titles(r["products"])),
            Column("scores", lambda r: _weighted_titles(r["scores"])),
            Column("outcomes", lambda r: _titles(r["outcomes"])),
            Column("id", lambda r: r["id"], in_table=False),
        ),
        "Milestones",
        "VALIDATED, VANITY (feeds a score, validates nothing), UNTRACKED, ORPHAN.",
        "No milestones.",
    )


VERDICT_STYLE = {"VALIDATED": "green", "REFUTED": "red", "UNPROVEN": "dim"}


def _fraction(value: float | None) -> str:
    return "" if value is None else f"{value:.6g}"


def _rate(value: float | None) -> str:
    return "" if value is None else percent(value)


def _points(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.1f} pts"


def _verdict_style(row: Row) -> str:
    if row["verdict"] == "REFUTED" and row["claimed"]:
        return "bold red"
    return VERDICT_STYLE[row["verdict"]]


def evidence_listing(items: Iterable[EvidenceRow], as_of: datetime) -> Listing:
    """Every pair by milestone then outcome title; suggested and vanity by evidence besides."""
    pairs = sorted(
        ((item, evidence_row(item)) for item in items),
        key=lambda p: (
            p[1]["milestone"],
            p[1]["outcome"],
            p[1]["milestone_id"],
            p[1]["outcome_id"],
        ),
    )
    rows = [row for _, row in pairs]
    suggested = [row for item, row in pairs if is_suggested(item)]
    refuted = [row for item, row in pairs if is_vanity_by_evidence(item)]
    return Listing(
        "evidence",
        rows,
        (
            Column("milestone", lambda r: r["milestone"]),
            Column("outcome", lambda r: r["outcome"]),
            Column("claimed", lambda r: "yes" if r["claimed"] else "no"),
            Column("verdict", lambda r: r["verdict"], style=_verdict_style),
            Column("n", lambda r: str(r["n"]), justify="right"),
            Column("rate_hit", lambda r: _rate(r["rate_hit"]), "right", csv=_csv("rate_hit")),
            Column("rate_miss", lambda r: _rate(r["rate_miss"]), "right", csv=_csv("rate_miss")),
            Column(
                "risk_difference",
                lambda r: _points(r["risk_difference"]),
                "right",
                csv=_csv("risk_difference"),
            ),
            Column(
                "odds_ratio",
                lambda r: _fixed(r["odds_ratio"], ".2f"),
                "right",
                csv=_csv("odds_ratio"),
            ),
            Column(
                "adjusted_p",
                lambda r: _fixed(r["adjusted_p"], ".2g"),
                "right",
                csv=_csv("adjusted_p"),
            ),
            Column("phi", lambda r: _fixed(r["phi"], ".2f"), "right", csv=_csv("phi")),
            Column("strength", lambda r: r["strength"]),
            Column("milestone_id", lambda r: r["milestone_id"], in_table=False),
            Column("outcome_id", lambda r: r["outcome_id"], in_table=False),
        ),
        "Evidence",
        f"As of {as_of.isoformat()}. {len(suggested)} suggested validation(s) (VALIDATED, no "
        f"VALIDATES edge); {len(refuted)} VALIDATES edge(s) refuted by evidence.",
        "No evidence: no VALIDATES edge and no observed accounts (upg evidence import).",
        {"suggested": suggested, "vanity_by_evidence": refuted, "as_of": as_of.isoformat()},
    )


def _csv(key: str) -> Callable[[Row], str]:
    return lambda row: _fraction(row[key])


def _fixed(value: float | None, spec: str) -> str:
    return "" if value is None else format(value, spec)


# Formats ----------------------------------------------------------------------------------


def render(listing: Listing, fmt: Format, *, width: int | None = None) -> str:
    """The listing as text in one format (ending with a newline)."""
    if fmt == "json":
        envelope = {listing.key: listing.rows, **listing.extra, "count": len(listing.rows)}
        return json.dumps(envelope, indent=2, ensure_ascii=False) + "\n"
    if fmt == "ndjson":
        return "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in listing.rows)
    if fmt == "csv":
        buffer = io.StringIO()
        writer = csv.writer(buffer, lineterminator="\n")
        writer.writerow(column.name for column in listing.columns)
        for row in listing.rows:
            writer.writerow((column.csv or column.text)(row) for column in listing.columns)
        return buffer.getvalue()
    return _table(listing, width)


def _table(listing: Listing, width: int | None) -> str:
    buffer = io.StringIO()
    console = Console(file=buffer, width=width or PIPE_WIDTH, color_system=None)
    _print_table(console, listing)
    return buffer.getvalue()


def _print_table(console: Console, listing: Listing) -> None:
    if not listing.rows:
        console.print(listing.empty)
        return
    columns = [column for column in listing.columns if column.in_table]
    table = Table(
        title=f"{listing.title} ({len(listing.rows)})",
        caption=listing.caption,
        title_justify="left",
        caption_justify="left",
    )
    for column in columns:
        table.add_column(column.name.replace("_", " "), justify=column.justify, overflow="fold")
    for row in listing.rows:
        cells = [
            Text(column.text(row), style=column.style(row) if column.style else "")
            for column in columns
        ]
        table.add_row(*cells)
    console.print(table)


PIPE_WIDTH = 160
"""Width of a table written to a pipe or file (a terminal's own width is used otherwise)."""


def print_table(listing: Listing, stream: TextIO) -> None:
    """A table for a person: colours and the terminal's width on a terminal, plain text else."""
    width = None if stream.isatty() else PIPE_WIDTH
    _print_table(Console(file=stream, width=width), listing)
