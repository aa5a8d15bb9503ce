"""The real repository beyond the shared contract (tests/contract/): constraints, the
lifecycle through the services, concurrent transitions, round trips."""

import asyncio

import pytest
from neo4j import AsyncDriver

from upg.errors import Conflict
from upg.graph.cypher import round_trips
from upg.graph.repository import Neo4jRepository
from upg.services import nodes


async def test_constraints_and_indexes_exist(driver: AsyncDriver) -> None:
    records, _, _ = await driver.execute_query(
        "SHOW CONSTRAINTS YIELD labelsOrTypes, properties, type"
    )
    unique = {
        (r["labelsOrTypes"][0], r["properties"][0]) for r in records if r["type"] == "UNIQUENESS"
    }
    assert ("UpgNode", "id") in unique
    # One id index for every upg node (005 dropped the per-label ones it duplicated).
    for label in ("Product", "Outcome", "CustomerHealthScore", "SuccessMilestone"):
        assert (label, "id") not in unique
    records, _, _ = await driver.execute_query(
        "SHOW INDEXES YIELD labelsOrTypes, properties, type WHERE type <> 'FULLTEXT' "
        "RETURN labelsOrTypes, properties"
    )
    indexed = {(r["labelsOrTypes"][0], r["properties"][0]) for r in records if r["labelsOrTypes"]}
    assert ("UpgNode", "type") in indexed
    assert ("SuccessMilestone", "milestone_class") in indexed
    # 009 dropped the indexes no read uses (each cost every write an index entry).
    for prop in ("status", "tags", "title"):
        assert ("UpgNode", prop) not in indexed
    for prop in ("milestone_type", "achieved"):
        assert ("SuccessMilestone", prop) not in indexed


async def test_lifecycle_transitions_against_the_graph(repo: Neo4jRepository) -> None:
    m = await nodes.create_node(
        repo, "SUCCESS_MILESTONE", {"title": "m", "target_date": "2026-03-31"}
    )
    assert (m.status, m.achieved) == ("todo", False)
    done = await nodes.transition_milestone(repo, m.id, "done")
    assert (done.status, done.achieved) == ("done", True)
    with pytest.raises(Conflict):
        await nodes.transition_milestone(repo, m.id, "cancelled")
    stored = await nodes.get_node(repo, m.id)
    assert (stored.status, stored.achieved) == ("done", True)
    assert stored.target_date is not None and stored.target_date.isoformat() == "2026-03-31"


async def test_concurrent_transitions_do_not_both_win(repo: Neo4jRepository) -> None:
    m = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "m"})
    results = await asyncio.gather(
        nodes.transition_milestone(repo, m.id, "done"),
        nodes.transition_milestone(repo, m.id, "cancelled"),
        return_exceptions=True,
    )
    final = await nodes.get_node(repo, m.id)
    winners = [r for r in results if not isinstance(r, BaseException)]
    assert winners
    assert final.status in {"done", "cancelled"}
    assert final.achieved is (final.status == "done")


async def test_neighbours_are_batched_in_one_round_trip(repo: Neo4jRepository) -> None:
    product = await nodes.create_node(repo, "PRODUCT", {"title": "p"})
    other = await nodes.create_node(repo, "PRODUCT", {"title": "q"})
    for i in range(3):
        m = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": f"m{i}"})
        await nodes.link(repo, product.id, m.id, "CELEBRATES_VIA")
    counter = [0]
    token = round_trips.set(counter)
    try:
        pages = await nodes.neighbours(repo, [product.id, other.id], "CELEBRATES_VIA", True, 2)
    finally:
        round_trips.reset(token)
    assert counter == [1]
    assert pages[product.id].total == 3
    assert [link.node.title for link in pages[product.id].items] == ["m0", "m1"]
    assert pages[other.id].total == 0
