"""The `search` query: nodes of any type by the words of their titles (a full-text index)."""

from __future__ import annotations

from typing import Any

import strawberry

from upg.api import types as t
from upg.api.context import Info
from upg.api.pagination import Connection, connection, skip_after
from upg.services import search as search_service

UNSET: Any = strawberry.UNSET


@strawberry.type
class SearchQuery:
    @t.field(
        "Nodes of any type whose title holds every word of `text` (in any order, case and "
        "accents ignored; the last word may be a prefix), best match first. It costs 1,000 of "
        "the query budget besides its page (it counts every match)."
    )
    async def search(
        self,
        info: Info,
        text: str,
        first: int | None = t.DEFAULT_FIRST,
        after: str | None = UNSET,
    ) -> Connection[t.Node]:
        page = await search_service.search(
            info.context.services.search, text, t.page_size(first), skip_after(after)
        )
        info.context.loaders.prime_nodes(list(page.items))
        return connection(page, t.as_node)
