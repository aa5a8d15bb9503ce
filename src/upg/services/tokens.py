"""Use cases on API keys: create (the secret is returned once), revoke, list."""

from __future__ import annotations

import uuid

from upg.errors import NotFound
from upg.model.auth import ApiToken, api_key_hash, check_token_name, new_api_key, parse_role
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
