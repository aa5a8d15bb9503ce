"""Authentication: a bearer credential (API key or JWT) becomes a Principal, or Unauthenticated.

API keys are looked up by hash and the answer is cached for `cache_s` seconds (so a revoked key
keeps working on other replicas for at most that long; `forget()` drops the cache at once).
JWTs are verified against the configured key: signature, `exp`, `iss` and `aud` are required.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

import jwt

from upg.errors import Invalid, Unauthenticated
from upg.model.auth import Principal, Role, api_key_hash, is_api_key, parse_role
from upg.services.ports import TokenStore

ANONYMOUS = "anonymous"
MAX_CACHED = 10_000
JWT_LEEWAY_S = 30
"""Clock skew tolerated on `exp`, `nbf` and `iat`."""


@dataclass(frozen=True)
class JwtPolicy:
    """How JWTs are verified: HS256 with a shared secret or RS256 with a public key (PEM)."""

    algorithm: str
    key: str
    issuer: str
    audience: str
    role_claim: str = "upg_role"


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
        return self._verify_jwt(credential)

    def forget(self) -> None:
        """Drop cached API keys (after a revocation through this process)."""
        self._cache.clear()

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

    def _verify_jwt(self, credential: str) -> Principal:
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
                options={"require": ["exp", "iss", "aud", "sub"]},
            )
        except jwt.PyJWTError as exc:
            raise Unauthenticated(f"the JWT was rejected: {exc}") from None
        raw_role = claims.get(policy.role_claim)
        if not isinstance(raw_role, str):
            raise Unauthenticated(f"the JWT has no {policy.role_claim!r} claim naming a role")
        try:
            role = parse_role(raw_role, policy.role_claim)
        except Invalid as exc:
            raise Unauthenticated(f"the JWT's {exc.message}") from None
        subject = str(claims["sub"])
        return Principal(subject, role, "jwt", f"jwt:{subject}")
