"""The audit data read from a running upg GraphQL API (`upg audit --api URL`).

It answers the same questions as the Neo4j source (`upg.audit.graph_source.GraphSource`) and
maps the answers into the same model objects (through the same mappings as the graph's records
and stored evidence), so both print identical output. Lists are read page by
page (100 a page, the API's cap); relationship lists of one node are read in the same request.
"""

from __future__ import annotations

import asyncio
import re
from collections.abc import AsyncIterator, Mapping, Sequence
from datetime import datetime
from types import TracebackType
from typing import Any, Self

import httpx

from upg.audit.api_queries import (
    ALL_PRODUCTS,
    EVIDENCE_REPORT,
    FIND_BY_ID,
    FIND_BY_TITLE,
    MILESTONE_AUDIT,
    MILESTONE_FIELDS,
    MORE_CONTRIBUTIONS,
    NODE_FIELDS,
    SCORE_AUDITS,
    STORED_EVIDENCE,
    UNMEASURED,
    VANITY,
)
from upg.errors import Forbidden, Invalid, NotFound, Unavailable, UpgError
from upg.graph import records
from upg.model.audit import (
    MilestoneAuditEntry,
    MilestoneClass,
    Ref,
    ScoreAudit,
    VanityMilestone,
)
from upg.model.evidence import StoredEvidence
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow
from upg.services.evidence_fields import evidence_from_fields
from upg.services.nodes import MAX_PAGE

_ERRORS: Mapping[str, type[UpgError]] = {
    "BAD_USER_INPUT": Invalid,
    "NOT_FOUND": NotFound,
    "FORBIDDEN": Forbidden,
    "UNAUTHENTICATED": Forbidden,
    "UNAVAILABLE": Unavailable,
}


def graphql_url(url: str) -> str:
    """The GraphQL endpoint of an API given by its base URL or by the endpoint itself."""
    url = url.rstrip("/")
    if not url.startswith(("http://", "https://")):
        raise Invalid(f"--api must be an http:// or https:// URL, got {url!r}", field="api")
    return url if url.endswith("/graphql") else f"{url}/graphql"


class ApiSource:
    """Audit data from the upg GraphQL API at `url` (with a bearer token when given)."""

    def __init__(
        self,
        url: str,
        token: str | None = None,
        *,
        transport: httpx.AsyncBaseTransport | None = None,
        timeout_s: float = 30.0,
    ) -> None:
        self.url = graphql_url(url)
        headers = {"Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Bearer {token}"
        self._client = httpx.AsyncClient(headers=headers, timeout=timeout_s, transport=transport)

    async def __aenter__(self) -> Self:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        await self._client.aclose()

    # Transport ----------------------------------------------------------------------------

    async def _post(self, document: str, variables: Mapping[str, Any] | None) -> httpx.Response:
        try:
            return await self._client.post(
                self.url, json={"query": document, "variables": dict(variables or {})}
            )
        except httpx.TimeoutException:
            raise Unavailable(f"the upg API at {self.url} did not answer in time") from None
        except httpx.HTTPError as exc:
            raise Unavailable(f"cannot reach the upg API at {self.url}: {_reason(exc)}") from None

    async def query(self, document: str, variables: Mapping[str, Any] | None = None) -> Any:
        """Run one GraphQL operation; its `data`, or the first error as an UpgError."""
        for attempt in range(RATE_LIMIT_RETRIES + 1):
            response = await self._post(document, variables)
            if response.status_code != 429 or attempt == RATE_LIMIT_RETRIES:
                break
            await asyncio.sleep(min(MAX_RETRY_AFTER_S, _retry_after(response)))
        if response.status_code in (401, 403, 429):
            raise Forbidden(
                f"the upg API at {self.url} refused the request (HTTP {response.status_code}): "
                f"{_first_message(response)}; check --token or UPG_TOKEN"
            )
        try:
            body = response.json()
        except ValueError:
            raise UpgError(
                f"the upg API at {self.url} answered HTTP {response.status_code} without JSON; "
                "is this a upg API?"
            ) from None
        errors = body.get("errors") if isinstance(body, dict) else None
        if errors:
            first = errors[0]
            code = (first.get("extensions") or {}).get("code", "")
            message = str(first.get("message", "unknown error"))
            raise _ERRORS.get(code, UpgError)(f"the upg API answered: {message}")
        if response.status_code >= 400 or not isinstance(body, dict) or "data" not in body:
            raise UpgError(f"the upg API at {self.url} answered HTTP {response.status_code}")
        return body["data"]

    async def _pages(
        self, document: str, field: str, variables: Mapping[str, Any] | None = None
    ) -> list[Any]:
        """Every node of a connection field (a dotted path: `evidenceReport.pairs`)."""
        return [node async for node in self._stream(document, field, variables)]

    async def _stream(
        self, document: str, field: str, variables: Mapping[str, Any] | None = None
    ) -> AsyncIterator[Any]:
        """The nodes of a connection field one at a time, following `endCursor` page by page:
        one page is held at a time."""
        after: str | None = None
        while True:
            connection = await self.query(document, {**(variables or {}), "after": after})
            for name in field.split("."):
                connection = connection[name]
            for edge in connection["edges"]:
                yield edge["node"]
            info = connection["pageInfo"]
            if not info["hasNextPage"]:
                return
            after = info["endCursor"]

    # The audit source ---------------------------------------------------------------------

    async def find_by_id(self, node_id: str) -> tuple[str, Ref] | None:
        data = await self.query(FIND_BY_ID, {"id": node_id})
        node = data["node"]
        return None if node is None else (node["type"], Ref(node["id"], node["title"]))

    async def find_by_title(self, type_key: str, text: str) -> list[Ref]:
        field, document = FIND_BY_TITLE[type_key]
        return [
            Ref(n["id"], n["title"]) for n in await self._pages(document, field, {"text": text})
        ]

    async def products(self) -> list[Ref]:
        return [Ref(n["id"], n["title"]) for n in await self._pages(ALL_PRODUCTS, "products")]

    async def vanity_milestones(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> list[VanityMilestone]:
        return [item async for item in self.vanity_stream(product_id, health_score_id, tag)]

    async def vanity_stream(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        scope = {"productId": product_id, "healthScoreId": health_score_id}
        async for n in self._stream(VANITY, "vanityMilestones", scope):
            # The API's vanityMilestones has no tag argument: the tag scope is applied here,
            # exactly as the Cypher does it (`$tag IN m.tags`).
            if tag is None or tag in n["tags"]:
                yield VanityMilestone(
                    to_node(n), _refs(n, "products", n["id"]), _refs(n, "healthScores", n["id"])
                )

    async def health_score_audits(self) -> list[ScoreAudit]:
        return [audit async for audit in self.score_stream()]

    async def score_stream(self) -> AsyncIterator[ScoreAudit]:
        rows = self._stream(SCORE_AUDITS, "healthScoreAudits", {"vanityAfter": None})
        async for row in rows:
            score = to_node(row["healthScore"])
            contributions = row["vanityContributions"]
            edges = list(contributions["edges"])
            while contributions["pageInfo"]["hasNextPage"]:
                more = await self.query(
                    MORE_CONTRIBUTIONS,
                    {"id": score.id, "vanityAfter": contributions["pageInfo"]["endCursor"]},
                )
                contributions = more["healthScoreAudit"]["vanityContributions"]
                edges.extend(contributions["edges"])
            vanity = tuple(
                Ref(c["milestone"]["id"], c["milestone"]["title"], float(c["weight"]))
                for c in (edge["node"] for edge in edges)
            )
            yield ScoreAudit(score, float(row["totalWeight"]), float(row["vanityWeight"]), vanity)

    async def unmeasured_outcomes(self) -> list[Node]:
        return [to_node(n) for n in await self._pages(UNMEASURED, "unmeasuredOutcomes")]

    async def milestone_audit(self, product_id: str | None) -> list[MilestoneAuditEntry]:
        return [entry async for entry in self.milestone_stream(product_id)]

    async def milestone_stream(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        rows = self._stream(MILESTONE_AUDIT, "milestoneAudit", {"productId": product_id})
        async for row in rows:
            m = row["milestone"]
            yield MilestoneAuditEntry(
                to_node(m),
                MilestoneClass(row["classification"]),
                _refs(m, "products", m["id"]),
                _refs(m, "healthScores", m["id"]),
                _refs(m, "outcomes", m["id"]),
            )

    async def evidence_report(self, product_id: str | None, as_of: datetime) -> list[EvidenceRow]:
        # Each page computes the report again: the same one, as `asOf` is fixed.
        pairs = await self._pages(
            EVIDENCE_REPORT,
            "evidenceReport.pairs",
            {"productId": product_id, "asOf": as_of.isoformat()},
        )
        return [
            EvidenceRow(
                to_evidence(p["evidence"], p["milestone"]["id"]).evidence,
                to_node(p["milestone"]),
                to_node(p["outcome"]),
                bool(p["evidence"]["claimed"]),
            )
            for p in pairs
        ]

    async def stored_evidence(
        self, milestone_ids: Sequence[str]
    ) -> dict[str, tuple[StoredEvidence, ...]]:
        found: dict[str, tuple[StoredEvidence, ...]] = {}
        ids = list(milestone_ids)
        for start in range(0, len(ids), MAX_PAGE):
            data = await self.query(STORED_EVIDENCE, {"ids": ids[start : start + MAX_PAGE]})
            for edge in data["successMilestones"]["edges"]:
                node = edge["node"]
                found[node["id"]] = tuple(to_evidence(e, node["id"]) for e in node["evidence"])
        return {milestone_id: found.get(milestone_id, ()) for milestone_id in ids}


def to_evidence(data: Mapping[str, Any], milestone_id: str) -> StoredEvidence:
    """Model evidence from the API's Evidence fields."""
    fields = {_snake(key): value for key, value in data.items()}
    evidence = evidence_from_fields(milestone_id, data["outcome"]["id"], fields)
    return StoredEvidence(evidence, datetime.fromisoformat(data["computedAt"]))


def to_node(data: Mapping[str, Any]) -> Node:
    """A model Node from the API's Node fields (the fields the audits print)."""
    return records.to_node({_snake(key): data[key] for key in NODE_KEYS if key in data})


NODE_KEYS = (*NODE_FIELDS.split(), *MILESTONE_FIELDS.split())
"""The Node fields the audit queries ask for (connections are read apart, by `_refs`)."""

_CAPITAL = re.compile(r"(?<!^)(?=[A-Z])")


def _snake(name: str) -> str:
    """`riskDifferenceLow` -> `risk_difference_low` (API fields are the model's, camelCased)."""
    return _CAPITAL.sub("_", name).lower()


def _refs(node: Mapping[str, Any], field: str, owner: str) -> tuple[Ref, ...]:
    connection = node[field]
    if connection["pageInfo"]["hasNextPage"]:
        raise UpgError(
            f"node {owner} has more than {MAX_PAGE} {field}; read this audit from Neo4j instead"
        )
    return tuple(
        Ref(
            edge["node"]["id"],
            edge["node"]["title"],
            None if edge.get("weight") is None else float(edge["weight"]),
        )
        for edge in connection["edges"]
    )


RATE_LIMIT_RETRIES = 3
"""A 429 is retried this many times, after the Retry-After the API sends."""
MAX_RETRY_AFTER_S = 30.0


def _retry_after(response: httpx.Response) -> float:
    try:
        return max(0.0, float(response.headers.get("retry-after", "1")))
    except ValueError:
        return 1.0


def _first_message(response: httpx.Response) -> str:
    try:
        return str(response.json()["errors"][0]["message"])
    except (ValueError, KeyError, IndexError, TypeError):
        return response.reason_phrase


def _reason(exc: httpx.HTTPError) -> str:
    lines = str(exc).strip().splitlines()
    return lines[0] if lines else type(exc).__name__
