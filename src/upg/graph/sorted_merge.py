"""Merging sorted streams that arrive a chunk at a time (the milestone audit's four classes)."""

from __future__ import annotations

import heapq
from bisect import bisect_right
from collections.abc import AsyncIterator, Callable, Sequence
from typing import Any, TypeVar

T = TypeVar("T")


async def merge_chunks(
    sources: Sequence[AsyncIterator[list[T]]], key: Callable[[T], Any]
) -> AsyncIterator[T]:
    """The items of every source in `key` order; each source yields its items in that order,
    a list at a time. Only the current chunk of each source is held: an item is yielded once
    no source still to be read can hold a smaller one (nothing past the smallest last key of
    the chunks in hand), and a source is read again when its chunk is used up."""
    chunks: list[list[T]] = [[] for _ in sources]
    finished = [False] * len(sources)
    while True:
        for i, source in enumerate(sources):
            while not chunks[i] and not finished[i]:
                chunk = await anext(source, None)
                if chunk is None:
                    finished[i] = True
                else:
                    chunks[i] = chunk
        held = [i for i, chunk in enumerate(chunks) if chunk]
        if not held:
            return
        # A source that may still send more bounds what is safe to yield by its chunk's last key.
        bounds = [key(chunks[i][-1]) for i in held if not finished[i]]
        bound = min(bounds) if bounds else None
        parts = []
        for i in held:
            cut = len(chunks[i]) if bound is None else bisect_right(chunks[i], bound, key=key)
            parts.append(chunks[i][:cut])
            chunks[i] = chunks[i][cut:]
        for item in heapq.merge(*parts, key=key):
            yield item
