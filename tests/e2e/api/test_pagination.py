"""Relay pagination: walking every page sees every item once; cursors and sizes are checked."""

from __future__ import annotations

import base64

import pytest

from tests.e2e.api.conftest import Api

PAGE = """
query($first: Int, $after: String) {
  successMilestones(first: $first, after: $after) {
    totalCount
    edges { cursor node { id title } }
    pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
  }
}
"""


@pytest.fixture
async def milestones(api: Api) -> list[str]:
    titles = [f"Milestone {i:03}" for i in range(57)]
    await api.bulk([f'createSuccessMilestone(input: {{title: "{t}"}}) {{ id }}' for t in titles])
    return titles


@pytest.mark.parametrize("size", [1, 10, 20, 56, 57, 100])
async def test_walking_all_pages_sees_each_item_once(
    api: Api, milestones: list[str], size: int
) -> None:
    seen: list[str] = []
    after = None
    pages = 0
    while True:
        data = (await api.data(PAGE, {"first": size, "after": after}))["successMilestones"]
        info = data["pageInfo"]
        assert data["totalCount"] == 57
        assert info["hasPreviousPage"] == (after is not None)
        assert info["startCursor"] == data["edges"][0]["cursor"]
        assert info["endCursor"] == data["edges"][-1]["cursor"]
        seen += [edge["node"]["title"] for edge in data["edges"]]
        pages += 1
        if not info["hasNextPage"]:
            break
        after = info["endCursor"]
    assert seen == milestones
    assert pages == -(-57 // size)


async def test_default_page_is_twenty(api: Api, milestones: list[str]) -> None:
    data = (await api.data(PAGE))["successMilestones"]
    assert len(data["edges"]) == 20
    assert data["pageInfo"]["hasNextPage"] is True


async def test_after_the_last_item_is_an_empty_page(api: Api, milestones: list[str]) -> None:
    last = (await api.data(PAGE, {"first": 100}))["successMilestones"]["pageInfo"]["endCursor"]
    data = (await api.data(PAGE, {"after": last}))["successMilestones"]
    assert data["edges"] == []
    assert data["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": True,
        "startCursor": None,
        "endCursor": None,
    }


@pytest.mark.parametrize("first", [0, -1, 101, 1000])
async def test_first_outside_1_to_100_is_bad_user_input(api: Api, first: int) -> None:
    error = await api.error(PAGE, {"first": first})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "first"}
    assert "between 1 and 100" in error["message"]


@pytest.mark.parametrize(
    "cursor",
    ["nonsense", "", base64.b64encode(b"x:3").decode(), base64.b64encode(b"o:-1").decode()],
)
async def test_a_cursor_the_api_did_not_issue_is_bad_user_input(api: Api, cursor: str) -> None:
    if cursor == "":
        # An empty cursor means "from the start", like null.
        await api.data(PAGE, {"after": cursor})
        return
    error = await api.error(PAGE, {"after": cursor})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "after"}
