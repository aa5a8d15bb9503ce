"""Compiled reads answer exactly as the resolvers do: the same JSON `data` and `errors`.

Every request runs twice against the same Neo4j graph: on the session's app (compiled reads on,
the default) and on an app with UPG_COMPILED_READS off. Bodies must be equal except for
`extensions.compiled` and `extensions.cypherRoundTrips`. Requests: the bench's nested page, the
README's queries, hand-written edge cases (cursors, NOT_FOUND, bad arguments, fragments), over
the demo graph and a small generated one, and Hypothesis-generated selections over the compiled
subset (UPG_PARITY_EXAMPLES of them, default 200; a long run: UPG_PARITY_EXAMPLES=5000).
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import AsyncIterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from bench.queries import (
    NESTED_MILESTONES,
    NESTED_PRODUCTS,
    UPG_HEALTH_SCORE_AUDIT,
    UPG_NESTED_PAGE,
    UPG_VANITY_PAGE,
)
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from starlette.applications import Starlette

from tests.e2e.api.compiled_pair import Pair, comparable, walk
from tests.e2e.api.compiled_selections import DEMO_IDS, Request, requests
from tests.e2e.api.conftest import AppClient
from upg.api.app import create_app
from upg.config import Settings
from upg.graph.repository import Neo4jRepository
from upg.services.demo import NODES, load_demo
from upg.services.generate import GraphSpec, generate

EXAMPLES = int(os.environ.get("UPG_PARITY_EXAMPLES", "200"))
REPO = Path(__file__).resolve().parents[3]


@pytest.fixture(scope="module")
async def resolver_app(settings: Settings) -> AsyncIterator[Starlette]:
    """The same app with compiled reads off: every field through its resolver."""
    app = create_app(settings.model_copy(update={"compiled_reads": False}))
    async with app.router.lifespan_context(app):
        yield app


@pytest.fixture
async def pair(
    app: Starlette, resolver_app: Starlette, auth_headers: dict[str, str]
) -> AsyncIterator[Pair]:
    async with (
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=app),
            base_url="http://upg.test",
            headers=auth_headers,
        ) as compiled,
        httpx.AsyncClient(
            transport=httpx.ASGITransport(app=resolver_app),
            base_url="http://upg.test",
            headers=auth_headers,
        ) as resolved,
    ):
        yield Pair(compiled, resolved)


@pytest.fixture
async def demo(repository: Neo4jRepository) -> None:
    await load_demo(repository)


@pytest.fixture
async def generated(repository: Neo4jRepository) -> None:
    await generate(repository, GraphSpec(products=6, milestones=120, scores=5, outcomes=8, seed=7))


def readme_queries() -> list[str]:
    """The GraphQL queries the README and docs send with curl (`"query":"..."`)."""
    found = []
    for path in [REPO / "README.md", *sorted((REPO / "docs").glob("*.md"))]:
        for match in re.finditer(r'"query":("(?:[^"\\]|\\.)*")', path.read_text()):
            text: str = json.loads(match.group(1))
            if not text.lstrip().startswith("mutation"):
                found.append(text)
    return found


def test_the_readme_has_queries() -> None:
    assert len(readme_queries()) >= 2


async def test_bench_nested_page_is_compiled_into_one_round_trip(
    pair: Pair, generated: None
) -> None:
    variables = {"products": NESTED_PRODUCTS, "milestones": NESTED_MILESTONES}
    body = await pair.check(UPG_NESTED_PAGE, variables)
    assert body["extensions"]["compiled"] is True
    assert body["extensions"]["cypherRoundTrips"] == 1
    edges = body["data"]["products"]["edges"]
    assert edges and any(e["node"]["milestones"]["edges"] for e in edges)


async def test_bench_audits_are_compiled_into_one_round_trip(pair: Pair, generated: None) -> None:
    """The bench's vanity page and score audit: compiled, one statement, the resolvers' JSON."""
    page = await pair.check(UPG_VANITY_PAGE, {"first": 20})
    assert page["extensions"] | {"queryCost": 0} == {
        "compiled": True,
        "cypherRoundTrips": 1,
        "queryCost": 0,
    }
    score_ids = {
        edge["node"]["id"]
        for item in page["data"]["vanityMilestones"]["edges"]
        for edge in item["node"]["healthScores"]["edges"]
    }
    assert page["data"]["vanityMilestones"]["totalCount"] > 0 and score_ids
    for score_id in sorted(score_ids)[:3]:
        audit = await pair.check(UPG_HEALTH_SCORE_AUDIT, {"id": score_id})
        assert audit["extensions"]["compiled"] is True
        assert audit["extensions"]["cypherRoundTrips"] == 1
        assert audit["data"]["healthScoreAudit"]["vanityMilestones"]["edges"]


async def test_readme_queries_match(pair: Pair, demo: None) -> None:
    for query in readme_queries():
        await pair.check(query)


FIXED = [
    # the README's feature list: lists with where/orderBy, nested relationship fields
    """{ successMilestones(where: {achieved: false}, orderBy: [{field: TARGET_DATE}], first: 5) {
        totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
        edges { cursor node { id title targetDate createdAt updatedAt isVanity milestoneType
          achieved windowDays tags description status type __typename } } } }""",
    """{ healthScores { edges { node { title milestones(first: 3) { totalCount
        edges { weight cursor node { title isVanity } } pageInfo { endCursor hasNextPage } }
        } } } }""",
    """{ outcomes(orderBy: [{field: STATUS, direction: DESC}, {field: TITLE}]) { edges { node {
        title validatedBy { totalCount edges { node { title
          products { edges { node { title } } } } } }
        } } } }""",
    """query Q($t: String = "o", $skip: Boolean! = false) { products(where: {title_contains: $t}) {
        __typename totalCount @skip(if: $skip) edges { __typename node { ...P } } } }
        fragment P on Product { id title milestones(first: 2) {
          edges { node { ... on SuccessMilestone { isVanity } } } } }""",
    # errors and fallbacks: the resolvers answer them, the answers must still be equal
    """{ products(first: 0) { totalCount } }""",
    """{ products(first: 101) { totalCount } }""",
    """{ products(after: "bm90IGEgY3Vyc29y") { totalCount } }""",
    """{ successMilestones(where: {productId: "nope"}) { totalCount } }""",
    """{ successMilestones(where: {id_in: ["00000000-0000-4000-8000-000000000000"]}) {
        totalCount } }""",
    """{ node(id: "00000000-0000-4000-8000-000000000000") { id } }""",
    """{ node(id: "not-a-uuid") { id } }""",
    """{ successMilestones(first: 2) { edges { node { evidence { verdict } } } } }""",
    """{ vanityMilestones { totalCount } }""",
    # the vanity audit's page: whole, scoped, paged, with a bad scope id (the resolver answers)
    UPG_VANITY_PAGE.replace("($first: Int!)", "").replace("$first", "3"),
    """{ vanityMilestones(first: 2) { totalCount pageInfo { hasNextPage endCursor }
        edges { cursor node { id title isVanity targetDate createdAt } } } }""",
    """{ vanityMilestones(productId: "not-a-uuid") { totalCount } }""",
    """{ vanityMilestones(first: 0) { totalCount } }""",
    # one score's audit: unknown id (null), bad id (the resolver's error), contributions (outside)
    """{ healthScoreAudit(id: "00000000-0000-4000-8000-000000000000") { totalWeight } }""",
    """{ healthScoreAudit(id: "nope") { totalWeight } }""",
    """{ a: healthScoreAudit(id: "00000000-0000-4000-8000-000000000000") {
        vanityContributions { edges { weight } } } }""",
    """{ __typename a: products(first: 1) { totalCount } b: products(first: 2) { totalCount } }""",
]


SCORE_AUDIT = """
query Audit($id: ID!, $first: Int, $after: String) {
  audit: healthScoreAudit(id: $id) {
    __typename totalWeight vanityWeight vanityShare
    healthScore { id title createdAt milestones(first: 2) { totalCount edges { weight } } }
    vanityMilestones(first: $first, after: $after) {
      totalCount pageInfo { hasNextPage hasPreviousPage endCursor }
      edges { cursor node { id title isVanity healthScores { edges { weight } } } }
    }
  }
}
"""


async def test_fixed_requests_match(pair: Pair, demo: None, generated: None) -> None:
    for query in FIXED:
        await pair.check(query)
    page = await pair.check("{ successMilestones(first: 7) { edges { cursor node { id } } } }")
    ids = [e["node"]["id"] for e in page["data"]["successMilestones"]["edges"]]
    cursor = page["data"]["successMilestones"]["edges"][-1]["cursor"]
    after = await pair.check(
        "query($a: String) { successMilestones(first: 7, after: $a) { pageInfo { hasPreviousPage "
        "startCursor } edges { cursor node { id } } } }",
        {"a": cursor},
    )
    assert not {e["node"]["id"] for e in after["data"]["successMilestones"]["edges"]} & set(ids)
    for node_id in ids[:3]:
        await pair.check(
            "query($id: ID!) { node(id: $id) { __typename id ... on SuccessMilestone { isVanity "
            "healthScores { edges { weight node { title } } } } ... on Product { title } } }",
            {"id": node_id},
        )
    assert pair.compiled_count >= len(FIXED) // 2
    for score_id in DEMO_IDS:
        audit = await pair.check(SCORE_AUDIT, {"id": score_id, "first": 2, "after": None})
        found = audit["data"]["audit"]
        if found is not None and found["vanityMilestones"]["edges"]:
            cursor = found["vanityMilestones"]["edges"][0]["cursor"]
            await pair.check(SCORE_AUDIT, {"id": score_id, "first": 1, "after": cursor})
    assert pair.compiled_count >= len(FIXED) // 2 + len(DEMO_IDS)
    vanity = await pair.check("{ vanityMilestones(first: 2) { edges { cursor node { id } } } }")
    edges = vanity["data"]["vanityMilestones"]["edges"]
    assert vanity["extensions"]["compiled"] is True and len(edges) == 2
    for scope in ("productId", "healthScoreId"):
        for scope_id in DEMO_IDS:
            await pair.check(
                f"query($a: String, $s: ID) {{ vanityMilestones({scope}: $s, first: 1, after: $a)"
                " { totalCount pageInfo { hasNextPage hasPreviousPage } edges { node { id title"
                " products { totalCount edges { node { id } } } } } } }",
                {"a": edges[0]["cursor"], "s": scope_id},
            )


MILESTONE_AUDIT = """
query Audit($after: String, $product: ID) {
  milestoneAudit(productId: $product, first: 4, after: $after) {
    totalCount pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
    edges { cursor node { __typename classification
      milestone { id title status createdAt targetDate isVanity ...Rel } } }
  }
}
fragment Rel on SuccessMilestone { products { totalCount edges { node { title } } }
  healthScores(first: 2) { edges { weight node { id milestones(first: 2) { edges { node {
    isVanity } } } } } } outcomes { totalCount } }
"""
SCORE_AUDITS = """query Audits($after: String) { healthScoreAudits(first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor } edges { cursor node { __typename totalWeight
    vanityWeight vanityShare healthScore { id title milestones(first: 2) { totalCount } }
    vanityMilestones(first: 2) { totalCount edges { cursor node { id isVanity } } } } } } }"""
UNMEASURED = """query Gaps($after: String) { unmeasuredOutcomes(first: 2, after: $after) {
  totalCount pageInfo { hasNextPage endCursor }
  edges { cursor node { id title createdAt validatedBy { totalCount } } } } }"""
AUDIT_EDGES = [
    # the resolvers refuse these (bad cursor, first out of range, bad id): their errors stand
    """{ milestoneAudit(after: "bm90IGEgY3Vyc29y") { totalCount } }""",
    """{ milestoneAudit(first: 0) { totalCount } }""",
    """{ milestoneAudit(first: 101) { totalCount } }""",
    """{ milestoneAudit(productId: "not-a-uuid") { totalCount } }""",
    """{ healthScoreAudits(after: "nope") { totalCount } }""",
    """{ healthScoreAudits(first: 0) { totalCount } }""",
    """{ unmeasuredOutcomes(first: 101) { totalCount } }""",
    """{ unmeasuredOutcomes(after: "bm90IGEgY3Vyc29y") { totalCount } }""",
    # compiled: an unknown product, an empty id (no scope), aliases, fragments, typenames
    """{ milestoneAudit(productId: "00000000-0000-4000-8000-00000000beef") {
        totalCount pageInfo { hasNextPage startCursor } edges { cursor } } }""",
    """{ milestoneAudit(productId: "", first: 3) {
        totalCount edges { node { classification } } } }""",
    """{ a: milestoneAudit(first: 2) { ...Page } b: milestoneAudit(first: 3, after: "bzox") {
        __typename t: totalCount ...Page } c: unmeasuredOutcomes(first: 1) { totalCount }
        d: healthScoreAudits(first: 1) { edges { node { ... on HealthScoreAudit { s: vanityShare
          healthScore { title } } } } } }
      fragment Page on MilestoneAuditEntryConnection { edges { e: cursor node {
        ... on MilestoneAuditEntry { k: classification m: milestone { i: id isVanity } } } } }""",
    # outside the subset: the resolvers answer, the same JSON
    """{ milestoneAudit { edges { node { a: milestone { id } b: milestone { title } } } } }""",
    """{ healthScoreAudits { edges { node { vanityContributions { totalCount } } } } }""",
]


async def test_audit_pages_match(pair: Pair, demo: None, generated: None) -> None:
    """Every page of milestoneAudit (whole, and for every product), healthScoreAudits and
    unmeasuredOutcomes, walked by cursors: compiled, and the resolvers' JSON."""
    whole = await walk(pair, MILESTONE_AUDIT, "milestoneAudit")
    entries = [edge["node"] for page in whole for edge in page["edges"]]
    assert len(entries) == whole[0]["totalCount"] > 100
    assert {e["classification"] for e in entries} >= {"VANITY", "VALIDATED"}
    products = await pair.check("{ products(first: 100) { edges { node { id } } } }")
    product_ids = [edge["node"]["id"] for edge in products["data"]["products"]["edges"]]
    demo_products = [n.id for n in NODES if n.type == "PRODUCT"]
    assert set(demo_products) < set(product_ids)
    scoped = 0
    for product_id in product_ids:
        pages = await walk(pair, MILESTONE_AUDIT, "milestoneAudit", {"product": product_id})
        scoped += sum(len(page["edges"]) for page in pages)
    assert scoped > 0
    scores = await walk(pair, SCORE_AUDITS, "healthScoreAudits")
    assert sum(len(page["edges"]) for page in scores) == scores[0]["totalCount"] == 9
    gaps = await walk(pair, UNMEASURED, "unmeasuredOutcomes")
    assert sum(len(page["edges"]) for page in gaps) == gaps[0]["totalCount"]
    answers = [await pair.check(query) for query in AUDIT_EDGES]
    compiled = [bool(a.get("extensions", {}).get("compiled")) for a in answers]
    assert compiled == [False] * 8 + [True] * 3 + [False] * 2
    assert answers[8]["data"]["milestoneAudit"]["totalCount"] == 0
    assert all("errors" in a for a in answers[:8])


@settings(
    max_examples=EXAMPLES,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(request=requests(), data=st.data())
async def test_generated_selections_match(
    pair: Pair, demo: None, generated: None, request: Request, data: st.DataObject
) -> None:
    body = await pair.check(request.query, request.variables)
    # Every generated read lies in the subset: it must have been compiled, not fallen back.
    assert body["extensions"].get("compiled") is True, (request, body)
    cursors = _cursors(body.get("data"))
    if cursors and request.after_variable:
        cursor = data.draw(st.sampled_from(cursors))
        await pair.check(request.query, {**request.variables, request.after_variable: cursor})


def _cursors(value: Any) -> list[str]:
    """Every cursor in an answer (to continue from, as a client paging would)."""
    if isinstance(value, dict):
        found = [v for k, v in value.items() if k == "cursor" and isinstance(v, str)]
        return found + [c for v in value.values() for c in _cursors(v)]
    if isinstance(value, list):
        return [c for v in value for c in _cursors(v)]
    return []


@pytest.mark.parametrize(
    "query",
    [
        "query Shelf { products(first: 2) { totalCount edges { node { title } } } }",
        '{ __typename node(id: "00000000-0000-4000-8000-000000000000") { id } }',
    ],
)
async def test_neo4j_down_answers_as_the_resolvers_do(
    query: str, app_client: AppClient, auth_headers: dict[str, str]
) -> None:
    """No second attempt through the resolvers: the same 503 and errors at once."""
    down = {"neo4j_uri": "bolt://127.0.0.1:9", "neo4j_timeout_s": 1.0, "headers": auth_headers}
    bodies = []
    for compiled in (True, False):
        async with app_client(compiled_reads=compiled, **down) as client:
            response = await client.post("/graphql", json={"query": query})
            assert response.status_code == 503
            bodies.append(comparable(response.json()))
    assert bodies[0] == bodies[1]
    assert bodies[0]["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}
