"""The evidence counts on the real Neo4j: the numbers a plain Python count of the same graph gives,
in memory that does not grow with the number of accounts."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import Any

from neo4j import AsyncDriver

from upg.config import Settings
from upg.graph import cypher
from upg.graph.evidence import EvidenceRepository
from upg.model.evidence import Table

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
WINDOW = 14

NODES = """
UNWIND $products AS id CREATE (:UpgNode:Product {id: id})
WITH count(*) AS done
UNWIND $milestones AS m CREATE (:UpgNode:SuccessMilestone {id: m.id, window_days: m.window})
WITH count(*) AS done
UNWIND $outcomes AS id CREATE (:UpgNode:Outcome {id: id})
WITH count(*) AS done
UNWIND $celebrates AS c
MATCH (p:Product {id: c[0]}), (m:SuccessMilestone {id: c[1]})
CREATE (p)-[:CELEBRATES_VIA]->(m)
"""
ACCOUNTS = """
UNWIND $accounts AS row
CREATE (a:Account {id: row.id, signed_up_at: row.signed_up_at})
WITH a, row
CALL { WITH a, row UNWIND row.uses AS id MATCH (p:Product {id: id}) CREATE (a)-[:USES]->(p) }
CALL { WITH a, row UNWIND row.reached AS r MATCH (m:SuccessMilestone {id: r.id})
       CREATE (a)-[:REACHED {at: r.at}]->(m) }
CALL { WITH a, row UNWIND row.achieved AS r MATCH (o:Outcome {id: r.id})
       CREATE (a)-[:ACHIEVED {at: r.at}]->(o) }
"""


@dataclass
class Graph:
    products: list[str]
    milestones: dict[str, int | None]
    """Milestone id -> window_days (None: the default)."""
    outcomes: list[str]
    celebrates: list[tuple[str, str]]
    accounts: list[dict[str, Any]] = field(default_factory=list)


def random_graph(seed: int, accounts: int) -> Graph:
    """Three products (P1 and P2 share M1), a milestone nobody can reach, young accounts,
    accounts on several products, outcomes achieved before and after the window closed."""
    rng = random.Random(seed)
    graph = Graph(
        products=["P1", "P2", "P3"],
        milestones={"M1": 3, "M2": None, "M3": 30, "M4": None},
        outcomes=["O1", "O2", "O3"],
        celebrates=[("P1", "M1"), ("P2", "M1"), ("P2", "M2"), ("P3", "M3"), ("P1", "M4")],
    )
    for i in range(accounts):
        signed_up = AS_OF - timedelta(days=rng.randint(0, 120), hours=rng.randint(0, 23))
        graph.accounts.append(
            {
                "id": f"a{i}",
                "signed_up_at": signed_up,
                "uses": rng.sample(["P1", "P2", "P3"], rng.randint(0, 3)),
                "reached": [
                    {"id": m, "at": signed_up + timedelta(days=rng.randint(0, 40))}
                    for m in graph.milestones
                    if rng.random() < 0.4
                ],
                "achieved": [
                    {"id": o, "at": signed_up + timedelta(days=rng.randint(0, 60))}
                    for o in graph.outcomes
                    if rng.random() < 0.3
                ],
            }
        )
    return graph


def expected(
    graph: Graph, product: str | None
) -> tuple[dict[str, tuple[int, int]], dict[tuple[str, str], Table]]:
    """The counts, by their definition (README: Evidence), one account at a time."""
    populations: dict[str, tuple[int, int]] = {}
    cells: dict[tuple[str, str], list[int]] = {}
    for milestone, window in graph.milestones.items():
        sources = {p for p, m in graph.celebrates if m == milestone}
        if product is not None:
            sources &= {product}
        members = []
        for account in graph.accounts:
            closes = account["signed_up_at"] + timedelta(days=window or WINDOW)
            if sources & set(account["uses"]) and closes <= AS_OF:
                reached = [r["at"] for r in account["reached"] if r["id"] == milestone]
                members.append((account, closes, any(at <= closes for at in reached)))
        if not members:
            continue
        populations[milestone] = (len(members), sum(hit for _, _, hit in members))
        for account, closes, hit in members:
            for got in account["achieved"]:
                table = cells.setdefault((milestone, got["id"]), [0, 0, 0, 0])
                table[(0 if hit else 1) + (0 if got["at"] > closes else 2)] += 1
    tables = {}
    for (milestone, outcome), (ha, ma, hb, mb) in cells.items():
        n, hits = populations[milestone]
        tables[(milestone, outcome)] = Table(ha, hits - ha - hb, ma, n - hits - ma - mb)
    return populations, tables


async def write(driver: AsyncDriver, settings: Settings, graph: Graph) -> None:
    db = settings.neo4j_database
    await driver.execute_query(
        NODES,
        products=graph.products,
        milestones=[{"id": m, "window": w} for m, w in graph.milestones.items()],
        outcomes=graph.outcomes,
        celebrates=[list(pair) for pair in graph.celebrates],
        database_=db,
    )
    for start in range(0, len(graph.accounts), 1000):
        await driver.execute_query(
            ACCOUNTS, accounts=graph.accounts[start : start + 1000], database_=db
        )


async def test_the_counts_are_those_of_their_definition(
    driver: AsyncDriver, settings: Settings
) -> None:
    graph = random_graph(seed=11, accounts=600)
    await write(driver, settings, graph)
    repository = EvidenceRepository(driver, settings.neo4j_database)
    for product in (None, "P1", "P2", "P3"):
        populations, tables = await repository.counts(AS_OF, WINDOW, product)
        want_populations, want_tables = expected(graph, product)
        assert populations == want_populations, product
        assert tables == want_tables, product
    # The graph has what the definition's corners need.
    assert any(len(a["uses"]) > 1 for a in graph.accounts)
    assert any(a["signed_up_at"] + timedelta(days=WINDOW) > AS_OF for a in graph.accounts)
    assert all(t.b >= 0 and t.d >= 0 for t in want_tables.values())


BULK = """
UNWIND range($start, $end - 1) AS i
CREATE (a:Account {id: 'bulk-' + i,
                   signed_up_at: datetime('2025-01-01T00:00:00Z') + duration({hours: i % 7000})})
WITH a, i
MATCH (p:Product {id: 'P1'})
CREATE (a)-[:USES]->(p)
WITH a, i
MATCH (m:SuccessMilestone {id: $milestones[i % size($milestones)]})
CREATE (a)-[:REACHED {at: a.signed_up_at + duration({days: 1})}]->(m)
WITH a, i
MATCH (o:Outcome {id: $outcomes[(i / 7) % size($outcomes)]})
CREATE (a)-[:ACHIEVED {at: a.signed_up_at + duration({days: 30})}]->(o)
"""


async def _memory_of_counts(driver: AsyncDriver, settings: Settings) -> int:
    """The bytes Neo4j's PROFILE says the counts statement held at its peak."""
    async with driver.session(database=settings.neo4j_database) as session:
        result = await session.run(
            f"PROFILE {cypher.load('evidence/counts')}",
            asOf=AS_OF,
            defaultWindowDays=WINDOW,
            productId=None,
        )
        summary = await result.consume()
    assert summary.profile is not None
    memory: int = summary.profile["args"]["GlobalMemory"]
    return memory


async def test_the_counts_hold_no_more_memory_for_more_accounts(
    driver: AsyncDriver, settings: Settings
) -> None:
    milestones = [f"M{i}" for i in range(10)]
    outcomes = [f"O{i}" for i in range(10)]
    graph = Graph(["P1"], dict.fromkeys(milestones), outcomes, [("P1", m) for m in milestones])
    await write(driver, settings, graph)

    async def accounts(start: int, end: int) -> None:
        await driver.execute_query(
            BULK,
            start=start,
            end=end,
            milestones=milestones,
            outcomes=outcomes,
            database_=settings.neo4j_database,
        )

    await accounts(0, 2_000)
    small = await _memory_of_counts(driver, settings)
    for start in range(2_000, 20_000, 6_000):
        await accounts(start, start + 6_000)
    large = await _memory_of_counts(driver, settings)
    print(f"\ncounts at 2,000 and 20,000 accounts: {small:,} and {large:,} bytes")
    # Ten times the accounts (200,000 milestone-account rows): the same groups, the same memory
    # give or take Neo4j's buffers. Collecting each population (before) held 11 MB, then 115 MB.
    assert large < small * 1.5 + 256 * 1024, (small, large)
