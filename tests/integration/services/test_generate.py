"""A small generated graph on the real Neo4j has the planned counts, classes and weights."""

from __future__ import annotations

from collections import Counter

from neo4j import AsyncDriver

from upg.config import Settings
from upg.graph.repository import Neo4jRepository
from upg.model.audit import MilestoneClass
from upg.model.registry import EdgeType, NodeType
from upg.services import audits
from upg.services import generate as gen

SPEC = gen.GraphSpec(products=12, milestones=600, scores=15, outcomes=10, seed=42)


def planned() -> tuple[Counter[str], Counter[str]]:
    nodes: Counter[str] = Counter()
    edges: Counter[str] = Counter()
    for chunk in gen.plan(SPEC):
        for batch in chunk.nodes:
            assert isinstance(batch.kind, NodeType)
            nodes[batch.kind.label] += len(batch.rows)
        for batch in chunk.edges:
            assert isinstance(batch.kind, EdgeType)
            edges[batch.kind.type] += len(batch.rows)
    return nodes, edges


async def test_generated_graph_matches_the_plan(driver: AsyncDriver, settings: Settings) -> None:
    repo = Neo4jRepository(driver, settings.neo4j_database)
    report = await gen.generate(repo, SPEC, batch_size=250)
    nodes, edges = planned()
    assert report.nodes == sum(nodes.values()) == SPEC.nodes
    assert report.edges == dict(edges)

    records, _, _ = await driver.execute_query(
        "MATCH (n:UpgNode) RETURN [l IN labels(n) WHERE l <> 'UpgNode'][0] AS label, count(*) AS n"
    )
    assert {r["label"]: r["n"] for r in records} == dict(nodes)
    records, _, _ = await driver.execute_query(
        "MATCH ()-[r]->() RETURN type(r) AS t, count(*) AS n"
    )
    assert {r["t"]: r["n"] for r in records} == dict(edges)
    records, _, _ = await driver.execute_query(
        "MATCH ()-[r:CONTAINS]->() RETURN min(r.weight) AS lo, count(r.weight) AS n"
    )
    assert records[0]["lo"] > 0 and records[0]["n"] == edges["CONTAINS"]

    entries = await audits.milestone_audit(repo)
    found = Counter(e.classification for e in entries)
    assert set(found) == set(MilestoneClass) and found.total() == SPEC.milestones
    vanity = await audits.vanity_milestones(repo, first=20)
    assert vanity.total == found[MilestoneClass.VANITY]
    # Nodes read back as the model reads them (the whole audit leaves timestamps out):
    # dates, flags and timestamps in place.
    entries = list((await repo.milestone_audit(None)).items)
    done = [e.milestone for e in entries if e.milestone.status == "done"]
    assert done and all(m.achieved and m.created_at is not None for m in done)
    assert any(e.milestone.target_date is not None for e in entries)


async def test_generating_twice_writes_nothing_and_wipe_empties(
    driver: AsyncDriver, settings: Settings
) -> None:
    repo = Neo4jRepository(driver, settings.neo4j_database)
    small = gen.GraphSpec(products=3, milestones=40, scores=3, outcomes=3, seed=1)
    first = await gen.generate(repo, small)
    again = await gen.generate(repo, small)
    assert first.entities > small.nodes
    assert (again.nodes, again.edges) == (0, {})
    assert await gen.wipe(repo) == small.nodes
    records, _, _ = await driver.execute_query("MATCH (n:UpgNode) RETURN count(n) AS n")
    assert records[0]["n"] == 0
