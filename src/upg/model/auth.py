"""Who may do what: roles, principals and API-key secrets (no HTTP, no Neo4j here).

Three roles, each including the one before: `reader` may query, `editor` may also change the
graph, `admin` may also manage API tokens and store evidence. An API key is a random secret
shown once; only its SHA-256 is kept (a fast hash is right for 256-bit random secrets: there is
nothing to guess, so key stretching would only slow every request down).
"""

from __future__ import annotations

import hashlib
import secrets
from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from upg.errors import Invalid


class Role(Enum):
    READER = "reader"
    EDITOR = "editor"
    ADMIN = "admin"

    @property
    def rank(self) -> int:
        return _RANK[self]

    def allows(self, needed: Role) -> bool:
        """This role includes `needed`."""
        return self.rank >= needed.rank


_RANK = {Role.READER: 1, Role.EDITOR: 2, Role.ADMIN: 3}

JWT_LEEWAY_S = 30
"""Clock skew tolerated on a JWT's `exp`, `nbf` and `iat`."""
DEFAULT_JWT_MAX_TTL_S = 86_400
"""Longest JWT lifetime (`exp - iat`) accepted unless UPG_JWT_MAX_TTL says otherwise."""

API_KEY_PREFIX = "upg_"
"""Every API key starts with this, which tells it apart from a JWT (and helps secret scanners)."""
MAX_TOKEN_NAME = 100


@dataclass(frozen=True)
class Principal:
    """The caller of one request, once authenticated."""

    subject: str
    """The API key's name, the JWT's `sub`, or `anonymous`."""
    role: Role
    kind: str
    """`api_key`, `jwt` or `anonymous`."""
    key: str
    """What rate limits count against: one API key, one JWT subject, or one anonymous address."""


@dataclass(frozen=True)
class ApiToken:
    """An API key as stored: never the secret, only what identifies it."""

    id: str
    name: str
    role: Role
    hint: str
    """The secret's first characters, enough to recognise it in a list."""
    created_at: datetime | None
    revoked_at: datetime | None

    @property
    def active(self) -> bool:
        return self.revoked_at is None


@dataclass(frozen=True)
class RevokedJwt:
    """A JWT refused before it expires, by its `jti` (JWT ID) claim."""

    jti: str
    revoked_at: datetime | None
    expires_at: datetime
    """When every JWT with this jti has expired anyway: the entry may be pruned after it."""


MAX_JTI = 200


def check_jti(jti: str) -> str:
    """A `jti` to revoke: 1..200 printable characters, trimmed."""
    jti = jti.strip()
    if not jti:
        raise Invalid("jti: must not be empty", field="jti")
    if len(jti) > MAX_JTI:
        raise Invalid(f"jti: at most {MAX_JTI} characters", field="jti")
    if not jti.isprintable():
        raise Invalid("jti: must be printable text (no control characters)", field="jti")
    return jti


def parse_role(value: str, field: str = "role") -> Role:
    """The role named, or Invalid listing the roles there are."""
    try:
        return Role(value.strip().lower())
    except ValueError:
        names = ", ".join(role.value for role in Role)
        raise Invalid(f"{field}: must be one of {names}, got {value!r}", field=field) from None


def check_token_name(name: str) -> str:
    """A token name: 1..100 printable characters, trimmed."""
    name = name.strip()
    if not name:
        raise Invalid("name: must not be empty", field="name")
    if len(name) > MAX_TOKEN_NAME:
        raise Invalid(f"name: at most {MAX_TOKEN_NAME} characters", field="name")
    if not name.isprintable():
        raise Invalid("name: must be printable text (no control characters)", field="name")
    return name


def new_api_key() -> str:
    """A fresh secret: the prefix and 256 random bits."""
    return API_KEY_PREFIX + secrets.token_urlsafe(32)


def api_key_hash(secret: str) -> str:
    """What is stored and looked up for an API key."""
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def is_api_key(credential: str) -> bool:
    return credential.startswith(API_KEY_PREFIX)
