"""The journey accounts' true model, checked against the route model without a database."""

from datetime import UTC, datetime, timedelta

from upg.model.journey import JourneyPolicy, RouteStatus, account_status, routes
from upg.services import demo
from upg.services.cohort_journeys import KINDS, demo_catalog, facts_of, generate

AS_OF = datetime(2026, 11, 23, tzinfo=UTC)


def test_every_kind_comes_out_with_the_status_it_was_generated_for() -> None:
    policy = JourneyPolicy(stuck_days=14, default_window_days=14)
    plan = generate(seed=3, as_of=AS_OF, per_kind=20, policy=policy)
    catalog = demo_catalog()
    assert set(plan.expected.values()) == set(RouteStatus)
    for account_id, expected in plan.expected.items():
        found = routes(facts_of(plan, account_id), catalog, AS_OF, policy)
        assert account_status(found) is expected, account_id
    assert {a["id"].split("-")[2] for a in plan.accounts} == {k.split("-")[0] for k in KINDS}


def test_stuck_days_setting_moves_the_generated_stalled_accounts_too() -> None:
    policy = JourneyPolicy(stuck_days=45, default_window_days=14)
    plan = generate(seed=1, as_of=AS_OF, per_kind=10, policy=policy)
    for account_id, expected in plan.expected.items():
        found = routes(facts_of(plan, account_id), demo_catalog(), AS_OF, policy)
        assert account_status(found) is expected


def test_expanding_accounts_reached_an_expansion_milestone_in_the_last_week() -> None:
    plan = generate(seed=2, as_of=AS_OF, per_kind=40, policy=JourneyPolicy())
    assert demo.SEATS.fields["play"] == "EXPANSION"
    recent = {
        r["account_id"]
        for r in plan.reached
        if r["milestone_id"] == demo.SEATS.id and r["at"] >= AS_OF - timedelta(days=7)
    }
    assert recent == plan.expanding_now
    assert 0 < len(recent) < 40
