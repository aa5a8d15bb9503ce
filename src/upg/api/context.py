"""What every resolver gets through `info.context`: one request's repositories, loaders and ids."""

from __future__ import annotations

import re
import uuid
from concurrent.futures import Executor
from dataclasses import dataclass, field

import strawberry
from starlette.requests import Request
from starlette.responses import Response

from upg.api.loaders import Loaders
from upg.api.ratelimit import RateLimiter
from upg.model.auth import Principal
from upg.model.evidence import EvidencePolicy
from upg.model.journey import JourneyPolicy
from upg.observability.record import current
from upg.services.auth import Authenticator
from upg.services.ports import (
    AccountStore,
    BacktestStore,
    EvidenceStore,
    Repository,
    SearchIndex,
    TokenStore,
)

REQUEST_ID_HEADER = "x-request-id"
_SAFE_REQUEST_ID = re.compile(r"[A-Za-z0-9._-]{1,64}")


@dataclass(frozen=True)
class Services:
    """What the app's lifespan builds once and every request uses."""

    repository: Repository
    evidence: EvidenceStore
    evidence_policy: EvidencePolicy
    tokens: TokenStore
    authenticator: Authenticator
    limiter: RateLimiter
    max_query_cost: int
    statistics: Executor | None
    """Where evidence statistics run: upg.bootstrap's worker process (None: in the loop's
    thread, as batch jobs do)."""
    accounts: AccountStore
    journey_policy: JourneyPolicy
    backtest: BacktestStore
    search: SearchIndex


@dataclass
class Context:
    """Per request: nothing here outlives the request (loaders cache only within it)."""

    request: Request
    response: Response
    repository: Repository
    loaders: Loaders
    request_id: str
    evidence: EvidenceStore
    evidence_policy: EvidencePolicy
    principal: Principal | None
    """Who is calling; None where nothing was authenticated (Guard refuses any operation)."""
    services: Services
    round_trips: list[int] = field(default_factory=lambda: [0])
    """Cypher statements run for this request (the repository adds to it; see CypherRoundTrips)."""


Info = strawberry.Info[Context, None]


def request_id_of(request: Request) -> str:
    """The request's id: the one its record holds (the middleware chose it), else the caller's
    X-Request-ID when it is a safe token, else a fresh one."""
    record = current.get()
    if record is not None:
        return record.request_id
    return safe_request_id(request.headers.get(REQUEST_ID_HEADER, ""))


def safe_request_id(given: str) -> str:
    """`given` when it is a safe token (letters, digits, `._-`, up to 64), else a fresh id."""
    return given if _SAFE_REQUEST_ID.fullmatch(given) else uuid.uuid4().hex


def new_context(
    request: Request, response: Response, services: Services, principal: Principal | None
) -> Context:
    request_id = request_id_of(request)
    response.headers[REQUEST_ID_HEADER] = request_id
    return Context(
        request,
        response,
        services.repository,
        Loaders(
            services.repository,
            services.evidence,
            services.backtest,
            services.evidence_policy.default_window_days,
        ),
        request_id,
        services.evidence,
        services.evidence_policy,
        principal,
        services,
    )
