"""merge_chunks: sorted streams read a chunk at a time come out as one sorted stream."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

from hypothesis import given
from hypothesis import strategies as st

from upg.graph.sorted_merge import merge_chunks


async def _chunks(items: list[int], size: int, read: list[int]) -> AsyncIterator[list[int]]:
    for start in range(0, len(items), size):
        read.append(start)
        yield items[start : start + size]


async def _merged(sources: list[list[int]], size: int, read: list[int]) -> list[int]:
    streams = [_chunks(sorted(s), size, read) for s in sources]
    return [item async for item in merge_chunks(streams, key=lambda i: i)]


@given(
    st.lists(st.lists(st.integers(-50, 50), max_size=40), max_size=5),
    st.integers(1, 7),
)
def test_the_merge_is_every_item_in_order(sources: list[list[int]], size: int) -> None:
    read: list[int] = []
    merged = asyncio.run(_merged(sources, size, read))
    assert merged == sorted(item for source in sources for item in source)
    assert len(read) == sum(-(-len(s) // size) for s in sources)


async def test_a_source_is_read_again_only_when_its_chunk_is_used_up() -> None:
    read: list[int] = []
    streams = [_chunks([1, 2, 3, 4], 2, read), _chunks([10, 11], 2, read)]
    merged = merge_chunks(streams, key=lambda i: i)
    assert await anext(merged) == 1
    assert read == [0, 0]  # one chunk of each in hand, nothing more
    assert [item async for item in merged] == [2, 3, 4, 10, 11]
