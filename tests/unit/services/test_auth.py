"""Authentication: API keys through a fake store, JWTs signed here (HS256 and RS256)."""

from __future__ import annotations

import time
from datetime import UTC, datetime
from typing import Any

import jwt
import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.asymmetric import rsa

from upg.errors import NotFound, Unauthenticated
from upg.model.auth import ApiToken, Role, api_key_hash
from upg.services import tokens as token_service
from upg.services.auth import Authenticator, JwtPolicy

SECRET = "unit-test-secret-0123456789abcdef0123"
POLICY = JwtPolicy("HS256", SECRET, issuer="idp", audience="upg")


class FakeTokens:
    """An in-memory TokenStore that counts lookups."""

    def __init__(self) -> None:
        self.tokens: dict[str, tuple[ApiToken, str]] = {}
        self.lookups = 0

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


_NOW = datetime(2026, 11, 23, tzinfo=UTC)


def claims(**override: Any) -> dict[str, Any]:
    base = {"sub": "dashboards", "iss": "idp", "aud": "upg", "exp": int(time.time()) + 60}
    return {**base, "upg_role": "editor", **override}


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
