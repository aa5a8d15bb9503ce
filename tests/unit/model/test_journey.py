"""The route model: journey order, due dates, statuses, suggestions, kept marks."""

from datetime import UTC, date, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from upg.model.journey import (
    STATE_ARRIVED,
    STATE_NONE,
    STATE_OPEN,
    AccountFacts,
    JourneyMilestone,
    JourneyPolicy,
    Measured,
    Play,
    RouteMarks,
    RouteStatus,
    StepState,
    account_status,
    build_route,
    desired_outcomes,
    due_at,
    journey_order,
    marks,
    routes,
    status_bounds,
    status_of_marks,
)
from upg.model.nodes import PLAYS

NOW = datetime(2026, 6, 1, tzinfo=UTC)
POLICY = JourneyPolicy(stuck_days=14, default_window_days=14)
P = "product-1"
OUT = "outcome-1"


def ms(
    id_: str,
    window: int | None = None,
    kind: str | None = None,
    target: date | None = None,
    verdict: str | None = None,
    rd: float | None = None,
    outcome: str = OUT,
    product: str = P,
) -> JourneyMilestone:
    return JourneyMilestone(
        id=id_,
        title=f"M {id_}",
        window_days=window,
        target_date=target,
        milestone_type=kind,
        products=frozenset({product}),
        validates={outcome: Measured(verdict, rd)},
    )


def account(
    days_ago: float,
    reached: dict[str, datetime] | None = None,
    achieved: dict[str, datetime] | None = None,
    desires: dict[str, datetime] | None = None,
) -> AccountFacts:
    return AccountFacts(
        id="a",
        name="A",
        signed_up_at=NOW - timedelta(days=days_ago),
        products=(P,),
        reached=reached or {},
        achieved=achieved or {},
        desires=desires or {},
    )


def test_plays_in_the_model_match_the_node_input() -> None:
    assert tuple(p.value for p in Play) == PLAYS


def test_journey_order_is_window_then_phase_then_title() -> None:
    found = journey_order(
        [ms("c", 7, "adoption"), ms("b", 7, "trial"), ms("a", 30, "trial"), ms("d", None, "trial")],
        default_window=14,
    )
    assert [m.id for m in found] == ["b", "c", "d", "a"]


def test_due_is_window_else_target_date_else_default() -> None:
    signed = datetime(2026, 1, 1, tzinfo=UTC)
    assert due_at(ms("a", 3), signed, 14) == signed + timedelta(days=3)
    assert due_at(ms("a", None, target=date(2026, 3, 31)), signed, 14) == datetime(
        2026, 4, 1, tzinfo=UTC
    )
    assert due_at(ms("a"), signed, 14) == signed + timedelta(days=14)


def test_on_track_when_nothing_is_overdue_and_next_is_the_first_unreached() -> None:
    catalog = [ms("a", 3), ms("b", 30)]
    facts = account(5, reached={"a": NOW - timedelta(days=4)})
    route = build_route(facts, OUT, None, catalog, NOW, POLICY)
    assert route.status is RouteStatus.ON_TRACK
    assert [s.state for s in route.steps] == [StepState.REACHED, StepState.DUE]
    assert route.next is not None and route.next.milestone.id == "b"
    assert route.suggested is None


def test_behind_when_overdue_but_moving_and_stuck_when_idle_for_stuck_days() -> None:
    catalog = [ms("a", 3), ms("b", 7)]
    moving = account(30, reached={"a": NOW - timedelta(days=13)})
    idle = account(30, reached={"a": NOW - timedelta(days=14)})
    assert build_route(moving, OUT, None, catalog, NOW, POLICY).status is RouteStatus.BEHIND
    assert build_route(idle, OUT, None, catalog, NOW, POLICY).status is RouteStatus.STUCK
    never = account(15)
    assert build_route(never, OUT, None, catalog, NOW, POLICY).status is RouteStatus.STUCK


def test_arrived_wins_over_overdue_and_facts_after_now_are_ignored() -> None:
    catalog = [ms("a", 3)]
    facts = account(30, achieved={OUT: NOW - timedelta(days=1)})
    assert build_route(facts, OUT, None, catalog, NOW, POLICY).status is RouteStatus.ARRIVED
    later = account(30, achieved={OUT: NOW + timedelta(days=1)})
    route = build_route(later, OUT, None, catalog, NOW, POLICY)
    assert route.status is RouteStatus.STUCK
    assert route.achieved_at is None


def test_recalculate_suggests_the_strongest_measured_evidence_not_the_next() -> None:
    catalog = [
        ms("first", 3, verdict="UNPROVEN", rd=0.4),
        ms("weak", 5, verdict="VALIDATED", rd=0.06),
        ms("strong", 7, verdict="VALIDATED", rd=0.49),
        ms("refuted", 8, verdict="REFUTED", rd=0.9),
    ]
    route = build_route(account(20), OUT, None, catalog, NOW, POLICY)
    assert route.next is not None and route.next.milestone.id == "first"
    assert route.suggested is not None and route.suggested.milestone.id == "strong"


def test_without_evidence_the_suggestion_is_the_next_milestone() -> None:
    route = build_route(account(20), OUT, None, [ms("x", 3), ms("y", 5)], NOW, POLICY)
    assert route.suggested is not None and route.suggested.milestone.id == "x"


def test_named_destinations_replace_the_implied_ones() -> None:
    catalog = [ms("a", 3, outcome="o1"), ms("b", 3, outcome="o2"), ms("c", 3, "x", product="p2")]
    implied = account(1)
    assert desired_outcomes(implied, catalog) == [("o1", None), ("o2", None)]
    since = NOW - timedelta(days=1)
    named = account(1, desires={"o2": since})
    assert desired_outcomes(named, catalog) == [("o2", since)]


def test_route_uses_the_accounts_products_milestones_else_all_validating() -> None:
    catalog = [
        ms("mine", 3),
        ms("other", 3, product="p2"),
        ms("far", 3, outcome="o9", product="p2"),
    ]
    route = build_route(account(1), OUT, None, catalog, NOW, POLICY)
    assert [s.milestone.id for s in route.steps] == ["mine"]
    far = build_route(account(1), "o9", None, catalog, NOW, POLICY)
    assert [s.milestone.id for s in far.steps] == ["far"]


def test_account_status_is_the_most_urgent_route() -> None:
    catalog = [ms("a", 3, outcome="o1"), ms("b", 60, outcome="o2")]
    facts = account(20, achieved={"o2": NOW - timedelta(days=1)})
    found = routes(facts, catalog, NOW, POLICY)
    assert {r.outcome_id: r.status for r in found} == {
        "o1": RouteStatus.STUCK,
        "o2": RouteStatus.ARRIVED,
    }
    assert account_status(found) is RouteStatus.STUCK
    assert account_status([]) is None


def test_marks_without_route_and_when_every_route_arrived() -> None:
    assert marks(account(3), [], POLICY).state == STATE_NONE
    arrived = account(3, achieved={OUT: NOW})
    assert marks(arrived, [ms("a", 3)], POLICY) == RouteMarks(
        STATE_ARRIVED, None, arrived.signed_up_at
    )


@pytest.mark.parametrize("status", list(RouteStatus))
def test_bounds_select_exactly_the_marks_of_their_status(status: RouteStatus) -> None:
    for kept in _sample_marks():
        bounds = status_bounds(status, NOW, 14)
        inside = kept.state == bounds.state
        if bounds.due_before is not None:
            inside = inside and kept.due_at is not None and kept.due_at < bounds.due_before
        if bounds.due_from is not None:
            inside = inside and (kept.due_at is None or kept.due_at >= bounds.due_from)
        if bounds.last_after is not None:
            inside = inside and kept.last_at > bounds.last_after
        if bounds.last_up_to is not None:
            inside = inside and kept.last_at <= bounds.last_up_to
        assert inside == (status_of_marks(kept, NOW, 14) is status), kept


def _sample_marks() -> list[RouteMarks]:
    offsets = [None, -30, -14, -1, 0, 1, 30]
    return [
        RouteMarks(
            state, None if due is None else NOW + timedelta(days=due), NOW + timedelta(days=last)
        )
        for state in (STATE_OPEN, STATE_ARRIVED, STATE_NONE)
        for due in offsets
        for last in (-40, -14, -13, -1, 0)
    ]


days = st.floats(min_value=0, max_value=120, allow_nan=False)


@settings(max_examples=200, deadline=None)
@given(
    signed=days,
    reached=st.dictionaries(st.sampled_from(["a", "b", "c", "v"]), days, max_size=4),
    achieved=st.dictionaries(st.sampled_from(["o1", "o2"]), days, max_size=2),
    desires=st.dictionaries(st.sampled_from(["o1", "o2", "o3"]), days, max_size=2),
)
def test_kept_marks_give_the_status_the_routes_give(
    signed: float,
    reached: dict[str, float],
    achieved: dict[str, float],
    desires: dict[str, float],
) -> None:
    """status_of_marks(marks(...)) == account_status(routes(...)) when every fact is known."""
    catalog = [
        ms("a", 3, "trial", outcome="o1"),
        ms("b", None, "adoption", target=date(2026, 5, 1), outcome="o1"),
        ms("c", 40, outcome="o2"),
        ms("d", 5, outcome="o3", product="p2"),
    ]
    start = NOW - timedelta(days=signed)

    def before_now(items: dict[str, float]) -> dict[str, datetime]:
        # Facts between sign-up and now, as imports hold them.
        return {k: start + (NOW - start) * (v / 120) for k, v in items.items()}

    facts = AccountFacts(
        "a",
        None,
        start,
        (P,),
        before_now(reached),
        before_now(achieved),
        before_now(desires),
    )
    found = routes(facts, catalog, NOW, POLICY)
    assert status_of_marks(marks(facts, catalog, POLICY), NOW, 14) is account_status(found)
