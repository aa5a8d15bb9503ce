"""The kept milestone class (`milestone_class`): every write keeps it, `db verify` finds drift.

The oracle is `upg.model.audit.classify` over the edges this test wrote (or reads back), never
the Cypher expression being tested.
"""

from __future__ import annotations

import asyncio
import re
from dataclasses import replace
from typing import Any

from click.testing import CliRunner, Result
from neo4j import AsyncDriver

from tests.contract.graph import CONTAINS, VALIDATES, make
from upg.cli.db import db
from upg.config import Settings
from upg.graph import cypher
from upg.graph.milestone_class import MilestoneClassRepository
from upg.graph.repository import Neo4jRepository
from upg.model.audit import MilestoneClass, classify
from upg.model.registry import node_type
from upg.services.demo import load_demo
from upg.services.generate import GraphSpec, generate, wipe
from upg.services.integrity import verify


async def kept_classes(driver: AsyncDriver) -> dict[str, str | None]:
    records, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone) RETURN m.id AS id, "
        # the label and the property must agree: a VanityMilestone label on a milestone of
        # another class (or missing on a VANITY one) reads as a kept class no rule gives
        "CASE WHEN m:VanityMilestone = (m.milestone_class = 'VANITY') THEN m.milestone_class "
        "ELSE 'LABEL DRIFT' END AS kept"
    )
    return {r["id"]: r["kept"] for r in records}


async def classes_from_edges(driver: AsyncDriver) -> dict[str, str]:
    """Each milestone's class by `classify` over its edges as read back."""
    records, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone) RETURN m.id AS id, "
        "COUNT { (m)<-[:CONTAINS]-() } AS feeds, COUNT { (m)-[:VALIDATES]->() } AS validates"
    )
    return {r["id"]: classify(r["feeds"] > 0, r["validates"] > 0).value for r in records}


async def test_each_write_keeps_the_class(repo: Neo4jRepository, driver: AsyncDriver) -> None:
    m = await make(repo, "SUCCESS_MILESTONE", "m")
    score = await make(repo, "CUSTOMER_HEALTH_SCORE", "s")
    outcome = await make(repo, "OUTCOME", "o")
    assert (await kept_classes(driver))[m.id] == MilestoneClass.ORPHAN
    await repo.link(CONTAINS, score.id, m.id, 2.0)
    assert (await kept_classes(driver))[m.id] == MilestoneClass.VANITY
    await repo.link(VALIDATES, m.id, outcome.id, None)
    assert (await kept_classes(driver))[m.id] == MilestoneClass.VALIDATED
    await repo.unlink(CONTAINS, score.id, m.id)
    assert (await kept_classes(driver))[m.id] == MilestoneClass.UNTRACKED
    await repo.link(CONTAINS, score.id, m.id, 1.0)
    assert await repo.delete_node(outcome.id)
    assert (await kept_classes(driver))[m.id] == MilestoneClass.VANITY
    assert await repo.delete_node(score.id)
    assert (await kept_classes(driver))[m.id] == MilestoneClass.ORPHAN


async def test_demo_and_generator_keep_the_class(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    await load_demo(repo)
    await generate(
        repo, GraphSpec(products=3, milestones=300, scores=6, outcomes=8, seed=7), batch_size=64
    )
    kept = await kept_classes(driver)
    assert len(kept) > 300
    assert kept == await classes_from_edges(driver)
    assert {MilestoneClass.VANITY.value, MilestoneClass.VALIDATED.value} <= set(kept.values())
    # Wiping scores, then outcomes, before milestones: the milestones lose those edges.
    for key in ("CUSTOMER_HEALTH_SCORE", "OUTCOME"):
        assert await repo.write_batch(node_type(key), None) > 0
        kept = await kept_classes(driver)
        assert kept == await classes_from_edges(driver)
    assert set(kept.values()) == {MilestoneClass.ORPHAN.value}
    assert await wipe(repo) > 0


async def test_verify_reports_and_repairs_drift(
    repo: Neo4jRepository, driver: AsyncDriver, settings: Settings
) -> None:
    await load_demo(repo)
    store = MilestoneClassRepository(driver, settings.neo4j_database)
    assert (await verify(store)).drift == ()
    records, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone) WITH m ORDER BY m.id LIMIT 3 "
        "SET m.milestone_class = null RETURN m.id AS id"
    )
    broken = sorted(r["id"] for r in records)
    report = await verify(store)
    assert report.drifted == 3 and report.repaired == 0
    assert all(group.kept is None for group in report.drift)
    assert sorted(i for group in report.drift for i in group.examples) == broken
    result = await _invoke(["verify"])
    assert result.exit_code == 1, result.output
    assert "3 drifted" in result.output and "unset ->" in result.output
    result = await _invoke(["verify", "--repair"])
    assert result.exit_code == 0, result.output
    assert "Repaired: 3 milestones" in result.output
    assert (await verify(store)).drift == ()
    assert await kept_classes(driver) == await classes_from_edges(driver)
    assert (await _invoke(["verify"])).output.strip() == "Milestone classes: no drift"


async def test_verify_finds_and_repairs_a_wrong_vanity_label(
    repo: Neo4jRepository, driver: AsyncDriver, settings: Settings
) -> None:
    await load_demo(repo)
    store = MilestoneClassRepository(driver, settings.neo4j_database)
    counted, _, _ = await driver.execute_query(
        "RETURN COUNT { (m:VanityMilestone) } AS labelled, "
        "COUNT { (m:SuccessMilestone {milestone_class: 'VANITY'}) } AS vanity"
    )
    assert counted[0]["labelled"] == counted[0]["vanity"] > 0
    lost, _, _ = await driver.execute_query(
        "MATCH (m:VanityMilestone) WITH m ORDER BY m.id LIMIT 1 "
        "REMOVE m:VanityMilestone RETURN m.id AS id"
    )
    extra, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone {milestone_class: 'VALIDATED'}) WITH m ORDER BY m.id LIMIT 1 "
        "SET m:VanityMilestone RETURN m.id AS id"
    )
    report = await verify(store)
    assert report.drifted == 2
    by_id = {i: group for group in report.drift for i in group.examples}
    assert by_id[lost[0]["id"]].kept is None
    assert by_id[lost[0]["id"]].expected is MilestoneClass.VANITY
    assert by_id[extra[0]["id"]].kept is MilestoneClass.VANITY
    assert by_id[extra[0]["id"]].expected is MilestoneClass.VALIDATED
    result = await _invoke(["verify", "--repair"])
    assert result.exit_code == 0, result.output
    assert "Repaired: 2 milestones" in result.output
    assert (await verify(store)).drift == ()
    assert await kept_classes(driver) == await classes_from_edges(driver)


async def _invoke(args: list[str]) -> Result:
    return await asyncio.to_thread(CliRunner().invoke, db, args)


RULE = re.compile(r"CASE\s+WHEN EXISTS.*?END", re.DOTALL)


def test_every_statement_states_the_rule_identically() -> None:
    """The class rule is written once per statement that needs it, and always the same."""
    names = [
        "queries/milestone_class_refresh",
        "queries/milestone_class_drift",
        "queries/milestone_class_drifted",
        "schema/007_milestone_class",
    ]
    rules = {name: " ".join(RULE.findall(cypher.load(name))[0].split()) for name in names}
    assert len(set(rules.values())) == 1, rules
    for label, cls in (("<-[:CONTAINS]-", "VANITY"), ("-[:VALIDATES]->", "UNTRACKED")):
        assert label in rules[names[0]] and f"'{cls}'" in rules[names[0]]


# Writing statements and why each keeps the class: the repository runs the refresh after each
# in the same transaction (test_each_write_keeps_the_class and the property test prove it).
KEEPS_CLASS = {
    "queries/edge_merge": "link, ensure_graph",
    "queries/edge_delete": "unlink",
    "queries/node_create": "create (a milestone starts ORPHAN)",
    "queries/node_ensure": "ensure_graph (the demo)",
    "queries/node_delete": "delete (returns the milestones that lost an edge)",
    "queries/generate_nodes": "sets ORPHAN on a new milestone (it has no edges yet)",
    "queries/generate_edges": "write_batch",
    "queries/generate_milestones": "sets the class of the row's own edges (a new milestone's all)",
    "queries/generate_wipe": "write_batch(rows=None)",
    "queries/node_update": "cannot change a class: it sets properties, never edges",
}
WRITES = re.compile(r"\b(MERGE|CREATE|DELETE|SET)\b")


def test_every_writing_statement_is_known_to_keep_the_class() -> None:
    """A new writing statement fails here until its effect on the kept class is decided."""
    writing = {
        name
        for name in cypher.names("queries")
        if WRITES.search(cypher.load(name)) and not name.startswith("queries/milestone_class")
    }
    assert writing == set(KEEPS_CLASS)
    source = (cypher.cypher_root().parent / "src/upg/graph/repository.py").read_text()
    assert source.count("await refresh_classes(tx,") >= 6


async def _page_db_hits(driver: AsyncDriver) -> tuple[int, int]:
    """(db hits, total) of the whole vanity audit's first page of 20, by PROFILE."""
    async with driver.session() as session:
        result = await session.run(
            f"PROFILE {cypher.load('audit/vanity_milestones')}",
            productId=None,
            healthScoreId=None,
            tag=None,
            skip=0,
            limit=20,
        )
        total = int((await result.single(strict=True))["total"])
        summary = await result.consume()
    assert summary.profile is not None

    def hits(plan: dict[str, Any]) -> int:
        return int(plan.get("dbHits", 0)) + sum(hits(child) for child in plan.get("children", []))

    return hits(summary.profile), total


async def test_a_vanity_page_costs_the_page_not_the_vanity_milestones(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    """The total comes from the label's kept count: ten times the vanity milestones, the same
    db hits (a scan of the class index would add one per vanity milestone)."""
    spec = GraphSpec(products=2, milestones=400, scores=4, outcomes=4, seed=3)
    await generate(repo, spec, batch_size=500)
    small, small_total = await _page_db_hits(driver)
    await wipe(repo)
    await generate(repo, replace(spec, milestones=4000), batch_size=2000)
    large, large_total = await _page_db_hits(driver)
    assert large_total > 5 * small_total > 0
    assert large_total == len(
        [c for c in (await kept_classes(driver)).values() if c == MilestoneClass.VANITY]
    )
    assert large < small * 1.5, (small, large)
