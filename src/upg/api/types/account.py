"""GraphQL types of accounts on their journey: Account (a Node), its routes and their steps.

An `Account` is built from a service `AccountView` (facts and routes computed for the page);
its related nodes (products, milestones, outcomes) load through the request's node DataLoader.
Lists take `first` (1..100, default 20) so the cost check can price them. Another resolver
(e.g. `healthScores`) is added by declaring it on `Account` with the view at hand.
"""

from __future__ import annotations

from datetime import datetime

import strawberry

from upg.api.context import Info
from upg.api.pagination import PageInfo, encode_cursor
from upg.api.types.backtest import AccountHealthScore
from upg.api.types.backtest_queries import health_scores_of
from upg.api.types.enums import EvidenceVerdict, NodeType, Play, RouteStatus, StepState
from upg.api.types.fields import DEFAULT_FIRST, field, page_size
from upg.api.types.nodes import (
    Node,
    Outcome,
    Product,
    SuccessMilestone,
    milestone,
    outcome,
    product,
)
from upg.errors import NotFound
from upg.model import journey
from upg.model.nodes import Node as ModelNode
from upg.model.registry import ACCOUNT_KEY
from upg.services.accounts import AccountPage, AccountView
from upg.services.nodes import check_page


def _first(first: int | None) -> int:
    size = page_size(first)
    check_page(size)
    return size


async def _load(info: Info, node_id: str) -> ModelNode:
    found = await info.context.loaders.node.load(node_id)
    if found is None:
        raise NotFound(f"no node with id {node_id}", field="id")
    return found


@strawberry.type(description="A milestone the account reached, and when.")
class ReachedMilestone:
    at: datetime
    milestone_id: strawberry.Private[str]

    @field("The milestone.")
    async def milestone(self, info: Info) -> SuccessMilestone:
        return milestone(await _load(info, self.milestone_id))


@strawberry.type(description="An outcome the account achieved, and when.")
class AchievedOutcome:
    at: datetime
    outcome_id: strawberry.Private[str]

    @field("The outcome.")
    async def outcome(self, info: Info) -> Outcome:
        return outcome(await _load(info, self.outcome_id))


@strawberry.type(description="A destination of the account.")
class DesiredOutcome:
    since: datetime | None = strawberry.field(
        description="When the account named it (kept when named again); null: implied by "
        "its products' milestones (it names none)."
    )
    named: bool = strawberry.field(description="Named by the account (DESIRES), not implied.")
    outcome_id: strawberry.Private[str]

    @field("The outcome.")
    async def outcome(self, info: Info) -> Outcome:
        return outcome(await _load(info, self.outcome_id))


@strawberry.type(description="A milestone on a route: reached (when), due, or overdue.")
class RouteStep:
    state: StepState
    due_at: datetime = strawberry.field(
        description="Sign-up + windowDays; else the end of targetDate; else sign-up + "
        "UPG_EVIDENCE_WINDOW_DAYS."
    )
    reached_at: datetime | None
    play: Play | None
    evidence_verdict: EvidenceVerdict | None = strawberry.field(
        description="The verdict stored on its VALIDATES edge to the route's outcome "
        "(null until computeEvidence)."
    )
    risk_difference: float | None = strawberry.field(
        description="The stored rise in outcome rate when reached (what ranks suggestions)."
    )
    milestone_id: strawberry.Private[str]

    @field("The milestone.")
    async def milestone(self, info: Info) -> SuccessMilestone:
        return milestone(await _load(info, self.milestone_id))


@strawberry.type(description="An account's route to one desired outcome, as of now.")
class Route:
    status: RouteStatus
    since: datetime | None = strawberry.field(
        description="When the account named this destination (null: implied)."
    )
    achieved_at: datetime | None
    last_progress_at: datetime = strawberry.field(
        description="The account's latest milestone reached, else its sign-up."
    )
    next_milestone: RouteStep | None = strawberry.field(
        description="The first milestone not reached, in journey order."
    )
    suggested_next: RouteStep | None = strawberry.field(
        description="Recalculated when BEHIND or STUCK: the milestone not reached with the "
        "strongest measured evidence for the outcome (VALIDATED first, then the largest "
        "risk difference; journey order breaks ties)."
    )
    all_steps: strawberry.Private[list[RouteStep]]
    outcome_id: strawberry.Private[str]

    @field("The destination.")
    async def outcome(self, info: Info) -> Outcome:
        return outcome(await _load(info, self.outcome_id))

    @field(
        "The milestones validating the outcome (those its products celebrate), in journey "
        "order: windowDays, then milestoneType phase."
    )
    def steps(self, first: int | None = DEFAULT_FIRST) -> list[RouteStep]:
        return self.all_steps[: _first(first)]


@strawberry.type(description="A customer account on its journey (imported with `upg evidence`).")
class Account(Node):
    name: str | None
    signed_up_at: datetime
    route_status: RouteStatus | None = strawberry.field(
        description="Its most urgent route's status (ARRIVED only when every route is); null "
        "without any route."
    )
    view: strawberry.Private[AccountView]

    @field("The products it uses.")
    async def products(self, info: Info, first: int | None = DEFAULT_FIRST) -> list[Product]:
        ids = list(self.view.facts.products)[: _first(first)]
        found = await info.context.loaders.node.load_many(ids)
        return [product(node) for node in found if node is not None]

    @field("The milestones it reached, earliest first.")
    def reached(self, first: int | None = DEFAULT_FIRST) -> list[ReachedMilestone]:
        items = sorted(self.view.facts.reached.items(), key=lambda kv: (kv[1], kv[0]))
        return [ReachedMilestone(at=at, milestone_id=m) for m, at in items[: _first(first)]]

    @field("The outcomes it achieved, earliest first.")
    def achieved(self, first: int | None = DEFAULT_FIRST) -> list[AchievedOutcome]:
        items = sorted(self.view.facts.achieved.items(), key=lambda kv: (kv[1], kv[0]))
        return [AchievedOutcome(at=at, outcome_id=o) for o, at in items[: _first(first)]]

    @field(
        "Its destinations: the outcomes it named (DESIRES), else those its products' "
        "milestones validate."
    )
    def desired_outcomes(self, first: int | None = DEFAULT_FIRST) -> list[DesiredOutcome]:
        return [
            DesiredOutcome(since=r.since, named=r.since is not None, outcome_id=r.outcome_id)
            for r in self.view.routes[: _first(first)]
        ]

    @field("One route per destination, most urgent first.")
    def routes(self, first: int | None = DEFAULT_FIRST) -> list[Route]:
        ordered = sorted(self.view.routes, key=lambda r: journey.URGENCY.index(r.status))
        return [route_of(r) for r in ordered[: _first(first)]]

    @field(
        "Its value on every health score that counts a milestone of its products, as of asOf "
        "(default: now), by score title (one read for the whole page of accounts)."
    )
    async def health_scores(
        self, info: Info, as_of: datetime | None = strawberry.UNSET
    ) -> list[AccountHealthScore]:
        return await health_scores_of(info, str(self.id), as_of or None) or []

    @field(
        "The route to `outcomeId`, or without it the most urgent route; null when there is "
        "no such route."
    )
    def route(self, outcome_id: strawberry.ID | None = strawberry.UNSET) -> Route | None:
        found = sorted(self.view.routes, key=lambda r: journey.URGENCY.index(r.status))
        if outcome_id:
            found = [r for r in found if r.outcome_id == str(outcome_id)]
        return route_of(found[0]) if found else None


def step_of(step: journey.Step, outcome_id: str) -> RouteStep:
    measured = step.milestone.validates.get(outcome_id)
    verdict = None if measured is None or measured.verdict is None else measured.verdict
    return RouteStep(
        state=StepState(step.state.value),
        due_at=step.due_at,
        reached_at=step.reached_at,
        play=None if step.milestone.play is None else Play(step.milestone.play.value),
        evidence_verdict=None if verdict is None else EvidenceVerdict(verdict),
        risk_difference=None if measured is None else measured.risk_difference,
        milestone_id=step.milestone.id,
    )


def route_of(found: journey.Route) -> Route:
    def step(s: journey.Step | None) -> RouteStep | None:
        return None if s is None else step_of(s, found.outcome_id)

    return Route(
        status=RouteStatus(found.status.value),
        since=found.since,
        achieved_at=found.achieved_at,
        last_progress_at=found.last_progress_at,
        next_milestone=step(found.next),
        suggested_next=step(found.suggested),
        all_steps=[step_of(s, found.outcome_id) for s in found.steps],
        outcome_id=found.outcome_id,
    )


def account(view: AccountView) -> Account:
    facts = view.facts
    status = view.status
    return Account(
        id=strawberry.ID(facts.id),
        type=NodeType(ACCOUNT_KEY),
        title=facts.name or facts.id,
        description=None,
        status="none" if status is None else status.value.lower(),
        tags=[],
        created_at=facts.signed_up_at,
        updated_at=facts.signed_up_at,
        name=facts.name,
        signed_up_at=facts.signed_up_at,
        route_status=None if status is None else RouteStatus(status.value),
        view=view,
    )


@strawberry.type(name="AccountEdge")
class AccountEdge:
    cursor: str
    node: Account


@strawberry.type(
    description="A page of accounts. totalCount counts the whole filtered list: ask for it only "
    "when needed (it reads every account in the signed-up range)."
)
class AccountConnection:
    edges: list[AccountEdge]
    page_info: PageInfo
    page: strawberry.Private[AccountPage]

    @field("How many accounts the whole list holds.")
    async def total_count(self) -> int:
        return await self.page.total()


def account_connection(page: AccountPage) -> AccountConnection:
    edges = [
        AccountEdge(cursor=encode_cursor(page.offset + i), node=account(view))
        for i, view in enumerate(page.items)
    ]
    info = PageInfo(
        has_next_page=page.has_next,
        has_previous_page=page.offset > 0,
        start_cursor=edges[0].cursor if edges else None,
        end_cursor=edges[-1].cursor if edges else None,
    )
    return AccountConnection(edges=edges, page_info=info, page=page)
