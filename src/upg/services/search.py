"""Search across titles: the user's words, checked, as a page of matching nodes."""

from __future__ import annotations

from upg.model.nodes import Node
from upg.model.query import Page
from upg.model.search import lucene_query
from upg.services.nodes import check_page
from upg.services.ports import SearchIndex


async def search(index: SearchIndex, text: str, first: int, skip: int) -> Page[Node]:
    """Nodes whose title holds every word of `text` (the last as a prefix), best match first."""
    check_page(first, skip)
    return await index.search(lucene_query(text), skip, first)
