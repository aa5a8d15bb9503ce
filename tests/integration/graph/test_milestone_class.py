"""The kept milestone class (`milestone_class`): every write keeps it, `db verify` finds drift.

The oracle is `upg.model.audit.classify` over the edges this test wrote (or reads back), never
the Cypher expression being tested.
"""

from __future__ import annotations

import asyncio
import re

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
        "MATCH (m:SuccessMilestone) RETURN m.id AS id, m.milestone_class AS kept"
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
