"""The streamed writer prints the bytes `output.render` prints for the whole listing; a table
longer than a block is printed block by block under one header."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest

from tests.unit.fakes import InMemoryRepository
from upg.cli import listings, output, streaming
from upg.model.audit import Ref, VanityMilestone
from upg.model.nodes import Node
from upg.services import audits


async def _items(repo: InMemoryRepository) -> list[VanityMilestone]:
    return [item async for item in audits.vanity_full(repo)]


async def _yield(items: list[VanityMilestone]) -> AsyncIterator[VanityMilestone]:
    for item in items:
        yield item


@pytest.mark.parametrize("fmt", output.FORMATS)
@pytest.mark.parametrize("empty", [False, True])
async def test_streamed_bytes_equal_the_rendered_listing(
    demo_repo: InMemoryRepository, fmt: output.Format, empty: bool
) -> None:
    items = [] if empty else await _items(demo_repo)
    assert empty or len(items) > 1
    out = io.StringIO()
    shape = listings.vanity_listing(())
    count = await streaming.write(_yield(items), listings.vanity_row, shape, fmt, out)
    assert count == len(items)
    assert out.getvalue() == output.render(listings.vanity_listing(items), fmt)


def _milestone(n: int) -> VanityMilestone:
    node = Node(id=f"00000000-0000-4000-8000-{n:012d}", type="SUCCESS_MILESTONE",
                title=f"Milestone {n:03d}" + " long" * (n % 4), status="todo",
                milestone_type="ACTIVATION", tags=("a",) * (n % 3))  # fmt: skip
    return VanityMilestone(node, (Ref("p", f"Product {n % 2}"),), (Ref("s", "Score", 1.5),))


async def test_a_long_table_is_printed_in_blocks_under_one_header(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streaming, "TABLE_BLOCK", 3)
    items = [_milestone(n) for n in range(8)]
    out = io.StringIO()
    shape = listings.vanity_listing(())
    count = await streaming.write(_yield(items), listings.vanity_row, shape, "table", out)
    assert count == 8
    lines = out.getvalue().splitlines()
    assert lines[0] == "Vanity milestones"
    assert lines[-1].startswith("Vanity milestones: 8. They feed a health score")
    assert sum(1 for line in lines if line.split("┃")[0].strip() == "title") == 1
    rows = [line for line in lines if "Milestone" in line]
    assert [row.split("│")[0].strip().split(" ")[1] for row in rows] == [
        f"{n:03d}" for n in range(8)
    ]
    # Fixed widths: every block puts the column rules in the same places.
    rules = {tuple(i for i, char in enumerate(row) if char == "│") for row in rows}
    assert len(rules) == 1


async def test_a_table_of_one_block_is_the_whole_listing_table() -> None:
    items = [_milestone(n) for n in range(streaming.TABLE_BLOCK - 1)]
    out = io.StringIO()
    shape = listings.vanity_listing(())
    await streaming.write(_yield(items), listings.vanity_row, shape, "table", out)
    assert out.getvalue() == output.render(listings.vanity_listing(items), "table")


async def test_a_long_cell_folds_in_its_column_and_squeezes_no_other(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(streaming, "TABLE_BLOCK", 2)
    wide = [
        VanityMilestone(
            item.milestone,
            item.products,
            tuple(Ref(f"s{i}", f"Renewal readiness {i}", 2.0) for i in range(40)),
        )
        for item in map(_milestone, range(5))
    ]
    out = io.StringIO()
    shape = listings.vanity_listing(())
    await streaming.write(_yield(wide), listings.vanity_row, shape, "table", out)
    lines = out.getvalue().splitlines()
    assert all(len(line) <= output.PIPE_WIDTH for line in lines)
    header = next(line for line in lines if "┃" in line)
    assert [cell.strip() for cell in header.split("┃")][:3] == ["title", "milestone type", "status"]
    assert sum("Milestone 000" in line for line in lines) == 1  # the title is not folded
    # The scores wrap within their column, none lost.
    assert sum(line.count("readiness") for line in lines) == 5 * 40
