"""What the bench asks: the same questions as raw Cypher, as upg GraphQL, as @neo4j/graphql GraphQL.

Each benchmark query has one document per API, written so both return the same answer (checked
by `bench.run` before anything is timed): same items, same order, same nested neighbours.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

VANITY_PAGE_SIZE = 20
NESTED_PRODUCTS = 50
NESTED_MILESTONES = 20

UPG_VANITY_PAGE = """
query VanityPage($first: Int!) {
  vanityMilestones(first: $first) {
    totalCount
    edges { node {
      id title milestoneType
      products { edges { node { id title } } }
      healthScores { edges { weight node { id title } } }
    } }
  }
}
"""

THEIR_VANITY_PAGE = """
query VanityPage($first: Int!) {
  successMilestonesConnection(
    first: $first
    sort: [{ title: ASC }, { id: ASC }]
    where: {
      healthScoresConnection: { aggregate: { count: { nodes: { gt: 0 } } } }
      outcomesConnection: { aggregate: { count: { nodes: { eq: 0 } } } }
    }
  ) {
    totalCount
    edges { node {
      id title milestoneType
      products(sort: [{ title: ASC }, { id: ASC }]) { id title }
      healthScoresConnection(sort: [{ node: { title: ASC } }, { node: { id: ASC } }]) {
        edges { properties { weight } node { id title } }
      }
    } }
  }
}
"""

UPG_HEALTH_SCORE_AUDIT = """
query ScoreAudit($id: ID!) {
  healthScoreAudit(id: $id) {
    healthScore { id title }
    totalWeight vanityWeight vanityShare
    vanityMilestones(first: 100) { edges { node { id title } } }
  }
}
"""

THEIR_HEALTH_SCORE_AUDIT = """
query ScoreAudit($id: ID!) {
  customerHealthScoresConnection(where: { id: { eq: $id } }) {
    edges { node {
      id title totalWeight vanityWeight
      milestonesConnection(
        first: 100
        sort: [{ node: { title: ASC } }, { node: { id: ASC } }]
        where: { node: { outcomesConnection: { aggregate: { count: { nodes: { eq: 0 } } } } } }
      ) { edges { node { id title } } }
    } }
  }
}
"""

UPG_NESTED_PAGE = """
query NestedPage($products: Int!, $milestones: Int!) {
  products(first: $products) {
    edges { node {
      id title
      milestones(first: $milestones) {
        edges { node {
          id title
          outcomes { edges { node { id title } } }
          healthScores { edges { weight node { id title } } }
        } }
      }
    } }
  }
}
"""

THEIR_NESTED_PAGE = """
query NestedPage($products: Int!, $milestones: Int!) {
  productsConnection(first: $products, sort: [{ title: ASC }, { id: ASC }]) {
    edges { node {
      id title
      milestonesConnection(
        first: $milestones, sort: [{ node: { title: ASC } }, { node: { id: ASC } }]
      ) {
        edges { node {
          id title
          outcomes(sort: [{ title: ASC }, { id: ASC }]) { id title }
          healthScoresConnection(sort: [{ node: { title: ASC } }, { node: { id: ASC } }]) {
            edges { properties { weight } node { id title } }
          }
        } }
      }
    } }
  }
}
"""


@dataclass(frozen=True)
class Query:
    """One benchmark question with its GraphQL document for each API."""

    name: str
    upg: str
    theirs: str

    def variables(self, score_id: str) -> dict[str, Any]:
        if self.name == "health_score_audit":
            return {"id": score_id}
        if self.name == "nested_page":
            return {"products": NESTED_PRODUCTS, "milestones": NESTED_MILESTONES}
        return {"first": VANITY_PAGE_SIZE}


QUERIES = (
    Query("vanity_page", UPG_VANITY_PAGE, THEIR_VANITY_PAGE),
    Query("health_score_audit", UPG_HEALTH_SCORE_AUDIT, THEIR_HEALTH_SCORE_AUDIT),
    Query("nested_page", UPG_NESTED_PAGE, THEIR_NESTED_PAGE),
)

NODE_COUNT = "MATCH (n:UpgNode) RETURN count(n) AS nodes"

BIGGEST_SCORE = """
MATCH (s:CustomerHealthScore)-[:CONTAINS]->(:SuccessMilestone)
RETURN s.id AS id, count(*) AS size ORDER BY size DESC, id LIMIT 1
"""


# --- answers, normalised so the three APIs can be compared ----------------------------------


def upg_answer(name: str, data: dict[str, Any]) -> Any:
    if name == "vanity_page":
        page = data["vanityMilestones"]
        return page["totalCount"], [
            (
                e["node"]["id"],
                sorted(p["node"]["id"] for p in e["node"]["products"]["edges"]),
                sorted((s["node"]["id"], s["weight"]) for s in e["node"]["healthScores"]["edges"]),
            )
            for e in page["edges"]
        ]
    if name == "health_score_audit":
        audit = data["healthScoreAudit"]
        return (
            round(audit["totalWeight"], 6),
            round(audit["vanityWeight"], 6),
            [e["node"]["id"] for e in audit["vanityMilestones"]["edges"]],
        )
    return [
        (
            p["node"]["id"],
            [
                (
                    m["node"]["id"],
                    sorted(o["node"]["id"] for o in m["node"]["outcomes"]["edges"]),
                    sorted(
                        (s["node"]["id"], s["weight"]) for s in m["node"]["healthScores"]["edges"]
                    ),
                )
                for m in p["node"]["milestones"]["edges"]
            ],
        )
        for p in data["products"]["edges"]
    ]


def their_answer(name: str, data: dict[str, Any]) -> Any:
    if name == "vanity_page":
        page = data["successMilestonesConnection"]
        return page["totalCount"], [
            (
                e["node"]["id"],
                sorted(p["id"] for p in e["node"]["products"]),
                sorted(
                    (s["node"]["id"], s["properties"]["weight"])
                    for s in e["node"]["healthScoresConnection"]["edges"]
                ),
            )
            for e in page["edges"]
        ]
    if name == "health_score_audit":
        node = data["customerHealthScoresConnection"]["edges"][0]["node"]
        return (
            round(node["totalWeight"], 6),
            round(node["vanityWeight"], 6),
            [m["node"]["id"] for m in node["milestonesConnection"]["edges"]],
        )
    return [
        (
            p["node"]["id"],
            [
                (
                    m["node"]["id"],
                    sorted(o["id"] for o in m["node"]["outcomes"]),
                    sorted(
                        (s["node"]["id"], s["properties"]["weight"])
                        for s in m["node"]["healthScoresConnection"]["edges"]
                    ),
                )
                for m in p["node"]["milestonesConnection"]["edges"]
            ],
        )
        for p in data["productsConnection"]["edges"]
    ]


def raw_vanity_answer(row: dict[str, Any]) -> Any:
    """The vanity page from audit/vanity_milestones.cypher's single row."""
    return row["total"], [
        (
            item["milestone"]["id"],
            sorted(p["id"] for p in item["products"]),
            sorted((s["id"], s["weight"]) for s in item["scores"]),
        )
        for item in row["milestones"]
    ]
