"""The repository contract, part two: milestone facts, the audits, and the bulk writes."""

from __future__ import annotations

from typing import Any

import pytest

from tests.contract.graph import (
    CELEBRATES,
    CONTAINS,
    MILESTONE,
    VALIDATES,
    audit_graph,
    make,
    props,
)
from tests.contract.nodes import UNKNOWN
from upg.errors import Conflict, Invalid
from upg.model.audit import MilestoneClass, Ref
from upg.model.query import NodeFilter
from upg.model.registry import node_type
from upg.services.ports import Repository


def named(refs: tuple[Ref, ...]) -> list[tuple[str, float | None]]:
    return [(r.title, r.weight) for r in refs]


class AuditContract:
    """What every Repository answers about milestones, scores and outcomes."""

    async def test_milestone_facts(self, store: Repository) -> None:
        g = await audit_graph(store)
        asked = [*g.ids("vanity-a", "validated", "untracked", "orphan", "product-1"), UNKNOWN]
        assert await store.milestone_facts(asked) == {
            g.id("vanity-a"): (True, False),
            g.id("validated"): (True, True),
            g.id("untracked"): (False, True),
            g.id("orphan"): (False, False),
        }

    async def test_milestone_audit_classifies_every_milestone(self, store: Repository) -> None:
        g = await audit_graph(store)
        entries = (await store.milestone_audit(None)).items
        assert [(e.milestone.title, e.classification) for e in entries] == [
            ("orphan", MilestoneClass.ORPHAN),
            ("untracked", MilestoneClass.UNTRACKED),
            ("validated", MilestoneClass.VALIDATED),
            ("vanity-a", MilestoneClass.VANITY),
            ("vanity-b", MilestoneClass.VANITY),
        ]
        vanity_a = entries[3]
        assert named(vanity_a.scores) == [("score-1", 2.0), ("score-2", 1.0)]
        assert named(vanity_a.products) == [("product-1", None)]
        assert named(entries[2].outcomes) == [("outcome-1", None)]
        assert [r.id for r in entries[2].outcomes] == [g.id("outcome-1")]
        one = (await store.milestone_audit(g.id("product-2"))).items
        assert [e.milestone.title for e in one] == ["untracked", "vanity-b"]
        assert (await store.milestone_audit(UNKNOWN)).items == ()

    async def test_vanity_milestones_with_their_products_and_scores(
        self, store: Repository
    ) -> None:
        g = await audit_graph(store)
        page = await store.vanity_milestones(None, None, None, 0, None)
        assert (page.total, [v.milestone.title for v in page.items]) == (
            2,
            ["vanity-a", "vanity-b"],
        )
        first = page.items[0]
        assert named(first.products) == [("product-1", None)]
        assert named(first.scores) == [("score-1", 2.0), ("score-2", 1.0)]
        assert first.weight == 3.0
        assert [r.id for r in first.scores] == g.ids("score-1", "score-2")

    async def test_a_vanity_page_carries_its_neighbours_whole(self, store: Repository) -> None:
        g = await audit_graph(store)
        page = await store.vanity_milestones(None, None, None, 1, 1)
        assert (page.total, page.offset, page.has_next) == (2, 1, False)
        (only,) = page.items
        assert only.milestone.id == g.id("vanity-b")
        nodes = [r.node for r in (*only.products, *only.scores)]
        assert [(n.id, n.type) for n in nodes if n is not None] == [
            (g.id("product-2"), "PRODUCT"),
            (g.id("score-2"), "CUSTOMER_HEALTH_SCORE"),
        ]

    async def test_vanity_milestones_filtered(self, store: Repository) -> None:
        g = await audit_graph(store)

        async def titles(product: str | None, score: str | None, tag: str | None) -> list[str]:
            page = await store.vanity_milestones(product, score, tag, 0, 10)
            assert page.total == len(page.items)
            return [v.milestone.title for v in page.items]

        assert await titles(g.id("product-1"), None, None) == ["vanity-a"]
        assert await titles(None, g.id("score-2"), None) == ["vanity-a", "vanity-b"]
        assert await titles(None, g.id("score-1"), None) == ["vanity-a"]
        assert await titles(None, None, "trial") == ["vanity-a"]
        assert await titles(g.id("product-2"), None, "trial") == []
        assert await titles(UNKNOWN, None, None) == []

    async def test_a_milestone_that_validates_is_no_longer_vanity(self, store: Repository) -> None:
        g = await audit_graph(store)
        await store.link(VALIDATES, g.id("vanity-b"), g.id("outcome-2"), None)
        page = await store.vanity_milestones(None, None, None, 0, None)
        assert [v.milestone.title for v in page.items] == ["vanity-a"]
        await store.unlink(CONTAINS, g.id("score-1"), g.id("vanity-a"))
        await store.unlink(CONTAINS, g.id("score-2"), g.id("vanity-a"))
        assert (await store.vanity_milestones(None, None, None, 0, None)).total == 0

    async def test_health_score_audits(self, store: Repository) -> None:
        g = await audit_graph(store)
        # A page's vanity milestones come whole (the API's; the CLI's full audit, no limit,
        # reads only id, title and weight: tests/integration/services/test_audit_projections).
        audits = (await store.health_score_audits(None, vanity_limit=100)).items
        assert [(a.score.title, a.total_weight, a.vanity_weight) for a in audits] == [
            ("score-1", 6.0, 2.0),
            ("score-2", 4.0, 4.0),
            ("score-empty", 0.0, 0.0),
        ]
        assert [a.vanity_share for a in audits] == [pytest.approx(1 / 3), 1.0, 0.0]
        assert named(audits[1].vanity_milestones) == [("vanity-a", 1.0), ("vanity-b", 3.0)]
        whole = audits[0].vanity_milestones[0].node
        assert whole is not None and whole.id == g.id("vanity-a") and whole.tags == ("trial",)
        (one,) = (await store.health_score_audits(g.id("score-1"))).items
        assert one.score.id == g.id("score-1")
        assert (await store.health_score_audits(UNKNOWN)).items == ()

    async def test_unmeasured_outcomes(self, store: Repository) -> None:
        g = await audit_graph(store)
        page = await store.unmeasured_outcomes(0, None)
        assert (page.total, [o.title for o in page.items]) == (2, ["outcome-2", "outcome-3"])
        second = await store.unmeasured_outcomes(1, 1)
        assert ([o.id for o in second.items], second.total) == ([g.id("outcome-3")], 2)
        await store.unlink(VALIDATES, g.id("validated"), g.id("outcome-1"))
        assert (await store.unmeasured_outcomes(0, None)).total == 2
        await store.unlink(VALIDATES, g.id("untracked"), g.id("outcome-1"))
        assert (await store.unmeasured_outcomes(0, 1)).total == 3

    # Bulk writes --------------------------------------------------------------------------

    async def test_ensure_graph_creates_only_what_is_missing(self, store: Repository) -> None:
        p = props("PRODUCT", "p")
        m = props("SUCCESS_MILESTONE", "m")
        edges = [(CELEBRATES, p[1]["id"], m[1]["id"], None)]
        assert await store.ensure_graph([p, m], edges) == (2, 1)
        renamed = (p[0], {**p[1], "title": "renamed"})
        assert await store.ensure_graph([renamed, m], edges) == (0, 0)
        found = await store.get_nodes([p[1]["id"]])
        assert found[p[1]["id"]].title == "p"
        dangling = [(CELEBRATES, p[1]["id"], UNKNOWN, None)]
        assert await store.ensure_graph([], dangling) == (0, 0)
        pages = await store.neighbours([p[1]["id"]], CELEBRATES, True, 0, None)
        assert [x.node.title for x in pages[p[1]["id"]].items] == ["m"]

    async def test_ensure_graph_weights(self, store: Repository) -> None:
        s = props("CUSTOMER_HEALTH_SCORE", "s")
        m = props("SUCCESS_MILESTONE", "m")
        assert await store.ensure_graph([s, m], [(CONTAINS, s[1]["id"], m[1]["id"], None)]) == (
            2,
            1,
        )
        pages = await store.neighbours([s[1]["id"]], CONTAINS, True, 0, None)
        assert [x.weight for x in pages[s[1]["id"]].items] == [1.0]
        await store.ensure_graph([], [(CONTAINS, s[1]["id"], m[1]["id"], 2.5)])
        pages = await store.neighbours([s[1]["id"]], CONTAINS, True, 0, None)
        assert [x.weight for x in pages[s[1]["id"]].items] == [2.5]

    async def test_ensure_graph_refuses_an_id_of_another_type_whole(
        self, store: Repository
    ) -> None:
        taken = await make(store, "PRODUCT", "p")
        fresh = props("OUTCOME", "fresh")
        clash = props("OUTCOME", "clash", id=taken.id)
        with pytest.raises(Conflict) as caught:
            await store.ensure_graph([fresh, clash], [])
        assert caught.value.field == "id"
        assert await store.get_nodes([fresh[1]["id"]]) == {}

    async def test_write_batch_merges_nodes_and_creates_edges(self, store: Repository) -> None:
        rows = [props("SUCCESS_MILESTONE", f"m{i}")[1] for i in range(3)]
        score = props("CUSTOMER_HEALTH_SCORE", "s")[1]
        assert await store.write_batch(MILESTONE, rows) == 3
        assert await store.write_batch(MILESTONE, rows[1:]) == 0
        assert await store.write_batch(node_type("CUSTOMER_HEALTH_SCORE"), [score]) == 1
        edges = [
            {"source": score["id"], "target": rows[0]["id"], "weight": 2.0},
            {"source": score["id"], "target": rows[1]["id"], "weight": 0.5},
            {"source": score["id"], "target": UNKNOWN, "weight": 1.0},
        ]
        assert await store.write_batch(CONTAINS, edges) == 2
        page = (await store.neighbours([score["id"]], CONTAINS, True, 0, None))[score["id"]]
        assert [(x.node.title, x.weight) for x in page.items] == [("m0", 2.0), ("m1", 0.5)]
        stored = await store.list_nodes(MILESTONE, NodeFilter(), [], 0, None)
        assert [(n.title, n.status) for n in stored.items] == [
            ("m0", "todo"),
            ("m1", "todo"),
            ("m2", "todo"),
        ]
        assert all(n.created_at is not None for n in stored.items)

    async def test_create_milestones_with_their_edges_once(self, store: Repository) -> None:
        product = await make(store, "PRODUCT", "p")
        score = await make(store, "CUSTOMER_HEALTH_SCORE", "s")
        outcome = await make(store, "OUTCOME", "o")
        shapes = [([score.id], [outcome.id], "VALIDATED"), ([score.id], [], "VANITY")]
        shapes += [([], [outcome.id], "UNTRACKED"), ([], [], "ORPHAN")]
        rows: list[dict[str, Any]] = [
            {
                "props": {**props("SUCCESS_MILESTONE", f"m{i}")[1], "milestone_class": cls},
                "product": product.id,
                "contains": [{"source": s, "weight": 2.0} for s in scores],
                "validates": outcomes,
            }
            for i, (scores, outcomes, cls) in enumerate(shapes)
        ]
        written = await store.create_milestones(rows)
        assert written == {
            "SUCCESS_MILESTONE": 4, "CELEBRATES_VIA": 4, "CONTAINS": 2, "VALIDATES": 2,
        }  # fmt: skip
        assert await store.create_milestones(rows) == {}
        page = await store.milestone_audit(product.id)
        assert sorted((e.milestone.title, e.classification.value) for e in page.items) == [
            ("m0", "VALIDATED"), ("m1", "VANITY"), ("m2", "UNTRACKED"), ("m3", "ORPHAN"),
        ]  # fmt: skip
        fresh: dict[str, Any] = {**rows[0], "props": {**props("SUCCESS_MILESTONE", "m4")[1]}}
        with pytest.raises(Conflict):
            await store.create_milestones([fresh, rows[1]])
        assert (await store.milestone_audit(product.id)).total == 4

    async def test_write_batch_none_deletes_nodes_of_a_type(self, store: Repository) -> None:
        g = await audit_graph(store)
        assert await store.write_batch(MILESTONE, None) == 5
        assert await store.write_batch(MILESTONE, None) == 0
        assert (await store.list_nodes(MILESTONE, NodeFilter(), [], 0, None)).total == 0
        audits = (await store.health_score_audits(g.id("score-1"))).items
        assert [a.total_weight for a in audits] == [0.0]
        assert len(await store.get_nodes(g.ids("product-1", "outcome-1"))) == 2
        with pytest.raises(Invalid):
            await store.write_batch(CONTAINS, None)
