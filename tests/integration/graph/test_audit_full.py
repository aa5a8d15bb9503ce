"""The whole milestone and health-score audits read chunk by chunk (audit/milestone_full,
audit/score_full): the same entries as the one-statement page read of everything, in title
order, also when chunks end inside runs of equal titles and the four classes interleave."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.graph import CELEBRATES, CONTAINS, VALIDATES, link, make
from upg.graph import audit_reads
from upg.graph.repository import Neo4jRepository
from upg.model.audit import MilestoneAuditEntry, Ref, ScoreAudit
from upg.model.nodes import Node

# Equal titles across classes, accents, and characters beyond the Basic Multilingual Plane
# (ordered by code point in Python and in Neo4j alike, or the merge would misplace them).
TITLES = ["Same", "Same", "Same", "Alpha", "Émile", "zeta", "\U0001f600 smile", "\uff5e wave"]


def _refs(refs: tuple[Ref, ...]) -> list[tuple[str, str, float | None]]:
    return sorted((r.id, r.title, r.weight) for r in refs)


def _entry(e: MilestoneAuditEntry) -> tuple[Any, ...]:
    m = e.milestone
    fields = (m.id, m.type, m.title, m.status, m.description, m.tags, m.milestone_type)
    return (*fields, m.achieved, m.target_date, e.classification,
            _refs(e.products), _refs(e.scores), _refs(e.outcomes))  # fmt: skip


def _score(a: ScoreAudit) -> tuple[Any, ...]:
    s = a.score
    fields = (s.id, s.type, s.title, s.status, s.description, s.tags, s.window_days, s.play)
    return (*fields, a.total_weight, a.vanity_weight, _refs(a.vanity_milestones))


async def _graph(repo: Neo4jRepository) -> tuple[Node, Node]:
    """Every title in every class, over two products and three scores (two share a title)."""
    products = [await make(repo, "PRODUCT", title) for title in ("P one", "P two")]
    scores = [await make(repo, "CUSTOMER_HEALTH_SCORE", t) for t in ("Score", "Score", "Alpha")]
    outcome = await make(repo, "OUTCOME", "Renews")
    for index, title in enumerate(TITLES * 4):
        kind = index % 4  # 0 VALIDATED, 1 VANITY, 2 UNTRACKED, 3 ORPHAN
        milestone = await make(repo, "SUCCESS_MILESTONE", title, target_date="2027-01-31")
        await link(repo, CELEBRATES, products[index // 4 % 2], milestone)
        if kind < 2:
            for score in scores[: 1 + index % 3]:
                await link(repo, CONTAINS, score, milestone, float(index + 1))
        if kind in (0, 2):
            await link(repo, VALIDATES, milestone, outcome)
    return products[0], scores[0]


async def test_the_whole_milestone_audit_is_the_page_read_of_everything(
    repo: Neo4jRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_reads, "MILESTONE_CHUNK", 2)
    product, _ = await _graph(repo)

    for scope in (None, product.id):
        whole = [e async for e in repo.milestone_full(scope)]
        paged = (await repo.milestone_audit(scope)).items
        assert [_entry(e) for e in whole] == [_entry(e) for e in paged]
        assert [(e.milestone.title, e.milestone.id) for e in whole] == sorted(
            (e.milestone.title, e.milestone.id) for e in paged
        )
        assert len(whole) == (32 if scope is None else 16)
        assert {e.classification.value for e in whole} == {
            "VALIDATED", "VANITY", "UNTRACKED", "ORPHAN"
        }  # fmt: skip


async def test_the_whole_score_audit_is_the_page_read_of_everything(
    repo: Neo4jRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_reads, "SCORE_CHUNK", 1)
    await _graph(repo)
    await make(repo, "CUSTOMER_HEALTH_SCORE", "Score")  # empty: share 0, no vanity

    whole = [a async for a in repo.score_audits_full()]
    paged = (await repo.health_score_audits(None)).items
    assert [_score(a) for a in whole] == [_score(a) for a in paged]
    assert len(whole) == 4
    assert [a.vanity_total for a in whole] == [len(a.vanity_milestones) for a in paged]
    assert any(a.vanity_share > 0 for a in whole)
    for audit in whole:
        ordered = [(m.title, m.id) for m in audit.vanity_milestones]
        assert ordered == sorted(ordered)
