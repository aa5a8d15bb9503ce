"""The repository contract, part one: nodes, lists, edges and neighbours."""

from __future__ import annotations

from datetime import date
from typing import Any

import pytest

from tests.contract.graph import CELEBRATES, CONTAINS, MILESTONE, VALIDATES, link, make, props
from upg.errors import Conflict, Invalid, NotFound
from upg.model.nodes import Node
from upg.model.query import NodeFilter, Order
from upg.services.ports import Repository

UNKNOWN = "00000000-0000-4000-8000-00000000dead"


def titles(nodes: tuple[Node, ...]) -> list[str]:
    return [n.title for n in nodes]


class NodeContract:
    """What every Repository does with nodes and edges (`store` is the one under test)."""

    async def test_create_then_get_returns_what_was_stored(self, store: Repository) -> None:
        created = await make(
            store,
            "SUCCESS_MILESTONE",
            "Second editor",
            description="two people edit",
            tags=["trial", "team"],
            milestone_type="trial",
            target_date="2026-03-31",
            window_days=14,
        )
        assert (created.type, created.status, created.achieved) == (
            "SUCCESS_MILESTONE",
            "todo",
            False,
        )
        assert created.tags == ("trial", "team")
        assert created.target_date == date(2026, 3, 31)
        assert created.created_at is not None and created.created_at.tzinfo is not None
        found = await store.get_nodes([created.id, UNKNOWN])
        assert list(found) == [created.id]
        got = found[created.id]
        assert (got.title, got.description, got.tags, got.milestone_type) == (
            "Second editor",
            "two people edit",
            ("trial", "team"),
            "trial",
        )
        assert (got.target_date, got.window_days) == (date(2026, 3, 31), 14)
        assert got.created_at == created.created_at

    async def test_get_nodes_of_any_type_at_once(self, store: Repository) -> None:
        product = await make(store, "PRODUCT", "DocFlow")
        outcome = await make(store, "OUTCOME", "Trial converts")
        found = await store.get_nodes([outcome.id, product.id])
        assert {n.type for n in found.values()} == {"PRODUCT", "OUTCOME"}
        assert await store.get_nodes([]) == {}

    async def test_a_taken_id_is_a_conflict_that_writes_nothing(self, store: Repository) -> None:
        first = await make(store, "PRODUCT", "First")
        kind, values = props("OUTCOME", "Second", id=first.id)
        with pytest.raises(Conflict) as caught:
            await store.create_node(kind, values)
        assert caught.value.field == "id"
        assert (await store.get_nodes([first.id]))[first.id].title == "First"

    async def test_update_writes_the_plans_changes(self, store: Repository) -> None:
        node = await make(store, "SUCCESS_MILESTONE", "old", description="gone soon")
        seen: list[Node] = []

        def plan(current: Node) -> tuple[dict[str, Any], str | None]:
            seen.append(current)
            return {"title": "new", "description": None, "tags": ["x"]}, None

        updated = await store.update_node(node.id, plan)
        assert [n.title for n in seen] == ["old"]
        assert (updated.title, updated.description, updated.tags) == ("new", None, ("x",))
        assert updated.created_at == node.created_at
        assert updated.updated_at is not None and node.updated_at is not None
        assert updated.updated_at >= node.updated_at
        stored = (await store.get_nodes([node.id]))[node.id]
        assert (stored.title, stored.description, stored.tags) == ("new", None, ("x",))

    async def test_update_of_a_missing_node_is_not_found(self, store: Repository) -> None:
        with pytest.raises(NotFound) as caught:
            await store.update_node(UNKNOWN, lambda _: ({"title": "x"}, None))
        assert caught.value.field == "id"

    async def test_update_guarded_on_a_status_that_changed_is_a_conflict(
        self, store: Repository
    ) -> None:
        node = await make(store, "SUCCESS_MILESTONE", "m")
        with pytest.raises(Conflict) as caught:
            await store.update_node(node.id, lambda _: ({"status": "done"}, "in_progress"))
        assert caught.value.field == "status"
        assert (await store.get_nodes([node.id]))[node.id].status == "todo"

    async def test_a_plan_that_refuses_writes_nothing(self, store: Repository) -> None:
        node = await make(store, "PRODUCT", "p")

        def refuse(_: Node) -> tuple[dict[str, Any], str | None]:
            raise Invalid("title: no", field="title")

        with pytest.raises(Invalid):
            await store.update_node(node.id, refuse)
        assert (await store.get_nodes([node.id]))[node.id].title == "p"

    async def test_delete_takes_the_edges_along(self, store: Repository) -> None:
        m = await make(store, "SUCCESS_MILESTONE", "m")
        o = await make(store, "OUTCOME", "o")
        await link(store, VALIDATES, m, o)
        assert await store.delete_node(o.id) is True
        assert await store.delete_node(o.id) is False
        assert await store.get_nodes([o.id]) == {}
        assert (await store.neighbours([m.id], VALIDATES, True, 0, None))[m.id].total == 0
        assert await store.milestone_facts([m.id]) == {m.id: (False, False)}

    # Lists --------------------------------------------------------------------------------

    async def _milestones(self, store: Repository) -> list[Node]:
        made = []
        for i, (kind, day) in enumerate(
            [
                ("trial", "2026-05-01"),
                ("trial", None),
                ("adoption", "2026-01-01"),
                ("renewal", None),
            ]
        ):
            fields: dict[str, Any] = {"milestone_type": kind, "tags": [f"t{i % 2}"]}
            if day is not None:
                fields["target_date"] = day
            made.append(await make(store, "SUCCESS_MILESTONE", f"Milestone {i}", **fields))
        return made

    async def test_list_filters(self, store: Repository) -> None:
        ms = await self._milestones(store)
        await make(store, "PRODUCT", "Milestone product")
        await store.update_node(ms[2].id, lambda _: ({"status": "done", "achieved": True}, None))

        async def listed(where: NodeFilter) -> list[str]:
            return titles((await store.list_nodes(MILESTONE, where, [], 0, None)).items)

        assert await listed(NodeFilter()) == [f"Milestone {i}" for i in range(4)]
        assert await listed(NodeFilter(ids=[ms[3].id, ms[1].id])) == ["Milestone 1", "Milestone 3"]
        assert await listed(NodeFilter(title_contains="STONE 2")) == ["Milestone 2"]
        assert await listed(NodeFilter(statuses=["done"])) == ["Milestone 2"]
        assert await listed(NodeFilter(achieved=False)) == [
            "Milestone 0",
            "Milestone 1",
            "Milestone 3",
        ]
        assert await listed(NodeFilter(tags_any=["t1", "nope"])) == ["Milestone 1", "Milestone 3"]
        assert await listed(NodeFilter(milestone_types=["trial", "renewal"], tags_any=["t0"])) == [
            "Milestone 0"
        ]

    async def test_list_filters_by_neighbour(self, store: Repository) -> None:
        ms = await self._milestones(store)
        product = await make(store, "PRODUCT", "p")
        score = await make(store, "CUSTOMER_HEALTH_SCORE", "s")
        outcome = await make(store, "OUTCOME", "o")
        await link(store, CELEBRATES, product, ms[0])
        await link(store, CELEBRATES, product, ms[3])
        await link(store, CONTAINS, score, ms[1])
        await link(store, VALIDATES, ms[3], outcome)
        for where, expected in [
            (NodeFilter(product_id=product.id), ["Milestone 0", "Milestone 3"]),
            (NodeFilter(health_score_id=score.id), ["Milestone 1"]),
            (NodeFilter(outcome_id=outcome.id), ["Milestone 3"]),
            (NodeFilter(product_id=UNKNOWN), []),
        ]:
            assert titles((await store.list_nodes(MILESTONE, where, [], 0, None)).items) == expected

    async def test_list_order_puts_missing_values_last_ascending(self, store: Repository) -> None:
        await self._milestones(store)

        async def ordered(*order: Order) -> list[str]:
            page = await store.list_nodes(MILESTONE, NodeFilter(), list(order), 0, None)
            return [t.removeprefix("Milestone ") for t in titles(page.items)]

        assert await ordered(Order("title", True)) == ["3", "2", "1", "0"]
        assert await ordered(Order("target_date"), Order("title")) == ["2", "0", "1", "3"]
        assert await ordered(Order("target_date", True), Order("title")) == ["1", "3", "0", "2"]
        assert await ordered(Order("milestone_type"), Order("title", True)) == ["2", "3", "1", "0"]

    async def test_list_pages_count_every_match(self, store: Repository) -> None:
        await self._milestones(store)
        page = await store.list_nodes(MILESTONE, NodeFilter(), [], 1, 2)
        assert (titles(page.items), page.total, page.offset) == (
            ["Milestone 1", "Milestone 2"],
            4,
            1,
        )
        assert page.has_next
        last = await store.list_nodes(MILESTONE, NodeFilter(), [], 3, 2)
        assert (titles(last.items), last.total, last.has_next) == (["Milestone 3"], 4, False)
        beyond = await store.list_nodes(MILESTONE, NodeFilter(), [], 9, 2)
        assert (beyond.items, beyond.total) == ((), 4)

    # Edges --------------------------------------------------------------------------------

    async def test_link_keeps_one_edge_and_its_weight(self, store: Repository) -> None:
        score = await make(store, "CUSTOMER_HEALTH_SCORE", "s")
        m = await make(store, "SUCCESS_MILESTONE", "m")
        first = await store.link(CONTAINS, score.id, m.id, None)
        again = await store.link(CONTAINS, score.id, m.id, None)
        heavier = await store.link(CONTAINS, score.id, m.id, 5.0)
        kept = await store.link(CONTAINS, score.id, m.id, None)
        assert (first, again, heavier, kept) == (1.0, 1.0, 5.0, 5.0)
        page = (await store.neighbours([score.id], CONTAINS, True, 0, None))[score.id]
        assert [(x.node.id, x.weight) for x in page.items] == [(m.id, 5.0)]

    async def test_an_unweighted_edge_has_no_weight(self, store: Repository) -> None:
        m = await make(store, "SUCCESS_MILESTONE", "m")
        o = await make(store, "OUTCOME", "o")
        assert await store.link(VALIDATES, m.id, o.id, 3.0) is None
        page = (await store.neighbours([o.id], VALIDATES, False, 0, None))[o.id]
        assert [(x.node.id, x.weight) for x in page.items] == [(m.id, None)]

    async def test_link_names_the_bad_endpoint_and_writes_nothing(self, store: Repository) -> None:
        product = await make(store, "PRODUCT", "p")
        outcome = await make(store, "OUTCOME", "o")
        with pytest.raises(Invalid) as wrong:
            await store.link(VALIDATES, product.id, outcome.id, None)
        assert wrong.value.field == "fromId"
        assert "VALIDATES goes from SuccessMilestone to Outcome" in wrong.value.message
        with pytest.raises(NotFound) as missing_from:
            await store.link(CELEBRATES, UNKNOWN, outcome.id, None)
        assert missing_from.value.field == "fromId"
        with pytest.raises(NotFound) as missing_to:
            await store.link(CELEBRATES, product.id, UNKNOWN, None)
        assert missing_to.value.field == "toId"
        pages = await store.neighbours([product.id, outcome.id], VALIDATES, False, 0, None)
        assert [p.total for p in pages.values()] == [0, 0]

    async def test_unlink_says_whether_there_was_an_edge(self, store: Repository) -> None:
        product = await make(store, "PRODUCT", "p")
        m = await make(store, "SUCCESS_MILESTONE", "m")
        await link(store, CELEBRATES, product, m)
        assert await store.unlink(CONTAINS, product.id, m.id) is False
        assert await store.unlink(CELEBRATES, m.id, product.id) is False
        assert await store.unlink(CELEBRATES, product.id, m.id) is True
        assert await store.unlink(CELEBRATES, product.id, m.id) is False

    async def test_neighbours_one_page_per_node_in_either_direction(
        self, store: Repository
    ) -> None:
        p = await make(store, "PRODUCT", "p")
        lonely = await make(store, "PRODUCT", "lonely")
        ms = [await make(store, "SUCCESS_MILESTONE", f"m{i}") for i in (2, 0, 1)]
        for m in ms:
            await link(store, CELEBRATES, p, m)
        pages = await store.neighbours([p.id, lonely.id, UNKNOWN], CELEBRATES, True, 1, 1)
        assert set(pages) == {p.id, lonely.id}
        assert (titles(tuple(x.node for x in pages[p.id].items)), pages[p.id].total) == (["m1"], 3)
        assert pages[p.id].has_next
        assert (pages[lonely.id].items, pages[lonely.id].total) == ((), 0)
        back = await store.neighbours([m.id for m in ms], CELEBRATES, False, 0, None)
        assert {m_id: [x.node.id for x in page.items] for m_id, page in back.items()} == {
            m.id: [p.id] for m in ms
        }
        assert (await store.neighbours([p.id], CELEBRATES, False, 0, None))[p.id].total == 0
