"""Each audit on a graph built for the test, with answers known in advance."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import pytest

from tests.e2e.api.conftest import Api, new_id
from upg.graph.repository import Neo4jRepository
from upg.services.demo import VANITY_TITLES, load_demo
from upg.services.nodes import MAX_PAGE


@dataclass
class Graph:
    acme: str
    beta: str
    converts: str
    renews: str
    unmeasured: str
    fragile_outcome: str
    trial_score: str
    renewal_score: str
    empty_score: str
    validated: str
    vanity: str
    untracked: str
    orphan: str
    two_scores: str
    fragile: str


@pytest.fixture
async def graph(api: Api) -> Graph:
    """Every milestone class, a milestone in two scores, one whose only outcome will go."""
    g = Graph(
        acme=await api.create("PRODUCT", "Acme"),
        beta=await api.create("PRODUCT", "Beta"),
        converts=await api.create("OUTCOME", "Converts"),
        renews=await api.create("OUTCOME", "Renews"),
        unmeasured=await api.create("OUTCOME", "Unmeasured"),
        fragile_outcome=await api.create("OUTCOME", "Fragile outcome"),
        trial_score=await api.create("HEALTH_SCORE", "Trial score"),
        renewal_score=await api.create("HEALTH_SCORE", "Renewal score"),
        empty_score=await api.create("HEALTH_SCORE", "Empty score"),
        validated=await api.create("SUCCESS_MILESTONE", "Validated"),
        vanity=await api.create("SUCCESS_MILESTONE", "Vanity"),
        untracked=await api.create("SUCCESS_MILESTONE", "Untracked"),
        orphan=await api.create("SUCCESS_MILESTONE", "Orphan"),
        two_scores=await api.create("SUCCESS_MILESTONE", "Two scores"),
        fragile=await api.create("SUCCESS_MILESTONE", "Fragile"),
    )
    for milestone in (g.validated, g.vanity, g.fragile):
        await api.link(g.acme, "CELEBRATES_VIA", milestone)
    for milestone in (g.untracked, g.orphan, g.two_scores):
        await api.link(g.beta, "CELEBRATES_VIA", milestone)
    await api.link(g.trial_score, "CONTAINS", g.validated, 3.0)
    await api.link(g.trial_score, "CONTAINS", g.vanity, 1.0)
    await api.link(g.trial_score, "CONTAINS", g.two_scores, 2.0)
    await api.link(g.renewal_score, "CONTAINS", g.two_scores, 4.0)
    await api.link(g.renewal_score, "CONTAINS", g.fragile, 1.0)
    await api.link(g.validated, "VALIDATES", g.converts)
    await api.link(g.untracked, "VALIDATES", g.renews)
    await api.link(g.fragile, "VALIDATES", g.fragile_outcome)
    return g


VANITY = """
query($productId: ID, $healthScoreId: ID) {
  vanityMilestones(productId: $productId, healthScoreId: $healthScoreId) {
    totalCount
    edges { node { title isVanity healthScores { edges { weight node { title } } } } }
  }
}
"""

AUDIT = """
query($id: ID!) {
  healthScoreAudit(id: $id) {
    healthScore { id title } totalWeight vanityWeight vanityShare
    vanityMilestones { totalCount edges { node { title } } }
  }
}
"""

MILESTONE_AUDIT = """
query($productId: ID) {
  milestoneAudit(productId: $productId) {
    totalCount edges { node { classification milestone { title isVanity } } }
  }
}
"""


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    return [edge["node"] for edge in connection["edges"]]


def titles(connection: dict[str, Any]) -> list[str]:
    return [str(node["title"]) for node in nodes(connection)]


async def _vanity_titles(api: Api, **scope: str) -> list[str]:
    data = await api.data(VANITY, scope)
    connection = data["vanityMilestones"]
    assert connection["totalCount"] == len(connection["edges"])
    return [edge["node"]["title"] for edge in connection["edges"]]


async def test_vanity_milestones_feed_a_score_and_validate_nothing(api: Api, graph: Graph) -> None:
    data = await api.data(VANITY)
    nodes = [edge["node"] for edge in data["vanityMilestones"]["edges"]]
    assert [n["title"] for n in nodes] == ["Two scores", "Vanity"]
    assert all(n["isVanity"] for n in nodes)
    two = nodes[0]["healthScores"]["edges"]
    assert sorted((e["node"]["title"], e["weight"]) for e in two) == [
        ("Renewal score", 4.0),
        ("Trial score", 2.0),
    ]


async def test_vanity_milestones_scoped_to_a_product_or_a_score(api: Api, graph: Graph) -> None:
    assert await _vanity_titles(api, productId=graph.acme) == ["Vanity"]
    assert await _vanity_titles(api, productId=graph.beta) == ["Two scores"]
    assert await _vanity_titles(api, healthScoreId=graph.renewal_score) == ["Two scores"]
    assert await _vanity_titles(api, healthScoreId=graph.trial_score) == ["Two scores", "Vanity"]
    assert await _vanity_titles(api, healthScoreId=graph.empty_score) == []


async def test_health_score_audit_weights_and_share(api: Api, graph: Graph) -> None:
    trial = (await api.data(AUDIT, {"id": graph.trial_score}))["healthScoreAudit"]
    assert trial["healthScore"] == {"id": graph.trial_score, "title": "Trial score"}
    assert (trial["totalWeight"], trial["vanityWeight"], trial["vanityShare"]) == (6.0, 3.0, 0.5)
    assert titles(trial["vanityMilestones"]) == ["Two scores", "Vanity"]

    renewal = (await api.data(AUDIT, {"id": graph.renewal_score}))["healthScoreAudit"]
    assert (renewal["totalWeight"], renewal["vanityWeight"]) == (5.0, 4.0)
    assert renewal["vanityShare"] == pytest.approx(0.8)

    empty = (await api.data(AUDIT, {"id": graph.empty_score}))["healthScoreAudit"]
    assert (empty["totalWeight"], empty["vanityShare"]) == (0.0, 0.0)
    assert titles(empty["vanityMilestones"]) == []


async def test_health_score_audit_of_no_score_is_null(api: Api, graph: Graph) -> None:
    assert (await api.data(AUDIT, {"id": graph.acme}))["healthScoreAudit"] is None


async def test_health_score_audits_lists_every_score(api: Api, graph: Graph) -> None:
    data = await api.data(
        "{ healthScoreAudits { edges { node { healthScore { title } vanityShare "
        "vanityMilestones { edges { node { title } } } } } } }"
    )
    rows = [
        (r["healthScore"]["title"], r["vanityShare"], titles(r["vanityMilestones"]))
        for r in nodes(data["healthScoreAudits"])
    ]
    assert rows == [
        ("Empty score", 0.0, []),
        ("Renewal score", pytest.approx(0.8), ["Two scores"]),
        ("Trial score", 0.5, ["Two scores", "Vanity"]),
    ]


async def test_unmeasured_outcomes(api: Api, graph: Graph) -> None:
    data = await api.data("{ unmeasuredOutcomes { totalCount edges { node { id title } } } }")
    assert data["unmeasuredOutcomes"]["totalCount"] == 1
    assert [e["node"]["id"] for e in data["unmeasuredOutcomes"]["edges"]] == [graph.unmeasured]


async def test_milestone_audit_classifies_every_milestone(api: Api, graph: Graph) -> None:
    data = await api.data(MILESTONE_AUDIT)
    classes = {e["milestone"]["title"]: e["classification"] for e in nodes(data["milestoneAudit"])}
    assert classes == {
        "Fragile": "VALIDATED",
        "Orphan": "ORPHAN",
        "Two scores": "VANITY",
        "Untracked": "UNTRACKED",
        "Validated": "VALIDATED",
        "Vanity": "VANITY",
    }
    for entry in nodes(data["milestoneAudit"]):
        assert entry["milestone"]["isVanity"] == (entry["classification"] == "VANITY")

    acme = await api.data(MILESTONE_AUDIT, {"productId": graph.acme})
    assert [e["milestone"]["title"] for e in nodes(acme["milestoneAudit"])] == [
        "Fragile",
        "Validated",
        "Vanity",
    ]


async def test_is_vanity_agrees_with_the_audit(api: Api, graph: Graph) -> None:
    data = await api.data("{ successMilestones(first: 100) { edges { node { title isVanity } } } }")
    vanity = {
        e["node"]["title"] for e in data["successMilestones"]["edges"] if e["node"]["isVanity"]
    }
    assert vanity == {"Two scores", "Vanity"}


async def test_deleting_the_only_validated_outcome_makes_a_milestone_vanity(
    api: Api, graph: Graph
) -> None:
    await api.data("mutation($id: ID!) { deleteNode(id: $id) }", {"id": graph.fragile_outcome})

    assert await _vanity_titles(api) == ["Fragile", "Two scores", "Vanity"]
    node = await api.data(
        "query($id: ID!) { node(id: $id) "
        "{ ... on SuccessMilestone { isVanity outcomes { totalCount } } } }",
        {"id": graph.fragile},
    )
    assert node["node"] == {"isVanity": True, "outcomes": {"totalCount": 0}}
    renewal = (await api.data(AUDIT, {"id": graph.renewal_score}))["healthScoreAudit"]
    assert (renewal["vanityWeight"], renewal["vanityShare"]) == (5.0, 1.0)
    audit = await api.data(MILESTONE_AUDIT, {"productId": graph.acme})
    assert {e["milestone"]["title"]: e["classification"] for e in nodes(audit["milestoneAudit"])}[
        "Fragile"
    ] == "VANITY"


async def test_vanity_milestones_on_the_demo_are_exactly_the_demo_vanity(
    api: Api, repository: Neo4jRepository
) -> None:
    await load_demo(repository)
    assert set(await _vanity_titles(api)) == VANITY_TITLES
    assert len(await _vanity_titles(api)) == len(VANITY_TITLES)


async def test_the_audits_page_like_every_connection(api: Api, graph: Graph) -> None:
    first = await api.data(
        "{ milestoneAudit(first: 4) { totalCount edges { node { milestone { title } } } "
        "pageInfo { hasNextPage endCursor } } }"
    )
    audit = first["milestoneAudit"]
    assert (audit["totalCount"], len(audit["edges"]), audit["pageInfo"]["hasNextPage"]) == (
        6,
        4,
        True,
    )
    rest = await api.data(
        "query($a: String) { milestoneAudit(first: 4, after: $a) "
        "{ edges { node { milestone { title } } } pageInfo { hasNextPage } } }",
        {"a": audit["pageInfo"]["endCursor"]},
    )
    assert [e["milestone"]["title"] for e in nodes(rest["milestoneAudit"])] == [
        "Validated",
        "Vanity",
    ]
    scores = await api.data(
        "{ healthScoreAudits(first: 2) { totalCount edges { node { healthScore { title } } } } }"
    )
    assert scores["healthScoreAudits"]["totalCount"] == 3
    assert [n["healthScore"]["title"] for n in nodes(scores["healthScoreAudits"])] == [
        "Empty score",
        "Renewal score",
    ]


async def test_a_score_pages_through_more_vanity_than_its_audit_carries(api: Api) -> None:
    score = await api.create("HEALTH_SCORE", "Crowded")
    ids = [new_id() for _ in range(MAX_PAGE + 5)]
    await api.bulk(
        [f'createSuccessMilestone(input: {{id: "{i}", title: "m{n:03}"}}) {{ id }}'
         for n, i in enumerate(ids)]
    )  # fmt: skip
    await api.bulk(
        [f'link(fromId: "{score}", toId: "{i}", type: CONTAINS, weight: 2) {{ type }}' for i in ids]
    )
    page = (
        "query($id: ID!, $a: String) { healthScoreAudit(id: $id) { vanityContributions"
        f"(first: {MAX_PAGE}, after: $a) {{ totalCount edges {{ node {{ weight milestone "
        "{ title isVanity } } } pageInfo { hasNextPage endCursor } } } }"
    )
    seen: list[str] = []
    after = None
    while True:
        data = await api.data(page, {"id": score, "a": after})
        connection = data["healthScoreAudit"]["vanityContributions"]
        assert connection["totalCount"] == len(ids)
        for edge in connection["edges"]:
            assert edge["node"]["weight"] == 2.0 and edge["node"]["milestone"]["isVanity"]
            seen.append(edge["node"]["milestone"]["title"])
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert seen == [f"m{n:03}" for n in range(len(ids))]
