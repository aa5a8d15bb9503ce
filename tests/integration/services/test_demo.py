"""The demo graph on the real Neo4j tells the worked example, and loads idempotently."""

from neo4j import AsyncDriver

from upg.graph.repository import Neo4jRepository
from upg.model.audit import MilestoneClass
from upg.services import audits, demo


async def snapshot(driver: AsyncDriver) -> tuple[int, int, list[object]]:
    records, _, _ = await driver.execute_query(
        "MATCH (n:UpgNode) RETURN n.id AS id, properties(n) AS props ORDER BY id"
    )
    edges, _, _ = await driver.execute_query("MATCH ()-[r]->() RETURN count(r) AS n")
    return len(records), edges[0]["n"], [r.data() for r in records]


async def test_demo_load_is_idempotent(repo: Neo4jRepository, driver: AsyncDriver) -> None:
    assert await demo.load_demo(repo) == (len(demo.NODES), len(demo.EDGES))
    before = await snapshot(driver)
    assert await demo.load_demo(repo) == (0, 0)
    assert await snapshot(driver) == before


async def test_demo_audits(repo: Neo4jRepository) -> None:
    await demo.load_demo(repo)
    vanity = await audits.vanity_milestones(repo)
    assert {v.milestone.title for v in vanity.items} == demo.VANITY_TITLES
    assert vanity.total == len(demo.VANITY_TITLES)

    docflow = await audits.vanity_milestones(repo, product_id=demo.DOCFLOW.id)
    assert {v.milestone.title for v in docflow.items} == {
        "Profile completed",
        "Watched the tutorial",
    }

    trial = await audits.health_score_audit(repo, demo.TRIAL_HEALTH.id)
    assert (trial.total_weight, trial.vanity_weight) == (7.0, 2.0)
    assert {m.title for m in trial.vanity_milestones} == {
        "Profile completed",
        "Watched the tutorial",
    }

    entries = await audits.milestone_audit(repo)
    assert {e.classification for e in entries} == set(MilestoneClass)
    board = next(e for e in entries if e.milestone.title == demo.BOARD.title)
    assert len(board.scores) == 2

    gaps = await audits.unmeasured_outcomes(repo)
    assert {o.title for o in gaps.items} == {demo.SELF_SERVE.title, demo.SECOND_DEPARTMENT.title}


async def test_cypher_classification_agrees_with_the_domain(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    """milestone_audit.cypher spells the classes out for Browser; the domain rule decides."""
    await demo.load_demo(repo)
    from upg.graph import cypher

    records, _, _ = await driver.execute_query(
        cypher.load("audit/milestone_audit"), productId=None, skip=0, limit=None
    )
    by_cypher = {r["milestone"]["id"]: r["classification"] for r in records}
    by_domain = {e.milestone.id: e.classification.value for e in await audits.milestone_audit(repo)}
    assert by_cypher == by_domain


async def test_deleting_the_only_outcome_makes_a_milestone_vanity(repo: Neo4jRepository) -> None:
    await demo.load_demo(repo)
    from upg.services import nodes

    await nodes.delete_node(repo, demo.TRIAL_CONVERTS.id)
    vanity = await audits.vanity_milestones(repo)
    assert demo.SECOND_EDITOR.title in {v.milestone.title for v in vanity.items}
