"""The audits' reads (statements in `cypher/audit/`): transaction functions and row readers for
the repository, each returning the domain's audit values."""

from __future__ import annotations

import gc
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from neo4j import AsyncManagedTransaction

from upg.graph.cypher import run
from upg.graph.records import to_node, to_ref
from upg.model.audit import (
    MilestoneAuditEntry,
    MilestoneClass,
    Ref,
    ScoreAudit,
    VanityMilestone,
)
from upg.model.query import Page

VANITY_CHUNK = 5000
"""Vanity milestones per read of the whole audit (audit/vanity_full): one decoded row each."""


@dataclass(frozen=True)
class VanityScope:
    """Which vanity milestones: one product's, one score's, one tag's (None: no such scope)."""

    product_id: str | None = None
    health_score_id: str | None = None
    tag: str | None = None

    def params(self) -> dict[str, Any]:
        return {
            "productId": self.product_id,
            "healthScoreId": self.health_score_id,
            "tag": self.tag,
        }


async def vanity_page(
    tx: AsyncManagedTransaction, scope: VanityScope, skip: int, limit: int
) -> Page[VanityMilestone]:
    """One page of the vanity audit, with the total (audit/vanity_milestones)."""
    rows = await run(tx, "audit/vanity_milestones", **scope.params(), skip=skip, limit=limit)
    return Page(tuple(map(_vanity, rows[0]["milestones"])), rows[0]["total"], skip)


async def vanity_chunk(
    tx: AsyncManagedTransaction, scope: VanityScope, after: tuple[str, str]
) -> list[VanityMilestone]:
    """Up to VANITY_CHUNK vanity milestones after (title, id) in title order (audit/vanity_full:
    a seek of the class index from there), built with the cyclic collector paused."""
    [row] = await run(
        tx,
        "audit/vanity_full",
        **scope.params(),
        afterTitle=after[0],
        afterId=after[1],
        chunk=VANITY_CHUNK,
    )
    with gc_paused():
        return list(map(_vanity_listed, row["milestones"]))


def score_audits(rows: Sequence[Mapping[str, Any]], skip: int) -> Page[ScoreAudit]:
    """audit/health_score_audit's rows as score audits."""
    audits = tuple(
        ScoreAudit(
            to_node(row["healthScore"]),
            float(row["totalWeight"]),
            float(row["vanityWeight"]),
            tuple(to_ref(m) for m in row["vanityMilestones"]),
            int(row["vanityCount"]),
        )
        for row in rows
        if row["healthScore"] is not None
    )
    return Page(audits, rows[0]["total"] if rows else 0, skip)


def milestone_entries(rows: Sequence[Mapping[str, Any]], skip: int) -> Page[MilestoneAuditEntry]:
    """audit/milestone_audit's rows as classified milestones."""
    entries = tuple(
        MilestoneAuditEntry(
            to_node(row["milestone"]),
            MilestoneClass(row["classification"]),
            tuple(to_ref(p) for p in row["products"]),
            tuple(to_ref(s) for s in row["scores"]),
            tuple(to_ref(o) for o in row["outcomes"]),
        )
        for row in rows
        if row["milestone"] is not None
    )
    return Page(entries, rows[0]["total"] if rows else 0, skip)


_FULL_FIELDS = (
    "id", "type", "title", "status", "description", "tags", "milestone_type", "achieved",
    "target_date",
)  # fmt: skip
"""The milestone fields audit/vanity_full lists, in its order."""


def _vanity_listed(item: Sequence[Any]) -> VanityMilestone:
    """An audit/vanity_full item: [milestone fields, [[id, title]...], [[id, title, weight]...]]."""
    fields, products, scores = item
    return VanityMilestone(
        to_node(dict(zip(_FULL_FIELDS, fields, strict=True))),
        tuple(Ref(p[0], p[1]) for p in products),
        tuple(Ref(s[0], s[1], None if s[2] is None else float(s[2])) for s in scores),
    )


@contextmanager
def gc_paused() -> Iterator[None]:
    """Build a large result without CPython's cyclic collector: it walks every live object
    again and again while hundreds of thousands are made (6 of 15 s for the whole vanity audit
    at 1M milestones), and none of them forms a cycle; reference counting still frees them."""
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _vanity(item: Mapping[str, Any]) -> VanityMilestone:
    """A vanity audit row: `{milestone, products, scores}`."""
    return VanityMilestone(
        to_node(item["milestone"]),
        tuple(to_ref(p) for p in item["products"]),
        tuple(to_ref(s) for s in item["scores"]),
    )
