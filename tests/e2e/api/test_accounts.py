"""Accounts through the API: the connection, routes, node(id:), desires, roles, cost, errors."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta
from typing import Any

import httpx

from tests.auth import bearer, jwt_for
from tests.e2e.api.conftest import Api
from upg.bootstrap import Upg
from upg.config import Settings
from upg.model.journey import JourneyPolicy
from upg.services import cohort, demo
from upg.services.cohort_journeys import JourneySummary, load_journeys
from upg.services.evidence import import_rows

NOW = datetime.now(UTC).replace(microsecond=0)

PAGE = """
query Page($where: AccountWhere, $first: Int, $after: String) {
  accounts(where: $where, first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { node {
      id name routeStatus signedUpAt
      products { title }
      route {
        status since
        outcome { title }
        nextMilestone { state dueAt milestone { title } }
        suggestedNext { milestone { title } }
        steps { state dueAt reachedAt play milestone { id title play } }
      }
    } }
  }
}
"""


async def _load(container: Upg, accounts: int = 120) -> JourneySummary:
    await cohort.load_cohort(container.evidence, container.repository, accounts, 5, NOW)
    return await load_journeys(container.accounts, container.evidence, 5, NOW, 4, JourneyPolicy())


async def _ids(api: Api, where: dict[str, Any]) -> list[dict[str, Any]]:
    found: list[dict[str, Any]] = []
    after = None
    while True:
        data = await api.data(PAGE, {"where": where, "first": 50, "after": after})
        found.extend(edge["node"] for edge in data["accounts"]["edges"])
        if not data["accounts"]["pageInfo"]["hasNextPage"]:
            return found
        after = data["accounts"]["pageInfo"]["endCursor"]


async def test_accounts_by_status_with_routes(api: Api, container: Upg) -> None:
    loaded = await _load(container)
    stuck = await _ids(api, {"status": "STUCK"})
    assert {n["routeStatus"] for n in stuck} == {"STUCK"}
    expected = {i for i, s in loaded.expected.items() if s.value == "STUCK"}
    assert expected <= {n["id"] for n in stuck}
    docflow = next(n for n in stuck if n["id"].startswith("journey-5-stalled-docflow"))
    route = docflow["route"]
    assert route["outcome"]["title"] == demo.TRIAL_CONVERTS.title and route["since"]
    assert route["nextMilestone"]["milestone"]["title"] == demo.SECOND_EDITOR.title
    assert route["nextMilestone"]["state"] == "OVERDUE"
    assert route["steps"][0]["play"] == "CONVERSION"
    assert docflow["products"] == [{"title": demo.DOCFLOW.title}]
    expanding = await _ids(api, {"play": "EXPANSION", "reachedWithinDays": 7})
    assert {n["id"] for n in expanding} == set(loaded.expanding_now)
    count = await api.data("{ accounts(where: {status: ARRIVED}) { totalCount } }")
    arrived = await _ids(api, {"status": "ARRIVED"})
    assert count["accounts"]["totalCount"] == len(arrived) > 0


async def test_node_resolves_accounts_even_with_uuid_ids(api: Api, container: Upg) -> None:
    await demo.load_demo(container.repository)
    account_id = str(uuid.uuid4())
    row = {"id": account_id, "name": "Uuid Inc", "signed_up_at": NOW, "products": []}
    await import_rows(container.evidence, ("a", iter([(1, row)])), None, None)
    query = "query($id: ID!) { node(id: $id) { __typename id title type ... on Account { name } } }"
    body = await api.body(query, {"id": account_id})
    assert body["data"]["node"] == {
        "__typename": "Account",
        "id": account_id,
        "title": "Uuid Inc",
        "type": "ACCOUNT",
        "name": "Uuid Inc",
    }
    # Neither a UUID nor an account: the id error stands, as before accounts.
    other = await api.error(query, {"id": "no-such-account"})
    assert other["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}
    assert (await api.data(query, {"id": str(uuid.uuid4())})) == {"node": None}
    product = await api.body(query, {"id": demo.DOCFLOW.id})
    assert product["data"]["node"]["__typename"] == "Product"
    assert product["extensions"].get("compiled") is True


async def test_set_desired_outcome_needs_an_editor_and_keeps_since(
    api: Api, container: Upg, anonymous: httpx.AsyncClient, settings: Settings
) -> None:
    loaded = await _load(container, accounts=10)
    account = next(i for i in loaded.expected if "stalled-lumen" in i)
    mutation = """
    mutation($a: ID!, $o: ID!, $since: DateTime, $replace: Boolean!) {
      setDesiredOutcome(accountId: $a, outcomeId: $o, since: $since, replace: $replace) {
        desiredOutcomes { named since outcome { id } }
      }
    }"""
    args = {"a": account, "o": demo.ACCOUNT_RENEWS.id, "since": None, "replace": False}
    reader = bearer(jwt_for(settings, "reader"))
    refused = await anonymous.post(
        "/graphql", json={"query": mutation, "variables": args}, headers=reader
    )
    assert refused.status_code == 403
    assert refused.json()["errors"][0]["extensions"]["code"] == "FORBIDDEN"
    first = (await api.data(mutation, args))["setDesiredOutcome"]["desiredOutcomes"]
    assert {d["outcome"]["id"] for d in first} == {demo.DATA_DECISIONS.id, demo.ACCOUNT_RENEWS.id}
    since = next(d["since"] for d in first if d["outcome"]["id"] == demo.ACCOUNT_RENEWS.id)
    later = (NOW + timedelta(days=3)).isoformat()
    again = await api.data(mutation, {**args, "since": later, "replace": True})
    assert again["setDesiredOutcome"]["desiredOutcomes"] == [
        {"named": True, "since": since, "outcome": {"id": demo.ACCOUNT_RENEWS.id}}
    ]
    bad = await api.error(mutation, {**args, "o": "not-a-uuid"})
    assert bad["extensions"]["code"] == "BAD_USER_INPUT"
    assert bad["extensions"]["field"] == "outcomeId"
    missing = await api.error(mutation, {**args, "a": "nobody"})
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "accountId"}


async def test_bad_filters_name_their_field_and_big_nested_lists_cost_too_much(api: Api) -> None:
    cases = [
        ({"reachedWithinDays": 0}, 20, "reachedWithinDays"),
        (
            {"signedUpFrom": NOW.isoformat(), "signedUpBefore": NOW.isoformat()},
            20,
            "signedUpBefore",
        ),
        ({"productId": "nope"}, 20, "productId"),
        ({"healthScore": {"id": "nope", "band": "HIGH"}}, 20, "healthScore.id"),
        ({"healthScore": {"id": str(uuid.uuid4()), "min": 5, "max": 1}}, 20, "healthScore.max"),
        ({}, 101, "first"),
    ]
    for where, first, field in cases:
        error = await api.error(PAGE, {"where": where, "first": first})
        assert error["extensions"]["code"] == "BAD_USER_INPUT", where
        assert error["extensions"]["field"] == field
    costly = await api.error(
        "{ accounts(first: 100) { edges { node { routes(first: 100) {"
        " steps(first: 100) { dueAt } } } } } }"
    )
    assert costly["extensions"]["code"] == "COST_LIMIT_EXCEEDED"


async def test_play_is_a_milestone_field_in_inputs_and_reads(api: Api) -> None:
    created = await api.data(
        'mutation { createSuccessMilestone(input: {title: "Seats doubled", play: EXPANSION})'
        " { id play } }"
    )
    milestone = created["createSuccessMilestone"]
    assert milestone["play"] == "EXPANSION"
    update = (
        "mutation($id: ID!) { updateNode(id: $id, input: {play: ADVOCACY}) "
        "{ ... on SuccessMilestone { play } } }"
    )
    assert (await api.data(update, {"id": milestone["id"]}))["updateNode"]["play"] == "ADVOCACY"
    listed = await api.body("{ successMilestones { edges { node { title play } } } }")
    assert listed["extensions"].get("compiled") is True
    assert listed["data"]["successMilestones"]["edges"] == [
        {"node": {"title": "Seats doubled", "play": "ADVOCACY"}}
    ]
    bad = await api.error(
        'mutation { createSuccessMilestone(input: {title: "x", play: NOPE}) { id } }'
    )
    assert "NOPE" in bad["message"]


async def test_health_score_band_filter_matches_account_health_scores(
    api: Api, container: Upg
) -> None:
    await _load(container)
    scores = await api.data("{ healthScores(first: 1) { edges { node { id } } } }")
    score_id = scores["healthScores"]["edges"][0]["node"]["id"]
    banded: dict[str, str] = {}
    for band in ("LOW", "MEDIUM", "HIGH"):
        for node in await _ids(api, {"healthScore": {"id": score_id, "band": band}}):
            assert node["id"] not in banded
            banded[node["id"]] = band
    assert len(set(banded.values())) >= 2
    for account_id, band in list(banded.items())[:15]:
        data = await api.data(
            "query($id: ID!) { accountHealthScores(accountId: $id) { value healthScore { id } } }",
            {"id": account_id},
        )
        (value,) = [
            v["value"] for v in data["accountHealthScores"] if v["healthScore"]["id"] == score_id
        ]
        expected = "LOW" if value < 40 else "MEDIUM" if value < 70 else "HIGH"
        assert band == expected, (account_id, value)


async def test_health_scores_of_a_page_are_one_batched_read(api: Api, container: Upg) -> None:
    await _load(container)
    query = (
        "query($first: Int) { accounts(first: $first) { edges { node { id "
        "healthScores { value healthScore { id } } } } } }"
    )
    trips = []
    for first in (3, 60):
        body = await api.body(query, {"first": first})
        edges = body["data"]["accounts"]["edges"]
        assert len(edges) == first and any(e["node"]["healthScores"] for e in edges)
        trips.append(body["extensions"]["cypherRoundTrips"])
    # The page, its catalog, the health facts and score definitions, the score nodes: the
    # same few reads for 3 accounts as for 60 (one read per account made 60 more).
    assert trips[0] == trips[1] <= 6
    one = edges[7]["node"]
    alone = await api.data(
        "query($id: ID!) { account(id: $id) { healthScores { value healthScore { id } } } }",
        {"id": one["id"]},
    )
    assert alone["account"]["healthScores"] == one["healthScores"]
