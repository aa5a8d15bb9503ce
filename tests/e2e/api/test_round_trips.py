"""No N+1: a request's Cypher round trips depend on its selection, not on its page sizes."""

from __future__ import annotations

import pytest

from tests.e2e.api.conftest import Api, AppClient, new_id

MILESTONES = 100

NESTED = """
query($first: Int) {
  successMilestones(first: $first) {
    totalCount
    edges { node {
      title isVanity
      products { edges { node { title } } }
      healthScores { edges { weight node { title } } }
      outcomes { edges { node { title } } }
    } }
  }
}
"""

DEEPER = """
query($first: Int) {
  products(first: $first) { edges { node {
    milestones(first: 100) { edges { node {
      healthScores(first: 2) { edges { node { milestones(first: 100) { totalCount } } } }
    } } }
  } } }
}
"""


@pytest.fixture
async def big_graph(api: Api) -> None:
    """100 milestones, each celebrated by a product, in one or two scores, half validating."""
    products = [new_id() for _ in range(2)]
    scores = [new_id() for _ in range(2)]
    outcomes = [new_id() for _ in range(2)]
    milestones = [new_id() for _ in range(MILESTONES)]
    creates = [
        *(
            f'createProduct(input: {{id: "{i}", title: "P{n}"}}) {{ id }}'
            for n, i in enumerate(products)
        ),
        *(
            f'createHealthScore(input: {{id: "{i}", title: "S{n}"}}) {{ id }}'
            for n, i in enumerate(scores)
        ),
        *(
            f'createOutcome(input: {{id: "{i}", title: "O{n}"}}) {{ id }}'
            for n, i in enumerate(outcomes)
        ),
        *(
            f'createSuccessMilestone(input: {{id: "{i}", title: "M{n:03}"}}) {{ id }}'
            for n, i in enumerate(milestones)
        ),
    ]
    links = []
    for n, milestone in enumerate(milestones):
        links.append((products[n % 2], milestone, "CELEBRATES_VIA", ""))
        links.append((scores[0], milestone, "CONTAINS", f", weight: {1 + n % 3}"))
        if n % 3 == 0:
            links.append((scores[1], milestone, "CONTAINS", ""))
        if n % 2 == 0:
            links.append((milestone, outcomes[n % 4 // 2], "VALIDATES", ""))
    await api.bulk(creates)
    await api.bulk(
        [f'link(fromId: "{a}", toId: "{b}", type: {t}{w}) {{ type }}' for a, b, t, w in links]
    )


async def round_trips(api: Api, query: str, variables: dict[str, object]) -> int:
    body = await api.body(query, variables)
    assert "errors" not in body, body["errors"]
    count: int = body["extensions"]["cypherRoundTrips"]
    return count


async def test_round_trips_depend_on_the_selection_not_the_page_size(
    api: Api, big_graph: None, app_client: AppClient, auth_headers: dict[str, str]
) -> None:
    body = await api.body(NESTED, {"first": MILESTONES})
    page = body["data"]["successMilestones"]
    assert page["totalCount"] == MILESTONES and len(page["edges"]) == MILESTONES
    first = page["edges"][0]["node"]
    assert [e["node"]["title"] for e in first["products"]["edges"]] == ["P0"]
    assert sorted(e["weight"] for e in first["healthScores"]["edges"]) == [1.0, 1.0]
    assert first["isVanity"] is False and page["edges"][1]["node"]["isVanity"] is True

    hundred = body["extensions"]["cypherRoundTrips"]
    ten = await round_trips(api, NESTED, {"first": 10})
    one = await round_trips(api, NESTED, {"first": 1})
    # A compiled read (upg.api.compiled): one statement, whatever the selection.
    assert body["extensions"]["compiled"] is True
    assert hundred == ten == one == 1
    async with app_client(headers=auth_headers, compiled_reads=False) as client:
        resolved = Api(client)
        hundred = await round_trips(resolved, NESTED, {"first": 100})
        one = await round_trips(resolved, NESTED, {"first": 1})
        # The resolvers: the list, then one batch each for products, healthScores, outcomes
        # and isVanity.
        assert hundred == one == 5
        deeper = DEEPER
        # products, milestones, healthScores, milestones: one round trip per level.
        assert await round_trips(resolved, deeper, {"first": 2}) == 4

    # Building the graph is the slow part: the other selections are checked on the same one.
    assert await round_trips(api, DEEPER, {"first": 2}) == 1

    vanity = "{ vanityMilestones(first: 100) { totalCount edges { node { title isVanity } } } }"
    assert await round_trips(api, vanity, {}) == 1
    audit = (
        "{ milestoneAudit(first: 100) { edges { node { classification "
        "milestone { isVanity products { totalCount } } } } } }"
    )
    # The audits' pages are compiled reads too: one statement each.
    assert await round_trips(api, audit, {}) == 1
    scores = (
        "{ healthScoreAudits { edges { node { vanityShare "
        "vanityMilestones { edges { node { title isVanity } } } } } } }"
    )
    assert await round_trips(api, scores, {}) == 1
    async with app_client(headers=auth_headers, compiled_reads=False) as client:
        resolved = Api(client)
        # The resolvers: the audit's page, then one batch for the milestones' products.
        assert await round_trips(resolved, audit, {}) == 2
        # The score audit reads its vanity milestones whole: vanityMilestones reads nothing more.
        assert await round_trips(resolved, scores, {}) == 1

    # A vanity page carries its products and scores whole: one round trip, and the same
    # connections (order, totals, weights, every field) as the loaders would have read.
    neighbours = """id title createdAt
      products(first: 1) {
        totalCount pageInfo { hasNextPage } edges { node { id title status createdAt } }
      }
      healthScores { totalCount edges { weight node { id title tags updatedAt } } }"""
    vanity_page = f"{{ vanityMilestones(first: 100) {{ edges {{ node {{ {neighbours} }} }} }} }}"
    body = await api.body(vanity_page)
    assert body["extensions"]["cypherRoundTrips"] == 1
    from_audit = [edge["node"] for edge in body["data"]["vanityMilestones"]["edges"]]
    ids = [node["id"] for node in from_audit]
    listed = await api.data(
        f"query($ids: [ID!]) {{ successMilestones(first: 100, where: {{id_in: $ids}}, "
        f"orderBy: [{{field: TITLE}}]) {{ edges {{ node {{ {neighbours} }} }} }} }}",
        {"ids": ids},
    )
    from_loaders = [edge["node"] for edge in listed["successMilestones"]["edges"]]
    assert from_audit == from_loaders and len(from_audit) == MILESTONES // 2
    assert any(node["healthScores"]["totalCount"] == 2 for node in from_audit)
