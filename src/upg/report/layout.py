"""Where things stand in a product's picture: plain functions from audit entries to positions.

Three columns: the product, the milestones it celebrates, and on the right the outcomes those
milestones validate above the health scores that count them. Text is wrapped here, with an
average character width, so the page needs no script to lay itself out. The template
`product.svg.jinja` draws what these functions place.
"""

from __future__ import annotations

import textwrap
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from upg.audit.display import by_title, number, unique
from upg.audit.snapshot import Verdicts
from upg.model.audit import MilestoneAuditEntry, MilestoneClass

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
TEXT_DX = 10
"""Text starts this far inside its box."""
BASELINE = PAD_Y + 11
"""From a box's top to its first line's baseline."""


@dataclass
class Box:
    """One node drawn as a rounded rectangle with its title on a line or two."""

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

    @property
    def text_x(self) -> float:
        return self.x + TEXT_DX

    @property
    def css(self) -> str:
        return " ".join([self.kind, *self.classes])

    def baseline(self, line: int) -> float:
        """The y of the `line`-th text line (the meta line comes after the title's lines)."""
        return self.y + BASELINE + line * LINE


@dataclass(frozen=True)
class Edge:
    """A curve from (x1, y1) to (x2, y2), leaving and arriving horizontally."""

    x1: float
    y1: float
    x2: float
    y2: float
    classes: str

    @property
    def path(self) -> str:
        mid = (self.x1 + self.x2) / 2
        return (
            f"M{self.x1:.1f},{self.y1:.1f} C{mid:.1f},{self.y1:.1f} "
            f"{mid:.1f},{self.y2:.1f} {self.x2:.1f},{self.y2:.1f}"
        )


@dataclass(frozen=True)
class Label:
    """A short text at a point: a weight on a CONTAINS curve, or a column's caption."""

    x: float
    y: float
    text: str
    kind: str = "weight"


@dataclass(frozen=True)
class Picture:
    """One product's picture, every position computed."""

    marker: str
    """The arrow head's id, unique on the page."""
    label: str
    width: float
    height: float
    captions: tuple[Label, ...]
    edges: tuple[Edge, ...]
    boxes: tuple[Box, ...]
    weights: tuple[Label, ...]


def wrap(text: str, width_px: float, max_lines: int = MAX_LINES) -> list[str]:
    """Break a title into at most `max_lines` lines that fit `width_px` (ellipsis past that)."""
    chars = max(8, int(width_px / CHAR_PX))
    lines = textwrap.wrap(text, chars, break_long_words=True) or [""]
    if len(lines) > max_lines:
        kept = lines[:max_lines]
        kept[-1] = kept[-1][: max(1, chars - 1)].rstrip() + "…"
        return kept
    return lines


def _stack(boxes: Iterable[Box], top: float) -> float:
    """Place boxes one under another from `top`; returns the y below the last one."""
    y = top
    for box in boxes:
        box.y = y
        y += box.h + GAP
    return y


def _milestone_box(entry: MilestoneAuditEntry) -> Box:
    node = entry.milestone
    vanity = entry.classification is MilestoneClass.VANITY
    meta = (entry.classification.value, node.milestone_type, node.status)
    return Box(
        "milestone",
        node.id,
        node.title,
        MILESTONE_X,
        0,
        MILESTONE_W,
        wrap(node.title, MILESTONE_W - 20),
        " · ".join(part for part in meta if part),
        [entry.classification.value] + (["vanity"] if vanity else []),
    )


def _right_box(kind: str, node_id: str, title: str) -> Box:
    return Box(kind, node_id, title, RIGHT_X, 0, RIGHT_W, wrap(title, RIGHT_W - 20))


def product_picture(
    index: int,
    title: str,
    product_id: str | None,
    entries: Sequence[MilestoneAuditEntry],
    verdicts: Verdicts | None = None,
) -> Picture:
    """One product's picture: product | milestones | outcomes and scores."""
    milestones = [_milestone_box(e) for e in entries]
    outcomes = [
        _right_box("outcome", r.id, r.title) for r in unique(o for e in entries for o in e.outcomes)
    ]
    scores = [
        _right_box("score", r.id, r.title) for r in unique(s for e in entries for s in e.scores)
    ]
    bottom_mid = _stack(milestones, TOP)
    scores_caption_y = _stack(outcomes, TOP) + (8 if outcomes else 22)
    bottom_right = _stack(scores, scores_caption_y + 12)
    product = Box(
        "product", product_id or "", title, PRODUCT_X, 0, PRODUCT_W, wrap(title, PRODUCT_W - 20, 3)
    )
    content_bottom = max(bottom_mid, bottom_right, TOP + product.h + GAP)
    product.y = TOP + (content_bottom - GAP - TOP - product.h) / 2 if milestones else TOP

    edges, weights = _connections(
        product if product_id else None, entries, milestones, outcomes, scores, verdicts or {}
    )
    captions = [
        Label(PRODUCT_X, TOP - 14, "Product", "caption"),
        Label(MILESTONE_X, TOP - 14, "Milestones", "caption"),
        Label(RIGHT_X, TOP - 14, "Outcomes validated", "caption"),
    ]
    if not outcomes:
        captions.append(
            Label(RIGHT_X, TOP + 12, "none: no milestone here validates an outcome", "meta")
        )
    captions.append(Label(RIGHT_X, scores_caption_y, "Health scores", "caption"))
    if not scores:
        captions.append(Label(RIGHT_X, scores_caption_y + 18, "none", "meta"))
    return Picture(
        marker=f"arrow-{index}",
        label=f"{title}: {len(entries)} milestones",
        width=WIDTH,
        height=content_bottom + 8,
        captions=tuple(captions),
        edges=tuple(edges),
        boxes=tuple(([product] if product_id else []) + milestones + outcomes + scores),
        weights=tuple(weights),
    )


def _connections(
    product: Box | None,
    entries: Sequence[MilestoneAuditEntry],
    milestones: Sequence[Box],
    outcomes: Sequence[Box],
    scores: Sequence[Box],
    verdicts: Verdicts,
) -> tuple[list[Edge], list[Label]]:
    """The curves between placed boxes, and the weight halfway along each CONTAINS curve."""
    outcome_at = {box.node_id: box for box in outcomes}
    score_at = {box.node_id: box for box in scores}
    edges: list[Edge] = []
    weights: list[Label] = []
    for e, m in zip(entries, milestones, strict=True):
        if product is not None:
            edges.append(Edge(product.right, product.cy, m.x, m.cy, "celebrates"))
        for o in by_title(e.outcomes):
            stored = verdicts.get((e.milestone.id, o.id))
            verdict = f" {stored.evidence.verdict.value}" if stored else ""
            box = outcome_at[o.id]
            edges.append(Edge(m.right, m.cy, box.x, box.cy, f"validates{verdict}"))
        vanity = " vanity" if e.classification is MilestoneClass.VANITY else ""
        for s in by_title(e.scores):
            box = score_at[s.id]
            edges.append(Edge(box.x, box.cy, m.right, m.cy, f"contains{vanity}"))
            weights.append(Label((box.x + m.right) / 2, (box.cy + m.cy) / 2 + 4, number(s.weight)))
    return edges, weights
