"""Authentication: API keys through a fake store, JWTs signed here (HS256 and RS256)."""

from __future__ import annotations

import time
from datetime import UTC, datetime, timedelta
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from upg.errors import Invalid, NotFound, Unauthenticated
from upg.model.auth import (
    DEFAULT_JWT_MAX_TTL_S,
    JWT_LEEWAY_S,
    ApiToken,
    RevokedJwt,
    Role,
    api_key_hash,
)
from upg.services import tokens as token_service
from upg.services.auth import Authenticator, JwtPolicy

SECRET = "unit-test-secret-0123456789abcdef0123"
POLICY = JwtPolicy("HS256", SECRET, issuer="idp", audience="upg")


class FakeTokens:
    """An in-memory TokenStore that counts lookups."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[ApiToken, str]] = {}
        self.lookups = 0
        self.revoked_jtis: dict[str, RevokedJwt] = {}
        self.jti_lookups = 0

    async def create(self, token: ApiToken, key_hash: str) -> ApiToken:
        self.tokens[token.id] = (token, key_hash)
        return token

    async def find(self, key_hash: str) -> ApiToken | None:
        self.lookups += 1
        for token, stored in self.tokens.values():
            if stored == key_hash and token.active:
                return token
        return None

    async def revoke(self, ref: str) -> list[ApiToken]:
        revoked = []
        for token_id, (token, stored) in list(self.tokens.items()):
            if ref in (token.id, token.name):
                gone = ApiToken(token.id, token.name, token.role, token.hint, None, _NOW)
                self.tokens[token_id] = (gone, stored)
                revoked.append(gone)
        return revoked

    async def list(self) -> list[ApiToken]:
        return [token for token, _ in self.tokens.values()]

    async def revoke_jwt(self, jti: str, expires_at: datetime) -> RevokedJwt:
        self.revoked_jtis.setdefault(jti, RevokedJwt(jti, _NOW, expires_at))
        return self.revoked_jtis[jti]

    async def revoked_jwt(self, jti: str) -> RevokedJwt | None:
        self.jti_lookups += 1
        return self.revoked_jtis.get(jti)


_NOW = datetime(2026, 11, 23, tzinfo=UTC)


def claims(**override: Any) -> dict[str, Any]:
    """Valid claims; an override of None leaves that claim out."""
    now = int(time.time())
    base = {"sub": "dashboards", "iss": "idp", "aud": "upg", "iat": now, "exp": now + 60}
    merged = {**base, "upg_role": "editor", **override}
    return {name: value for name, value in merged.items() if value is not None}


def hs256(**override: Any) -> str:
    return jwt.encode(claims(**override), SECRET, algorithm="HS256")


async def test_an_api_key_is_shown_once_and_stored_as_a_hash() -> None:
    store = FakeTokens()
    token, secret = await token_service.create_token(store, "  ci-audit ", "READER")
    assert secret.startswith("upg_") and len(secret) > 40
    assert (token.name, token.role, token.hint) == ("ci-audit", Role.READER, secret[:8])
    [(stored, key_hash)] = store.tokens.values()
    assert key_hash == api_key_hash(secret) and secret not in repr(stored)


async def test_an_api_key_authenticates_until_revoked() -> None:
    store = FakeTokens()
    _, secret = await token_service.create_token(store, "ci", "editor")
    auth = Authenticator(store, cache_s=0)
    principal = await auth.authenticate(f"Bearer {secret}", "10.0.0.1")
    assert (principal.subject, principal.role, principal.kind) == ("ci", Role.EDITOR, "api_key")
    await token_service.revoke_token(store, "ci")
    with pytest.raises(Unauthenticated, match="revoked"):
        await auth.authenticate(f"Bearer {secret}", "10.0.0.1")


async def test_revoking_an_unknown_token_names_the_ref() -> None:
    with pytest.raises(NotFound) as caught:
        await token_service.revoke_token(FakeTokens(), "nobody")
    assert caught.value.field == "ref"


async def test_verified_keys_are_cached_until_forgotten() -> None:
    store = FakeTokens()
    _, secret = await token_service.create_token(store, "ci", "reader")
    now = [0.0]
    auth = Authenticator(store, cache_s=10, clock=lambda: now[0])
    for _ in range(5):
        await auth.authenticate(f"Bearer {secret}", "a")
    assert store.lookups == 1
    now[0] = 11.0
    await auth.authenticate(f"Bearer {secret}", "a")
    assert store.lookups == 2
    auth.forget()
    await auth.authenticate(f"Bearer {secret}", "a")
    assert store.lookups == 3


@pytest.mark.parametrize(
    ("header", "reason"),
    [
        (None, "authentication required"),
        ("", "authentication required"),
        ("Basic dXNlcjpwYXNz", "must be `Bearer"),
        ("Bearer", "must be `Bearer"),
        ("Bearer upg_unknown", "not recognised"),
        ("Bearer not.a.jwt", "JWT was rejected"),
    ],
)
async def test_missing_or_bad_credentials_are_refused(header: str | None, reason: str) -> None:
    auth = Authenticator(FakeTokens(), jwt_policy=POLICY)
    with pytest.raises(Unauthenticated, match=reason):
        await auth.authenticate(header, "a")


async def test_anonymous_reads_only_when_enabled() -> None:
    auth = Authenticator(FakeTokens(), anonymous_read=True)
    principal = await auth.authenticate(None, "10.1.2.3")
    assert (principal.role, principal.key) == (Role.READER, "anonymous:10.1.2.3")
    with pytest.raises(Unauthenticated):
        await auth.authenticate("Bearer upg_unknown", "10.1.2.3")


async def test_a_valid_jwt_gives_its_subject_and_role() -> None:
    auth = Authenticator(FakeTokens(), jwt_policy=POLICY)
    principal = await auth.authenticate(f"bearer {hs256()}", "a")
    assert (principal.subject, principal.role, principal.key) == (
        "dashboards",
        Role.EDITOR,
        "jwt:dashboards",
    )


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"exp": int(time.time()) - 120}, "expired"),
        ({"iss": "someone-else"}, "issuer"),
        ({"aud": "another-api"}, "Audience doesn't match"),
        ({"upg_role": "root"}, "must be one of reader, editor, admin"),
        ({"upg_role": None}, "no 'upg_role' claim"),
    ],
)
async def test_jwt_claims_are_checked(override: dict[str, Any], reason: str) -> None:
    auth = Authenticator(FakeTokens(), jwt_policy=POLICY)
    with pytest.raises(Unauthenticated, match=reason):
        await auth.authenticate(f"Bearer {hs256(**override)}", "a")


async def test_a_jwt_signed_with_another_key_or_alg_none_is_refused() -> None:
    auth = Authenticator(FakeTokens(), jwt_policy=POLICY)
    forged = jwt.encode(claims(), "another-secret-0123456789abcdef01234", algorithm="HS256")
    with pytest.raises(Unauthenticated, match="Signature verification failed"):
        await auth.authenticate(f"Bearer {forged}", "a")
    unsigned = jwt.encode(claims(), "", algorithm="none")  # "": PyJWT's typed spelling of no key
    with pytest.raises(Unauthenticated):
        await auth.authenticate(f"Bearer {unsigned}", "a")


async def test_jwts_are_refused_when_none_are_configured() -> None:
    with pytest.raises(Unauthenticated, match="JWTs are not accepted"):
        await Authenticator(FakeTokens()).authenticate(f"Bearer {hs256()}", "a")


async def test_rs256_verifies_with_the_public_key_only() -> None:
    private = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    public_pem = (
        private.public_key()
        .public_bytes(serialization.Encoding.PEM, serialization.PublicFormat.SubjectPublicKeyInfo)
        .decode()
    )
    policy = JwtPolicy("RS256", public_pem, issuer="idp", audience="upg")
    auth = Authenticator(FakeTokens(), jwt_policy=policy)
    token = jwt.encode(claims(upg_role="admin"), private, algorithm="RS256")
    assert (await auth.authenticate(f"Bearer {token}", "a")).role is Role.ADMIN
    # An HS256 token "signed" with the public key must not pass (algorithm confusion).
    confused = jwt.encode(claims(), SECRET, algorithm="HS256")
    with pytest.raises(Unauthenticated):
        await auth.authenticate(f"Bearer {confused}", "a")


# JWT lifetime and revocation (issue #12) ------------------------------------------------------


@pytest.mark.parametrize(
    ("override", "reason"),
    [
        ({"iat": None}, 'missing the "iat" claim'),
        ({"iat": "yesterday"}, "iat"),
        ({"iat": int(time.time()) + 3600}, "not yet valid"),
        ({"exp": int(time.time()) + 10 * 365 * 86_400}, "longer than the 86400 s allowed"),
        (
            {"iat": int(time.time()) - 60, "exp": int(time.time()) + DEFAULT_JWT_MAX_TTL_S},
            "UPG_JWT_MAX_TTL",
        ),
        ({"jti": 42}, "JWT ID must be a string"),
    ],
)
async def test_a_jwt_needs_iat_and_a_bounded_lifetime(
    override: dict[str, Any], reason: str
) -> None:
    auth = Authenticator(FakeTokens(), jwt_policy=POLICY)
    with pytest.raises(Unauthenticated, match=reason):
        await auth.authenticate(f"Bearer {hs256(**override)}", "a")


async def test_a_jwt_living_exactly_the_max_ttl_passes() -> None:
    policy = JwtPolicy("HS256", SECRET, issuer="idp", audience="upg", max_ttl_s=600)
    auth = Authenticator(FakeTokens(), jwt_policy=policy)
    now = int(time.time())
    assert await auth.authenticate(f"Bearer {hs256(iat=now, exp=now + 600)}", "a")
    with pytest.raises(Unauthenticated, match="lives 601 s"):
        await auth.authenticate(f"Bearer {hs256(iat=now, exp=now + 601)}", "a")


async def test_a_revoked_jti_is_refused_at_once_on_the_replica_that_revoked_it() -> None:
    store = FakeTokens()
    auth = Authenticator(store, jwt_policy=POLICY, cache_s=10)
    leaked, other = hs256(jti="leaked-1"), hs256(jti="other-1")
    for token in (leaked, other, leaked):
        await auth.authenticate(f"Bearer {token}", "a")
    assert store.jti_lookups == 2  # the second use of `leaked` came from the cache
    revoked = await auth.revoke_jwt(" leaked-1 ")
    assert revoked.jti == "leaked-1"
    with pytest.raises(Unauthenticated, match="revoked"):
        await auth.authenticate(f"Bearer {leaked}", "a")
    assert (await auth.authenticate(f"Bearer {other}", "a")).subject == "dashboards"


async def test_other_replicas_refuse_a_revoked_jti_within_the_cache_time() -> None:
    store = FakeTokens()
    now = [0.0]
    replica = Authenticator(store, jwt_policy=POLICY, cache_s=10, clock=lambda: now[0])
    revoker = Authenticator(store, jwt_policy=POLICY)
    leaked = f"Bearer {hs256(jti='leaked-2')}"
    await replica.authenticate(leaked, "a")
    await revoker.revoke_jwt("leaked-2")
    now[0] = 9.0
    await replica.authenticate(leaked, "a")  # still cached as not revoked
    now[0] = 10.5
    with pytest.raises(Unauthenticated, match="revoked"):
        await replica.authenticate(leaked, "a")


async def test_jwts_without_a_revocable_jti_need_no_lookup() -> None:
    store = FakeTokens()
    auth = Authenticator(store, jwt_policy=POLICY, cache_s=0)
    for token in (hs256(), hs256(jti="x" * 201)):
        await auth.authenticate(f"Bearer {token}", "a")
    assert store.jti_lookups == 0
    await auth.authenticate(f"Bearer {hs256(jti='x' * 200)}", "a")
    assert store.jti_lookups == 1


async def test_a_revocation_is_kept_until_every_jwt_with_the_jti_has_expired() -> None:
    store = FakeTokens()
    now = datetime(2026, 11, 23, 12, tzinfo=UTC)
    leeway = timedelta(seconds=JWT_LEEWAY_S)
    default = await token_service.revoke_jwt(store, "a", 3600, now=now)
    assert default.expires_at == now + timedelta(hours=1) + leeway
    sooner = await token_service.revoke_jwt(
        store, "b", 3600, expires_at=datetime(2026, 11, 23, 12, 30), now=now
    )
    assert sooner.expires_at == datetime(2026, 11, 23, 12, 30, tzinfo=UTC) + leeway
    later = await token_service.revoke_jwt(
        store, "c", 3600, expires_at=now + timedelta(days=30), now=now
    )
    assert later.expires_at == now + timedelta(hours=1) + leeway


@pytest.mark.parametrize("jti", ["", "   ", "x" * 201, "bad\x1bjti"])
async def test_a_bad_jti_is_refused_by_name(jti: str) -> None:
    with pytest.raises(Invalid) as caught:
        await token_service.revoke_jwt(FakeTokens(), jti, 3600)
    assert caught.value.field == "jti"
