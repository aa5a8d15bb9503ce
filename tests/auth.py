"""Credentials for tests: JWTs signed with the session's test secret (tests/conftest.py)."""

from __future__ import annotations

import time
from typing import Any

import jwt

from upg.config import Settings


def jwt_for(settings: Settings, role: str, *, subject: str = "tester", **claims: Any) -> str:
    """A JWT the app accepts (claims override the defaults: `exp=...`, `aud=...`; a claim given
    as None is left out)."""
    assert settings.jwt_key is not None, "the test settings accept JWTs"
    now = int(time.time())
    payload = {
        "sub": subject,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "iat": now,
        "exp": now + 3600,
        settings.jwt_role_claim: role,
        **claims,
    }
    kept = {name: value for name, value in payload.items() if value is not None}
    return jwt.encode(kept, settings.jwt_key, algorithm="HS256")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
