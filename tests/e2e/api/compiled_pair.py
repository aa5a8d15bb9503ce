"""Two clients, one per path (compiled reads on and off), and the comparison of their answers."""

from __future__ import annotations

from typing import Any

import httpx

VARYING = ("compiled", "cypherRoundTrips")
"""Extensions that may differ between the two paths."""


class Pair:
    """One client of each app; `check` sends a request to both and compares the answers."""

    def __init__(self, compiled: httpx.AsyncClient, resolved: httpx.AsyncClient) -> None:
        self.compiled = compiled
        self.resolved = resolved
        self.compiled_count = 0

    async def check(self, query: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """Both answers, compared; returns the compiled one."""
        payload = {"query": query, "variables": variables}
        fast = await self.compiled.post("/graphql", json=payload)
        slow = await self.resolved.post("/graphql", json=payload)
        assert fast.status_code == slow.status_code, (query, variables, fast.text, slow.text)
        fast_body, slow_body = fast.json(), slow.json()
        assert "compiled" not in slow_body.get("extensions", {})
        extensions = fast_body.get("extensions", {})
        self.compiled_count += bool(extensions.get("compiled"))
        assert comparable(fast_body) == comparable(slow_body), (query, variables)
        if extensions.get("compiled"):
            assert extensions["cypherRoundTrips"] == 1
        body: dict[str, Any] = fast_body
        return body


def comparable(body: dict[str, Any]) -> dict[str, Any]:
    extensions = {k: v for k, v in body.get("extensions", {}).items() if k not in VARYING}
    return {**body, "extensions": extensions}


async def walk(
    pair: Pair, query: str, root: str, variables: dict[str, Any] | None = None
) -> list[dict[str, Any]]:
    """Every page of the connection `root` (the query takes `$after`), as a client pages by
    cursors: each page compared, and compiled; returns the pages."""
    pages: list[dict[str, Any]] = []
    after: str | None = None
    while len(pages) < 500:
        body = await pair.check(query, {**(variables or {}), "after": after})
        assert body["extensions"].get("compiled") is True, (query, variables, after, body)
        page: dict[str, Any] = body["data"][root]
        pages.append(page)
        if not page["pageInfo"]["hasNextPage"]:
            return pages
        after = page["pageInfo"]["endCursor"]
    raise AssertionError(f"{root}: more than 500 pages")
