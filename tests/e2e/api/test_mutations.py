"""Writes: create (each type), update (absent vs null), delete, link/unlink, transitions."""

from __future__ import annotations

from tests.e2e.api.conftest import Api, new_id

NODE = """query($id: ID!) { node(id: $id) {
  title description status tags ... on SuccessMilestone { milestoneType targetDate achieved }
} }"""
UPDATE = """mutation($id: ID!, $input: UpdateNodeInput!) { updateNode(id: $id, input: $input) {
  title description tags ... on SuccessMilestone { milestoneType targetDate }
} }"""
LINK = (
    "mutation($f: ID!, $t: ID!, $type: EdgeType!, $w: Float) "
    "{ link(fromId: $f, toId: $t, type: $type, weight: $w) "
    "{ type weight from { id __typename } to { id __typename } } }"
)
UNLINK = (
    "mutation($f: ID!, $t: ID!, $type: EdgeType!) { unlink(fromId: $f, toId: $t, type: $type) }"
)
TRANSITION = (
    "mutation($id: ID!, $to: MilestoneStatus!) "
    "{ transitionMilestone(id: $id, to: $to) { status achieved } }"
)


async def test_create_each_type(api: Api) -> None:
    data = await api.data(
        """mutation {
          p: createProduct(input: {title: "Docs", tags: ["b2b", "b2b"], status: "planned"}) {
            __typename title tags status }
          o: createOutcome(input: {title: "Converts", description: "Buys a plan"}) {
            __typename title description status }
          s: createHealthScore(input: {title: "Trial health"}) { __typename title status }
          m: createSuccessMilestone(
            input: {title: "  Invited  ", milestoneType: "trial", targetDate: "2026-01-31"}
          ) { __typename title status achieved milestoneType targetDate isVanity }
        }"""
    )
    assert data["p"] == {
        "__typename": "Product",
        "title": "Docs",
        "tags": ["b2b"],
        "status": "planned",
    }
    assert data["o"] == {
        "__typename": "Outcome",
        "title": "Converts",
        "description": "Buys a plan",
        "status": "active",
    }
    assert data["s"] == {
        "__typename": "CustomerHealthScore",
        "title": "Trial health",
        "status": "active",
    }
    assert data["m"] == {
        "__typename": "SuccessMilestone",
        "title": "Invited",
        "status": "todo",
        "achieved": False,
        "milestoneType": "trial",
        "targetDate": "2026-01-31",
        "isVanity": False,
    }


async def test_create_with_a_client_id_and_a_done_status(api: Api) -> None:
    chosen = new_id()
    node_id = await api.create("SUCCESS_MILESTONE", "Reached", id=chosen, status="done")
    assert node_id == chosen
    node = (await api.data(NODE, {"id": chosen}))["node"]
    assert (node["status"], node["achieved"]) == ("done", True)


async def test_update_changes_only_the_fields_sent(api: Api) -> None:
    node_id = await api.create(
        "SUCCESS_MILESTONE",
        "Invited",
        description="keep me",
        tags=["a"],
        milestoneType="trial",
        targetDate="2026-01-31",
    )
    data = await api.data(UPDATE, {"id": node_id, "input": {"title": "Invited a teammate"}})
    assert data["updateNode"] == {
        "title": "Invited a teammate",
        "description": "keep me",
        "tags": ["a"],
        "milestoneType": "trial",
        "targetDate": "2026-01-31",
    }


async def test_update_with_explicit_nulls_clears_fields(api: Api) -> None:
    node_id = await api.create(
        "SUCCESS_MILESTONE", "Invited", description="drop me", tags=["a"], targetDate="2026-01-31"
    )
    data = await api.data(
        UPDATE,
        {"id": node_id, "input": {"description": None, "tags": None, "targetDate": None}},
    )
    assert data["updateNode"]["description"] is None
    assert data["updateNode"]["tags"] == []
    assert data["updateNode"]["targetDate"] is None
    assert data["updateNode"]["title"] == "Invited"


async def test_update_status_follows_the_lifecycle(api: Api) -> None:
    node_id = await api.create("SUCCESS_MILESTONE", "Invited")
    data = await api.data(
        'mutation($id: ID!) { updateNode(id: $id, input: {status: "done"}) '
        "{ status ... on SuccessMilestone { achieved } } }",
        {"id": node_id},
    )
    assert data["updateNode"] == {"status": "done", "achieved": True}


async def test_update_rejects_milestone_fields_on_other_types(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    error = await api.error(UPDATE, {"id": product, "input": {"milestoneType": "trial"}})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "milestoneType"}
    assert error["message"].startswith("milestoneType: ")


async def test_delete_detaches_edges(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    milestone = await api.create("SUCCESS_MILESTONE", "Invited")
    await api.link(product, "CELEBRATES_VIA", milestone)
    data = await api.data("mutation($id: ID!) { deleteNode(id: $id) }", {"id": milestone})
    assert data == {"deleteNode": milestone}
    assert (await api.data(NODE, {"id": milestone}))["node"] is None
    left = await api.data(
        "query($id: ID!) { node(id: $id) { ... on Product { milestones { totalCount } } } }",
        {"id": product},
    )
    assert left["node"]["milestones"]["totalCount"] == 0


async def test_link_twice_is_one_edge_and_may_update_the_weight(api: Api) -> None:
    score = await api.create("HEALTH_SCORE", "Trial health")
    milestone = await api.create("SUCCESS_MILESTONE", "Invited")
    first = await api.data(LINK, {"f": score, "t": milestone, "type": "CONTAINS"})
    assert first["link"] == {
        "type": "CONTAINS",
        "weight": 1.0,
        "from": {"id": score, "__typename": "CustomerHealthScore"},
        "to": {"id": milestone, "__typename": "SuccessMilestone"},
    }
    again = await api.data(LINK, {"f": score, "t": milestone, "type": "CONTAINS", "w": 2.5})
    assert again["link"]["weight"] == 2.5
    kept = await api.data(LINK, {"f": score, "t": milestone, "type": "CONTAINS"})
    assert kept["link"]["weight"] == 2.5
    edges = await api.data(
        "query($id: ID!) { node(id: $id) { ... on CustomerHealthScore "
        "{ milestones { totalCount edges { weight } } } } }",
        {"id": score},
    )
    assert edges["node"]["milestones"] == {"totalCount": 1, "edges": [{"weight": 2.5}]}


async def test_unweighted_edges_have_no_weight(api: Api) -> None:
    milestone = await api.create("SUCCESS_MILESTONE", "Invited")
    outcome = await api.create("OUTCOME", "Converts")
    data = await api.data(LINK, {"f": milestone, "t": outcome, "type": "VALIDATES"})
    assert data["link"]["weight"] is None
    error = await api.error(LINK, {"f": milestone, "t": outcome, "type": "VALIDATES", "w": 2.0})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "weight"}


async def test_link_checks_weights_and_endpoint_types(api: Api) -> None:
    score = await api.create("HEALTH_SCORE", "Trial health")
    milestone = await api.create("SUCCESS_MILESTONE", "Invited")
    for weight in (0.0, -1.0):
        error = await api.error(LINK, {"f": score, "t": milestone, "type": "CONTAINS", "w": weight})
        assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "weight"}
    error = await api.error(LINK, {"f": milestone, "t": score, "type": "CONTAINS"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "fromId"}
    error = await api.error(LINK, {"f": score, "t": new_id(), "type": "CONTAINS"})
    assert error["extensions"] == {"code": "NOT_FOUND", "field": "toId"}


async def test_unlink(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    milestone = await api.create("SUCCESS_MILESTONE", "Invited")
    await api.link(product, "CELEBRATES_VIA", milestone)
    variables = {"f": product, "t": milestone, "type": "CELEBRATES_VIA"}
    assert (await api.data(UNLINK, variables)) == {"unlink": True}
    assert (await api.data(UNLINK, variables)) == {"unlink": False}


async def test_transition_milestone(api: Api) -> None:
    node_id = await api.create("SUCCESS_MILESTONE", "Invited")
    moves = [("IN_PROGRESS", "in_progress", False), ("DONE", "done", True)]
    for to, status, achieved in moves:
        data = await api.data(TRANSITION, {"id": node_id, "to": to})
        assert data["transitionMilestone"] == {"status": status, "achieved": achieved}
    error = await api.error(TRANSITION, {"id": node_id, "to": "CANCELLED"})
    assert error["extensions"] == {"code": "CONFLICT", "field": "status"}
    assert "cannot move from done to cancelled" in error["message"]


async def test_transition_applies_to_milestones_only(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    error = await api.error(TRANSITION, {"id": product, "to": "DONE"})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "id"}


async def test_a_failed_mutation_writes_nothing(api: Api) -> None:
    error = await api.error(
        "mutation { createSuccessMilestone("
        'input: {title: "Bad", milestoneType: "someday"}) { id } }'
    )
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "milestoneType"}
    assert error["message"].startswith("milestoneType: must be one of trial, onboarding")
    data = await api.data("{ successMilestones { totalCount } }")
    assert data["successMilestones"]["totalCount"] == 0
