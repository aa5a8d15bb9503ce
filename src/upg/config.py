"""Configuration: the only module that reads the environment.

Every setting has a sane default for local use; a bad value fails at start-up with its name.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from upg.errors import Invalid
from upg.model.evidence import EvidencePolicy

DEFAULT_PASSWORD = "upg-local-dev"
"""Password of the local Neo4j when UPG_NEO4J_PASSWORD is unset. For local use only."""


@dataclass(frozen=True)
class Settings:
    """Everything upg reads from the environment, validated."""

    neo4j_uri: str = "bolt://127.0.0.1:7687"
    neo4j_user: str = "neo4j"
    neo4j_password: str = DEFAULT_PASSWORD
    neo4j_database: str = "neo4j"
    neo4j_timeout_s: float = 10.0
    home: Path = field(default_factory=lambda: Path(".upg").resolve())
    bolt_port: int = 7687
    http_port: int = 7474
    heap: str = "512m"
    pagecache: str = "256m"
    java_home: str | None = None
    system_java_home: str | None = None
    """JAVA_HOME, tried after UPG_JAVA_HOME when it is a Java 17 or 21."""
    host: str = "127.0.0.1"
    port: int = 8000
    env: str = "development"
    graphiql: bool = True
    uri_is_external: bool = False
    evidence_alpha: float = 0.05
    evidence_min_group: int = 30
    evidence_min_effect: float = 0.05
    evidence_window_days: int = 14

    @property
    def production(self) -> bool:
        return self.env == "production"


# name -> (Settings attribute, description). README's configuration table is checked against it.
DOCUMENTED: dict[str, tuple[str, str]] = {
    "UPG_NEO4J_URI": ("neo4j_uri", "Bolt URI of Neo4j; set it to use a Neo4j upg does not manage"),
    "UPG_NEO4J_USER": ("neo4j_user", "Neo4j user"),
    "UPG_NEO4J_PASSWORD": ("neo4j_password", "Neo4j password (also the local server's password)"),
    "UPG_NEO4J_DATABASE": ("neo4j_database", "Neo4j database name"),
    "UPG_NEO4J_TIMEOUT": ("neo4j_timeout_s", "seconds before a Neo4j call gives up"),
    "UPG_HOME": ("home", "where the local Neo4j lives (jars, conf, data, logs)"),
    "UPG_NEO4J_BOLT_PORT": ("bolt_port", "Bolt port of the local Neo4j"),
    "UPG_NEO4J_HTTP_PORT": ("http_port", "HTTP port of the local Neo4j (Browser)"),
    "UPG_NEO4J_HEAP": ("heap", "JVM heap of the local Neo4j"),
    "UPG_NEO4J_PAGECACHE": ("pagecache", "page cache of the local Neo4j"),
    "UPG_JAVA_HOME": ("java_home", "JDK 17 or 21 to run the local Neo4j (found if unset)"),
    "UPG_HOST": ("host", "address the API listens on"),
    "UPG_PORT": ("port", "port the API listens on"),
    "UPG_ENV": ("env", "development or production"),
    "UPG_GRAPHIQL": ("graphiql", "serve GraphiQL at /graphql (off in production)"),
    "UPG_EVIDENCE_ALPHA": ("evidence_alpha", "false discovery rate for VALIDATED evidence"),
    "UPG_EVIDENCE_MIN_GROUP": (
        "evidence_min_group",
        "fewest accounts among hits and among misses before a verdict other than UNPROVEN",
    ),
    "UPG_EVIDENCE_MIN_EFFECT": (
        "evidence_min_effect",
        "smallest rise in outcome rate that matters; REFUTED rules it out",
    ),
    "UPG_EVIDENCE_WINDOW_DAYS": (
        "evidence_window_days",
        "window of milestones without window_days",
    ),
}


def _int(env: Mapping[str, str], name: str, default: int, lo: int = 1, hi: int = 65535) -> int:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise Invalid(f"{name} must be a whole number, got {raw!r}", field=name) from None
    if not lo <= value <= hi:
        raise Invalid(f"{name} must be between {lo} and {hi}, got {value}", field=name)
    return value


def _float(env: Mapping[str, str], name: str, default: float) -> float:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise Invalid(f"{name} must be a number, got {raw!r}", field=name) from None
    if value <= 0:
        raise Invalid(f"{name} must be positive, got {value}", field=name)
    return value


def _fraction(env: Mapping[str, str], name: str, default: float) -> float:
    value = _float(env, name, default)
    if value >= 1:
        raise Invalid(f"{name} must be between 0 and 1, got {value}", field=name)
    return value


def _bool(env: Mapping[str, str], name: str, default: bool) -> bool:
    raw = env.get(name)
    if raw is None or raw == "":
        return default
    lowered = raw.strip().lower()
    if lowered in {"1", "true", "yes", "on"}:
        return True
    if lowered in {"0", "false", "no", "off"}:
        return False
    raise Invalid(f"{name} must be true or false, got {raw!r}", field=name)


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings from the environment (or the mapping given)."""
    env = os.environ if env is None else env
    bolt_port = _int(env, "UPG_NEO4J_BOLT_PORT", 7687)
    http_port = _int(env, "UPG_NEO4J_HTTP_PORT", 7474)
    external_uri = env.get("UPG_NEO4J_URI") or ""
    uri = external_uri or f"bolt://127.0.0.1:{bolt_port}"
    if not uri.startswith(
        ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
    ):
        raise Invalid(
            f"UPG_NEO4J_URI must start with bolt:// or neo4j:// (or +s / +ssc), got {uri!r}",
            field="UPG_NEO4J_URI",
        )
    password = env.get("UPG_NEO4J_PASSWORD") or DEFAULT_PASSWORD
    if len(password) < 8:
        raise Invalid(
            "UPG_NEO4J_PASSWORD must be at least 8 characters (Neo4j's rule)",
            field="UPG_NEO4J_PASSWORD",
        )
    app_env = env.get("UPG_ENV") or "development"
    if app_env not in {"development", "production", "test"}:
        raise Invalid(
            f"UPG_ENV must be development, test or production, got {app_env!r}", field="UPG_ENV"
        )
    return Settings(
        neo4j_uri=uri,
        neo4j_user=env.get("UPG_NEO4J_USER") or "neo4j",
        neo4j_password=password,
        neo4j_database=env.get("UPG_NEO4J_DATABASE") or "neo4j",
        neo4j_timeout_s=_float(env, "UPG_NEO4J_TIMEOUT", 10.0),
        home=Path(env.get("UPG_HOME") or ".upg").resolve(),
        bolt_port=bolt_port,
        http_port=http_port,
        heap=env.get("UPG_NEO4J_HEAP") or "512m",
        pagecache=env.get("UPG_NEO4J_PAGECACHE") or "256m",
        java_home=env.get("UPG_JAVA_HOME") or None,
        system_java_home=env.get("JAVA_HOME") or None,
        host=env.get("UPG_HOST") or "127.0.0.1",
        port=_int(env, "UPG_PORT", 8000),
        env=app_env,
        graphiql=_bool(env, "UPG_GRAPHIQL", app_env != "production"),
        uri_is_external=bool(external_uri),
        evidence_alpha=_fraction(env, "UPG_EVIDENCE_ALPHA", 0.05),
        evidence_min_group=_int(env, "UPG_EVIDENCE_MIN_GROUP", 30, 1, 1_000_000),
        evidence_min_effect=_fraction(env, "UPG_EVIDENCE_MIN_EFFECT", 0.05),
        evidence_window_days=_int(env, "UPG_EVIDENCE_WINDOW_DAYS", 14, 1, 3650),
    )


def evidence_policy(settings: Settings) -> EvidencePolicy:
    """The evidence thresholds configured."""
    return EvidencePolicy(
        alpha=settings.evidence_alpha,
        min_group=settings.evidence_min_group,
        min_effect=settings.evidence_min_effect,
        default_window_days=settings.evidence_window_days,
    )
