"""Reads: node(id), the four lists with filters and ordering, relationship fields both ways."""

from __future__ import annotations

from typing import Any

from tests.e2e.api.conftest import Api, new_id

NODE_FIELDS = "id type title description status tags createdAt updatedAt"


def titles(connection: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in connection["edges"]]


async def test_node_by_id_resolves_its_concrete_type(api: Api) -> None:
    milestone = await api.create(
        "SUCCESS_MILESTONE",
        "Second editor",
        description="The aha moment.",
        tags=["aha"],
        milestoneType="trial",
        targetDate="2026-03-31",
    )
    data = await api.data(
        f"query($id: ID!) {{ node(id: $id) {{ __typename {NODE_FIELDS} "
        "... on SuccessMilestone { milestoneType targetDate achieved isVanity } } }",
        {"id": milestone},
    )
    node = data["node"]
    assert node["__typename"] == "SuccessMilestone"
    assert node["type"] == "SUCCESS_MILESTONE"
    assert (node["id"], node["title"], node["description"]) == (
        milestone,
        "Second editor",
        "The aha moment.",
    )
    assert (node["status"], node["tags"], node["achieved"], node["isVanity"]) == (
        "todo",
        ["aha"],
        False,
        False,
    )
    assert (node["milestoneType"], node["targetDate"]) == ("trial", "2026-03-31")
    assert node["createdAt"] and node["createdAt"] == node["updatedAt"]


async def test_node_of_an_unknown_id_is_null(api: Api) -> None:
    assert (await api.data("query($id: ID!) { node(id: $id) { id } }", {"id": new_id()})) == {
        "node": None
    }


async def test_every_type_is_listed_with_its_typename(api: Api) -> None:
    await api.create("PRODUCT", "P")
    await api.create("OUTCOME", "O")
    await api.create("HEALTH_SCORE", "S")
    await api.create("SUCCESS_MILESTONE", "M")
    data = await api.data(
        "{ products { totalCount edges { node { __typename type title } } } "
        "outcomes { totalCount edges { node { __typename type title } } } "
        "healthScores { totalCount edges { node { __typename type title } } } "
        "successMilestones { totalCount edges { node { __typename type title } } } }"
    )
    expected = {
        "products": ("Product", "PRODUCT", "P"),
        "outcomes": ("Outcome", "OUTCOME", "O"),
        "healthScores": ("CustomerHealthScore", "CUSTOMER_HEALTH_SCORE", "S"),
        "successMilestones": ("SuccessMilestone", "SUCCESS_MILESTONE", "M"),
    }
    for field, (typename, type_, title) in expected.items():
        assert data[field]["totalCount"] == 1
        node = data[field]["edges"][0]["node"]
        assert (node["__typename"], node["type"], node["title"]) == (typename, type_, title)


async def test_filters_on_every_list(api: Api) -> None:
    alpha = await api.create("PRODUCT", "Alpha Docs", tags=["docs", "b2b"], status="planned")
    await api.create("PRODUCT", "Beta CRM", tags=["crm"])
    gamma = await api.create("PRODUCT", "Gamma docs", tags=["b2b"])
    query = (
        "query($where: ProductWhere) "
        "{ products(where: $where) { totalCount edges { node { title } } } }"
    )

    async def found(where: dict[str, Any]) -> list[str]:
        return titles((await api.data(query, {"where": where}))["products"])

    assert await found({"title_contains": "DOCS"}) == ["Alpha Docs", "Gamma docs"]
    assert await found({"id_in": [alpha, gamma.upper()]}) == ["Alpha Docs", "Gamma docs"]
    assert await found({"status_in": ["planned"]}) == ["Alpha Docs"]
    assert await found({"tags_includes_any": ["crm", "docs"]}) == ["Alpha Docs", "Beta CRM"]
    assert await found({"title_contains": "docs", "status_in": ["active"]}) == ["Gamma docs"]
    assert await found({"id_in": []}) == []

    await api.create("OUTCOME", "Renews", tags=["retention"])
    await api.create("HEALTH_SCORE", "Trial health", status="draft")
    outcomes = await api.data(
        '{ outcomes(where: {tags_includes_any: ["retention"]}) { totalCount } }'
    )
    scores = await api.data('{ healthScores(where: {status_in: ["draft"]}) { totalCount } }')
    assert outcomes["outcomes"]["totalCount"] == scores["healthScores"]["totalCount"] == 1


async def test_milestone_filters(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    score = await api.create("HEALTH_SCORE", "Trial health")
    outcome = await api.create("OUTCOME", "Converts")
    invited = await api.create("SUCCESS_MILESTONE", "Invited", milestoneType="trial", status="done")
    shared = await api.create("SUCCESS_MILESTONE", "Shared", milestoneType="adoption")
    await api.create("SUCCESS_MILESTONE", "Renewed", milestoneType="renewal")
    await api.link(product, "CELEBRATES_VIA", invited)
    await api.link(product, "CELEBRATES_VIA", shared)
    await api.link(score, "CONTAINS", shared)
    await api.link(invited, "VALIDATES", outcome)
    query = (
        "query($where: SuccessMilestoneWhere) "
        "{ successMilestones(where: $where) { edges { node { title } } } }"
    )

    async def found(where: dict[str, Any]) -> list[str]:
        return titles((await api.data(query, {"where": where}))["successMilestones"])

    assert await found({"milestoneType_in": ["trial", "renewal"]}) == ["Invited", "Renewed"]
    assert await found({"achieved": True}) == ["Invited"]
    assert await found({"achieved": False}) == ["Renewed", "Shared"]
    assert await found({"productId": product}) == ["Invited", "Shared"]
    assert await found({"healthScoreId": score}) == ["Shared"]
    assert await found({"outcomeId": outcome}) == ["Invited"]
    assert await found({"productId": product, "achieved": False}) == ["Shared"]


async def test_order_by(api: Api) -> None:
    await api.create("SUCCESS_MILESTONE", "B", targetDate="2026-01-01", status="done")
    await api.create("SUCCESS_MILESTONE", "A", targetDate="2026-06-01")
    await api.create("SUCCESS_MILESTONE", "C", targetDate="2025-01-01", status="done")
    query = (
        "query($orderBy: [SuccessMilestoneOrderBy!]) "
        "{ successMilestones(orderBy: $orderBy) { edges { node { title } } } }"
    )

    async def order(*keys: dict[str, str]) -> list[str]:
        return titles((await api.data(query, {"orderBy": list(keys)}))["successMilestones"])

    assert await order() == ["A", "B", "C"]
    assert await order({"field": "TITLE", "direction": "DESC"}) == ["C", "B", "A"]
    assert await order({"field": "TARGET_DATE"}) == ["C", "B", "A"]
    assert await order({"field": "STATUS"}, {"field": "TITLE", "direction": "DESC"}) == [
        "C",
        "B",
        "A",
    ]
    assert await order({"field": "CREATED_AT"}) == ["B", "A", "C"]
    assert await order({"field": "UPDATED_AT", "direction": "DESC"}) == ["C", "A", "B"]


async def test_relationship_fields_both_directions(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    score = await api.create("HEALTH_SCORE", "Trial health")
    outcome = await api.create("OUTCOME", "Converts")
    milestone = await api.create("SUCCESS_MILESTONE", "Second editor")
    await api.link(product, "CELEBRATES_VIA", milestone)
    await api.link(score, "CONTAINS", milestone, 5.0)
    await api.link(milestone, "VALIDATES", outcome)

    data = await api.data(
        """query($m: ID!, $p: ID!, $s: ID!, $o: ID!) {
          m: node(id: $m) { ... on SuccessMilestone {
            products { totalCount edges { node { title } } }
            healthScores { totalCount edges { weight node { title } } }
            outcomes { totalCount edges { node { title } } } } }
          p: node(id: $p) { ... on Product { milestones { edges { node { title } } } } }
          s: node(id: $s) { ... on CustomerHealthScore {
            milestones { edges { weight node { title } } } } }
          o: node(id: $o) { ... on Outcome { validatedBy { edges { node { title } } } } }
        }""",
        {"m": milestone, "p": product, "s": score, "o": outcome},
    )
    m = data["m"]
    assert titles(m["products"]) == ["Docs"]
    assert titles(m["outcomes"]) == ["Converts"]
    assert m["healthScores"]["edges"] == [{"weight": 5.0, "node": {"title": "Trial health"}}]
    assert titles(data["p"]["milestones"]) == ["Second editor"]
    assert data["s"]["milestones"]["edges"] == [{"weight": 5.0, "node": {"title": "Second editor"}}]
    assert titles(data["o"]["validatedBy"]) == ["Second editor"]


async def test_relationship_fields_page_too(api: Api) -> None:
    product = await api.create("PRODUCT", "Docs")
    await api.bulk([f'createSuccessMilestone(input: {{title: "M{i}"}}) {{ id }}' for i in range(5)])
    ids = await api.data("{ successMilestones { edges { node { id } } } }")
    for edge in ids["successMilestones"]["edges"]:
        await api.link(product, "CELEBRATES_VIA", edge["node"]["id"])
    query = (
        "query($id: ID!, $after: String) { node(id: $id) { ... on Product { "
        "milestones(first: 2, after: $after) { totalCount edges { node { title } } "
        "pageInfo { hasNextPage endCursor } } } } }"
    )
    seen: list[str] = []
    after = None
    while True:
        page = (await api.data(query, {"id": product, "after": after}))["node"]["milestones"]
        assert page["totalCount"] == 5
        seen += titles(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == ["M0", "M1", "M2", "M3", "M4"]
