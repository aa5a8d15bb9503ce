"""PROFILE of every audit statement: db hits, rows, time, and the operators that cost most.

The whole audits read in chunks (vanity_full, score_full, milestone_full) are profiled as one
chunk holding everything: the sum of their chunks' costs."""

from __future__ import annotations

import time
from typing import Any

from neo4j import AsyncDriver
from neo4j.exceptions import Neo4jError

from upg.graph import cypher

AUDITS: tuple[tuple[str, str, dict[str, Any]], ...] = (
    ("vanity_page", "audit/vanity_milestones",
     {"productId": None, "healthScoreId": None, "tag": None, "skip": 0, "limit": 20}),
    ("vanity_full", "audit/vanity_full",
     {"productId": None, "healthScoreId": None, "tag": None, "afterTitle": "", "afterId": "",
      "chunk": 1_000_000_000}),
    ("health_score_audit_one", "audit/health_score_audit",
     {"healthScoreId": "<score>", "skip": 0, "limit": None, "vanityLimit": None}),
    ("score_full", "audit/score_full", {"afterTitle": "", "afterId": "", "chunk": 1_000_000_000}),
    *((f"milestone_full_{c.lower()}", "audit/milestone_full",
       {"milestoneClass": c, "productId": None, "afterTitle": "", "afterId": "",
        "chunk": 1_000_000_000})
      for c in ("VALIDATED", "VANITY", "UNTRACKED", "ORPHAN")),
    ("unmeasured_outcomes_page", "audit/unmeasured_outcomes", {"skip": 0, "limit": 20}),
)  # fmt: skip


def _walk(plan: dict[str, Any]) -> list[dict[str, Any]]:
    found = [plan]
    for child in plan.get("children", []):
        found.extend(_walk(child))
    return found


def _operator(op: dict[str, Any]) -> dict[str, Any]:
    details = str(op.get("args", {}).get("Details", ""))
    return {
        "operator": str(op["operatorType"]).split("@")[0],
        "db_hits": int(op.get("dbHits", 0)),
        "rows": int(op.get("rows", 0)),
        "details": " ".join(details.split())[:160],
    }


async def profile_audits(driver: AsyncDriver, database: str, score_id: str) -> dict[str, Any]:
    """PROFILE each audit (after one warm-up run) and summarise its plan."""
    results: dict[str, Any] = {}
    for label, name, params in AUDITS:
        bound = {k: (score_id if v == "<score>" else v) for k, v in params.items()}
        text = cypher.load(name)
        try:
            async with driver.session(database=database) as session:
                await (await session.run(text, bound)).consume()
                began = time.perf_counter()
                result = await session.run(f"PROFILE {text}", bound)
                async for _ in result:  # PROFILE needs the rows pulled, not discarded
                    pass
                summary = await result.consume()
                elapsed = (time.perf_counter() - began) * 1000
        except Neo4jError as exc:
            results[label] = {"statement": name, "error": str(exc.message)[:300]}
            continue
        operators = [_operator(op) for op in _walk(summary.profile or {})]
        results[label] = {
            "statement": name,
            "db_hits": sum(op["db_hits"] for op in operators),
            "ms": round(elapsed, 1),
            "top_operators": sorted(operators, key=lambda op: -op["db_hits"])[:4],
            "plan": [op["operator"] for op in operators],
        }
    return results
