"""The repository against the real Neo4j: constraints, atomic writes, lifecycle, edges."""

import asyncio

import pytest
from neo4j import AsyncDriver

from upg.errors import Conflict, Invalid, NotFound
from upg.graph.cypher import round_trips
from upg.graph.repository import Neo4jRepository
from upg.services import nodes


async def count(driver: AsyncDriver, query: str) -> int:
    records, _, _ = await driver.execute_query(query)
    return int(records[0][0])


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
    records, _, _ = await driver.execute_query("SHOW INDEXES YIELD labelsOrTypes, properties")
    indexed = {(r["labelsOrTypes"][0], r["properties"][0]) for r in records if r["labelsOrTypes"]}
    for prop in ("type", "status", "tags", "title"):
        assert ("UpgNode", prop) in indexed
    assert ("SuccessMilestone", "milestone_type") in indexed


async def test_duplicate_id_is_a_conflict(repo: Neo4jRepository, driver: AsyncDriver) -> None:
    given = "6b0f8a52-7d3c-4e0e-9a51-1f1f1f1f1f1f"
    await nodes.create_node(repo, "PRODUCT", {"id": given, "title": "First"})
    with pytest.raises(Conflict) as caught:
        await nodes.create_node(repo, "OUTCOME", {"id": given, "title": "Second"})
    assert caught.value.field == "id"
    assert await count(driver, "MATCH (n:UpgNode) RETURN count(n)") == 1


async def test_wrong_endpoint_types_write_nothing(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    product = await nodes.create_node(repo, "PRODUCT", {"title": "DocFlow"})
    outcome = await nodes.create_node(repo, "OUTCOME", {"title": "Trial converts"})
    with pytest.raises(Invalid) as caught:
        await nodes.link(repo, product.id, outcome.id, "VALIDATES")
    assert caught.value.field == "fromId"
    assert "VALIDATES goes from SuccessMilestone to Outcome" in caught.value.message
    assert await count(driver, "MATCH ()-[r]->() RETURN count(r)") == 0


async def test_missing_endpoint_is_not_found(repo: Neo4jRepository) -> None:
    score = await nodes.create_node(repo, "CUSTOMER_HEALTH_SCORE", {"title": "Trial health"})
    with pytest.raises(NotFound) as caught:
        await nodes.link(repo, score.id, "00000000-0000-4000-8000-000000000000", "CONTAINS")
    assert caught.value.field == "toId"


async def test_link_twice_keeps_one_edge_and_updates_weight(
    repo: Neo4jRepository, driver: AsyncDriver
) -> None:
    score = await nodes.create_node(repo, "CUSTOMER_HEALTH_SCORE", {"title": "Trial health"})
    milestone = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "Second editor"})
    first = await nodes.link(repo, score.id, milestone.id, "CONTAINS")
    again = await nodes.link(repo, score.id, milestone.id, "CONTAINS")
    heavier = await nodes.link(repo, score.id, milestone.id, "CONTAINS", 5)
    assert (first.weight, again.weight, heavier.weight) == (1.0, 1.0, 5.0)
    assert await count(driver, "MATCH ()-[r:CONTAINS]->() RETURN count(r)") == 1
    assert await nodes.unlink(repo, score.id, milestone.id, "CONTAINS") is True
    assert await nodes.unlink(repo, score.id, milestone.id, "CONTAINS") is False


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


async def test_delete_detaches_edges(repo: Neo4jRepository, driver: AsyncDriver) -> None:
    m = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "m"})
    o = await nodes.create_node(repo, "OUTCOME", {"title": "o"})
    await nodes.link(repo, m.id, o.id, "VALIDATES")
    assert await nodes.delete_node(repo, o.id) == o.id
    assert await count(driver, "MATCH ()-[r]->() RETURN count(r)") == 0
    with pytest.raises(NotFound):
        await nodes.delete_node(repo, o.id)


async def test_list_filters_order_and_pages(repo: Neo4jRepository) -> None:
    for i, kind in enumerate(["trial", "trial", "adoption", "renewal", "trial"]):
        await nodes.create_node(
            repo,
            "SUCCESS_MILESTONE",
            {
                "title": f"Milestone {i}",
                "milestone_type": kind,
                "tags": ["even" if i % 2 == 0 else "odd"],
            },
        )
    where = nodes.NodeFilter(milestone_types=["trial"], tags_any=["even"])
    page = await nodes.list_nodes(
        repo, "SUCCESS_MILESTONE", where, [nodes.Order("title", True)], 1, 0
    )
    assert page.total == 2
    assert [n.title for n in page.items] == ["Milestone 4"]
    rest = await nodes.list_nodes(
        repo, "SUCCESS_MILESTONE", where, [nodes.Order("title", True)], 5, 1
    )
    assert [n.title for n in rest.items] == ["Milestone 0"]
    assert not rest.has_next
    found = await nodes.list_nodes(
        repo, "SUCCESS_MILESTONE", nodes.NodeFilter(title_contains="MILESTONE 3"), [], 5, 0
    )
    assert [n.title for n in found.items] == ["Milestone 3"]


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
