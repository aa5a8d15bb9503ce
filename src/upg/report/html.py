"""The audit report as one self-contained HTML page: inline CSS, inline SVG, no scripts.

Per product, a picture in three columns: the product, the milestones it celebrates, and on the
right the outcomes those milestones validate and the health scores that count them. Vanity
milestones (they feed a score, validate nothing) are drawn in red (CSS class `vanity`).
The layout is computed here, in plain Python, so the page needs nothing but a browser.
Evidence is drawn as stored on the VALIDATES edges (a verdict badge beside each validated
outcome, and an evidence table), so the report reads the graph and computes nothing.
Every piece of graph text goes through `html.escape`.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC
from html import escape

from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit
from upg.model.evidence import StoredEvidence, Verdict
from upg.model.nodes import Node
from upg.report import AuditSnapshot

# Geometry of a product picture (px). Column x positions and widths.
PRODUCT_X, PRODUCT_W = 16, 170
MILESTONE_X, MILESTONE_W = 246, 310
RIGHT_X, RIGHT_W = 706, 280
WIDTH = RIGHT_X + RIGHT_W + 16
TOP = 44
GAP = 12
LINE = 15
PAD_Y = 10
CHAR_PX = 7.2
"""Average advance of a 12-13 px sans-serif character: enough to wrap titles in Python."""
MAX_LINES = 2

CLASS_ORDER = (
    MilestoneClass.VANITY,
    MilestoneClass.VALIDATED,
    MilestoneClass.UNTRACKED,
    MilestoneClass.ORPHAN,
)
CLASS_HELP = {
    MilestoneClass.VALIDATED: "feeds a health score and validates an outcome",
    MilestoneClass.VANITY: "feeds a health score but validates no outcome",
    MilestoneClass.UNTRACKED: "validates an outcome but no score counts it",
    MilestoneClass.ORPHAN: "neither feeds a score nor validates an outcome",
}

CSS = """
:root { --ink:#1f2933; --muted:#616e7c; --line:#cbd2d9; --bg:#f5f7fa;
  --vanity:#c62828; --vanity-bg:#fdecea; --validated:#2e7d32; --validated-bg:#e8f5e9;
  --untracked:#b26a00; --untracked-bg:#fff4e0; --orphan:#7b8794; --orphan-bg:#f0f2f5;
  --product:#1565c0; --product-bg:#e3f0fd; --outcome:#00796b; --outcome-bg:#e0f2f1;
  --score:#5e35b1; --score-bg:#ede7f6; }
* { box-sizing: border-box; }
body { margin: 0; padding: 24px 32px 48px; background: var(--bg); color: var(--ink);
  font: 14px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; }
h1 { font-size: 24px; margin: 0 0 4px; }
h2 { font-size: 18px; margin: 32px 0 8px; }
h3 { font-size: 16px; margin: 0 0 8px; }
p.lead { color: var(--muted); margin: 0 0 16px; max-width: 60em; }
section.card { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 16px 20px; margin: 12px 0; overflow-x: auto; }
.summary { display: flex; gap: 12px; flex-wrap: wrap; margin: 16px 0; }
.summary div { background: #fff; border: 1px solid var(--line); border-radius: 8px;
  padding: 10px 16px; min-width: 150px; }
.summary b { display: block; font-size: 26px; }
.summary .bad b { color: var(--vanity); }
table { border-collapse: collapse; width: 100%; }
th, td { text-align: left; padding: 6px 10px; border-bottom: 1px solid var(--line);
  vertical-align: top; }
th { font-size: 12px; text-transform: uppercase; letter-spacing: .04em; color: var(--muted); }
td.num { text-align: right; font-variant-numeric: tabular-nums; white-space: nowrap; }
tr.vanity td.title, li.vanity, span.vanity { color: var(--vanity); font-weight: 600; }
.bar { display: inline-block; width: 120px; height: 10px; background: var(--validated-bg);
  border-radius: 5px; overflow: hidden; vertical-align: middle; margin-right: 8px; }
.bar i { display: block; height: 100%; background: var(--vanity); }
.class { font-size: 12px; font-weight: 700; padding: 1px 6px; border-radius: 4px; }
.class.VALIDATED { color: var(--validated); background: var(--validated-bg); }
.class.VANITY { color: var(--vanity); background: var(--vanity-bg); }
.class.UNTRACKED { color: var(--untracked); background: var(--untracked-bg); }
.class.ORPHAN { color: var(--orphan); background: var(--orphan-bg); }
.verdict { font-size: 11px; font-weight: 700; padding: 0 5px; border-radius: 4px;
  margin-left: 4px; }
.verdict.VALIDATED { color: var(--validated); background: var(--validated-bg); }
.verdict.REFUTED { color: var(--vanity); background: var(--vanity-bg); }
.verdict.UNPROVEN { color: var(--orphan); background: var(--orphan-bg); }
tr.refuted td.title { color: var(--vanity); font-weight: 600; }
.legend { display: flex; gap: 16px; flex-wrap: wrap; font-size: 13px; color: var(--muted); }
.muted { color: var(--muted); }
svg.graph { display: block; max-width: 100%; height: auto; margin: 8px 0 12px; }
svg text { font-family: system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif;
  font-size: 12px; fill: var(--ink); }
svg text.caption { font-size: 12px; font-weight: 700; fill: var(--muted);
  text-transform: uppercase; letter-spacing: .04em; }
svg text.name { font-size: 13px; font-weight: 600; }
svg text.meta { font-size: 11px; fill: var(--muted); }
svg text.weight { font-size: 11px; font-weight: 700; fill: var(--score);
  paint-order: stroke; stroke: #fff; stroke-width: 4px; }
svg rect { stroke-width: 1.5px; }
svg .product rect { fill: var(--product-bg); stroke: var(--product); }
svg .outcome rect { fill: var(--outcome-bg); stroke: var(--outcome); }
svg .score rect { fill: var(--score-bg); stroke: var(--score); }
svg .milestone.VALIDATED rect { fill: var(--validated-bg); stroke: var(--validated); }
svg .milestone.UNTRACKED rect { fill: var(--untracked-bg); stroke: var(--untracked); }
svg .milestone.ORPHAN rect { fill: var(--orphan-bg); stroke: var(--orphan);
  stroke-dasharray: 4 3; }
svg .milestone.vanity rect { fill: var(--vanity-bg); stroke: var(--vanity); stroke-width: 2.5px; }
svg .milestone.vanity text.name { fill: var(--vanity); }
svg path.edge { fill: none; stroke-width: 1.5px; }
svg path.celebrates { stroke: #90a4ae; }
svg path.validates { stroke: var(--outcome); }
svg path.contains { stroke: var(--score); stroke-dasharray: 5 4; }
svg path.contains.vanity { stroke: var(--vanity); }
svg path.validates.REFUTED { stroke: var(--vanity); stroke-dasharray: 2 3; }
footer { margin-top: 32px; color: var(--muted); font-size: 12px; }
"""


def render(snapshot: AuditSnapshot, *, title: str = "upg audit report") -> str:
    """The whole report page."""
    entries = sorted(snapshot.milestones, key=lambda e: (e.milestone.title, e.milestone.id))
    scores = sorted(snapshot.scores, key=lambda s: (s.score.title, s.score.id))
    unmeasured = sorted(snapshot.unmeasured, key=lambda n: (n.title, n.id))
    products = sorted(snapshot.products, key=lambda p: (p.title, p.id))
    vanity = [e for e in entries if e.classification is MilestoneClass.VANITY]
    product_ids = {p.id for p in products}
    homeless = [e for e in entries if not any(p.id in product_ids for p in e.products)]
    verdicts: Verdicts = {
        (s.evidence.milestone_id, s.evidence.outcome_id): s for s in snapshot.evidence
    }

    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{escape(title)}</title><style>{CSS}</style></head><body>",
        f"<header><h1>{escape(title)}</h1>",
        '<p class="lead">Success milestones, the health scores that count them and the outcomes '
        "they validate. A milestone a score counts but that validates no outcome is "
        '<span class="vanity">vanity</span>: it looks like progress and predicts nothing.</p>',
        _summary(products, entries, vanity, scores, unmeasured, verdicts),
        "</header>",
        _vanity_section(vanity),
        _scores_section(scores),
        _evidence_section(entries, verdicts),
        '<h2 id="products">Products</h2>',
        _legend(),
    ]
    for index, product in enumerate(products):
        mine = [e for e in entries if any(p.id == product.id for p in e.products)]
        parts.append(_product_section(index, product.title, product.id, mine, verdicts))
    if homeless:
        parts.append(
            _product_section(
                len(products), "Milestones no product celebrates", None, homeless, verdicts
            )
        )
    parts += [
        _unmeasured_section(unmeasured),
        "<footer>Generated by <code>upg audit report</code>. Self-contained: no scripts, no "
        "network. The same figures are available as JSON from <code>upg audit</code>.</footer>",
        "</body></html>",
    ]
    return "\n".join(parts) + "\n"


Verdicts = Mapping[tuple[str, str], StoredEvidence]
"""Stored evidence by (milestone id, outcome id)."""

# Page sections -----------------------------------------------------------------------------


def _summary(
    products: Sequence[Ref],
    entries: Sequence[MilestoneAuditEntry],
    vanity: Sequence[MilestoneAuditEntry],
    scores: Sequence[ScoreAudit],
    unmeasured: Sequence[Node],
    verdicts: Verdicts,
) -> str:
    refuted = sum(s.evidence.verdict is Verdict.REFUTED for s in verdicts.values())
    cards = [
        ("products", len(products), False),
        ("milestones", len(entries), False),
        ("vanity milestones", len(vanity), bool(vanity)),
        ("health scores", len(scores), False),
        ("unmeasured outcomes", len(unmeasured), bool(unmeasured)),
        ("validations refuted by evidence", refuted, bool(refuted)),
    ]
    cells = "".join(
        f'<div class="{"bad" if bad else ""}" data-count="{escape(name)}"><b>{count}</b>'
        f"{escape(name)}</div>"
        for name, count, bad in cards
    )
    return f'<div class="summary" id="summary">{cells}</div>'


def _vanity_section(vanity: Sequence[MilestoneAuditEntry]) -> str:
    if not vanity:
        body = "<p>No vanity milestones: every milestone a score counts validates an outcome.</p>"
    else:
        rows = "".join(
            f'<tr class="vanity" data-id="{escape(e.milestone.id)}">'
            f'<td class="title">{escape(e.milestone.title)}</td>'
            f"<td>{_text(e.milestone.milestone_type)}</td>"
            f"<td>{escape(e.milestone.status)}</td>"
            f"<td>{_titles(e.products)}</td>"
            f"<td>{_weighted_titles(e.scores)}</td>"
            f'<td class="num">{_number(_total_weight(e.scores))}</td></tr>'
            for e in vanity
        )
        body = (
            "<table><thead><tr><th>Milestone</th><th>Type</th><th>Status</th><th>Products</th>"
            "<th>Scores (weight)</th><th>Weight</th></tr></thead>"
            f"<tbody>{rows}</tbody></table>"
        )
    return (
        f'<h2 id="vanity">Vanity milestones ({len(vanity)})</h2>'
        '<p class="lead">They feed a health score but validate no outcome. Tie each to the outcome '
        "it is evidence of, or take it out of the score.</p>"
        f'<section class="card">{body}</section>'
    )


def _scores_section(scores: Sequence[ScoreAudit]) -> str:
    if not scores:
        body = "<p>No health scores.</p>"
    else:
        rows = []
        for audit in scores:
            share = audit.vanity_share
            vanity = ", ".join(
                f'<span class="vanity">{escape(m.title)}</span> ({_number(m.weight)})'
                for m in _by_title(audit.vanity_milestones)
            )
            rows.append(
                f'<tr data-id="{escape(audit.score.id)}"><td class="title">'
                f"{escape(audit.score.title)}</td>"
                f'<td class="num">{_number(audit.total_weight)}</td>'
                f'<td class="num">{_number(audit.vanity_weight)}</td>'
                f'<td class="num"><span class="bar"><i style="width:{share * 100:.1f}%"></i>'
                f"</span>{share * 100:.1f}%</td>"
                f"<td>{vanity or '<span class=muted>none</span>'}</td></tr>"
            )
        body = (
            "<table><thead><tr><th>Health score</th><th>Total weight</th><th>Vanity weight</th>"
            "<th>Vanity share</th><th>Vanity milestones (weight)</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f'<h2 id="scores">Health scores ({len(scores)})</h2>'
        '<p class="lead">Vanity share: the part of a score\'s weight carried by vanity '
        "milestones.</p>"
        f'<section class="card">{body}</section>'
    )


def _evidence_section(entries: Sequence[MilestoneAuditEntry], verdicts: Verdicts) -> str:
    rows = []
    for e in entries:
        for o in _by_title(e.outcomes):
            stored = verdicts.get((e.milestone.id, o.id))
            if stored is None:
                continue
            ev = stored.evidence
            refuted = ev.verdict is Verdict.REFUTED
            rows.append(
                f'<tr class="{"refuted" if refuted else ""}" '
                f'data-id="{escape(e.milestone.id)}" data-outcome="{escape(o.id)}">'
                f'<td class="title">{escape(e.milestone.title)}</td><td>{escape(o.title)}</td>'
                f"<td>{_verdict(stored)}</td>"
                f'<td class="num">{ev.table.n}</td>'
                f'<td class="num">{_rate(ev.rate_hit)}</td>'
                f'<td class="num">{_rate(ev.rate_miss)}</td>'
                f'<td class="num">{_points(ev.risk_difference)}</td>'
                f'<td class="num">{ev.adjusted_p:.2g}</td>'
                f"<td>{escape(ev.strength)}</td>"
                f'<td class="num">{_day(stored)}</td></tr>'
            )
    if not rows:
        body = (
            "<p>No evidence stored yet: import accounts (<code>upg evidence import</code>) and "
            "run <code>upg evidence compute</code>.</p>"
        )
    else:
        body = (
            "<table><thead><tr><th>Milestone</th><th>Outcome validated</th><th>Verdict</th>"
            "<th>Accounts</th><th>Outcome rate, reached</th><th>Outcome rate, missed</th>"
            "<th>Difference</th><th>Adjusted p</th><th>Strength</th><th>As of</th></tr></thead>"
            f"<tbody>{''.join(rows)}</tbody></table>"
        )
    return (
        f'<h2 id="evidence">Evidence ({len(rows)})</h2>'
        '<p class="lead">Does reaching the milestone predict the outcome it claims to validate? '
        "As stored on each VALIDATES edge by the last <code>upg evidence compute</code>. "
        '<span class="verdict REFUTED">REFUTED</span> edges are vanity by evidence: the data '
        "say the milestone does not move the outcome.</p>"
        f'<section class="card">{body}</section>'
    )


def _verdict(stored: StoredEvidence | None) -> str:
    if stored is None:
        return ""
    ev = stored.evidence
    detail = f"{_rate(ev.rate_hit)} vs {_rate(ev.rate_miss)}, n={ev.table.n}"
    return (
        f'<span class="verdict {escape(ev.verdict.value)}" title="{escape(detail)}">'
        f"{escape(ev.verdict.value)}</span>"
    )


def _rate(value: float | None) -> str:
    return "" if value is None else f"{value * 100:.1f}%"


def _points(value: float | None) -> str:
    return "" if value is None else f"{value * 100:+.1f} pts"


def _day(stored: StoredEvidence) -> str:
    return stored.computed_at.astimezone(UTC).strftime("%Y-%m-%d")


def _unmeasured_section(unmeasured: Sequence[Node]) -> str:
    if not unmeasured:
        body = "<p>Every outcome has a milestone that validates it.</p>"
    else:
        rows = "".join(
            f'<tr data-id="{escape(n.id)}"><td class="title">{escape(n.title)}</td>'
            f"<td>{escape(n.status)}</td><td>{escape(', '.join(n.tags))}</td>"
            f"<td>{_text(n.description)}</td></tr>"
            for n in unmeasured
        )
        body = (
            "<table><thead><tr><th>Outcome</th><th>Status</th><th>Tags</th><th>Description</th>"
            f"</tr></thead><tbody>{rows}</tbody></table>"
        )
    return (
        f'<h2 id="unmeasured">Unmeasured outcomes ({len(unmeasured)})</h2>'
        '<p class="lead">Outcomes customers want that no milestone validates: nobody can tell '
        "whether customers are getting there.</p>"
        f'<section class="card">{body}</section>'
    )


def _legend() -> str:
    items = "".join(
        f'<span><span class="class {c.value}">{c.value}</span> {escape(CLASS_HELP[c])}</span>'
        for c in CLASS_ORDER
    )
    return (
        f'<div class="legend">{items}</div>'
        '<p class="legend">Grey lines: the product celebrates the milestone. Green: the milestone '
        "validates the outcome (dotted red: stored evidence refutes it). Dashed purple (red for "
        "vanity): the score counts the milestone, with its weight.</p>"
    )


def _product_section(
    index: int,
    title: str,
    product_id: str | None,
    entries: Sequence[MilestoneAuditEntry],
    verdicts: Verdicts,
) -> str:
    vanity = sum(e.classification is MilestoneClass.VANITY for e in entries)
    note = f", {vanity} vanity" if vanity else ""
    data_id = f' data-id="{escape(product_id)}"' if product_id else ""
    rows = "".join(
        f'<tr class="{"vanity" if e.classification is MilestoneClass.VANITY else ""}">'
        f'<td class="title">{escape(e.milestone.title)}</td>'
        f'<td><span class="class {e.classification.value}">{e.classification.value}</span></td>'
        f"<td>{_text(e.milestone.milestone_type)}</td><td>{escape(e.milestone.status)}</td>"
        f"<td>{_weighted_titles(e.scores)}</td><td>{_outcomes(e, verdicts)}</td></tr>"
        for e in entries
    )
    table = (
        "<table><thead><tr><th>Milestone</th><th>Class</th><th>Type</th><th>Status</th>"
        "<th>Scores (weight)</th><th>Outcomes validated</th></tr></thead>"
        f"<tbody>{rows}</tbody></table>"
        if entries
        else '<p class="muted">This product celebrates no milestone yet.</p>'
    )
    return (
        f'<section class="card product-card"{data_id}>'
        f"<h3>{escape(title)} <span class=muted>({len(entries)} milestones{note})</span></h3>"
        f"{product_svg(index, title, product_id, entries, verdicts)}{table}</section>"
    )


def _outcomes(entry: MilestoneAuditEntry, verdicts: Verdicts) -> str:
    """The outcomes validated, each with its stored verdict when there is one."""
    return ", ".join(
        escape(o.title) + _verdict(verdicts.get((entry.milestone.id, o.id)))
        for o in _by_title(entry.outcomes)
    )


# The picture -------------------------------------------------------------------------------


@dataclass
class _Box:
    kind: str
    node_id: str
    title: str
    x: float
    y: float
    w: float
    lines: list[str]
    meta: str | None = None
    classes: list[str] = field(default_factory=list)

    @property
    def h(self) -> float:
        return PAD_Y * 2 + LINE * len(self.lines) + (LINE if self.meta else 0) - 3

    @property
    def cy(self) -> float:
        return self.y + self.h / 2

    @property
    def right(self) -> float:
        return self.x + self.w


def wrap(text: str, width_px: float, max_lines: int = MAX_LINES) -> list[str]:
    """Break a title into at most `max_lines` lines that fit `width_px` (ellipsis past that)."""
    chars = max(8, int(width_px / CHAR_PX))
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = kept[-1][: max(1, chars - 1)].rstrip() + "…"
        return kept
    return lines


def _stack(boxes: Iterable[_Box], top: float) -> float:
    """Place boxes one under another from `top`; returns the y below the last one."""
    y = top
    for box in boxes:
        box.y = y
        y += box.h + GAP
    return y


def product_svg(
    index: int,
    title: str,
    product_id: str | None,
    entries: Sequence[MilestoneAuditEntry],
    verdicts: Verdicts | None = None,
) -> str:
    """One product's picture: product | milestones | outcomes and scores."""
    milestones = [
        _Box(
            "milestone",
            e.milestone.id,
            e.milestone.title,
            MILESTONE_X,
            0,
            MILESTONE_W,
            wrap(e.milestone.title, MILESTONE_W - 20),
            " · ".join(
                part
                for part in (e.classification.value, e.milestone.milestone_type, e.milestone.status)
                if part
            ),
            [e.classification.value]
            + (["vanity"] if e.classification is MilestoneClass.VANITY else []),
        )
        for e in entries
    ]
    outcomes = [
        _Box("outcome", ref.id, ref.title, RIGHT_X, 0, RIGHT_W, wrap(ref.title, RIGHT_W - 20))
        for ref in _unique(o for e in entries for o in e.outcomes)
    ]
    scores = [
        _Box("score", ref.id, ref.title, RIGHT_X, 0, RIGHT_W, wrap(ref.title, RIGHT_W - 20))
        for ref in _unique(s for e in entries for s in e.scores)
    ]
    bottom_mid = _stack(milestones, TOP)
    outcomes_top = TOP
    scores_caption_y = _stack(outcomes, outcomes_top) + (8 if outcomes else 22)
    bottom_right = _stack(scores, scores_caption_y + 12)
    product = _Box(
        "product",
        product_id or "",
        title,
        PRODUCT_X,
        0,
        PRODUCT_W,
        wrap(title, PRODUCT_W - 20, 3),
    )
    content_bottom = max(bottom_mid, bottom_right, TOP + product.h + GAP)
    product.y = TOP + (content_bottom - GAP - TOP - product.h) / 2 if milestones else TOP
    height = content_bottom + 8

    by_id = {box.node_id: box for box in milestones}
    outcome_at = {box.node_id: box for box in outcomes}
    score_at = {box.node_id: box for box in scores}
    edges: list[str] = []
    labels: list[str] = []
    for e in entries:
        m = by_id[e.milestone.id]
        if product_id:
            edges.append(_curve(product.right, product.cy, m.x, m.cy, "celebrates"))
        for o in _by_title(e.outcomes):
            stored = (verdicts or {}).get((e.milestone.id, o.id))
            verdict = f" {stored.evidence.verdict.value}" if stored else ""
            edges.append(
                _curve(
                    m.right, m.cy, outcome_at[o.id].x, outcome_at[o.id].cy, f"validates{verdict}"
                )
            )
        for s in _by_title(e.scores):
            box = score_at[s.id]
            vanity = " vanity" if e.classification is MilestoneClass.VANITY else ""
            edges.append(_curve(box.x, box.cy, m.right, m.cy, f"contains{vanity}"))
            labels.append(
                f'<text class="weight" x="{(box.x + m.right) / 2:.1f}" '
                f'y="{(box.cy + m.cy) / 2 + 4:.1f}" text-anchor="middle">'
                f"{escape(_number(s.weight))}</text>"
            )

    marker = f"arrow-{index}"
    captions = [
        _caption(PRODUCT_X, "Product"),
        _caption(MILESTONE_X, "Milestones"),
        _caption(RIGHT_X, "Outcomes validated"),
    ]
    if not outcomes:
        captions.append(
            f'<text class="meta" x="{RIGHT_X}" y="{TOP + 12}">none: no milestone here '
            "validates an outcome</text>"
        )
    captions.append(_caption(RIGHT_X, "Health scores", scores_caption_y))
    if not scores:
        captions.append(f'<text class="meta" x="{RIGHT_X}" y="{scores_caption_y + 18}">none</text>')
    label = f"{title}: {len(entries)} milestones"
    boxes = ([product] if product_id else []) + milestones + outcomes + scores
    return (
        f'<svg class="graph" xmlns="http://www.w3.org/2000/svg" role="img" '
        f'aria-label="{escape(label)}" width="{WIDTH}" height="{height:.0f}" '
        f'viewBox="0 0 {WIDTH} {height:.0f}">'
        f'<defs><marker id="{marker}" viewBox="0 0 10 10" refX="9" refY="5" markerWidth="7" '
        f'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" '
        f'fill="#90a4ae"/></marker></defs>'
        f"{''.join(captions)}"
        f'<g class="edges" marker-end="url(#{marker})">{"".join(edges)}</g>'
        f"{''.join(_draw(box) for box in boxes)}"
        f'<g class="labels">{"".join(labels)}</g></svg>'
    )


def _caption(x: float, text: str, y: float = TOP - 14) -> str:
    return f'<text class="caption" x="{x}" y="{y:.1f}">{escape(text)}</text>'


def _curve(x1: float, y1: float, x2: float, y2: float, classes: str) -> str:
    mid = (x1 + x2) / 2
    return (
        f'<path class="edge {classes}" d="M{x1:.1f},{y1:.1f} C{mid:.1f},{y1:.1f} '
        f'{mid:.1f},{y2:.1f} {x2:.1f},{y2:.1f}"/>'
    )


def _draw(box: _Box) -> str:
    classes = " ".join([box.kind, *box.classes])
    text_x = box.x + 10
    spans = "".join(
        f'<text class="name" x="{text_x}" y="{box.y + PAD_Y + 11 + i * LINE:.1f}">'
        f"{escape(line)}</text>"
        for i, line in enumerate(box.lines)
    )
    if box.meta:
        meta_y = box.y + PAD_Y + 11 + len(box.lines) * LINE
        spans += f'<text class="meta" x="{text_x}" y="{meta_y:.1f}">{escape(box.meta)}</text>'
    return (
        f'<g class="{escape(classes)}" data-id="{escape(box.node_id)}" '
        f'data-title="{escape(box.title)}"><title>{escape(box.title)}</title>'
        f'<rect x="{box.x}" y="{box.y:.1f}" width="{box.w}" height="{box.h:.1f}" rx="6"/>'
        f"{spans}</g>"
    )


# Small helpers -----------------------------------------------------------------------------


def _by_title(refs: Iterable[Ref]) -> list[Ref]:
    return sorted(refs, key=lambda r: (r.title, r.id))


def _unique(refs: Iterable[Ref]) -> list[Ref]:
    """Distinct refs by id (weights differ per edge, so they are dropped), sorted by title."""
    seen: dict[str, Ref] = {}
    for ref in refs:
        seen.setdefault(ref.id, Ref(ref.id, ref.title))
    return _by_title(seen.values())


def _total_weight(scores: Iterable[Ref]) -> float:
    """Summed in title order: the same float whatever order the source listed them in."""
    return sum(s.weight or 0.0 for s in _by_title(scores))


def _number(value: float | None) -> str:
    return "" if value is None else f"{value:g}"


def _text(value: str | None) -> str:
    return "" if value is None else escape(value)


def _titles(refs: Iterable[Ref]) -> str:
    return escape(", ".join(r.title for r in _by_title(refs)))


def _weighted_titles(refs: Iterable[Ref]) -> str:
    return escape(", ".join(f"{r.title} ({_number(r.weight)})" for r in _by_title(refs)))
