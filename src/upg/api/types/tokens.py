"""GraphQL types of API keys."""

from __future__ import annotations

from datetime import datetime

import strawberry

from upg.api.types.enums import Role
from upg.model import auth as auth_model


@strawberry.type(description="An API key as stored: its secret is never shown again.")
class ApiToken:
    id: strawberry.ID
    name: str
    role: Role
    hint: str = strawberry.field(description="The secret's first characters, to recognise it.")
    created_at: datetime | None
    revoked_at: datetime | None


@strawberry.type(description="A new API key and its secret, shown this once only.")
class CreatedApiToken:
    token: ApiToken
    secret: str = strawberry.field(
        description="Send it as `Authorization: Bearer <secret>`; upg keeps only its hash."
    )


def api_token(token: auth_model.ApiToken) -> ApiToken:
    return ApiToken(
        id=strawberry.ID(token.id),
        name=token.name,
        role=Role[token.role.name],
        hint=token.hint,
        created_at=token.created_at,
        revoked_at=token.revoked_at,
    )
