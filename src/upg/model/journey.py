"""An account's journey: its desired outcomes, the route to each, and where it stands (pure).

A route leads to one desired outcome through the milestones that validate it (those the
account's products celebrate; all of them when its products celebrate none), in journey order:
`window_days`, then the phase of `milestone_type`, then title. Each step is REACHED (when),
DUE (by sign-up + `window_days`, else `target_date`, else sign-up + the default window) or
OVERDUE. The route's status:

- ARRIVED: the outcome was achieved;
- BEHIND: a step is overdue;
- STUCK: behind, and the account reached nothing for `stuck_days` (since sign-up if never);
- ON_TRACK: otherwise (nothing overdue).

An account's status is its most urgent route's (STUCK > BEHIND > ON_TRACK > ARRIVED), so it is
ARRIVED only when every route is. Listing by status reads three marks kept on each account
(`RouteMarks`, time-independent: they change only when its facts or the milestones do) and
compares them with "now" (`status_bounds`); `status_of_marks` is the same rule, and a test holds
it equal to `account_status` of the routes.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from enum import StrEnum

from upg.model.nodes import MILESTONE_TYPES, Node


class Play(StrEnum):
    """The moment a milestone opens for the customer team: the message to send then."""

    CONVERSION = "CONVERSION"
    EXPANSION = "EXPANSION"
    ADVOCACY = "ADVOCACY"


class RouteStatus(StrEnum):
    ON_TRACK = "ON_TRACK"
    BEHIND = "BEHIND"
    STUCK = "STUCK"
    ARRIVED = "ARRIVED"


class StepState(StrEnum):
    REACHED = "REACHED"
    DUE = "DUE"
    OVERDUE = "OVERDUE"


URGENCY = (RouteStatus.STUCK, RouteStatus.BEHIND, RouteStatus.ON_TRACK, RouteStatus.ARRIVED)
"""Most urgent first: an account's status is its most urgent route's."""

STATE_OPEN = "OPEN"
STATE_ARRIVED = "ARRIVED"
STATE_NONE = "NONE"
"""Kept `route_state` values: some route not arrived / every route arrived / no route."""


@dataclass(frozen=True)
class JourneyPolicy:
    stuck_days: int = 14
    """Behind and nothing reached for this many days: STUCK (UPG_STUCK_DAYS)."""
    default_window_days: int = 14
    """Due date of milestones with neither window nor target date (UPG_EVIDENCE_WINDOW_DAYS)."""


@dataclass(frozen=True)
class Measured:
    """The evidence stored on a VALIDATES edge, as far as the route needs it."""

    verdict: str | None
    risk_difference: float | None


@dataclass(frozen=True)
class JourneyMilestone:
    """A milestone that validates at least one outcome, with what a route needs of it."""

    id: str
    title: str
    window_days: int | None = None
    target_date: date | None = None
    milestone_type: str | None = None
    play: Play | None = None
    products: frozenset[str] = frozenset()
    validates: Mapping[str, Measured] = field(default_factory=dict)
    """Outcome id -> the evidence measured for the pair (verdict None: never computed)."""
    node: Node | None = field(default=None, compare=False)
    """The milestone node as stored, when read whole (the API serves it without a new read)."""


@dataclass(frozen=True)
class AccountFacts:
    id: str
    name: str | None
    signed_up_at: datetime
    products: tuple[str, ...] = ()
    reached: Mapping[str, datetime] = field(default_factory=dict)
    achieved: Mapping[str, datetime] = field(default_factory=dict)
    desires: Mapping[str, datetime] = field(default_factory=dict)
    """Outcome id -> since (named destinations; none: its products' validated outcomes)."""


@dataclass(frozen=True)
class Step:
    milestone: JourneyMilestone
    state: StepState
    due_at: datetime
    reached_at: datetime | None


@dataclass(frozen=True)
class Route:
    outcome_id: str
    since: datetime | None
    """When the account named it (None: implied by its products)."""
    status: RouteStatus
    steps: tuple[Step, ...]
    next: Step | None
    """The first step not reached, in journey order."""
    suggested: Step | None
    """When behind or stuck: the unreached step with the strongest measured evidence."""
    achieved_at: datetime | None
    last_progress_at: datetime


@dataclass(frozen=True)
class RouteMarks:
    """What listing by status reads, kept on the account (time-independent)."""

    state: str
    due_at: datetime | None
    """Earliest due date of a step not reached on a route not arrived."""
    last_at: datetime
    """Latest REACHED, else sign-up."""


@dataclass(frozen=True)
class StatusBounds:
    """`status_of_marks(m, now) is status` exactly when the marks fall within these bounds."""

    state: str
    due_before: datetime | None = None
    due_from: datetime | None = None
    """due_at >= this, or no due_at."""
    last_after: datetime | None = None
    last_up_to: datetime | None = None


def _phase(milestone_type: str | None) -> int:
    return MILESTONE_TYPES.index(milestone_type) if milestone_type in MILESTONE_TYPES else 99


def journey_order(
    milestones: Iterable[JourneyMilestone], default_window: int
) -> list[JourneyMilestone]:
    """Milestones by window, then lifecycle phase, then title and id."""
    return sorted(
        milestones,
        key=lambda m: (m.window_days or default_window, _phase(m.milestone_type), m.title, m.id),
    )


def due_at(milestone: JourneyMilestone, signed_up_at: datetime, default_window: int) -> datetime:
    """Sign-up + window_days; else the end of target_date (UTC); else sign-up + default window."""
    if milestone.window_days is not None:
        return signed_up_at + timedelta(days=milestone.window_days)
    if milestone.target_date is not None:
        day = milestone.target_date
        return datetime(day.year, day.month, day.day, tzinfo=UTC) + timedelta(days=1)
    return signed_up_at + timedelta(days=default_window)


def _as_of(facts: AccountFacts, now: datetime) -> AccountFacts:
    """The facts known at `now` (later ones are ignored: a route can be seen as of a date)."""

    def known(items: Mapping[str, datetime]) -> dict[str, datetime]:
        return {key: at for key, at in items.items() if at <= now}

    return AccountFacts(
        facts.id,
        facts.name,
        facts.signed_up_at,
        facts.products,
        known(facts.reached),
        known(facts.achieved),
        known(facts.desires),
    )


class Catalog:
    """Journey milestones with the answers a page of accounts asks again and again (the
    outcomes a set of products leads to, a route's milestones in order), computed once each."""

    def __init__(self, milestones: Iterable[JourneyMilestone]) -> None:
        self.milestones = tuple(milestones)
        self._implied: dict[tuple[str, ...], tuple[str, ...]] = {}
        self._routes: dict[tuple[str, tuple[str, ...], int], tuple[JourneyMilestone, ...]] = {}

    def implied(self, products: tuple[str, ...]) -> tuple[str, ...]:
        """The outcomes the products' milestones validate, by id."""
        found = self._implied.get(products)
        if found is None:
            mine = set(products)
            outcomes = {o for m in self.milestones if m.products & mine for o in m.validates}
            found = self._implied[products] = tuple(sorted(outcomes))
        return found

    def route(
        self, outcome_id: str, products: tuple[str, ...], window: int
    ) -> tuple[JourneyMilestone, ...]:
        """The milestones validating the outcome that the products celebrate (all of them when
        they celebrate none), in journey order."""
        key = (outcome_id, products, window)
        found = self._routes.get(key)
        if found is None:
            leading = [m for m in self.milestones if outcome_id in m.validates]
            mine = [m for m in leading if m.products & set(products)]
            found = self._routes[key] = tuple(journey_order(mine or leading, window))
        return found


Milestones = Catalog | Sequence[JourneyMilestone]


def as_catalog(milestones: Milestones) -> Catalog:
    return milestones if isinstance(milestones, Catalog) else Catalog(milestones)


def desired_outcomes(facts: AccountFacts, catalog: Milestones) -> list[tuple[str, datetime | None]]:
    """(outcome id, since) of each destination: the named ones, else those its products'
    milestones validate (since None), by id."""
    if facts.desires:
        return sorted(facts.desires.items())
    return [(o, None) for o in as_catalog(catalog).implied(facts.products)]


def route_milestones(
    facts: AccountFacts, outcome_id: str, catalog: Milestones, default_window: int = 14
) -> list[JourneyMilestone]:
    """The milestones validating the outcome that its products celebrate (all when none), in
    journey order."""
    return list(as_catalog(catalog).route(outcome_id, facts.products, default_window))


def _strength(step: Step, outcome_id: str) -> tuple[int, float]:
    measured = step.milestone.validates.get(outcome_id)
    if measured is None or measured.verdict is None:
        return (0, float("-inf"))
    rank = {"VALIDATED": 2, "UNPROVEN": 1}.get(measured.verdict, 0)
    difference = measured.risk_difference
    return (rank, float("-inf") if difference is None else difference)


def build_route(
    facts: AccountFacts,
    outcome_id: str,
    since: datetime | None,
    catalog: Milestones,
    now: datetime,
    policy: JourneyPolicy,
) -> Route:
    """The route of one account to one outcome, as of `now`."""
    facts = _as_of(facts, now)
    window = policy.default_window_days
    ordered = route_milestones(facts, outcome_id, catalog, window)
    steps = tuple(_step(m, facts, now, window) for m in ordered)
    last = max(facts.reached.values(), default=facts.signed_up_at)
    achieved_at = facts.achieved.get(outcome_id)
    status = _status(achieved_at is not None, steps, last, now, policy.stuck_days)
    open_steps = [s for s in steps if s.state is not StepState.REACHED]
    suggested = None
    if status in (RouteStatus.BEHIND, RouteStatus.STUCK) and open_steps:
        # max() keeps the first of equals: journey order breaks ties.
        suggested = max(open_steps, key=lambda s: _strength(s, outcome_id))
    return Route(
        outcome_id=outcome_id,
        since=since,
        status=status,
        steps=steps,
        next=open_steps[0] if open_steps else None,
        suggested=suggested,
        achieved_at=achieved_at,
        last_progress_at=last,
    )


def _step(m: JourneyMilestone, facts: AccountFacts, now: datetime, window: int) -> Step:
    due = due_at(m, facts.signed_up_at, window)
    reached = facts.reached.get(m.id)
    if reached is not None:
        state = StepState.REACHED
    else:
        state = StepState.OVERDUE if due < now else StepState.DUE
    return Step(m, state, due, reached)


def _status(
    arrived: bool, steps: Sequence[Step], last: datetime, now: datetime, stuck_days: int
) -> RouteStatus:
    if arrived:
        return RouteStatus.ARRIVED
    if not any(s.state is StepState.OVERDUE for s in steps):
        return RouteStatus.ON_TRACK
    return RouteStatus.STUCK if now - last >= timedelta(days=stuck_days) else RouteStatus.BEHIND


def routes(
    facts: AccountFacts, catalog: Milestones, now: datetime, policy: JourneyPolicy
) -> list[Route]:
    """Every route of the account, one per desired outcome (as of `now`)."""
    known = _as_of(facts, now)
    indexed = as_catalog(catalog)
    return [
        build_route(facts, outcome, since, indexed, now, policy)
        for outcome, since in desired_outcomes(known, catalog)
    ]


def account_status(found: Sequence[Route]) -> RouteStatus | None:
    """The most urgent route's status; None without any route."""
    statuses = {r.status for r in found}
    return next((s for s in URGENCY if s in statuses), None)


def marks(facts: AccountFacts, catalog: Milestones, policy: JourneyPolicy) -> RouteMarks:
    """The marks to keep on the account: its routes with every fact known (time-independent)."""
    window = policy.default_window_days
    last = max(facts.reached.values(), default=facts.signed_up_at)
    indexed = as_catalog(catalog)
    destinations = desired_outcomes(facts, indexed)
    if not destinations:
        return RouteMarks(STATE_NONE, None, last)
    dues: list[datetime] = []
    arrived = True
    for outcome, _ in destinations:
        if outcome in facts.achieved:
            continue
        arrived = False
        for m in route_milestones(facts, outcome, indexed, window):
            if m.id not in facts.reached:
                dues.append(due_at(m, facts.signed_up_at, window))
    return RouteMarks(STATE_ARRIVED if arrived else STATE_OPEN, min(dues, default=None), last)


def status_of_marks(kept: RouteMarks, now: datetime, stuck_days: int) -> RouteStatus | None:
    """The account's status from its kept marks (the rule `status_bounds` filters by)."""
    if kept.state == STATE_NONE:
        return None
    if kept.state == STATE_ARRIVED:
        return RouteStatus.ARRIVED
    if kept.due_at is None or kept.due_at >= now:
        return RouteStatus.ON_TRACK
    stuck = now - kept.last_at >= timedelta(days=stuck_days)
    return RouteStatus.STUCK if stuck else RouteStatus.BEHIND


def status_bounds(status: RouteStatus, now: datetime, stuck_days: int) -> StatusBounds:
    """The marks of accounts with `status` at `now`, as bounds a query can filter by."""
    if status is RouteStatus.ARRIVED:
        return StatusBounds(STATE_ARRIVED)
    if status is RouteStatus.ON_TRACK:
        return StatusBounds(STATE_OPEN, due_from=now)
    stuck_from = now - timedelta(days=stuck_days)
    if status is RouteStatus.STUCK:
        return StatusBounds(STATE_OPEN, due_before=now, last_up_to=stuck_from)
    return StatusBounds(STATE_OPEN, due_before=now, last_after=stuck_from)
