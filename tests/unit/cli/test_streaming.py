"""The streamed writer prints the bytes `output.render` prints for the whole listing."""

from __future__ import annotations

import io
from collections.abc import AsyncIterator

import pytest

from tests.unit.fakes import InMemoryRepository
from upg.cli import listings, output, streaming
from upg.model.audit import VanityMilestone
from upg.services import audits


async def _items(repo: InMemoryRepository) -> list[VanityMilestone]:
    return [item async for item in audits.vanity_full(repo)]


async def _yield(items: list[VanityMilestone]) -> AsyncIterator[VanityMilestone]:
    for item in items:
        yield item


@pytest.mark.parametrize("fmt", streaming.STREAMED)
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
