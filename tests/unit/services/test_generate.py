"""The scale generator's plan: deterministic, skewed, every milestone class, valid rows."""

from __future__ import annotations

import statistics
import uuid
from collections import Counter
from typing import Any

import pytest

from tests.unit.fakes import InMemoryRepository
from upg.errors import Conflict, Invalid
from upg.model.audit import MilestoneClass, classify
from upg.model.registry import NodeType, node_type
from upg.services import generate as gen

SPEC = gen.GraphSpec(products=40, milestones=3_000, scores=60, outcomes=25, seed=7)


def rows_of(spec: gen.GraphSpec, batch_size: int = 500) -> list[tuple[str, dict[str, Any]]]:
    """Every planned row with the name of its type, in plan order."""
    out: list[tuple[str, dict[str, Any]]] = []
    for chunk in gen.plan(spec, batch_size):
        for batch in (*chunk.nodes, *chunk.edges):
            name = batch.kind.key if isinstance(batch.kind, NodeType) else batch.kind.type
            out.extend((name, row) for row in batch.rows)
    return out


def by_type(rows: list[tuple[str, dict[str, Any]]]) -> dict[str, list[dict[str, Any]]]:
    grouped: dict[str, list[dict[str, Any]]] = {}
    for name, row in rows:
        grouped.setdefault(name, []).append(row)
    return grouped


def test_same_seed_same_graph_whatever_the_batch_size() -> None:
    first = rows_of(SPEC, 500)
    assert rows_of(SPEC, 500) == first
    assert sorted(map(repr, rows_of(SPEC, 7_000))) == sorted(map(repr, first))


def test_another_seed_another_graph() -> None:
    other = gen.GraphSpec(**{**SPEC.__dict__, "seed": 8})
    ids = {row["id"] for _, row in rows_of(SPEC) if "id" in row}
    assert ids.isdisjoint(row["id"] for _, row in rows_of(other) if "id" in row)


def test_counts_and_ids() -> None:
    grouped = by_type(rows_of(SPEC))
    assert len(grouped["PRODUCT"]) == SPEC.products
    assert len(grouped["SUCCESS_MILESTONE"]) == SPEC.milestones
    assert len(grouped["CUSTOMER_HEALTH_SCORE"]) == SPEC.scores
    assert len(grouped["OUTCOME"]) == SPEC.outcomes
    ids = [row["id"] for key in ("PRODUCT", "OUTCOME", "CUSTOMER_HEALTH_SCORE", "SUCCESS_MILESTONE")
           for row in grouped[key]]  # fmt: skip
    assert len(set(ids)) == len(ids)
    assert all(uuid.UUID(i).version == 4 and str(uuid.UUID(i)) == i for i in ids)
    assert len(grouped["CELEBRATES_VIA"]) == SPEC.milestones


def test_product_sizes_are_skewed() -> None:
    celebrated = Counter(row["source"] for row in by_type(rows_of(SPEC))["CELEBRATES_VIA"])
    sizes = sorted(celebrated.values(), reverse=True)
    assert len(sizes) == SPEC.products and min(sizes) >= 1
    assert sizes[0] >= 10 * statistics.median(sizes)
    top_tenth = sum(sizes[: SPEC.products // 10])
    assert top_tenth > 0.4 * SPEC.milestones


def test_zipf_sizes_sum_and_floor() -> None:
    assert sum(gen.zipf_sizes(7, 100, 1.1)) == 100
    assert min(gen.zipf_sizes(500, 1_000, 1.1)) == 1
    assert gen.zipf_sizes(5, 3, 1.0) == [1, 1, 1, 0, 0]


def classes(rows: list[tuple[str, dict[str, Any]]]) -> Counter[MilestoneClass]:
    grouped = by_type(rows)
    fed = {row["target"] for row in grouped.get("CONTAINS", [])}
    validating = {row["source"] for row in grouped.get("VALIDATES", [])}
    return Counter(
        classify(m["id"] in fed, m["id"] in validating) for m in grouped["SUCCESS_MILESTONE"]
    )


def test_every_milestone_class_is_present_in_expected_shares() -> None:
    found = classes(rows_of(SPEC))
    assert set(found) == set(MilestoneClass)
    for cls, share in gen.CLASS_SHARES.items():
        assert abs(found[cls] / SPEC.milestones - share) < 0.05, cls


def test_smallest_graph_still_has_every_class() -> None:
    tiny = gen.GraphSpec(products=1, milestones=4, scores=1, outcomes=1, seed=0)
    assert classes(rows_of(tiny)) == Counter(set(MilestoneClass))


def test_weights_only_on_contains_and_positive() -> None:
    grouped = by_type(rows_of(SPEC))
    weights = [row["weight"] for row in grouped["CONTAINS"]]
    assert weights and all(w > 0 for w in weights)
    assert len(set(weights)) > 3
    assert all("weight" not in row for row in grouped["CELEBRATES_VIA"] + grouped["VALIDATES"])


def test_edges_join_the_types_the_registry_allows() -> None:
    grouped = by_type(rows_of(SPEC))
    type_of = {row["id"]: key for key in ("PRODUCT", "OUTCOME", "CUSTOMER_HEALTH_SCORE",
               "SUCCESS_MILESTONE") for row in grouped[key]}  # fmt: skip
    for edge, source, target in (
        ("CELEBRATES_VIA", "PRODUCT", "SUCCESS_MILESTONE"),
        ("CONTAINS", "CUSTOMER_HEALTH_SCORE", "SUCCESS_MILESTONE"),
        ("VALIDATES", "SUCCESS_MILESTONE", "OUTCOME"),
    ):
        pairs = [(row["source"], row["target"]) for row in grouped[edge]]
        assert len(set(pairs)) == len(pairs), f"duplicate {edge}"
        assert {(type_of[a], type_of[b]) for a, b in pairs} == {(source, target)}


def test_every_node_row_is_what_the_model_stores() -> None:
    for name, row in rows_of(gen.GraphSpec(products=5, milestones=300, scores=5, outcomes=5)):
        if "id" in row:
            gen.check_props(node_type(name), row)


def test_endpoints_come_before_their_edges() -> None:
    written: set[str] = set()
    for chunk in gen.plan(SPEC, 400):
        written.update(row["id"] for batch in chunk.nodes for row in batch.rows)
        for batch in chunk.edges:
            assert all(r["source"] in written and r["target"] in written for r in batch.rows)


@pytest.mark.parametrize("field", ["products", "milestones", "scores", "outcomes"])
def test_spec_refuses_too_small(field: str) -> None:
    with pytest.raises(Invalid) as caught:
        gen.GraphSpec(**{**SPEC.__dict__, field: 0})
    assert caught.value.field == field


async def test_generate_writes_the_plan_and_a_rerun_writes_nothing() -> None:
    repo = InMemoryRepository()
    seen: list[int] = []
    report = await gen.generate(
        repo,
        SPEC,
        batch_size=700,
        progress=lambda _report, done: seen.append(done),
    )
    grouped = by_type(rows_of(SPEC))
    assert report.nodes == SPEC.nodes == len(repo.nodes)
    # The fake drops an edge whose endpoint is not written yet, as the real MATCH does.
    assert report.edges == {k: len(grouped[k]) for k in ("CELEBRATES_VIA", "CONTAINS", "VALIDATES")}
    assert report.entities == len(repo.nodes) + len(repo.edges)
    assert seen == sorted(seen) and seen[-1] == SPEC.milestones

    again = await gen.generate(repo, SPEC, batch_size=700)
    assert (again.nodes, again.edges) == (0, {})
    assert report.entities == len(repo.nodes) + len(repo.edges)


async def test_generate_refuses_a_half_written_graph() -> None:
    repo = InMemoryRepository()
    spec = gen.GraphSpec(2, 10, 2, 2, seed=1)
    await gen.generate(repo, spec, batch_size=100)
    milestone = next(i for i, node in repo.nodes.items() if node.type == "SUCCESS_MILESTONE")
    del repo.nodes[milestone]
    with pytest.raises(Conflict) as caught:
        await gen.generate(repo, spec, batch_size=100)
    assert "--wipe" in caught.value.message
