"""Authentication: a bearer credential (API key or JWT) becomes a Principal, or Unauthenticated.

API keys are looked up by hash and the answer is cached for `cache_s` seconds (so a revoked key
keeps working on other replicas for at most that long; `forget()` drops the cache at once).
JWTs are verified against the configured key: signature, `exp`, `iat`, `iss`, `aud` and `sub` are
required, and `exp - iat` may not exceed the policy's `max_ttl_s`. A JWT with a `jti` is refused
once that jti is revoked; the "not revoked" answer is cached like an API key's.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime

import jwt

from upg.errors import Invalid, Unauthenticated
from upg.model.auth import (
    DEFAULT_JWT_MAX_TTL_S,
    JWT_LEEWAY_S,
    MAX_JTI,
    Principal,
    RevokedJwt,
    Role,
    api_key_hash,
    is_api_key,
    parse_role,
)
from upg.services import tokens as token_service
from upg.services.ports import TokenStore

ANONYMOUS = "anonymous"
MAX_CACHED = 10_000


@dataclass(frozen=True)
class JwtPolicy:
    """How JWTs are verified: HS256 with a shared secret or RS256 with a public key (PEM)."""

    algorithm: str
    key: str
    issuer: str
    audience: str
    role_claim: str = "upg_role"
    max_ttl_s: int = DEFAULT_JWT_MAX_TTL_S
    """Longest lifetime accepted, `exp - iat` (UPG_JWT_MAX_TTL)."""


class Authenticator:
    """Turns the Authorization header of a request into who is calling."""

    def __init__(
        self,
        store: TokenStore,
        *,
        jwt_policy: JwtPolicy | None = None,
        anonymous_read: bool = False,
        cache_s: float = 10.0,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._store = store
        self._jwt = jwt_policy
        self._anonymous_read = anonymous_read
        self._cache_s = cache_s
        self._clock = clock
        self._cache: dict[str, tuple[Principal, float]] = {}
        self._live_jtis: dict[str, float] = {}
        """jti -> until when it is known not to be revoked."""

    async def authenticate(self, authorization: str | None, client: str) -> Principal:
        """The caller; `client` (its address) keys anonymous rate limits."""
        if not authorization:
            if self._anonymous_read:
                return Principal(ANONYMOUS, Role.READER, ANONYMOUS, f"anonymous:{client}")
            raise Unauthenticated(
                "authentication required: send `Authorization: Bearer <API key or JWT>`"
            )
        scheme, _, credential = authorization.strip().partition(" ")
        credential = credential.strip()
        if scheme.lower() != "bearer" or not credential:
            raise Unauthenticated("the Authorization header must be `Bearer <API key or JWT>`")
        if is_api_key(credential):
            return await self._api_key(credential)
        principal, jti = self._verify_jwt(credential)
        if jti is not None:
            await self._check_jti(jti)
        return principal

    def forget(self) -> None:
        """Drop cached API keys and JWT checks (after a revocation through this process)."""
        self._cache.clear()
        self._live_jtis.clear()

    async def revoke_jwt(self, jti: str, expires_at: datetime | None = None) -> RevokedJwt:
        """Revoke JWTs by `jti`: this process refuses them at once, others within `cache_s`."""
        max_ttl_s = self._jwt.max_ttl_s if self._jwt is not None else DEFAULT_JWT_MAX_TTL_S
        revoked = await token_service.revoke_jwt(self._store, jti, max_ttl_s, expires_at)
        self.forget()
        return revoked

    async def _check_jti(self, jti: str) -> None:
        if len(jti) > MAX_JTI:
            return  # longer than any jti that can be revoked: no lookup
        now = self._clock()
        until = self._live_jtis.get(jti)
        if until is not None and until > now:
            return
        if await self._store.revoked_jwt(jti) is not None:
            self._live_jtis.pop(jti, None)
            raise Unauthenticated("the JWT has been revoked")
        if self._cache_s > 0:
            if len(self._live_jtis) >= MAX_CACHED:
                self._live_jtis.clear()
            self._live_jtis[jti] = now + self._cache_s

    async def _api_key(self, secret: str) -> Principal:
        key_hash = api_key_hash(secret)
        now = self._clock()
        cached = self._cache.get(key_hash)
        if cached is not None and cached[1] > now:
            return cached[0]
        token = await self._store.find(key_hash)
        if token is None:
            self._cache.pop(key_hash, None)
            raise Unauthenticated("the API key is not recognised or has been revoked")
        principal = Principal(token.name, token.role, "api_key", f"api_key:{token.id}")
        if self._cache_s > 0:
            if len(self._cache) >= MAX_CACHED:
                self._cache.clear()
            self._cache[key_hash] = (principal, now + self._cache_s)
        return principal

    def _verify_jwt(self, credential: str) -> tuple[Principal, str | None]:
        """The JWT's principal and its `jti` (None when it has none)."""
        policy = self._jwt
        if policy is None:
            raise Unauthenticated("not an API key, and JWTs are not accepted (UPG_JWT_* unset)")
        try:
            claims = jwt.decode(
                credential,
                policy.key,
                algorithms=[policy.algorithm],
                issuer=policy.issuer,
                audience=policy.audience,
                leeway=JWT_LEEWAY_S,
                options={"require": ["exp", "iat", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"the JWT was rejected: {exc}") from None
        # PyJWT checked that both read as integers (a JSON string of digits passes too).
        lifetime = int(claims["exp"]) - int(claims["iat"])
        if lifetime > policy.max_ttl_s:
            raise Unauthenticated(
                f"the JWT was rejected: it lives {lifetime} s (exp - iat), longer than the "
                f"{policy.max_ttl_s} s allowed (UPG_JWT_MAX_TTL)"
            )
        jti: str | None = claims.get("jti")  # PyJWT refuses a jti that is not a string
        raw_role = claims.get(policy.role_claim)
        if not isinstance(raw_role, str):
            raise Unauthenticated(f"the JWT has no {policy.role_claim!r} claim naming a role")
        try:
            role = parse_role(raw_role, policy.role_claim)
        except Invalid as exc:
            raise Unauthenticated(f"the JWT's {exc.message}") from None
        subject = str(claims["sub"])
        return Principal(subject, role, "jwt", f"jwt:{subject}"), jti
