"""Use cases on API keys (create: the secret is returned once; revoke; list) and on JWTs (revoke
by `jti`)."""

from __future__ import annotations

import uuid
from datetime import UTC, datetime, timedelta

from upg.errors import NotFound
from upg.model.auth import (
    JWT_LEEWAY_S,
    ApiToken,
    RevokedJwt,
    api_key_hash,
    check_jti,
    check_token_name,
    new_api_key,
    parse_role,
)
from upg.services.ports import TokenStore

HINT_CHARS = 8
"""How much of the secret is kept in the clear: the prefix and four random characters."""


async def create_token(store: TokenStore, name: str, role: str) -> tuple[ApiToken, str]:
    """A new API key with this name and role, and its secret (never retrievable again)."""
    secret = new_api_key()
    token = ApiToken(
        id=str(uuid.uuid4()),
        name=check_token_name(name),
        role=parse_role(role),
        hint=secret[:HINT_CHARS],
        created_at=None,
        revoked_at=None,
    )
    stored = await store.create(token, api_key_hash(secret))
    return stored, secret


async def revoke_token(store: TokenStore, ref: str) -> list[ApiToken]:
    """Revoke the API keys with this id or name; NotFound when there is none."""
    revoked = await store.revoke(ref.strip())
    if not revoked:
        raise NotFound(f"ref: no API token with id or name {ref!r}", field="ref")
    return revoked


async def list_tokens(store: TokenStore) -> list[ApiToken]:
    """Every API key, newest first, revoked ones included."""
    return await store.list()


async def revoke_jwt(
    store: TokenStore,
    jti: str,
    max_ttl_s: int,
    expires_at: datetime | None = None,
    now: datetime | None = None,
) -> RevokedJwt:
    """Refuse JWTs with this `jti` from now on, until they have expired anyway.

    A JWT accepted now expires at most `max_ttl_s` (plus the clock leeway) from now, so the
    entry is kept until then, or until `expires_at` (the JWT's `exp`) when that is sooner.
    """
    now = now or datetime.now(UTC)
    latest = now + timedelta(seconds=max_ttl_s + JWT_LEEWAY_S)
    if expires_at is not None:
        # A time without a zone is read as UTC; a leaked JWT's exp is UTC seconds.
        expires_at = expires_at if expires_at.tzinfo else expires_at.replace(tzinfo=UTC)
        latest = min(latest, expires_at + timedelta(seconds=JWT_LEEWAY_S))
    return await store.revoke_jwt(check_jti(jti), latest)
