"""The audits' reads (statements in `cypher/audit/`): transaction functions and row readers for
the repository, each returning the domain's audit values."""

from __future__ import annotations

import gc
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from functools import partial
from typing import Any, Generic, TypeVar

from neo4j import AsyncManagedTransaction

from upg.graph.cypher import run
from upg.graph.records import to_node, to_ref
from upg.graph.sorted_merge import merge_chunks
from upg.model.audit import (
    MilestoneAuditEntry,
    MilestoneClass,
    Ref,
    ScoreAudit,
    VanityMilestone,
)
from upg.model.nodes import Node
from upg.model.query import Page

T = TypeVar("T")

VANITY_CHUNK = 5000
"""Vanity milestones per read of the whole audit (audit/vanity_full): one decoded row each."""

MILESTONE_CHUNK = 5000
"""Milestones of one class per read of the whole milestone audit (audit/milestone_full)."""

SCORE_CHUNK = 200
"""Health scores per read of the whole score audit (audit/score_full)."""


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


Transact = Callable[[Callable[[AsyncManagedTransaction], Awaitable[Any]]], Awaitable[Any]]
"""How the repository runs a transaction function (its managed read, retried when transient)."""


async def vanity_full(read: Transact, scope: VanityScope) -> AsyncIterator[VanityMilestone]:
    """Every vanity milestone in the scope, in (title, id) order, a chunk per read transaction
    (audit/vanity_full): memory holds one chunk, and a chunk that fails is read again from
    where the last one stopped."""
    statement = Chunked("audit/vanity_full", "milestones", _vanity_listed, scope.params())
    async for chunk in keyset_chunks(read, statement, VANITY_CHUNK, _milestone_key):
        for item in chunk:
            yield item


async def milestone_full(
    read: Transact, product_id: str | None
) -> AsyncIterator[MilestoneAuditEntry]:
    """Every milestone (of one product, if given) with its class, in (title, id) order: each
    class read a chunk per transaction (audit/milestone_full), the four streams merged."""
    classes = [
        keyset_chunks(
            read,
            Chunked(
                "audit/milestone_full",
                "milestones",
                partial(_entry_listed, c),
                {"milestoneClass": c.value, "productId": product_id},
            ),
            MILESTONE_CHUNK,
            _milestone_key,
        )
        for c in MilestoneClass
    ]
    async for entry in merge_chunks(classes, _milestone_key):
        yield entry


async def score_full(read: Transact) -> AsyncIterator[ScoreAudit]:
    """Every health score's audit in (title, id) order, a chunk of scores per read transaction
    (audit/score_full)."""
    statement = Chunked("audit/score_full", "scores", _score_listed, {})
    async for chunk in keyset_chunks(read, statement, SCORE_CHUNK, _score_key):
        for audit in chunk:
            yield audit


@dataclass(frozen=True)
class Chunked(Generic[T]):
    """A keyset statement of cypher/audit/*_full: its name, the returned list's key, how one
    listed item becomes a value, and its parameters besides afterTitle, afterId and chunk."""

    name: str
    key: str
    build: Callable[[Sequence[Any]], T]
    params: Mapping[str, Any]

    async def read(self, tx: AsyncManagedTransaction, after: tuple[str, str], size: int) -> list[T]:
        """Up to `size` items after (title, id), built with the cyclic collector paused."""
        [row] = await run(
            tx, self.name, **self.params, afterTitle=after[0], afterId=after[1], chunk=size
        )
        with gc_paused():
            return list(map(self.build, row[self.key]))


async def keyset_chunks(
    read: Transact, statement: Chunked[T], size: int, last: Callable[[T], tuple[str, str]]
) -> AsyncIterator[list[T]]:
    """Keyset reads of `statement`: from the start, then from the last item of each full
    chunk, one transaction each, until a chunk comes back short."""
    after = ("", "")
    while True:
        found: list[T] = await read(partial(statement.read, after=after, size=size))
        yield found
        if len(found) < size:
            return
        after = last(found[-1])


def _milestone_key(item: VanityMilestone | MilestoneAuditEntry) -> tuple[str, str]:
    return (item.milestone.title, item.milestone.id)


def _score_key(audit: ScoreAudit) -> tuple[str, str]:
    return (audit.score.title, audit.score.id)


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
        _listed_node(_FULL_FIELDS, fields),
        tuple(Ref(p[0], p[1]) for p in products),
        tuple(Ref(s[0], s[1], None if s[2] is None else float(s[2])) for s in scores),
    )


_SCORE_FIELDS = ("id", "type", "title", "status", "description", "tags", "window_days", "play")
"""The score fields audit/score_full lists, in its order."""


def _listed_node(names: Sequence[str], values: Sequence[Any]) -> Node:
    return to_node(dict(zip(names, values, strict=True)))


def _entry_listed(milestone_class: MilestoneClass, item: Sequence[Any]) -> MilestoneAuditEntry:
    """An audit/milestone_full item: [fields, products, scores, outcomes] as lists."""
    fields, products, scores, outcomes = item
    return MilestoneAuditEntry(
        _listed_node(_FULL_FIELDS, fields),
        milestone_class,
        _refs(products),
        _weighted_refs(scores),
        _refs(outcomes),
    )


def _score_listed(item: Sequence[Any]) -> ScoreAudit:
    """An audit/score_full item: [fields, totalWeight, vanityWeight, [[id, title, weight]...]]."""
    fields, total, vanity, milestones = item
    refs = _weighted_refs(milestones)
    return ScoreAudit(
        _listed_node(_SCORE_FIELDS, fields),
        float(total),
        float(vanity),
        tuple(sorted(refs, key=lambda r: (r.title, r.id))),
        len(refs),
    )


def _refs(items: Sequence[Sequence[Any]]) -> tuple[Ref, ...]:
    """[[id, title]...] as refs, in title order."""
    return tuple(sorted((Ref(i[0], i[1]) for i in items), key=lambda r: (r.title, r.id)))


def _weighted_refs(items: Sequence[Sequence[Any]]) -> tuple[Ref, ...]:
    """[[id, title, weight]...] as weighted refs, in title order."""
    refs = (Ref(i[0], i[1], None if i[2] is None else float(i[2])) for i in items)
    return tuple(sorted(refs, key=lambda r: (r.title, r.id)))


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
