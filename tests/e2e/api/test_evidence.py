"""Evidence over GraphQL: computeEvidence stores it, SuccessMilestone.evidence reads it back,
evidenceReport computes it without storing, and windowDays round-trips."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import pytest
from starlette.applications import Starlette

from tests.e2e.api.conftest import Api, new_id
from upg.graph.repository import Neo4jRepository
from upg.services import cohort, demo

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)
ACCOUNTS = 2000
SEED = 7

EVIDENCE = (
    "verdict n hits misses a b c d rateHit rateMiss adjustedP phi strength claimed computedAt"
)
PAIR = f"milestone {{ id title }} outcome {{ id title }} evidence {{ {EVIDENCE} }}"
PAGE = f"(first: 100) {{ totalCount edges {{ node {{ {PAIR} }} }} }}"
REPORT = f"asOf pairs{PAGE} suggested{PAGE} vanityByEvidence{PAGE}"


def nodes(connection: dict[str, Any]) -> list[dict[str, Any]]:
    """The items of a whole (one-page) connection."""
    assert connection["totalCount"] == len(connection["edges"])
    return [edge["node"] for edge in connection["edges"]]


MILESTONES = f"""
query($first: Int, $where: SuccessMilestoneWhere) {{
  successMilestones(first: $first, where: $where, orderBy: [{{field: TITLE}}]) {{
    edges {{ node {{ id title windowDays evidence {{ {EVIDENCE} outcome {{ id title }} }} }} }}
  }}
}}
"""


@pytest.fixture
async def cohort_graph(app: Starlette, repository: Neo4jRepository) -> None:
    """The demo graph and a 2,000-account synthetic cohort with known truth."""
    summary = await cohort.load_cohort(
        app.state.evidence_repository, repository, ACCOUNTS, seed=SEED, as_of=AS_OF
    )
    assert summary.rejected == []


async def milestones(api: Api, first: int = 100) -> dict[str, dict[str, Any]]:
    data = await api.data(MILESTONES, {"first": first})
    return {edge["node"]["title"]: edge["node"] for edge in data["successMilestones"]["edges"]}


@pytest.mark.usefixtures("cohort_graph")
async def test_compute_evidence_stores_it_and_milestones_read_it_back(api: Api) -> None:
    before = await milestones(api)
    assert before[demo.SECOND_EDITOR.title]["evidence"] == []
    assert before[demo.SECOND_EDITOR.title]["windowDays"] == 3

    started = time.perf_counter()
    computed = await api.data(
        f"mutation($asOf: DateTime) {{ computeEvidence(asOf: $asOf) {{ {REPORT} }} }}",
        {"asOf": AS_OF.isoformat()},
    )
    seconds = time.perf_counter() - started
    print(f"computeEvidence on {ACCOUNTS} accounts: {seconds:.2f} s")
    assert computed["computeEvidence"]["asOf"] == AS_OF.isoformat()

    after = await milestones(api)
    [aha] = after[demo.SECOND_EDITOR.title]["evidence"]
    assert aha["outcome"]["title"] == demo.TRIAL_CONVERTS.title
    assert aha["verdict"] == "VALIDATED"
    assert abs(aha["rateHit"] - 0.58) <= 0.05
    assert abs(aha["rateMiss"] - 0.09) <= 0.05
    assert aha["claimed"] is True
    assert aha["computedAt"] == AS_OF.isoformat()
    assert aha["n"] == aha["hits"] + aha["misses"] == aha["a"] + aha["b"] + aha["c"] + aha["d"]
    # Only VALIDATES edges carry evidence: unclaimed milestones have none stored.
    assert after[demo.PROFILE_COMPLETED.title]["evidence"] == []
    # The stored evidence is the evidence computed.
    [pair] = [
        p
        for p in nodes(computed["computeEvidence"]["pairs"])
        if p["milestone"]["id"] == demo.SECOND_EDITOR.id
        and p["outcome"]["id"] == demo.TRIAL_CONVERTS.id
    ]
    assert {k: aha[k] for k in pair["evidence"]} == pair["evidence"]


@pytest.mark.usefixtures("cohort_graph")
async def test_evidence_report_computes_without_storing(api: Api) -> None:
    data = await api.data(
        f"query($asOf: DateTime) {{ evidenceReport(asOf: $asOf) {{ {REPORT} }} }}",
        {"asOf": "2026-11-23T00:00:00"},  # no offset: UTC
    )
    report = data["evidenceReport"]
    assert report["asOf"] == AS_OF.isoformat()
    pairs = {(p["milestone"]["title"], p["outcome"]["title"]): p for p in nodes(report["pairs"])}
    profile = pairs[(demo.PROFILE_COMPLETED.title, demo.TRIAL_CONVERTS.title)]["evidence"]
    assert profile["verdict"] != "VALIDATED"
    assert profile["claimed"] is False
    aha = pairs[(demo.SECOND_EDITOR.title, demo.TRIAL_CONVERTS.title)]["evidence"]
    assert aha["verdict"] == "VALIDATED"
    keys = [(p["milestone"]["title"], p["outcome"]["title"]) for p in nodes(report["pairs"])]
    assert keys == sorted(keys)
    suggested = nodes(report["suggested"])
    assert all(not p["evidence"]["claimed"] for p in suggested)
    assert all(p["evidence"]["verdict"] == "VALIDATED" for p in suggested)
    assert all(p["evidence"]["verdict"] == "REFUTED" for p in nodes(report["vanityByEvidence"]))
    # Nothing was stored.
    assert (await milestones(api))[demo.SECOND_EDITOR.title]["evidence"] == []


@pytest.mark.usefixtures("cohort_graph")
async def test_evidence_report_of_one_product(api: Api) -> None:
    data = await api.data(
        f"query($p: ID, $asOf: DateTime) {{ evidenceReport(productId: $p, asOf: $asOf) "
        f"{{ {REPORT} }} }}",
        {"p": demo.PIPEMAIL.id, "asOf": AS_OF.isoformat()},
    )
    titles = {p["milestone"]["title"] for p in nodes(data["evidenceReport"]["pairs"])}
    assert demo.MAILBOX.title in titles
    assert demo.SECOND_EDITOR.title not in titles


PAGED = """query($asOf: DateTime, $first: Int, $after: String) { evidenceReport(asOf: $asOf) {
  pairs(first: $first, after: $after) { totalCount edges { cursor node { milestone { id }
  outcome { id } } } pageInfo { hasNextPage hasPreviousPage endCursor } } } }"""


@pytest.mark.usefixtures("cohort_graph")
async def test_evidence_pairs_come_in_pages(api: Api) -> None:
    async def page(first: int, after: str | None) -> dict[str, Any]:
        variables = {"asOf": AS_OF.isoformat(), "first": first, "after": after}
        connection: dict[str, Any] = (await api.data(PAGED, variables))["evidenceReport"]["pairs"]
        return connection

    whole = await page(100, None)
    every = [(e["node"]["milestone"]["id"], e["node"]["outcome"]["id"]) for e in whole["edges"]]
    assert whole["totalCount"] == len(every) > 7
    paged: list[tuple[str, str]] = []
    after: str | None = None
    while True:
        connection = await page(7, after)
        assert connection["totalCount"] == len(every)
        assert len(connection["edges"]) <= 7
        assert connection["pageInfo"]["hasPreviousPage"] is (after is not None)
        paged += [
            (e["node"]["milestone"]["id"], e["node"]["outcome"]["id"]) for e in connection["edges"]
        ]
        if not connection["pageInfo"]["hasNextPage"]:
            break
        after = connection["pageInfo"]["endCursor"]
    assert paged == every
    for first in (0, 101):
        error = await api.error(PAGED, {"asOf": AS_OF.isoformat(), "first": first})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}


async def test_evidence_report_of_an_unknown_product_is_not_found(api: Api) -> None:
    error = await api.error(
        "query($p: ID) { evidenceReport(productId: $p) { asOf } }", {"p": new_id()}
    )
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "productId"}
    error = await api.error('{ evidenceReport(productId: "nope") { asOf } }')
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "productId"}


@pytest.mark.usefixtures("cohort_graph")
async def test_milestone_evidence_costs_the_same_round_trips_for_any_page_size(api: Api) -> None:
    await api.data(
        "mutation($asOf: DateTime) { computeEvidence(asOf: $asOf) { asOf } }",
        {"asOf": AS_OF.isoformat()},
    )

    async def round_trips(ids: list[str]) -> int:
        body = await api.body(MILESTONES, {"first": 100, "where": {"id_in": ids}})
        assert "errors" not in body, body["errors"]
        nodes = [edge["node"] for edge in body["data"]["successMilestones"]["edges"]]
        assert len(nodes) == len(ids)
        assert any(node["evidence"] for node in nodes)
        count: int = body["extensions"]["cypherRoundTrips"]
        return count

    every = [n.id for n in demo.NODES if n.type == "SUCCESS_MILESTONE"]
    small = await round_trips([demo.SECOND_EDITOR.id, demo.PROFILE_COMPLETED.id])
    large = await round_trips(every)
    assert len(every) == 16
    assert small == large
    assert large <= 4  # the page (and its count), stored evidence, the outcomes


async def test_window_days_on_create_and_update(api: Api) -> None:
    node_id = await api.create("SUCCESS_MILESTONE", "Second editor", windowDays=3)
    data = await api.data(
        "mutation($id: ID!) { updateNode(id: $id, input: {windowDays: 7}) "
        "{ ... on SuccessMilestone { windowDays } } }",
        {"id": node_id},
    )
    assert data["updateNode"]["windowDays"] == 7
    error = await api.error(
        "mutation($id: ID!) { updateNode(id: $id, input: {windowDays: 0}) { id } }",
        {"id": node_id},
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "windowDays"}
