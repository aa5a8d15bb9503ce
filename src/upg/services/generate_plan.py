"""The scale generator's planning half: a realistic random graph planned from a seed.

Planning is pure and deterministic: one `random.Random(seed)` is drawn from in a fixed order,
milestone by milestone, so the same spec and seed give the same graph (ids included) whatever
the batch size. Writing goes through `Repository.write_batch`: one transaction per batch, each
batch one UNWIND statement per node type / edge type.

The shape, so audits and list queries meet what a real company's graph looks like:
- products: sizes follow a Zipf law (a few big products, a long tail of small ones);
- health scores: owned by products in proportion to their size; a milestone that feeds a score
  goes into one of its product's scores (1 usually, 2 or 3 now and then), with a skewed weight;
- outcomes: validated with Zipf popularity (a few outcomes back many milestones, some none);
- every milestone class (VALIDATED, VANITY, UNTRACKED, ORPHAN) is present: the first four
  milestones take one class each, the rest are drawn by CLASS_SHARES.

Node properties are built directly for speed, in the exact shape `new_node_props` stores; the
first row of every node batch is checked against it (`check_props`), so the bulk path cannot
drift from the model.
"""

from __future__ import annotations

import bisect
import itertools
import random
import uuid
from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any

from upg.errors import Invalid
from upg.model.audit import MilestoneClass
from upg.model.nodes import MILESTONE_TYPES
from upg.model.registry import EdgeType, NodeType, edge_type, node_type

DEFAULT_BATCH = 10_000
"""Rows per write (and milestones per chunk): big enough to amortise a round trip and a
commit, small enough that two chunks in flight stay inside a 512 MB heap's transaction memory
(358 MiB): at 20,000 they did not (MemoryPoolOutOfMemoryError at 100k milestones on the local
server), for the same rate on a 2 GB heap (17.3k vs 16.8k entities/s at 100k)."""

PRODUCT_ZIPF = 1.1
"""Exponent of product sizes: the biggest product has about a fifth of all milestones."""

OUTCOME_ZIPF = 1.0
"""Exponent of outcome popularity among validating milestones."""

CLASS_SHARES: Mapping[MilestoneClass, float] = {
    MilestoneClass.VALIDATED: 0.45,
    MilestoneClass.VANITY: 0.25,
    MilestoneClass.UNTRACKED: 0.15,
    MilestoneClass.ORPHAN: 0.15,
}
"""How generated milestones divide between the audit classes (beyond the first four)."""

WEIGHTS: tuple[float, ...] = (0.5, 1.0, 1.0, 1.0, 1.5, 2.0, 2.0, 3.0, 5.0, 8.0)
"""CONTAINS weights drawn uniformly from here: mostly light, a few heavy signals."""

_SCORES_PER_MILESTONE = ((1, 0.80), (2, 0.17), (3, 0.03))
_OUTCOMES_PER_MILESTONE = ((1, 0.85), (2, 0.15))
_MILESTONE_STATUS = (("todo", 0.35), ("in_progress", 0.25), ("done", 0.35), ("cancelled", 0.05))

_PRODUCT_NAMES = (
    "Doc", "Pipe", "Lumen", "Ledger", "Pulse", "Atlas", "Beacon", "Cobalt", "Delta", "Echo",
    "Forge", "Harbor", "Iris", "Juno", "Kite", "Lattice", "Mosaic", "Nimbus", "Orbit", "Prism",
)  # fmt: skip
_PRODUCT_SUFFIXES = ("Flow", "Mail", "Analytics", "Desk", "Hub", "Sync", "Board", "Cloud", "Ops")
_MILESTONE_EVENTS = (
    "Second teammate edits a shared document", "First report shared", "Integration connected",
    "Profile completed", "Watched the tutorial", "First deal closed over email",
    "Dashboard shared with a stakeholder", "Results presented to the board",
    "Data warehouse connected", "Seats added", "Weekly report scheduled", "Custom theme applied",
    "First comment gets a reply", "Mailbox connected", "Templates created", "API key created",
    "Second department invited", "First workflow automated", "SSO configured", "Budget approved",
)  # fmt: skip
_OUTCOME_GOALS = (
    "Trial converts to paid", "Account renews", "Close customers without phone calls",
    "Weekly decisions made from data", "Onboarded without a call", "Second department adopts",
    "Time to first value under a week", "Board-level sponsor", "Support tickets halved",
    "Forecast within five percent",
)  # fmt: skip
_SCORE_KINDS = ("Trial health", "Adoption health", "Engagement", "Renewal readiness", "Expansion")
_TAGS = (
    "activation", "aha-moment", "collaboration", "onboarding", "integration", "habit",
    "expansion", "renewal", "cosmetic", "education", "customer-milestone", "engagement",
)  # fmt: skip
_EPOCH = date(2026, 1, 1)


@dataclass(frozen=True)
class GraphSpec:
    """How big a graph to generate, and the seed that fixes every random choice."""

    products: int
    milestones: int
    scores: int
    outcomes: int
    seed: int = 0

    def __post_init__(self) -> None:
        for name, least in (("products", 1), ("milestones", 4), ("scores", 1), ("outcomes", 1)):
            value = getattr(self, name)
            if value < least:
                raise Invalid(f"{name}: must be at least {least}, got {value}", field=name)

    @property
    def nodes(self) -> int:
        return self.products + self.milestones + self.scores + self.outcomes


@dataclass(frozen=True)
class Batch:
    """Rows of one node type or one edge type, written in one transaction."""

    kind: NodeType | EdgeType
    rows: list[dict[str, Any]]


@dataclass
class GenerateReport:
    spec: GraphSpec
    nodes: int = 0
    edges: dict[str, int] = field(default_factory=dict)
    seconds: float = 0.0

    @property
    def entities(self) -> int:
        return self.nodes + sum(self.edges.values())

    @property
    def rate(self) -> float:
        """Entities (nodes + edges) written per second."""
        return self.entities / self.seconds if self.seconds > 0 else 0.0


# --- planning (pure) -----------------------------------------------------------------------


def zipf_sizes(parts: int, total: int, exponent: float) -> list[int]:
    """Split `total` into `parts` sizes proportional to 1/rank**exponent (largest remainder).

    Every part gets at least one while total >= parts, so no product is empty by accident.
    """
    weights = [1.0 / (rank**exponent) for rank in range(1, parts + 1)]
    floor = 1 if total >= parts else 0
    spare = total - floor * parts
    scale = spare / sum(weights)
    exact = [w * scale for w in weights]
    sizes = [floor + int(x) for x in exact]
    by_remainder = sorted(range(parts), key=lambda i: (int(exact[i]) - exact[i], i))
    for i in by_remainder[: total - sum(sizes)]:
        sizes[i] += 1
    return sizes


def _new_id(rng: random.Random) -> str:
    return str(uuid.UUID(int=rng.getrandbits(128), version=4))


def _pick(rng: random.Random, table: Sequence[tuple[Any, float]]) -> Any:
    roll = rng.random()
    for value, share in table:
        roll -= share
        if roll < 0:
            return value
    return table[-1][0]


def _base(kind: NodeType, node_id: str, title: str, status: str) -> dict[str, Any]:
    return {"id": node_id, "type": kind.key, "title": title, "status": status, "tags": []}


class _Planner:
    """Draws the graph from one RNG in a fixed order (see the module docstring)."""

    def __init__(self, spec: GraphSpec) -> None:
        self.spec = spec
        self.rng = random.Random(spec.seed)
        self.product = node_type("PRODUCT")
        self.outcome = node_type("OUTCOME")
        self.score = node_type("CUSTOMER_HEALTH_SCORE")
        self.milestone = node_type("SUCCESS_MILESTONE")
        self.sizes = zipf_sizes(spec.products, spec.milestones, PRODUCT_ZIPF)
        outcome_weights = [1.0 / (r**OUTCOME_ZIPF) for r in range(1, spec.outcomes + 1)]
        self.outcome_cum = list(itertools.accumulate(outcome_weights))
        self.product_ids: list[str] = []
        self.product_titles: list[str] = []
        self.outcome_ids: list[str] = []
        self.score_ids: list[str] = []
        self.scores_of: list[list[int]] = [[] for _ in range(spec.products)]
        self.class_table = [(c, share) for c, share in CLASS_SHARES.items()]

    def products(self) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for i in range(self.spec.products):
            node_id = _new_id(rng)
            name = f"{rng.choice(_PRODUCT_NAMES)}{rng.choice(_PRODUCT_SUFFIXES)} {i + 1}"
            status = "active" if rng.random() < 0.9 else rng.choice(("planned", "sunset"))
            row = _base(self.product, node_id, name, status)
            row["description"] = f"Generated product with {self.sizes[i]} success milestones."
            self.product_ids.append(node_id)
            self.product_titles.append(name)
            rows.append(row)
        return rows

    def outcomes(self) -> list[dict[str, Any]]:
        rng = self.rng
        rows = []
        for i in range(self.spec.outcomes):
            node_id = _new_id(rng)
            title = f"{_OUTCOME_GOALS[i % len(_OUTCOME_GOALS)]} ({i + 1})"
            row = _base(self.outcome, node_id, title, "active")
            row["tags"] = [rng.choice(_TAGS)]
            self.outcome_ids.append(node_id)
            rows.append(row)
        return rows

    def scores(self) -> list[dict[str, Any]]:
        rng = self.rng
        cum_sizes = list(itertools.accumulate(self.sizes))
        rows = []
        for i in range(self.spec.scores):
            node_id = _new_id(rng)
            # The first scores go one to each of the biggest products, the rest by size.
            owner = i if i < self.spec.products and i < 5 else _draw(rng, cum_sizes)
            title = f"{rng.choice(_SCORE_KINDS)}: {self.product_titles[owner]} ({i + 1})"
            rows.append(_base(self.score, node_id, title, "active"))
            self.score_ids.append(node_id)
            self.scores_of[owner].append(i)
        return rows

    def draw_milestone(
        self, index: int, product: int
    ) -> tuple[dict[str, Any], list[tuple[int, float]], list[int]]:
        """One milestone's properties, the scores it feeds (with weights), its outcomes."""
        rng = self.rng
        if index < len(CLASS_SHARES):
            cls = list(MilestoneClass)[index]
        else:
            cls = _pick(rng, self.class_table)
        status = _pick(rng, _MILESTONE_STATUS)
        event = rng.choice(_MILESTONE_EVENTS)
        row = _base(self.milestone, _new_id(rng), f"{event} #{index + 1}", status)
        row["achieved"] = status == "done"
        row["milestone_type"] = rng.choice(MILESTONE_TYPES)
        if rng.random() < 0.7:
            row["target_date"] = _EPOCH + timedelta(days=rng.randrange(730))
        tag_count = rng.randrange(4)
        if tag_count:
            row["tags"] = rng.sample(_TAGS, tag_count)
        feeds = cls in (MilestoneClass.VALIDATED, MilestoneClass.VANITY)
        validates = cls in (MilestoneClass.VALIDATED, MilestoneClass.UNTRACKED)
        scores: list[tuple[int, float]] = []
        if feeds:
            wanted = min(_pick(rng, _SCORES_PER_MILESTONE), self.spec.scores)
            own = self.scores_of[product]
            chosen: list[int] = []
            while len(chosen) < wanted:
                pool = own if len(chosen) < len(own) else range(self.spec.scores)
                candidate = rng.choice(pool)
                if candidate not in chosen:
                    chosen.append(candidate)
            scores = [(s, rng.choice(WEIGHTS)) for s in chosen]
        outcomes: list[int] = []
        if validates:
            wanted = min(_pick(rng, _OUTCOMES_PER_MILESTONE), self.spec.outcomes)
            while len(outcomes) < wanted:
                candidate = _draw(rng, self.outcome_cum)
                if candidate not in outcomes:
                    outcomes.append(candidate)
        return row, scores, outcomes


def _draw(rng: random.Random, cumulative: list[float] | list[int]) -> int:
    """An index drawn with probability proportional to its weight (cumulative weights given)."""
    return bisect.bisect_right(cumulative, rng.random() * cumulative[-1])


@dataclass(frozen=True)
class Chunk:
    """Node batches, then the edge batches that hang from them (written after the nodes)."""

    nodes: tuple[Batch, ...]
    edges: tuple[Batch, ...]
    milestones_done: int
    """Milestones planned up to and including this chunk (for progress)."""


def _batches(kind: NodeType | EdgeType, rows: list[dict[str, Any]], size: int) -> list[Batch]:
    return [Batch(kind, rows[start : start + size]) for start in range(0, len(rows), size)]


def plan(spec: GraphSpec, batch_size: int = DEFAULT_BATCH) -> Iterator[Chunk]:
    """The graph as chunks: first products, outcomes and scores; then, per `batch_size`
    milestones, their nodes with their CELEBRATES_VIA, CONTAINS and VALIDATES edges.

    Endpoints always come in an earlier batch than the edges that need them. Memory stays
    bounded by one chunk, so a million milestones stream through.
    """
    if batch_size < 1:
        raise Invalid(f"batch_size: must be at least 1, got {batch_size}", field="batch_size")
    planner = _Planner(spec)
    celebrates, contains, validates = (
        edge_type("CELEBRATES_VIA"),
        edge_type("CONTAINS"),
        edge_type("VALIDATES"),
    )
    yield Chunk(
        (
            *_batches(planner.product, planner.products(), batch_size),
            *_batches(planner.outcome, planner.outcomes(), batch_size),
            *_batches(planner.score, planner.scores(), batch_size),
        ),
        (),
        0,
    )
    owners = (p for p, size in enumerate(planner.sizes) for _ in range(size))
    done = 0
    while done < spec.milestones:
        chunk = min(batch_size, spec.milestones - done)
        nodes: list[dict[str, Any]] = []
        celebrate_rows: list[dict[str, Any]] = []
        contain_rows: list[dict[str, Any]] = []
        validate_rows: list[dict[str, Any]] = []
        for index in range(done, done + chunk):
            product = next(owners)
            row, scores, outcomes = planner.draw_milestone(index, product)
            nodes.append(row)
            milestone_id = row["id"]
            celebrate_rows.append({"source": planner.product_ids[product], "target": milestone_id})
            for score, weight in scores:
                contain_rows.append(
                    {"source": planner.score_ids[score], "target": milestone_id, "weight": weight}
                )
            for outcome in outcomes:
                validate_rows.append(
                    {"source": milestone_id, "target": planner.outcome_ids[outcome]}
                )
        done += chunk
        yield Chunk(
            (Batch(planner.milestone, nodes),),
            (
                *_batches(celebrates, celebrate_rows, batch_size),
                *_batches(contains, contain_rows, batch_size),
                *_batches(validates, validate_rows, batch_size),
            ),
            done,
        )
