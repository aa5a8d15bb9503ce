"""The audits read straight from Neo4j through the service layer."""

from __future__ import annotations

from collections.abc import AsyncIterator, Sequence
from datetime import datetime

from upg.errors import NotFound, UpgError
from upg.model.audit import MilestoneAuditEntry, Ref, ScoreAudit, VanityMilestone
from upg.model.evidence import EvidencePolicy, StoredEvidence
from upg.model.journey import JourneyPolicy
from upg.model.nodes import Node
from upg.model.query import NodeFilter
from upg.services import audits
from upg.services import evidence as evidence_service
from upg.services.evidence import EvidenceRow
from upg.services.nodes import MAX_PAGE, get_node, list_nodes
from upg.services.ports import AccountStore, BacktestStore, EvidenceStore, Repository


class GraphSource:
    """An `AuditSource` over the repositories.

    Without an evidence repository (the in-memory tests) no evidence is stored, and computing
    it is an error.
    """

    def __init__(
        self,
        repo: Repository,
        evidence: EvidenceStore | None = None,
        policy: EvidencePolicy | None = None,
        backtest: BacktestStore | None = None,
        accounts: AccountStore | None = None,
        journey: JourneyPolicy | None = None,
    ) -> None:
        self._repo = repo
        self.accounts = accounts
        """Where the report counts route statuses (None: it draws none)."""
        self.journey = journey or JourneyPolicy()
        self._evidence = evidence
        self._policy = policy
        self.backtest = backtest
        """Where backtests and trends read accounts (None: the report draws none)."""

    @property
    def repository(self) -> Repository:
        return self._repo

    @property
    def default_window_days(self) -> int:
        return (self._policy or EvidencePolicy()).default_window_days

    async def find_by_id(self, node_id: str) -> tuple[str, Ref] | None:
        try:
            node = await get_node(self._repo, node_id)
        except NotFound:
            return None
        return node.type, Ref(node.id, node.title)

    async def find_by_title(self, type_key: str, text: str) -> list[Ref]:
        return await self._all(type_key, NodeFilter(title_contains=text))

    async def products(self) -> list[Ref]:
        return await self._all("PRODUCT", NodeFilter())

    async def _all(self, type_key: str, where: NodeFilter) -> list[Ref]:
        found: list[Ref] = []
        while True:
            page = await list_nodes(self._repo, type_key, where, [], MAX_PAGE, len(found))
            found += [Ref(node.id, node.title) for node in page.items]
            if not page.has_next or not page.items:
                return found

    async def vanity_milestones(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> list[VanityMilestone]:
        return [item async for item in self.vanity_stream(product_id, health_score_id, tag)]

    def vanity_stream(
        self, product_id: str | None, health_score_id: str | None, tag: str | None
    ) -> AsyncIterator[VanityMilestone]:
        return audits.vanity_full(
            self._repo, product_id=product_id, health_score_id=health_score_id, tag=tag
        )

    async def health_score_audits(self) -> list[ScoreAudit]:
        return await audits.health_score_audits(self._repo)

    def score_stream(self) -> AsyncIterator[ScoreAudit]:
        return audits.score_audits_full(self._repo)

    async def unmeasured_outcomes(self) -> list[Node]:
        return list((await audits.unmeasured_outcomes(self._repo)).items)

    async def milestone_audit(self, product_id: str | None) -> list[MilestoneAuditEntry]:
        return await audits.milestone_audit(self._repo, product_id)

    def milestone_stream(self, product_id: str | None) -> AsyncIterator[MilestoneAuditEntry]:
        return audits.milestone_full(self._repo, product_id)

    async def evidence_report(self, product_id: str | None, as_of: datetime) -> list[EvidenceRow]:
        if self._evidence is None:
            raise UpgError("evidence is computed on Neo4j; this source has no account data")
        report = await evidence_service.compute(
            self._evidence, self._repo, policy=self._policy, as_of=as_of, product_id=product_id
        )
        return list(report.rows)

    async def stored_evidence(
        self, milestone_ids: Sequence[str]
    ) -> dict[str, tuple[StoredEvidence, ...]]:
        if self._evidence is None:
            return {}
        return await evidence_service.stored(self._evidence, milestone_ids)
