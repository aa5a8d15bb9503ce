"""Accounts on the real Neo4j: known statuses from the demo cohort, filters, pages, desires."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from upg.bootstrap import Upg
from upg.errors import NotFound
from upg.model.account_query import AccountFilter
from upg.model.journey import JourneyPolicy, Play, RouteStatus
from upg.services import accounts as service
from upg.services import cohort, demo
from upg.services.cohort_journeys import JourneySummary, load_journeys

AS_OF = datetime.now(UTC).replace(microsecond=0)
POLICY = JourneyPolicy()


async def _load(upg: Upg, accounts: int = 300, per_kind: int = 6) -> JourneySummary:
    await cohort.load_cohort(upg.evidence, upg.repository, accounts, seed=7, as_of=AS_OF)
    return await load_journeys(upg.accounts, upg.evidence, 7, AS_OF, per_kind, POLICY)


async def _all(upg: Upg, where: AccountFilter) -> list[service.AccountView]:
    found: list[service.AccountView] = []
    while True:
        page = await service.list_accounts(
            upg.accounts, where, first=100, skip=len(found), now=AS_OF, policy=POLICY
        )
        found.extend(page.items)
        if not page.has_next:
            return found


async def test_generated_journeys_come_out_with_their_statuses_listed_by_kept_marks(
    container: Upg,
) -> None:
    loaded = await _load(container)
    assert loaded.marks == 300 + len(loaded.expected)
    ids = sorted(loaded.expected)
    views = await service.views(container.accounts, ids, AS_OF, POLICY)
    found = {v.id: v.status for v in views if v is not None}
    assert found == loaded.expected
    for status in RouteStatus:
        listed = await _all(container, AccountFilter(status=status))
        # The kept marks select exactly the accounts whose computed status it is.
        assert {v.status for v in listed} <= {status}
        journeys = {v.id for v in listed if v.id.startswith("journey-")}
        assert journeys == {i for i, s in loaded.expected.items() if s is status}
    total = await service.list_accounts(
        container.accounts, AccountFilter(), first=1, now=AS_OF, policy=POLICY
    )
    assert await total.total() == 300 + len(loaded.expected)


async def test_stuck_route_suggests_the_milestone_with_the_strongest_stored_evidence(
    container: Upg, driver: AsyncDriver
) -> None:
    loaded = await _load(container)
    stalled = next(i for i, s in loaded.expected.items() if "stalled-pipemail" in i)
    # PipeMail's route: Mailbox (14-day window) then First deal over email. Store evidence
    # that makes the second one the strongest: the suggestion follows the evidence.
    await driver.execute_query(
        "MATCH (m:SuccessMilestone)-[v:VALIDATES]->(o:Outcome {id: $o}) "
        "SET v.evidence_verdict = CASE m.id WHEN $strong THEN 'VALIDATED' ELSE 'UNPROVEN' END, "
        "v.evidence_risk_difference = CASE m.id WHEN $strong THEN 0.3 ELSE 0.05 END",
        o=demo.NO_PHONE_DEALS.id,
        strong=demo.EMAIL_DEAL.id,
    )
    view = await service.get_account(container.accounts, stalled, AS_OF, POLICY)
    assert view is not None and view.status is RouteStatus.STUCK
    (route,) = view.routes
    assert route.since is not None
    assert [s.milestone.id for s in route.steps] == [demo.MAILBOX.id, demo.EMAIL_DEAL.id]
    assert route.next is not None and route.next.milestone.id == demo.MAILBOX.id
    assert route.suggested is not None and route.suggested.milestone.id == demo.EMAIL_DEAL.id


async def test_filters_product_signed_up_range_play_and_pages(container: Upg) -> None:
    loaded = await _load(container)
    lumen = await _all(container, AccountFilter(product_id=demo.LUMEN.id))
    assert lumen and all(v.facts.products == (demo.LUMEN.id,) for v in lumen)
    expanding = await _all(container, AccountFilter(play=Play.EXPANSION, reached_within_days=7))
    assert {v.id for v in expanding} == set(loaded.expanding_now)
    month = AccountFilter(
        signed_up_from=AS_OF - timedelta(days=60), signed_up_before=AS_OF - timedelta(days=30)
    )
    window = await _all(container, month)
    assert window
    assert all(
        AS_OF - timedelta(days=60) <= v.facts.signed_up_at < AS_OF - timedelta(days=30)
        for v in window
    )
    first = await service.list_accounts(
        container.accounts, AccountFilter(), first=7, now=AS_OF, policy=POLICY
    )
    second = await service.list_accounts(
        container.accounts, AccountFilter(), first=7, skip=7, now=AS_OF, policy=POLICY
    )
    times = [v.facts.signed_up_at for v in (*first.items, *second.items)]
    assert times == sorted(times, reverse=True) and first.has_next
    assert not {v.id for v in first.items} & {v.id for v in second.items}


async def test_desired_outcomes_keep_since_replace_and_remove(container: Upg) -> None:
    loaded = await _load(container, accounts=20, per_kind=1)
    account = next(i for i in loaded.expected if "stalled-docflow" in i)
    store = container.accounts
    first = await service.get_account(store, account, AS_OF, POLICY)
    assert first is not None
    since = first.routes[0].since
    assert since is not None
    # Naming the same outcome again keeps its first `since`.
    await service.set_desired_outcome(
        store, account, demo.TRIAL_CONVERTS.id, POLICY, since=AS_OF - timedelta(days=1)
    )
    again = await service.get_account(store, account, AS_OF, POLICY)
    assert again is not None and again.routes[0].since == since
    # A change of destination: the other outcome replaces it, with its own since.
    moved = AS_OF - timedelta(hours=2)
    await service.set_desired_outcome(
        store, account, demo.ACCOUNT_RENEWS.id, POLICY, since=moved, replace=True
    )
    changed = await service.get_account(store, account, AS_OF, POLICY)
    assert changed is not None
    assert [(r.outcome_id, r.since) for r in changed.routes] == [(demo.ACCOUNT_RENEWS.id, moved)]
    assert await service.remove_desired_outcome(store, account, demo.ACCOUNT_RENEWS.id, POLICY)
    implied = await service.get_account(store, account, AS_OF, POLICY)
    assert implied is not None and implied.routes
    assert all(r.since is None for r in implied.routes)
    with pytest.raises(NotFound) as missing:
        await service.set_desired_outcome(store, "no-such", demo.TRIAL_CONVERTS.id, POLICY)
    assert missing.value.field == "accountId"
    with pytest.raises(NotFound) as missing:
        await service.set_desired_outcome(store, account, demo.DOCFLOW.id, POLICY)
    assert missing.value.field == "outcomeId"


async def test_import_desires_writes_good_rows_and_refreshes_marks(
    container: Upg, tmp_path: Path
) -> None:
    loaded = await _load(container, accounts=20, per_kind=1)
    arrived = next(i for i, s in loaded.expected.items() if s is RouteStatus.ARRIVED)
    path = tmp_path / "desires.csv"
    path.write_text(
        "account_id,outcome_id,since\n"
        f"{arrived},{demo.ACCOUNT_RENEWS.id},2026-01-01\n"
        f"nobody,{demo.ACCOUNT_RENEWS.id},2026-01-01\n"
        f"{arrived},{demo.DOCFLOW.id},2026-01-01\n"
        f"{arrived},{demo.ACCOUNT_RENEWS.id},someday\n"
    )
    summary = await service.import_desires(container.accounts, container.evidence, path, POLICY)
    assert summary.accepted == 1
    assert [(r.line, r.reason.split(":")[0]) for r in summary.rejected or []] == [
        (3, "account_id"),
        (4, "outcome_id"),
        (5, "since"),
    ]
    # A second destination not reached: the account is no longer ARRIVED, and the kept marks
    # were refreshed, so the status filter agrees.
    view = await service.get_account(container.accounts, arrived, AS_OF, POLICY)
    assert view is not None and view.status is not RouteStatus.ARRIVED
    listed = await _all(container, AccountFilter(status=view.status))
    assert arrived in {v.id for v in listed}
