"""ApiSource against canned GraphQL answers: paging, mapping, and every failure as one UpgError."""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

import httpx
import pytest

from upg.audit.api_source import ApiSource, graphql_url
from upg.errors import Forbidden, Invalid, NotFound, Unavailable, UpgError
from upg.model.audit import MilestoneClass, Ref

Handler = Callable[[dict[str, Any]], httpx.Response]


def source(handler: Handler, token: str | None = None) -> ApiSource:
    def respond(request: httpx.Request) -> httpx.Response:
        assert request.url.path == "/graphql"
        return handler({**json.loads(request.content), "headers": request.headers})

    return ApiSource("http://api.test", token, transport=httpx.MockTransport(respond))


def data(payload: dict[str, Any]) -> httpx.Response:
    return httpx.Response(200, json={"data": payload})


def connection(nodes: list[dict[str, Any]], *, more: bool = False, cursor: str = "c") -> Any:
    return {
        "edges": [{"node": n} for n in nodes],
        "pageInfo": {"hasNextPage": more, "endCursor": cursor if more else None},
    }


def neighbours(*refs: tuple[str, str, float | None]) -> Any:
    return {
        "edges": [{"weight": w, "node": {"id": i, "title": t}} for i, t, w in refs],
        "pageInfo": {"hasNextPage": False},
    }


MILESTONE = {
    "id": "m1",
    "type": "SUCCESS_MILESTONE",
    "title": "Profile completed",
    "description": None,
    "status": "done",
    "tags": ["onboarding"],
    "milestoneType": "onboarding",
    "targetDate": "2026-03-31",
    "achieved": True,
}


def test_graphql_url() -> None:
    assert graphql_url("http://localhost:8000") == "http://localhost:8000/graphql"
    assert graphql_url("http://localhost:8000/") == "http://localhost:8000/graphql"
    assert graphql_url("https://upg.example/graphql") == "https://upg.example/graphql"
    with pytest.raises(Invalid):
        graphql_url("localhost:8000")


async def test_vanity_follows_pages_maps_refs_and_applies_the_tag() -> None:
    calls: list[dict[str, Any]] = []
    second = {**MILESTONE, "id": "m2", "title": "Watched the tutorial", "tags": ["education"]}

    def handler(body: dict[str, Any]) -> httpx.Response:
        calls.append(body["variables"])
        full = {
            **MILESTONE,
            "products": neighbours(("p1", "DocFlow", None)),
            "healthScores": neighbours(("s1", "Trial health", 1), ("s2", "Other", 2.5)),
        }
        if body["variables"]["after"] is None:
            return data({"vanityMilestones": connection([full], more=True, cursor="abc")})
        return data({"vanityMilestones": connection([{**full, **second}])})

    async with source(handler) as api:
        items = await api.vanity_milestones("p1", None, None)
        tagged = await api.vanity_milestones("p1", None, "education")
    assert [c["after"] for c in calls] == [None, "abc", None, "abc"]
    assert calls[0]["productId"] == "p1" and calls[0]["healthScoreId"] is None
    assert [i.milestone.title for i in items] == ["Profile completed", "Watched the tutorial"]
    first = items[0]
    assert first.products == (Ref("p1", "DocFlow"),)
    assert first.scores == (Ref("s1", "Trial health", 1.0), Ref("s2", "Other", 2.5))
    assert first.weight == 3.5
    assert first.milestone.target_date is not None and first.milestone.achieved
    assert [i.milestone.title for i in tagged] == ["Watched the tutorial"]


async def test_score_audits_take_each_vanity_weight_from_the_audit() -> None:
    def contribution(i: int) -> dict[str, Any]:
        return {"weight": 2, "milestone": {"id": f"m{i}", "title": f"Profile {i}"}}

    def handler(body: dict[str, Any]) -> httpx.Response:
        if "ScoreContributions" in body["query"]:
            # the score's second page of vanity milestones, read by itself
            assert body["variables"] == {"id": "s1", "vanityAfter": "v1"}
            more = connection([contribution(2)])
            return data({"healthScoreAudit": {"vanityContributions": more}})
        assert "healthScoreAudits" in body["query"]
        score = {
            "healthScore": {
                "id": "s1",
                "type": "CUSTOMER_HEALTH_SCORE",
                "title": "Trial health",
                "description": None,
                "status": "active",
                "tags": [],
            },
            "totalWeight": 7,
            "vanityWeight": 4,
            "vanityContributions": connection([contribution(1)], more=True, cursor="v1"),
        }
        return data({"healthScoreAudits": connection([score])})

    async with source(handler) as api:
        [audit] = await api.health_score_audits()
    assert (audit.total_weight, audit.vanity_weight) == (7.0, 4.0)
    assert audit.vanity_milestones == (Ref("m1", "Profile 1", 2.0), Ref("m2", "Profile 2", 2.0))


async def test_milestone_audit_and_lookups() -> None:
    def handler(body: dict[str, Any]) -> httpx.Response:
        query = body["query"]
        if "milestoneAudit" in query:
            m = {
                **MILESTONE,
                "products": neighbours(),
                "healthScores": neighbours(),
                "outcomes": neighbours(("o1", "Renews", None)),
            }
            entry = {"classification": "UNTRACKED", "milestone": m}
            return data({"milestoneAudit": connection([entry])})
        if "FindById" in query:
            found = body["variables"]["id"] == "p1"
            node = {"id": "p1", "type": "PRODUCT", "title": "DocFlow"} if found else None
            return data({"node": node})
        assert "title_contains" in query and body["variables"]["text"] == "doc"
        return data({"products": connection([{"id": "p1", "title": "DocFlow"}])})

    async with source(handler) as api:
        [entry] = await api.milestone_audit(None)
        assert entry.classification is MilestoneClass.UNTRACKED
        assert entry.outcomes == (Ref("o1", "Renews"),)
        assert await api.find_by_id("p1") == ("PRODUCT", Ref("p1", "DocFlow"))
        assert await api.find_by_id("p2") is None
        assert await api.find_by_title("PRODUCT", "doc") == [Ref("p1", "DocFlow")]


async def test_token_is_sent_as_bearer() -> None:
    seen: list[str | None] = []

    def handler(body: dict[str, Any]) -> httpx.Response:
        seen.append(body["headers"].get("authorization"))
        return data({"unmeasuredOutcomes": connection([])})

    async with source(handler, token="s3cret") as api:
        assert await api.unmeasured_outcomes() == []
    async with source(handler) as api:
        await api.unmeasured_outcomes()
    assert seen == ["Bearer s3cret", None]


@pytest.mark.parametrize(
    ("response", "error", "text"),
    [
        (httpx.Response(401), Forbidden, "refused the request (HTTP 401)"),
        (httpx.Response(403, json={"errors": []}), Forbidden, "HTTP 403"),
        (httpx.Response(502, text="bad gateway"), UpgError, "without JSON"),
        (httpx.Response(500, json={"detail": "boom"}), UpgError, "answered HTTP 500"),
        (
            httpx.Response(
                200, json={"errors": [{"message": "no node", "extensions": {"code": "NOT_FOUND"}}]}
            ),
            NotFound,
            "the upg API answered: no node",
        ),
        (
            httpx.Response(
                200,
                json={
                    "errors": [
                        {"message": "first: too big", "extensions": {"code": "BAD_USER_INPUT"}}
                    ]
                },
            ),
            Invalid,
            "first: too big",
        ),
        (
            httpx.Response(
                200,
                json={"errors": [{"message": "Neo4j down", "extensions": {"code": "UNAVAILABLE"}}]},
            ),
            Unavailable,
            "Neo4j down",
        ),
        (
            httpx.Response(200, json={"data": None, "errors": [{"message": "Cannot query field"}]}),
            UpgError,
            "Cannot query field",
        ),
    ],
)
async def test_failures_become_one_upg_error(
    response: httpx.Response, error: type[UpgError], text: str
) -> None:
    async with source(lambda body: response) as api:
        with pytest.raises(error) as raised:
            await api.unmeasured_outcomes()
    assert text in raised.value.message
    assert "\n" not in raised.value.message


async def test_connection_refused_is_unavailable() -> None:
    def refuse(request: httpx.Request) -> httpx.Response:
        raise httpx.ConnectError("[Errno 111] Connection refused", request=request)

    async with ApiSource("http://127.0.0.1:1", transport=httpx.MockTransport(refuse)) as api:
        with pytest.raises(Unavailable) as raised:
            await api.products()
    assert raised.value.message == (
        "cannot reach the upg API at http://127.0.0.1:1/graphql: [Errno 111] Connection refused"
    )


async def test_more_neighbours_than_a_page_is_an_error_not_a_silent_cut() -> None:
    crowded = {"edges": [], "pageInfo": {"hasNextPage": True}}

    def handler(body: dict[str, Any]) -> httpx.Response:
        m = {**MILESTONE, "products": crowded, "healthScores": neighbours()}
        return data({"vanityMilestones": connection([m])})

    async with source(handler) as api:
        with pytest.raises(UpgError, match="more than 100 products"):
            await api.vanity_milestones(None, None, None)


async def test_a_rate_limited_request_waits_and_is_sent_again() -> None:
    answers = [
        httpx.Response(429, headers={"Retry-After": "0"}, json={"errors": [{"message": "slow"}]}),
        data({"products": connection([{"id": "p1", "title": "DocFlow"}])}),
    ]

    def handler(body: dict[str, Any]) -> httpx.Response:
        return answers.pop(0)

    async with source(handler, "upg_k") as api:
        products = await api.products()
    assert [p.title for p in products] == ["DocFlow"] and answers == []


async def test_rate_limits_that_persist_fail_with_the_reason() -> None:
    def handler(body: dict[str, Any]) -> httpx.Response:
        message = "rate limit of 600 requests a minute exceeded; retry in 0 s"
        return httpx.Response(
            429, headers={"Retry-After": "0"}, json={"errors": [{"message": message}]}
        )

    async with source(handler, "upg_k") as api:
        with pytest.raises(Forbidden, match=r"HTTP 429.*rate limit of 600"):
            await api.products()
