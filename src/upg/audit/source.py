"""What the audits read (`AuditSource`), and how a name given by a person finds its node."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime
from typing import Protocol
from uuid import UUID

from upg.errors import Invalid, NotFound
from upg.model.audit import MilestoneAuditEntry, Ref, ScoreAudit, VanityMilestone
from upg.model.evidence import StoredEvidence
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow

KIND_NAMES = {"PRODUCT": "product", "CUSTOMER_HEALTH_SCORE": "health score"}


class AuditSource(Protocol):
    """What the audit commands read; Neo4j (GraphSource) and the API (ApiSource) both answer."""

    async def find_by_id(self, node_id: str) -> tuple[str, Ref] | None: ...
    async def find_by_title(self, type_key: str, text: str) -> list[Ref]: ...
    async def products(self) -> list[Ref]: ...
    async def vanity_milestones(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> list[VanityMilestone]: ...
    def vanity_stream(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        """The same milestones as `vanity_milestones`, in (title, id) order, one at a time."""
        ...

    async def health_score_audits(self) -> list[ScoreAudit]: ...
    def score_stream(self) -> AsyncIterator[ScoreAudit]:
        """The same audits as `health_score_audits`, in (title, id) order, one at a time."""
        ...

    async def unmeasured_outcomes(self) -> list[Node]: ...
    async def milestone_audit(self, product_id: str | None) -> list[MilestoneAuditEntry]: ...
    def milestone_stream(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        """The same entries as `milestone_audit`, in (title, id) order, one at a time."""
        ...

    async def evidence_report(self, product_id: str | None, as_of: datetime) -> list[EvidenceRow]:
        """Evidence computed now for every claimed and observed pair (nothing is stored)."""
        ...

    async def stored_evidence(
        self, milestone_ids: Sequence[str]
    ) -> dict[str, tuple[StoredEvidence, ...]]:
        """The evidence stored on the milestones' VALIDATES edges."""
        ...


async def resolve(source: AuditSource, type_key: str, value: str) -> Ref:
    """The node `value` names: an id, or a title matched exactly (ignoring case)."""
    kind = KIND_NAMES[type_key]
    value = value.strip()
    if _is_uuid(value):
        found = await source.find_by_id(str(UUID(value)))
        if found is None or found[0] != type_key:
            raise NotFound(f"no {kind} with id {value}")
        return found[1]
    matches = [
        ref
        for ref in await source.find_by_title(type_key, value)
        if ref.title.casefold() == value.casefold()
    ]
    if not matches:
        raise NotFound(f"no {kind} titled {value!r} (pass its exact title or its id)")
    if len(matches) > 1:
        ids = ", ".join(ref.id for ref in matches)
        raise Invalid(f"{len(matches)} {kind}s are titled {value!r} ({ids}); pass the id instead")
    return matches[0]


async def resolve_optional(source: AuditSource, type_key: str, value: str | None) -> str | None:
    """The id of the node `value` names, or None when no value is given (no scope)."""
    return None if value is None else (await resolve(source, type_key, value)).id


def _is_uuid(value: str) -> bool:
    try:
        UUID(value)
    except ValueError:
        return False
    return True
