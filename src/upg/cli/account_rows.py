"""What `upg accounts` prints: accounts and routes as rows with stable field names, and columns.

Like `upg.cli.listings` for audits: the row shapes are a contract (docs/accounts.md), fields are
only added. Times are ISO 8601 (UTC).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from upg.cli.listings import Column, Listing, Row
from upg.model.journey import URGENCY, Route, RouteStatus, Step
from upg.services.accounts import AccountView

STATUS_STYLE = {
    RouteStatus.ON_TRACK.value: "green",
    RouteStatus.BEHIND.value: "yellow",
    RouteStatus.STUCK.value: "bold red",
    RouteStatus.ARRIVED.value: "cyan",
}


def _iso(value: datetime | None) -> str | None:
    return None if value is None else value.isoformat()


def _step_ref(step: Step | None) -> Row | None:
    if step is None:
        return None
    return {
        "id": step.milestone.id,
        "title": step.milestone.title,
        "due_at": _iso(step.due_at),
    }


def _urgent(view: AccountView) -> Route | None:
    ordered = sorted(view.routes, key=lambda r: URGENCY.index(r.status))
    return ordered[0] if ordered else None


def account_row(view: AccountView) -> Row:
    """{id, name, signed_up_at, status, products, routes, next_milestone, suggested_next}:
    next and suggested are those of its most urgent route."""
    route = _urgent(view)
    return {
        "id": view.facts.id,
        "name": view.facts.name,
        "signed_up_at": _iso(view.facts.signed_up_at),
        "status": None if view.status is None else view.status.value,
        "products": list(view.facts.products),
        "routes": len(view.routes),
        "next_milestone": _step_ref(None if route is None else route.next),
        "suggested_next": _step_ref(None if route is None else route.suggested),
    }


def _text(row: Row, name: str) -> str:
    value = row.get(name)
    return "" if value is None else str(value)


def _ref_title(row: Row, name: str) -> str:
    ref = row.get(name)
    return "" if not ref else str(ref["title"])


def _status_style(row: Row) -> str:
    return STATUS_STYLE.get(_text(row, "status") or _text(row, "route_status"), "")


ACCOUNT_COLUMNS = (
    Column("name", lambda r: _text(r, "name")),
    Column("status", lambda r: _text(r, "status"), style=_status_style),
    Column("signed_up_at", lambda r: _text(r, "signed_up_at")[:10]),
    Column("next_milestone", lambda r: _ref_title(r, "next_milestone")),
    Column("suggested_next", lambda r: _ref_title(r, "suggested_next")),
    Column("id", lambda r: _text(r, "id")),
)


def accounts_listing(rows: list[Row]) -> Listing:
    return Listing(
        key="accounts",
        rows=rows,
        columns=ACCOUNT_COLUMNS,
        title="Accounts",
        caption=f"{len(rows)} accounts",
        empty="No account matches.",
    )


def route_rows(view: AccountView, titles: dict[str, str]) -> list[Row]:
    """One row per milestone of each route, most urgent route first."""
    rows: list[Row] = []
    for route in sorted(view.routes, key=lambda r: URGENCY.index(r.status)):
        for number, step in enumerate(route.steps, start=1):
            rows.append(_route_row(route, number, step, titles))
    return rows


def _route_row(route: Route, number: int, step: Step, titles: dict[str, str]) -> Row:
    play: Any = step.milestone.play
    return {
        "outcome": {"id": route.outcome_id, "title": titles.get(route.outcome_id, "")},
        "route_status": route.status.value,
        "since": _iso(route.since),
        "step": number,
        "milestone": {"id": step.milestone.id, "title": step.milestone.title},
        "state": step.state.value,
        "due_at": _iso(step.due_at),
        "reached_at": _iso(step.reached_at),
        "play": None if play is None else play.value,
        "next": route.next is step,
        "suggested": route.suggested is step,
    }


ROUTE_COLUMNS = (
    Column("outcome", lambda r: _ref_title(r, "outcome")),
    Column("route_status", lambda r: _text(r, "route_status"), style=_status_style),
    Column("step", lambda r: _text(r, "step"), "right", numeric=True),
    Column("milestone", lambda r: _ref_title(r, "milestone")),
    Column("state", lambda r: _text(r, "state")),
    Column("due_at", lambda r: _text(r, "due_at")[:10]),
    Column("reached_at", lambda r: _text(r, "reached_at")[:10]),
    Column("play", lambda r: _text(r, "play")),
    Column(
        "mark",
        lambda r: " ".join(
            m for m, on in (("next", r["next"]), ("suggested", r["suggested"])) if on
        ),
    ),
)


def route_listing(view: AccountView, titles: dict[str, str]) -> Listing:
    status = "no route" if view.status is None else view.status.value
    return Listing(
        key="route",
        rows=route_rows(view, titles),
        columns=ROUTE_COLUMNS,
        title=f"{view.facts.name or view.facts.id}: {status}",
        caption=f"signed up {view.facts.signed_up_at:%Y-%m-%d}; as of {view.now:%Y-%m-%d %H:%M}",
        empty="No route: the account names no outcome and its products' milestones validate none.",
        extra={
            "account": {
                "id": view.facts.id,
                "name": view.facts.name,
                "signed_up_at": _iso(view.facts.signed_up_at),
                "status": None if view.status is None else view.status.value,
            }
        },
    )
