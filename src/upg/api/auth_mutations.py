"""GraphQL fields that manage JWTs: `revokeJwt` (admin only, see api.guard.NEEDS)."""

from __future__ import annotations

from datetime import datetime
from typing import Any

import strawberry

from upg.api import types as t
from upg.api.context import Info
from upg.model import auth as auth_model

UNSET: Any = strawberry.UNSET


@strawberry.type(description="A JWT refused before it expires, by its `jti` claim.")
class RevokedJwt:
    jti: str
    revoked_at: datetime | None
    expires_at: datetime = strawberry.field(
        description="Kept until then: every JWT with this jti has expired by this time."
    )


def revoked_jwt(revoked: auth_model.RevokedJwt) -> RevokedJwt:
    return RevokedJwt(jti=revoked.jti, revoked_at=revoked.revoked_at, expires_at=revoked.expires_at)


async def _revoke_jwt(
    info: Info,
    jti: str,
    expires_at: datetime | None = UNSET,
) -> RevokedJwt:
    authenticator = info.context.services.authenticator
    revoked = await authenticator.revoke_jwt(jti, expires_at or None)
    return revoked_jwt(revoked)


revoke_jwt = t.mutation(
    "Revoke JWTs by their `jti` claim (admin only), e.g. a leaked one: this replica refuses "
    "them at once, other replicas within UPG_TOKEN_CACHE_SECONDS. `expiresAt` (the JWT's `exp`) "
    "lets the entry be pruned sooner than UPG_JWT_MAX_TTL from now. JWTs without a jti cannot "
    "be revoked: only their lifetime (UPG_JWT_MAX_TTL) bounds them."
)(_revoke_jwt)
