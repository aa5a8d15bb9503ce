"""`search(text:)` over GraphQL on the real Neo4j: the full-text index on titles (schema/011)."""

from __future__ import annotations

from typing import Any

import pytest

from tests.e2e.api.conftest import Api
from upg.graph.repository import Neo4jRepository
from upg.services import demo

SEARCH = """
query($text: String!, $first: Int, $after: String) {
  search(text: $text, first: $first, after: $after) {
    totalCount
    pageInfo { hasNextPage endCursor }
    edges { cursor node { __typename id title type } }
  }
}
"""


async def search(api: Api, text: str, **page: Any) -> dict[str, Any]:
    found: dict[str, Any] = (await api.data(SEARCH, {"text": text, **page}))["search"]
    return found


def titles(found: dict[str, Any]) -> list[str]:
    return [edge["node"]["title"] for edge in found["edges"]]


@pytest.fixture
async def demo_graph(repository: Neo4jRepository) -> None:
    await demo.load_demo(repository)


@pytest.mark.usefixtures("demo_graph")
async def test_words_in_any_order_case_ignored_last_word_a_prefix(api: Api) -> None:
    found = await search(api, "SHARED second teammate")
    assert titles(found)[0] == demo.SECOND_EDITOR.title
    assert found["edges"][0]["node"]["__typename"] == "SuccessMilestone"
    assert found["edges"][0]["node"]["id"] == demo.SECOND_EDITOR.id
    typing = await search(api, "second teamm")  # still typing: a prefix
    assert titles(typing)[0] == demo.SECOND_EDITOR.title
    assert await search(api, "teammate nothing-like-this") == {
        "totalCount": 0,
        "pageInfo": {"hasNextPage": False, "endCursor": None},
        "edges": [],
    }


@pytest.mark.usefixtures("demo_graph")
async def test_every_node_type_is_found(api: Api) -> None:
    kinds = {
        demo.DOCFLOW.title: "Product",
        demo.TRIAL_CONVERTS.title: "Outcome",
        demo.TRIAL_HEALTH.title: "CustomerHealthScore",
        demo.DARK_MODE.title: "SuccessMilestone",
    }
    for title, typename in kinds.items():
        found = await search(api, title)
        first = found["edges"][0]["node"]
        assert (first["title"], first["__typename"]) == (title, typename)


@pytest.mark.usefixtures("demo_graph")
async def test_pages_with_cursors_and_a_total(api: Api) -> None:
    # "health" is in three titles ("Trial health", "CRM adoption health" ...) at least.
    whole = await search(api, "health", first=100)
    assert whole["totalCount"] == len(whole["edges"]) >= 2
    seen: list[str] = []
    after = None
    while True:
        page = await search(api, "health", first=1, after=after)
        assert page["totalCount"] == whole["totalCount"]
        seen += titles(page)
        if not page["pageInfo"]["hasNextPage"]:
            break
        after = page["pageInfo"]["endCursor"]
    assert seen == titles(whole)


async def test_a_title_written_now_is_found_now(api: Api) -> None:
    node_id = await api.create("OUTCOME", "Quarterly büsiness review held")
    found = await search(api, "quarterly business")
    assert [e["node"]["id"] for e in found["edges"]] == [node_id]


@pytest.mark.usefixtures("demo_graph")
async def test_lucene_syntax_is_text_not_operators(api: Api) -> None:
    for text in ('title:"x"', "*", "a AND", "(", "~", "DocFlow OR PipeMail"):
        found = await search(api, text)
        assert found["totalCount"] == 0, text


@pytest.mark.parametrize(
    ("variables", "field"),
    [
        ({"text": "  "}, "text"),
        ({"text": "x" * 201}, "text"),
        ({"text": "x", "first": 0}, "first"),
        ({"text": "x", "first": 101}, "first"),
        ({"text": "x", "after": "nope"}, "after"),
    ],
)
async def test_bad_arguments_name_the_field(
    api: Api, variables: dict[str, Any], field: str
) -> None:
    error = await api.error(SEARCH, variables)
    assert error["extensions"]["code"] == "BAD_USER_INPUT"
    assert error["extensions"]["field"] == field
