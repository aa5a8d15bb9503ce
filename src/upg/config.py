"""Configuration: the only module that reads the environment.

Every setting has a sane default for local use; a bad value fails at start-up with its name.
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

from upg.errors import Invalid
from upg.model.auth import DEFAULT_JWT_MAX_TTL_S
from upg.model.evidence import EvidencePolicy

DEFAULT_PASSWORD = "upg-local-dev"
"""Password of the local Neo4j when UPG_NEO4J_PASSWORD is unset. For local use only."""
LOCAL_HOSTS = ("localhost", "127.0.0.1", "[::1]")
"""The Host headers the API answers by default: a DNS-rebinding page sends its own name."""


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
    anonymous_read: bool = False
    jwt_algorithm: str = "HS256"
    jwt_key: str | None = None
    """The HS256 secret or the RS256 public key (PEM); None: JWTs are not accepted."""
    jwt_issuer: str = ""
    jwt_audience: str = ""
    jwt_role_claim: str = "upg_role"
    token_cache_s: int = 10
    rate_limit_per_min: int = 600
    rate_limit_burst: int = 60
    max_query_cost: int = 50_000
    max_body_bytes: int = 1_000_000
    tx_timeout_s: float = 15.0
    request_timeout_s: float = 30.0
    allowed_hosts: tuple[str, ...] = LOCAL_HOSTS
    jwt_max_ttl_s: int = DEFAULT_JWT_MAX_TTL_S
    browser_guide: bool = True
    log_format: str = "text"
    slow_ms: int = 1000
    metrics_port: int | None = None
    metrics_token: str | None = None
    compiled_reads: bool = True
    otel: str = "off"
    """Where spans go: off, console or otlp (OTEL_EXPORTER_OTLP_ENDPOINT, read by the exporter)."""

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
    "UPG_ALLOWED_HOSTS": (
        "allowed_hosts",
        "comma-separated Host names the API answers (others get 400); `*.example.com` matches "
        "subdomains, `*` any",
    ),
    "UPG_BROWSER_GUIDE": ("browser_guide", "serve /browser-guide (off in production)"),
    "UPG_NEO4J_TX_TIMEOUT": (
        "tx_timeout_s",
        "seconds one API request's Neo4j transaction may run before Neo4j aborts it",
    ),
    "UPG_REQUEST_TIMEOUT": (
        "request_timeout_s",
        "seconds a GraphQL request may take in all before it is answered 503 UNAVAILABLE",
    ),
    "UPG_COMPILED_READS": (
        "compiled_reads",
        "answer reads in the compiled subset with one Cypher statement",
    ),
    "UPG_ANONYMOUS_READ": (
        "anonymous_read",
        "let requests without a token query (read-only; refused in production)",
    ),
    "UPG_JWT_ALGORITHM": ("jwt_algorithm", "HS256 or RS256"),
    "UPG_JWT_SECRET": ("jwt_key", "HS256 shared secret (32+ characters); enables JWTs"),
    "UPG_JWT_PUBLIC_KEY": ("jwt_key", "RS256 public key: PEM text or a PEM file's path"),
    "UPG_JWT_ISSUER": ("jwt_issuer", "required `iss` of JWTs"),
    "UPG_JWT_AUDIENCE": ("jwt_audience", "required `aud` of JWTs"),
    "UPG_JWT_ROLE_CLAIM": ("jwt_role_claim", "JWT claim naming the role"),
    "UPG_JWT_MAX_TTL": (
        "jwt_max_ttl_s",
        "longest lifetime (`exp - iat`, seconds) of a JWT accepted; `iat` is required",
    ),
    "UPG_TOKEN_CACHE_SECONDS": (
        "token_cache_s",
        "seconds a verified API key is trusted before it is looked up again (0: always)",
    ),
    "UPG_RATE_LIMIT": ("rate_limit_per_min", "requests per minute per token (0: no limit)"),
    "UPG_RATE_LIMIT_BURST": ("rate_limit_burst", "requests a token may send at once"),
    "UPG_MAX_QUERY_COST": (
        "max_query_cost",
        "most objects one GraphQL request may ask for (each connection counts first x parents)",
    ),
    "UPG_MAX_BODY_BYTES": ("max_body_bytes", "largest request body accepted"),
    "UPG_LOG_FORMAT": ("log_format", "text or json: one line per request and per log event"),
    "UPG_SLOW_MS": (
        "slow_ms",
        "requests slower than this many ms also log a slow line with their Cypher statements",
    ),
    "UPG_METRICS_PORT": ("metrics_port", "serve Prometheus /metrics on this port too"),
    "UPG_METRICS_TOKEN": ("metrics_token", "bearer token /metrics on the API port requires"),
    "UPG_OTEL": ("otel", "off, console or otlp: where OpenTelemetry spans go"),
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
    anonymous_read = _bool(env, "UPG_ANONYMOUS_READ", False)
    if app_env == "production":
        if anonymous_read:
            raise Invalid(
                "UPG_ANONYMOUS_READ cannot be on when UPG_ENV=production",
                field="UPG_ANONYMOUS_READ",
            )
        if password == DEFAULT_PASSWORD:
            raise Invalid(
                "UPG_NEO4J_PASSWORD must be set (not the local default) when UPG_ENV=production",
                field="UPG_NEO4J_PASSWORD",
            )
    jwt_algorithm, jwt_key = _jwt_key(env)
    port = _int(env, "UPG_PORT", 8000)
    metrics_port = _int(env, "UPG_METRICS_PORT", 0, 0) or None
    if metrics_port == port:
        raise Invalid("UPG_METRICS_PORT must differ from UPG_PORT", field="UPG_METRICS_PORT")
    jwt_issuer = env.get("UPG_JWT_ISSUER") or ""
    jwt_audience = env.get("UPG_JWT_AUDIENCE") or ""
    if jwt_key is not None:
        for name, value in (("UPG_JWT_ISSUER", jwt_issuer), ("UPG_JWT_AUDIENCE", jwt_audience)):
            if not value:
                raise Invalid(f"{name} must be set when JWTs are accepted", field=name)
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
        port=port,
        env=app_env,
        graphiql=_bool(env, "UPG_GRAPHIQL", app_env != "production"),
        uri_is_external=bool(external_uri),
        evidence_alpha=_fraction(env, "UPG_EVIDENCE_ALPHA", 0.05),
        evidence_min_group=_int(env, "UPG_EVIDENCE_MIN_GROUP", 30, 1, 1_000_000),
        evidence_min_effect=_fraction(env, "UPG_EVIDENCE_MIN_EFFECT", 0.05),
        evidence_window_days=_int(env, "UPG_EVIDENCE_WINDOW_DAYS", 14, 1, 3650),
        anonymous_read=anonymous_read,
        jwt_algorithm=jwt_algorithm,
        jwt_key=jwt_key,
        jwt_issuer=jwt_issuer,
        jwt_audience=jwt_audience,
        jwt_role_claim=env.get("UPG_JWT_ROLE_CLAIM") or "upg_role",
        token_cache_s=_int(env, "UPG_TOKEN_CACHE_SECONDS", 10, 0, 3600),
        rate_limit_per_min=_int(env, "UPG_RATE_LIMIT", 600, 0, 1_000_000),
        rate_limit_burst=_int(env, "UPG_RATE_LIMIT_BURST", 60, 1, 1_000_000),
        max_query_cost=_int(env, "UPG_MAX_QUERY_COST", 50_000, 1, 10_000_000),
        max_body_bytes=_int(env, "UPG_MAX_BODY_BYTES", 1_000_000, 1024, 100_000_000),
        tx_timeout_s=_float(env, "UPG_NEO4J_TX_TIMEOUT", 15.0),
        request_timeout_s=_float(env, "UPG_REQUEST_TIMEOUT", 30.0),
        allowed_hosts=_hosts(env, "UPG_ALLOWED_HOSTS"),
        jwt_max_ttl_s=_int(env, "UPG_JWT_MAX_TTL", DEFAULT_JWT_MAX_TTL_S, 60, 31_536_000),
        browser_guide=_bool(env, "UPG_BROWSER_GUIDE", app_env != "production"),
        log_format=_choice(env, "UPG_LOG_FORMAT", "text", {"text", "json"}),
        slow_ms=_int(env, "UPG_SLOW_MS", 1000, 0, 3_600_000),
        metrics_port=metrics_port,
        compiled_reads=_bool(env, "UPG_COMPILED_READS", True),
        metrics_token=_metrics_token(env),
        otel=_choice(
            env,
            "UPG_OTEL",
            "otlp" if env.get("OTEL_EXPORTER_OTLP_ENDPOINT") else "off",
            {"off", "console", "otlp"},
        ),
    )


_HOST = re.compile(r"(\*\.)?[a-z0-9_]([a-z0-9_.-]*[a-z0-9_])?|\[[0-9a-f:.]+\]|\*")


def _hosts(env: Mapping[str, str], name: str) -> tuple[str, ...]:
    """Host names as the Host header carries them (no port; an IPv6 address in brackets)."""
    raw = env.get(name)
    if raw is None or raw.strip() == "":
        return LOCAL_HOSTS
    hosts = []
    for item in raw.split(","):
        host = item.strip().lower()
        if ":" in host and not host.startswith("["):
            host = f"[{host}]"  # `::1` as written by hand is `[::1]` in a Host header
        if not _HOST.fullmatch(host):
            raise Invalid(
                f"{name}: {item.strip()!r} is not a host name, an IP address or *.domain "
                "(without a port)",
                field=name,
            )
        hosts.append(host)
    return tuple(dict.fromkeys(hosts))


MIN_METRICS_TOKEN = 16


def _choice(env: Mapping[str, str], name: str, default: str, allowed: set[str]) -> str:
    value = (env.get(name) or default).strip().lower()
    if value not in allowed:
        choices = ", ".join(sorted(allowed))
        raise Invalid(f"{name} must be one of {choices}, got {value!r}", field=name)
    return value


def _metrics_token(env: Mapping[str, str]) -> str | None:
    token = env.get("UPG_METRICS_TOKEN") or None
    if token is not None and len(token) < MIN_METRICS_TOKEN:
        raise Invalid(
            f"UPG_METRICS_TOKEN must be at least {MIN_METRICS_TOKEN} characters",
            field="UPG_METRICS_TOKEN",
        )
    return token


MIN_JWT_SECRET = 32


def _jwt_key(env: Mapping[str, str]) -> tuple[str, str | None]:
    """(algorithm, key) from UPG_JWT_*; key None when JWTs are not configured."""
    algorithm = (env.get("UPG_JWT_ALGORITHM") or "HS256").upper()
    if algorithm not in {"HS256", "RS256"}:
        raise Invalid(
            f"UPG_JWT_ALGORITHM must be HS256 or RS256, got {algorithm!r}",
            field="UPG_JWT_ALGORITHM",
        )
    secret = env.get("UPG_JWT_SECRET") or None
    public_key = env.get("UPG_JWT_PUBLIC_KEY") or None
    if algorithm == "HS256":
        if public_key:
            raise Invalid(
                "UPG_JWT_PUBLIC_KEY is for RS256; set UPG_JWT_ALGORITHM=RS256",
                field="UPG_JWT_PUBLIC_KEY",
            )
        if secret is not None and len(secret) < MIN_JWT_SECRET:
            raise Invalid(
                f"UPG_JWT_SECRET must be at least {MIN_JWT_SECRET} characters",
                field="UPG_JWT_SECRET",
            )
        return algorithm, secret
    if secret:
        raise Invalid(
            "UPG_JWT_SECRET is for HS256; RS256 takes UPG_JWT_PUBLIC_KEY", field="UPG_JWT_SECRET"
        )
    if public_key is None:
        raise Invalid(
            "UPG_JWT_PUBLIC_KEY must be set when UPG_JWT_ALGORITHM=RS256",
            field="UPG_JWT_PUBLIC_KEY",
        )
    if not public_key.lstrip().startswith("-----BEGIN"):
        path = Path(public_key).expanduser()
        try:
            public_key = path.read_text(encoding="utf-8")
        except OSError as exc:
            raise Invalid(
                f"UPG_JWT_PUBLIC_KEY: cannot read {path}: {exc.strerror}",
                field="UPG_JWT_PUBLIC_KEY",
            ) from None
        if not public_key.lstrip().startswith("-----BEGIN"):
            raise Invalid(
                f"UPG_JWT_PUBLIC_KEY: {path} is not a PEM file", field="UPG_JWT_PUBLIC_KEY"
            )
    return algorithm, public_key


def evidence_policy(settings: Settings) -> EvidencePolicy:
    """The evidence thresholds configured."""
    return EvidencePolicy(
        alpha=settings.evidence_alpha,
        min_group=settings.evidence_min_group,
        min_effect=settings.evidence_min_effect,
        default_window_days=settings.evidence_window_days,
    )
