"""Credentials for tests: JWTs signed with the session's test secret (tests/conftest.py)."""

from __future__ import annotations

import time
from typing import Any

import jwt

from upg.config import Settings


def jwt_for(settings: Settings, role: str, *, subject: str = "tester", **claims: Any) -> str:
    """A JWT the app accepts (claims override the defaults: `exp=...`, `aud=...`)."""
    assert settings.jwt_key is not None, "the test settings accept JWTs"
    payload = {
        "sub": subject,
        "iss": settings.jwt_issuer,
        "aud": settings.jwt_audience,
        "exp": int(time.time()) + 3600,
        settings.jwt_role_claim: role,
        **claims,
    }
    return jwt.encode(payload, settings.jwt_key, algorithm="HS256")


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}
