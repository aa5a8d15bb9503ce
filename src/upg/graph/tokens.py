"""Repository of API keys, stored as `(:ApiToken)` nodes holding the secret's hash only, and of
revoked JWTs, stored as `(:RevokedJwt {jti})` until they expire."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import datetime
from typing import Any

from neo4j import AsyncDriver, AsyncManagedTransaction

from upg.graph import transactions
from upg.graph.cypher import run
from upg.graph.records import native
from upg.model.auth import ApiToken, RevokedJwt, Role


def to_token(props: Mapping[str, Any]) -> ApiToken:
    return ApiToken(
        id=props["id"],
        name=props["name"],
        role=Role(props["role"]),
        hint=props.get("hint") or "",
        created_at=native(props.get("created_at")),
        revoked_at=native(props.get("revoked_at")),
    )


def to_revoked(props: Mapping[str, Any]) -> RevokedJwt:
    return RevokedJwt(
        jti=props["jti"],
        revoked_at=native(props.get("revoked_at")),
        expires_at=native(props["expires_at"]),
    )


class TokenRepository:
    """Create, find, revoke and list API keys, and revoke JWTs, in one Neo4j database."""

    def __init__(self, driver: AsyncDriver, database: str, timeout_s: float | None = None) -> None:
        self._driver = driver
        self._database = database
        self._timeout_s = timeout_s

    async def _rows(self, name: str, *, write: bool, **params: Any) -> list[ApiToken]:
        async def work(tx: AsyncManagedTransaction) -> list[ApiToken]:
            return [to_token(row["token"]) for row in await run(tx, name, **params)]

        transaction = transactions.write if write else transactions.read
        return await transaction(self._driver, self._database, work, self._timeout_s)

    async def create(self, token: ApiToken, key_hash: str) -> ApiToken:
        props = {
            "id": token.id,
            "name": token.name,
            "role": token.role.value,
            "hint": token.hint,
            "hash": key_hash,
        }
        return (await self._rows("tokens/create", write=True, token=props))[0]

    async def find(self, key_hash: str) -> ApiToken | None:
        """The active token with this hash, if any."""
        found = await self._rows("tokens/find", write=False, hash=key_hash)
        return found[0] if found else None

    async def revoke(self, ref: str) -> list[ApiToken]:
        """Revoke the tokens with this id or name; the tokens revoked (empty when none)."""
        return await self._rows("tokens/revoke", write=True, ref=ref)

    async def list(self) -> list[ApiToken]:
        return await self._rows("tokens/list", write=False)

    async def revoke_jwt(self, jti: str, expires_at: datetime) -> RevokedJwt:
        """Refuse JWTs with this jti until `expires_at`; expired entries are pruned meanwhile."""

        async def work(tx: AsyncManagedTransaction) -> RevokedJwt:
            await run(tx, "tokens/jwt_prune")
            rows = await run(tx, "tokens/jwt_revoke", jti=jti, expires_at=expires_at)
            return to_revoked(rows[0]["revoked"])

        return await transactions.write(self._driver, self._database, work, self._timeout_s)

    async def revoked_jwt(self, jti: str) -> RevokedJwt | None:
        """The revocation of this jti, if any."""

        async def work(tx: AsyncManagedTransaction) -> RevokedJwt | None:
            rows = await run(tx, "tokens/jwt_revoked", jti=jti)
            return to_revoked(rows[0]["revoked"]) if rows else None

        return await transactions.read(self._driver, self._database, work, self._timeout_s)
