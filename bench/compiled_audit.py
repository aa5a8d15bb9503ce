"""`python -m bench.compiled_audit`: PROFILE db hits of the audits' pages, compiled vs resolvers.

For each page (milestoneAudit whole and for the product with the most milestones,
healthScoreAudits, unmeasuredOutcomes; a page of 20, and one deep page) it PROFILEs the compiled
statement (`upg.api.compiled`) and the statement the resolvers run (`cypher/audit/`), after one
warm-up run each, on the graph already there (UPG_NEO4J_* from the environment; generate one
with `upg demo generate --milestones 100000`). Prints one JSON line per statement.
"""

from __future__ import annotations

import argparse
import asyncio
import json
from typing import Any

from graphql import parse
from neo4j import AsyncDriver

from upg.api.compiled.cypher import translate
from upg.api.compiled.plan import plan
from upg.api.schema import schema
from upg.bootstrap import open_driver
from upg.config import load_settings
from upg.graph import cypher

PAGE = """query($p: ID, $a: String) { milestoneAudit(productId: $p, first: 20, after: $a) {
  totalCount edges { cursor node { classification milestone { id title isVanity } } } } }"""
SCORES = """query($a: String) { healthScoreAudits(first: 20, after: $a) { totalCount
  edges { node { totalWeight vanityShare healthScore { title } } } } }"""
GAPS = """query($a: String) { unmeasuredOutcomes(first: 20, after: $a) {
  totalCount edges { node { id title } } } }"""
BIGGEST = """MATCH (p:Product) RETURN p.id AS id, COUNT { (p)-[:CELEBRATES_VIA]->() } AS n
ORDER BY n DESC LIMIT 1"""


def _hits(plan_: dict[str, Any]) -> int:
    return int(plan_.get("dbHits", 0)) + sum(_hits(c) for c in plan_.get("children", []))


async def _profile(driver: AsyncDriver, database: str, text: str, params: dict[str, Any]) -> int:
    async with driver.session(database=database) as session:
        await (await session.run(text, params)).consume()
        result = await session.run(f"PROFILE {text}", params)
        async for _ in result:
            pass
        summary = await result.consume()
    assert summary.profile is not None
    return _hits(summary.profile)


def _compiled(query: str, variables: dict[str, Any]) -> tuple[str, dict[str, Any]]:
    found = plan(schema._schema, parse(query), None, variables)
    assert found is not None, query
    statement = translate(found)
    return statement.text, statement.params


async def main(skip: int) -> None:
    settings = load_settings()
    driver = open_driver(settings)
    database = settings.neo4j_database
    after = None if skip == 0 else _cursor(skip - 1)
    try:
        records, _, _ = await driver.execute_query(BIGGEST, database_=database)
        product, size = records[0]["id"], records[0]["n"]
        cases = [
            ("milestoneAudit", PAGE, {"p": None}, "audit/milestone_audit", {"productId": None}),
            (
                f"milestoneAudit(product of {size} milestones)",
                PAGE,
                {"p": product},
                "audit/milestone_audit",
                {"productId": product},
            ),
            ("healthScoreAudits", SCORES, {}, "audit/health_score_audit",
             {"healthScoreId": None, "vanityLimit": 100}),
            ("unmeasuredOutcomes", GAPS, {}, "audit/unmeasured_outcomes", {}),
        ]  # fmt: skip
        for label, query, variables, name, params in cases:
            text, bound = _compiled(query, {**variables, "a": after})
            compiled = await _profile(driver, database, text, bound)
            resolver_params = {**params, "skip": skip, "limit": 20}
            resolvers = await _profile(driver, database, cypher.load(name), resolver_params)
            row = {"page": label, "skip": skip, "compiled_db_hits": compiled}
            print(json.dumps(row | {"resolvers_db_hits": resolvers, "resolvers_statement": name}))
    finally:
        await driver.close()


def _cursor(offset: int) -> str:
    from upg.api.pagination import encode_cursor

    return encode_cursor(offset)


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--skip", type=int, default=0, help="items before the page")
    asyncio.run(main(parser.parse_args().skip))
