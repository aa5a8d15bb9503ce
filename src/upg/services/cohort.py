"""A synthetic cohort of accounts for the demo products, with known ground truth.

- DocFlow: trials where a second teammate edits a shared document within 3 days convert to
  paid at 58%, solo trials at 9% (the worked example); "Profile completed" and "Watched the
  tutorial" have no effect at all. Onboarding is redesigned around the aha moment
  `ONBOARDING_CHANGE_DAYS` before `as_of`: accounts that sign up before it reach the milestone
  in its window at 31%, those after at 46% (the worked example's second half); conversion
  follows (0.31 x 58% + 0.69 x 9% = 24% of trials before, 0.46 x 58% + 0.54 x 9% = 31% after).
- PipeMail: "Mailbox integration connected" lifts "Close customers without phone calls" from
  24% to 30%: a weak effect that needs thousands of accounts to show.
- Lumen: "First dashboard shared" lifts "Weekly decisions made from data" from 15% to 45%.

Accounts sign up over a year ending a month before `as_of`, so every window and every
conversion has had time to happen; 2% sign up in the last two days (their windows are still
open: the evidence must leave them out). 1% of accounts convert inside the window: the
landmark rule must leave those out too. The others convert 1 to 15 days after the last of
their product's milestone windows has closed (so a health score's landmark, sign-up + its
longest window, sees every conversion but those early ones). A milestone missed in its window
is reached late by 15% of the accounts that missed it (still a miss).
"""

from __future__ import annotations

import random
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from upg.services import demo
from upg.services.evidence import ImportSummary, Progress, import_rows
from upg.services.ports import EvidenceStore, Repository

DEFAULT_WINDOW = 14


@dataclass(frozen=True)
class Effect:
    milestone: demo.DemoNode
    reach: float
    """Chance an account reaches the milestone inside its window."""
    outcome: demo.DemoNode | None = None
    rate_hit: float = 0.0
    rate_miss: float = 0.0
    reach_after_change: float | None = None
    """The chance for accounts that sign up after the onboarding change (None: unchanged)."""


@dataclass(frozen=True)
class ProductCohort:
    product: demo.DemoNode
    share: float
    effects: tuple[Effect, ...]


COHORTS: tuple[ProductCohort, ...] = (
    ProductCohort(
        demo.DOCFLOW,
        0.6,
        (
            Effect(demo.SECOND_EDITOR, 0.31, demo.TRIAL_CONVERTS, 0.58, 0.09, 0.46),
            Effect(demo.PROFILE_COMPLETED, 0.6),
            Effect(demo.WATCHED_TUTORIAL, 0.4),
        ),
    ),
    ProductCohort(
        demo.PIPEMAIL,
        0.25,
        (
            Effect(demo.MAILBOX, 0.5, demo.NO_PHONE_DEALS, 0.30, 0.24),
            Effect(demo.TEMPLATES, 0.5),
        ),
    ),
    ProductCohort(
        demo.LUMEN,
        0.15,
        (Effect(demo.DASHBOARD_SHARED, 0.4, demo.DATA_DECISIONS, 0.45, 0.15),),
    ),
)
"""The ground truth, per product: share of accounts and each milestone's effect."""

EARLY_CONVERSION = 0.01
YOUNG_SHARE = 0.02
ONBOARDING_CHANGE_DAYS = 180
"""Days before `as_of` when DocFlow's onboarding changed (mid-way through the sign-ups)."""


@dataclass
class Cohort:
    accounts: list[dict[str, Any]]
    reached: list[dict[str, Any]]
    achieved: list[dict[str, Any]]


def _window(node: demo.DemoNode) -> int:
    return int(node.fields.get("window_days") or DEFAULT_WINDOW)


def generate(accounts: int, seed: int, as_of: datetime) -> Cohort:
    """Plan `accounts` accounts with their REACHED and ACHIEVED facts (deterministic for a seed)."""
    rng = random.Random(seed)
    cohort = Cohort([], [], [])
    shares = [c.share for c in COHORTS]
    for index in range(accounts):
        plan = rng.choices(COHORTS, weights=shares)[0]
        account_id = f"acct-{seed}-{index:07d}"
        if rng.random() < YOUNG_SHARE:
            signed_up = as_of - timedelta(days=rng.uniform(0, 2))
        else:
            signed_up = as_of - timedelta(days=30 + rng.uniform(0, 365))
        cohort.accounts.append(
            {
                "id": account_id,
                "name": f"Account {index}",
                "signed_up_at": signed_up,
                "products": [plan.product.id],
            }
        )
        changed = signed_up >= as_of - timedelta(days=ONBOARDING_CHANGE_DAYS)
        settled = signed_up + timedelta(days=max(_window(e.milestone) for e in plan.effects))
        for effect in plan.effects:
            _plan_effect(rng, cohort, account_id, signed_up, effect, as_of, changed, settled)
    return cohort


def _plan_effect(
    rng: random.Random,
    cohort: Cohort,
    account_id: str,
    signed_up: datetime,
    effect: Effect,
    as_of: datetime,
    changed: bool,
    settled: datetime,
) -> None:
    """`changed`: signed up after the onboarding change; `settled`: when the last window of the
    account's product closes (conversions come after it)."""
    window = _window(effect.milestone)
    closes = signed_up + timedelta(days=window)
    reach = effect.reach_after_change if changed and effect.reach_after_change else effect.reach
    hit = rng.random() < reach
    if hit:
        at = signed_up + timedelta(days=rng.uniform(0, window))
        cohort.reached.append(_fact(account_id, "milestone_id", effect.milestone.id, at, as_of))
    elif rng.random() < 0.15:  # some reach it late: still a miss
        at = closes + timedelta(days=rng.uniform(1, 30))
        cohort.reached.append(_fact(account_id, "milestone_id", effect.milestone.id, at, as_of))
    if effect.outcome is None:
        return
    if rng.random() < EARLY_CONVERSION:
        at = signed_up + timedelta(days=rng.uniform(0, window))
        cohort.achieved.append(_fact(account_id, "outcome_id", effect.outcome.id, at, as_of))
    elif rng.random() < (effect.rate_hit if hit else effect.rate_miss):
        at = max(closes, settled) + timedelta(days=rng.uniform(1, 14))
        cohort.achieved.append(_fact(account_id, "outcome_id", effect.outcome.id, at, as_of))


def _fact(account_id: str, key: str, target: str, at: datetime, as_of: datetime) -> dict[str, Any]:
    return {"account_id": account_id, key: target, "at": min(at, as_of)}


async def load_cohort(
    evidence_repo: EvidenceStore,
    repo: Repository,
    accounts: int,
    seed: int,
    as_of: datetime,
    progress: Progress | None = None,
) -> ImportSummary:
    """Load the demo graph (if needed) and a synthetic cohort through the import checks."""
    await demo.load_demo(repo)
    planned = generate(accounts, seed, as_of)

    def numbered(items: list[dict[str, Any]]) -> Iterator[tuple[int, dict[str, Any]]]:
        return enumerate(items, start=1)

    return await import_rows(
        evidence_repo,
        ("accounts", numbered(planned.accounts)),
        ("reached", numbered(planned.reached)),
        ("achieved", numbered(planned.achieved)),
        progress,
    )
