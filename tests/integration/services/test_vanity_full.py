"""The streamed full vanity audit (audit/vanity_full): the definition's rows, a chunk at a time."""

from __future__ import annotations

import tracemalloc

import pytest

from upg.graph import audit_reads
from upg.graph.repository import Neo4jRepository
from upg.model.audit import Ref
from upg.model.query import NodeFilter
from upg.model.registry import edge_type, node_type
from upg.services import audits
from upg.services.generate import GraphSpec, generate

SPEC = GraphSpec(products=6, milestones=400, scores=10, outcomes=5, seed=11)


async def _definition(repo: Neo4jRepository) -> list[tuple[str, list[Ref], list[Ref]]]:
    """Vanity by definition, read from the edges: a score contains it, it validates nothing."""
    kind = node_type("SUCCESS_MILESTONE")
    milestones = (await repo.list_nodes(kind, NodeFilter(), [], 0, None)).items
    ids = [m.id for m in milestones]
    facts = await repo.milestone_facts(ids)
    products = await repo.neighbours(ids, edge_type("CELEBRATES_VIA"), False, 0, None)
    scores = await repo.neighbours(ids, edge_type("CONTAINS"), False, 0, None)
    rows = []
    for m in sorted(milestones, key=lambda n: (n.title, n.id)):
        feeds, validates = facts[m.id]
        if feeds and not validates:
            ps = [Ref(x.node.id, x.node.title) for x in products[m.id].items]
            ss = [Ref(x.node.id, x.node.title, x.weight) for x in scores[m.id].items]
            rows.append((m.id, sorted(ps, key=lambda r: (r.title, r.id)), sorted(ss, key=_ref_key)))
    return rows


def _ref_key(ref: Ref) -> tuple[str, str]:
    return ref.title, ref.id


async def test_full_vanity_rows_equal_the_definition(repo: Neo4jRepository) -> None:
    await generate(repo, SPEC)
    expected = await _definition(repo)
    got = [
        (v.milestone.id, list(v.products), list(v.scores)) async for v in audits.vanity_full(repo)
    ]
    assert len(got) > 10
    assert got == expected
    # The scopes filter the same rows.
    score_id = expected[0][2][0].id
    scoped = [v.milestone.id async for v in audits.vanity_full(repo, health_score_id=score_id)]
    assert scoped == [mid for mid, _, ss in expected if any(s.id == score_id for s in ss)]


async def test_streaming_the_full_audit_keeps_memory_flat(
    repo: Neo4jRepository, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(audit_reads, "VANITY_CHUNK", 20)  # 400 milestones: several chunks
    await generate(repo, SPEC)
    count = 0
    tracemalloc.start()
    try:
        async for _ in audits.vanity_full(repo):
            count += 1
        _, streamed_peak = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        held = [v async for v in audits.vanity_full(repo)]
        _, held_peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    assert count == len(held) > 10
    # Holding every row costs more than streaming them (one chunk at a time).
    assert streamed_peak < held_peak
