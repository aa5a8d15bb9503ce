"""Journeys for the demo cohort: accounts whose route status is known by construction.

`upg demo cohort` loads them after the random cohort (services/cohort.py). The true model, for
each demo product and the outcome its route leads to (DocFlow -> "Trial converts to paid",
PipeMail -> "Close customers without phone calls", Lumen -> "Weekly decisions made from data"),
`per_kind` accounts of each kind, every one naming that outcome as its destination since
sign-up (DESIRES), times relative to `as_of`:

- ARRIVED: signed up 30-200 days earlier, reached every route milestone before it was due, and
  achieved the outcome 1-10 days after the last one (never later than a day before `as_of`).
- STUCK ("stalled"): signed up `stuck_days` + 30 to 200 days earlier; reached one milestone off
  the route (a vanity one) in its first two days, then nothing: its route is overdue and
  nothing was reached for more than `stuck_days`.
- BEHIND: like STUCK, but the milestone off the route was reached 1 to `stuck_days` - 1 days
  before `as_of`: moving, yet overdue.
- ON_TRACK: signed up in the last two days; reached exactly the route milestones already due
  (a target date in the past), so nothing is overdue.
- EXPANDING (Lumen only): ARRIVED accounts that reached "Seats added after the first quarter"
  (play EXPANSION) 1-6 days before `as_of`: `accounts(where: {play: EXPANSION,
  reachedWithinDays: 7})` lists exactly these among the journey accounts; the same number
  reached it 20-40 days earlier and must not be listed.

Ids are `journey-<seed>-<kind>-<product>-<n>`; `expected` maps each to its status.
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from upg.model.journey import (
    AccountFacts,
    JourneyMilestone,
    JourneyPolicy,
    Measured,
    Play,
    RouteStatus,
    due_at,
    journey_order,
)
from upg.services import accounts as account_service
from upg.services import demo
from upg.services.evidence import ImportSummary, import_rows
from upg.services.ports import AccountStore, EvidenceStore

EXPANDING = "expanding"
KINDS = ("arrived", "stalled", "behind", "on-track", EXPANDING)


@dataclass(frozen=True)
class JourneyRoute:
    """A demo product, the outcome its journey accounts desire, and a milestone off the route."""

    key: str
    product: demo.DemoNode
    outcome: demo.DemoNode
    off_route: demo.DemoNode


ROUTES = (
    JourneyRoute("docflow", demo.DOCFLOW, demo.TRIAL_CONVERTS, demo.PROFILE_COMPLETED),
    JourneyRoute("pipemail", demo.PIPEMAIL, demo.NO_PHONE_DEALS, demo.TEMPLATES),
    JourneyRoute("lumen", demo.LUMEN, demo.DATA_DECISIONS, demo.WAREHOUSE),
)


@dataclass
class Journeys:
    accounts: list[dict[str, Any]] = field(default_factory=list)
    reached: list[dict[str, Any]] = field(default_factory=list)
    achieved: list[dict[str, Any]] = field(default_factory=list)
    desires: list[dict[str, Any]] = field(default_factory=list)
    expected: dict[str, RouteStatus] = field(default_factory=dict)
    expanding_now: set[str] = field(default_factory=set)
    """Accounts that reached an EXPANSION milestone in the last 7 days."""


def demo_catalog() -> list[JourneyMilestone]:
    """The demo's journey milestones (validating something, not cancelled), as the graph
    holds them before any evidence is computed."""
    found = []
    for node in demo.NODES:
        if node.type != "SUCCESS_MILESTONE" or node.fields.get("status") == "cancelled":
            continue
        outcomes = [o.id for m, kind, o, _ in demo.EDGES if m == node and kind == "VALIDATES"]
        if not outcomes:
            continue
        products = [p.id for p, kind, m, _ in demo.EDGES if m == node and kind == "CELEBRATES_VIA"]
        target = node.fields.get("target_date")
        play = node.fields.get("play")
        found.append(
            JourneyMilestone(
                id=node.id,
                title=node.title,
                window_days=node.fields.get("window_days"),
                target_date=None if target is None else date.fromisoformat(str(target)),
                milestone_type=node.fields.get("milestone_type"),
                play=None if play is None else Play(play),
                products=frozenset(products),
                validates={o: Measured(None, None) for o in outcomes},
            )
        )
    return found


def _route_milestones(route: JourneyRoute, window: int) -> list[JourneyMilestone]:
    """The route's milestones in journey order."""
    return journey_order(
        [
            m
            for m in demo_catalog()
            if route.outcome.id in m.validates and route.product.id in m.products
        ],
        window,
    )


def generate(seed: int, as_of: datetime, per_kind: int, policy: JourneyPolicy) -> Journeys:
    """Plan the journey accounts (deterministic for a seed)."""
    rng = random.Random(f"journeys-{seed}")
    plan = Journeys()
    for route in ROUTES:
        steps = _route_milestones(route, policy.default_window_days)
        for kind in KINDS:
            if kind == EXPANDING and route.key != "lumen":
                continue
            for n in range(per_kind):
                account_id = f"journey-{seed}-{kind}-{route.key}-{n:05d}"
                _plan_account(rng, plan, account_id, kind, route, steps, as_of, policy)
    return plan


def _plan_account(
    rng: random.Random,
    plan: Journeys,
    account_id: str,
    kind: str,
    route: JourneyRoute,
    steps: list[JourneyMilestone],
    as_of: datetime,
    policy: JourneyPolicy,
) -> None:
    window = policy.default_window_days
    stuck = policy.stuck_days
    if kind == "on-track":
        signed_up = as_of - timedelta(days=rng.uniform(0, 2))
    elif kind == "stalled":
        signed_up = as_of - timedelta(days=rng.uniform(stuck + 30, stuck + 200))
    else:
        signed_up = as_of - timedelta(days=rng.uniform(30 + stuck, 200 + stuck))
    plan.accounts.append(
        {
            "id": account_id,
            "name": f"{kind.title()} {route.product.title} {account_id[-5:]}",
            "signed_up_at": signed_up,
            "products": [route.product.id],
        }
    )
    plan.desires.append(
        {"account_id": account_id, "outcome_id": route.outcome.id, "since": signed_up}
    )

    def reach(node_id: str, at: datetime) -> None:
        plan.reached.append({"account_id": account_id, "milestone_id": node_id, "at": at})

    if kind in ("arrived", EXPANDING):
        last = signed_up
        for step in steps:
            due = due_at(step, signed_up, window)
            at = signed_up + (min(due, as_of) - signed_up) * rng.uniform(0.1, 0.9)
            reach(step.id, at)
            last = max(last, at)
        done = min(last + timedelta(days=rng.uniform(1, 10)), as_of - timedelta(days=1))
        plan.achieved.append({"account_id": account_id, "outcome_id": route.outcome.id, "at": done})
        plan.expected[account_id] = RouteStatus.ARRIVED
        if kind == EXPANDING:
            recent = rng.random() < 0.5
            ago = rng.uniform(1, 6) if recent else rng.uniform(20, 40)
            reach(demo.SEATS.id, max(as_of - timedelta(days=ago), done))
            if recent and as_of - max(as_of - timedelta(days=ago), done) < timedelta(days=7):
                plan.expanding_now.add(account_id)
    elif kind == "stalled":
        reach(route.off_route.id, signed_up + timedelta(days=rng.uniform(0, 2)))
        plan.expected[account_id] = RouteStatus.STUCK
    elif kind == "behind":
        reach(route.off_route.id, as_of - timedelta(days=rng.uniform(1, stuck - 1)))
        plan.expected[account_id] = RouteStatus.BEHIND
    else:  # on-track: reach what is already due, nothing else
        for step in steps:
            if due_at(step, signed_up, window) < as_of:
                reach(step.id, signed_up + (as_of - signed_up) * rng.uniform(0.1, 0.9))
        plan.expected[account_id] = RouteStatus.ON_TRACK


@dataclass(frozen=True)
class JourneySummary:
    imported: ImportSummary
    desires: int
    marks: int
    expected: dict[str, RouteStatus]
    expanding_now: frozenset[str]


def per_kind_for(accounts: int) -> int:
    """Journey accounts of each kind per product for a cohort of `accounts` (at least 5): about
    1.3% of the cohort, few enough to leave the random cohort's evidence rates as generated
    (journey accounts are picked for their route, not drawn from the true model's rates)."""
    return max(5, accounts // 1000)


async def load_journeys(
    store: AccountStore,
    evidence: EvidenceStore,
    seed: int,
    as_of: datetime,
    per_kind: int,
    policy: JourneyPolicy,
) -> JourneySummary:
    """Import the journey accounts and their desires, then keep every account's route marks."""
    plan = generate(seed, as_of, per_kind, policy)

    def numbered(items: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
        return enumerate(items, start=1)

    imported = await import_rows(
        evidence,
        ("journeys", numbered(plan.accounts)),
        ("journeys", numbered(plan.reached)),
        ("journeys", numbered(plan.achieved)),
    )
    rows = [{**row, "replace": False} for row in plan.desires]
    desires = await store.merge_desires(rows)
    marks = await account_service.refresh(store, policy)
    return JourneySummary(imported, desires, marks, plan.expected, frozenset(plan.expanding_now))


def facts_of(plan: Journeys, account_id: str) -> AccountFacts:
    """The facts planned for one account (what the graph should hold after loading)."""
    row = next(a for a in plan.accounts if a["id"] == account_id)

    def times(items: list[dict[str, Any]], key: str) -> dict[str, datetime]:
        return {r[key]: r["at"] for r in items if r["account_id"] == account_id}

    return AccountFacts(
        id=account_id,
        name=row["name"],
        signed_up_at=row["signed_up_at"],
        products=tuple(row["products"]),
        reached=times(plan.reached, "milestone_id"),
        achieved=times(plan.achieved, "outcome_id"),
        desires={
            d["outcome_id"]: d["since"] for d in plan.desires if d["account_id"] == account_id
        },
    )
