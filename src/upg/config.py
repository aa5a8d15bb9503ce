"""Configuration: the only module that reads the environment.

Every setting is declared once, as a field of `Settings` (variable, type, default and bounds on
one line, help in the docstring under it), read by the loader (`load_settings`) and by the docs
(`DOCUMENTED`, which the README's table is checked against). Defaults suit local use; a bad
value fails at start-up with an `Invalid` naming its variable.

To add a setting:

1. Add a field to `Settings`, in the group where it belongs:

       cache_s: int = var("UPG_CACHE_SECONDS", 10, ge=0, le=3600)
       '''seconds an answer is cached (0: never)'''

   Types: str, int, float (bounds `ge`/`le`, `gt`/`lt`), bool, `str | None`, `Literal[...]`,
   Path; unset or empty means the default; `repr=False` keeps a secret out of logs.
2. Add its row to the README's configuration table (tests/unit/test_docs.py fails until then).
3. A rule that joins settings (X needs Y, not in production) goes in `Settings._check`,
   raising through `refuse("UPG_...", reason)`; a default computed from other variables goes
   in `Settings._derive`.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from pathlib import Path
from typing import Any, Literal, get_args

from pydantic import Field, ValidationError, field_validator, model_validator
from pydantic_core import ErrorDetails
from pydantic_settings import BaseSettings, PydanticBaseSettingsSource, SettingsConfigDict

from upg.config_values import (
    LOCAL_HOSTS,
    JwtAlgorithm,
    hosts,
    jwt_key,
    read_local_password,
    refuse,
)
from upg.errors import Invalid
from upg.model.auth import DEFAULT_JWT_MAX_TTL_S

DEFAULT_PASSWORD = "upg-local-dev"
"""The published password of local servers set up before PASSWORD_FILE existed; they keep it
(no file, no UPG_NEO4J_PASSWORD: this is the password). Refused in production."""
MIN_METRICS_TOKEN = 16
URI_SCHEMES = ("bolt://", "bolt+s://", "bolt+ssc://", "neo4j://", "neo4j+s://", "neo4j+ssc://")
PORT = {"ge": 1, "le": 65535}


def var(name: str, default: Any, **rules: Any) -> Any:
    """A setting read from variable `name`, `default` when unset or empty, with its bounds
    (`ge`, `le`, `gt`, `lt`) or `repr=False` for a secret; its help is the docstring below it."""
    return Field(default, validation_alias=name, **rules)


Env = Literal["development", "test", "production"]
LogFormat = Literal["text", "json"]
OtelExport = Literal["off", "console", "otlp"]


class Settings(BaseSettings):
    """Everything upg reads from the environment, validated (build it with `load_settings`)."""

    model_config = SettingsConfigDict(
        frozen=True,
        case_sensitive=True,
        validate_by_name=True,
        validate_default=True,
        use_attribute_docstrings=True,  # a setting's docstring is its help
    )

    # Neo4j
    bolt_port: int = var("UPG_NEO4J_BOLT_PORT", 7687, **PORT)
    """Bolt port of the local Neo4j"""
    neo4j_uri: str = var("UPG_NEO4J_URI", "bolt://127.0.0.1:7687")
    """Bolt URI of Neo4j; set it to use a Neo4j upg does not manage"""
    uri_is_external: bool = False
    """UPG_NEO4J_URI was set: upg does not manage that Neo4j (derived, not read)."""
    neo4j_user: str = var("UPG_NEO4J_USER", "neo4j")
    """Neo4j user"""
    neo4j_password: str = var("UPG_NEO4J_PASSWORD", DEFAULT_PASSWORD, repr=False)
    """Neo4j password; unset, the local server's generated one (UPG_HOME/neo4j-password)"""
    password_from_env: bool = False
    """UPG_NEO4J_PASSWORD was set: it wins over the password file (derived, not read)."""
    neo4j_database: str = var("UPG_NEO4J_DATABASE", "neo4j")
    """Neo4j database name"""
    neo4j_timeout_s: float = var("UPG_NEO4J_TIMEOUT", 10.0, gt=0)
    """seconds before a Neo4j call gives up"""
    tx_timeout_s: float = var("UPG_NEO4J_TX_TIMEOUT", 15.0, gt=0)
    """seconds one API request's Neo4j transaction may run before Neo4j aborts it"""

    # The local Neo4j (`upg db`)
    home: Path = var("UPG_HOME", Path(".upg"))
    """where the local Neo4j lives (jars, conf, data, logs)"""
    http_port: int = var("UPG_NEO4J_HTTP_PORT", 7474, **PORT)
    """HTTP port of the local Neo4j (Browser)"""
    heap: str = var("UPG_NEO4J_HEAP", "512m")
    """JVM heap of the local Neo4j"""
    pagecache: str = var("UPG_NEO4J_PAGECACHE", "256m")
    """page cache of the local Neo4j"""
    java_home: str | None = var("UPG_JAVA_HOME", None)
    """JDK 17 or 21 to run the local Neo4j (found if unset)"""
    system_java_home: str | None = var("JAVA_HOME", None)
    """JAVA_HOME, tried after UPG_JAVA_HOME when it is a Java 17 or 21"""

    # The API
    host: str = var("UPG_HOST", "127.0.0.1")
    """address the API listens on"""
    port: int = var("UPG_PORT", 8000, **PORT)
    """port the API listens on"""
    env: Env = var("UPG_ENV", "development")
    """development or production"""
    graphiql: bool = var("UPG_GRAPHIQL", True)
    """serve GraphiQL at /graphql (off in production unless set)"""
    request_timeout_s: float = var("UPG_REQUEST_TIMEOUT", 30.0, gt=0)
    """seconds a GraphQL request may take in all before it is answered 503 UNAVAILABLE"""
    compiled_reads: bool = var("UPG_COMPILED_READS", True)
    """answer reads in the compiled subset with one Cypher statement"""
    anonymous_read: bool = var("UPG_ANONYMOUS_READ", False)
    """let requests without a token query (read-only; refused in production)"""
    rate_limit_per_min: int = var("UPG_RATE_LIMIT", 600, ge=0, le=1_000_000)
    """requests per minute per token (0: no limit)"""
    rate_limit_burst: int = var("UPG_RATE_LIMIT_BURST", 60, ge=1, le=1_000_000)
    """requests a token may send at once"""
    max_query_cost: int = var("UPG_MAX_QUERY_COST", 50_000, ge=1, le=10_000_000)
    """most objects one GraphQL request may ask for (each connection counts first x parents)"""
    max_body_bytes: int = var("UPG_MAX_BODY_BYTES", 1_000_000, ge=1024, le=100_000_000)
    """largest request body accepted"""
    allowed_hosts: tuple[str, ...] = var("UPG_ALLOWED_HOSTS", LOCAL_HOSTS)
    """comma-separated Host names the API answers (others: 400); `*.example.com`, `*` allowed"""
    browser_guide: bool = var("UPG_BROWSER_GUIDE", True)
    """serve /browser-guide (off in production)"""

    # Operations: logs, metrics, traces
    log_format: LogFormat = var("UPG_LOG_FORMAT", "text")
    """text or json: one line per request and per log event"""
    slow_ms: int = var("UPG_SLOW_MS", 1000, ge=0, le=3_600_000)
    """requests slower than this many ms also log a slow line with their Cypher statements"""
    metrics_port: int | None = var("UPG_METRICS_PORT", None, ge=0, le=65535)
    """serve Prometheus /metrics on this port too"""
    metrics_token: str | None = var("UPG_METRICS_TOKEN", None, repr=False)
    """bearer token /metrics on the API port requires"""
    otel: OtelExport = var("UPG_OTEL", "off")
    """off, console or otlp: where OpenTelemetry spans go"""
    otel_endpoint: str | None = var("OTEL_EXPORTER_OTLP_ENDPOINT", None)
    """the standard OTLP collector address: when set, UPG_OTEL defaults to otlp"""

    # Authentication
    jwt_algorithm: JwtAlgorithm = var("UPG_JWT_ALGORITHM", "HS256")
    """HS256 or RS256"""
    jwt_secret: str | None = var("UPG_JWT_SECRET", None, repr=False)
    """HS256 shared secret (32+ characters); enables JWTs"""
    jwt_public_key: str | None = var("UPG_JWT_PUBLIC_KEY", None, repr=False)
    """RS256 public key: PEM text or a PEM file's path"""
    jwt_key: str | None = Field(None, repr=False)
    """The HS256 secret or the RS256 public key (PEM); None: JWTs are not accepted (derived)."""
    jwt_issuer: str = var("UPG_JWT_ISSUER", "")
    """required `iss` of JWTs"""
    jwt_audience: str = var("UPG_JWT_AUDIENCE", "")
    """required `aud` of JWTs"""
    jwt_role_claim: str = var("UPG_JWT_ROLE_CLAIM", "upg_role")
    """JWT claim naming the role"""
    token_cache_s: int = var("UPG_TOKEN_CACHE_SECONDS", 10, ge=0, le=3600)
    """seconds a verified API key is trusted before it is looked up again (0: always)"""
    jwt_max_ttl_s: int = var("UPG_JWT_MAX_TTL", DEFAULT_JWT_MAX_TTL_S, ge=60, le=31_536_000)
    """longest lifetime (`exp - iat`, seconds) of a JWT accepted; `iat` is required"""

    # Evidence
    evidence_alpha: float = var("UPG_EVIDENCE_ALPHA", 0.05, gt=0, lt=1)
    """false discovery rate for VALIDATED evidence"""
    evidence_min_group: int = var("UPG_EVIDENCE_MIN_GROUP", 30, ge=1, le=1_000_000)
    """fewest accounts among hits and among misses before a verdict other than UNPROVEN"""
    evidence_min_effect: float = var("UPG_EVIDENCE_MIN_EFFECT", 0.05, gt=0, lt=1)
    """smallest rise in outcome rate that matters; REFUTED rules it out"""
    evidence_window_days: int = var("UPG_EVIDENCE_WINDOW_DAYS", 14, ge=1, le=3650)
    """window of milestones without window_days"""

    # Accounts
    stuck_days: int = var("UPG_STUCK_DAYS", 14, ge=1, le=3650)
    """an account behind on its route that reached nothing for this many days is STUCK"""

    @property
    def production(self) -> bool:
        return self.env == "production"

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        # load_settings hands over the environment (or a test's mapping): nothing else is read.
        return (init_settings,)

    @model_validator(mode="before")
    @classmethod
    def _derive(cls, given: dict[str, Any]) -> dict[str, Any]:
        """Values that follow from others: the local URI and password, the defaults that
        depend on UPG_ENV, where spans go, the JWT key."""
        derived = dict(given)
        derived["uri_is_external"] = "UPG_NEO4J_URI" in given
        if "UPG_NEO4J_URI" not in given:
            derived["neo4j_uri"] = f"bolt://127.0.0.1:{given.get('UPG_NEO4J_BOLT_PORT', 7687)}"
        derived["password_from_env"] = "UPG_NEO4J_PASSWORD" in given
        if "UPG_NEO4J_PASSWORD" not in given and "UPG_NEO4J_URI" not in given:
            home = Path(str(given.get("UPG_HOME") or ".upg")).resolve()
            derived["neo4j_password"] = read_local_password(home) or DEFAULT_PASSWORD
        production = given.get("UPG_ENV") == "production"
        if "UPG_GRAPHIQL" not in given:
            derived["graphiql"] = not production
        if "UPG_BROWSER_GUIDE" not in given:
            derived["browser_guide"] = not production
        if "UPG_OTEL" not in given:
            derived["otel"] = "otlp" if given.get("OTEL_EXPORTER_OTLP_ENDPOINT") else "off"
        derived["UPG_JWT_ALGORITHM"], derived["jwt_key"] = jwt_key(given)
        return derived

    @field_validator("home")
    @classmethod
    def _absolute(cls, home: Path) -> Path:
        return home.resolve()

    @field_validator("log_format", "otel", mode="before")
    @classmethod
    def _lowered(cls, value: Any) -> Any:
        return value.strip().lower() if isinstance(value, str) else value

    @field_validator("metrics_port")
    @classmethod
    def _no_port(cls, port: int | None) -> int | None:
        return port or None  # 0: not served on a port of its own

    @field_validator("allowed_hosts", mode="before")
    @classmethod
    def _hosts(cls, value: Any) -> Any:
        return hosts(value) if isinstance(value, str) else value

    @model_validator(mode="after")
    def _check(self) -> Settings:
        """Rules that join settings."""
        if not self.neo4j_uri.startswith(URI_SCHEMES):
            refuse(
                "UPG_NEO4J_URI",
                f"must start with bolt:// or neo4j:// (or +s / +ssc), got {self.neo4j_uri!r}",
            )
        if len(self.neo4j_password) < 8:
            refuse("UPG_NEO4J_PASSWORD", "must be at least 8 characters (Neo4j's rule)")
        if self.production and self.anonymous_read:
            refuse("UPG_ANONYMOUS_READ", "cannot be on when UPG_ENV=production")
        if self.production and (
            not self.password_from_env or self.neo4j_password == DEFAULT_PASSWORD
        ):
            refuse(
                "UPG_NEO4J_PASSWORD",
                "must be set (not the old local default) when UPG_ENV=production",
            )
        if self.metrics_port is not None and self.metrics_port == self.port:
            refuse("UPG_METRICS_PORT", "must differ from UPG_PORT")
        if self.metrics_token is not None and len(self.metrics_token) < MIN_METRICS_TOKEN:
            refuse("UPG_METRICS_TOKEN", f"must be at least {MIN_METRICS_TOKEN} characters")
        if self.jwt_key is not None:
            required = {"UPG_JWT_ISSUER": self.jwt_issuer, "UPG_JWT_AUDIENCE": self.jwt_audience}
            for name, value in required.items():
                if not value:
                    refuse(name, "must be set when JWTs are accepted")
        return self


def _env_names(field: Any) -> str | None:
    alias = field.validation_alias
    return alias if isinstance(alias, str) else None


_FIELD_OF_ENV: dict[str, str] = {
    name: attribute
    for attribute, field in Settings.model_fields.items()
    if (name := _env_names(field)) is not None
}

DOCUMENTED: dict[str, tuple[str, str]] = {
    name: (attribute, Settings.model_fields[attribute].description or "")
    for name, attribute in _FIELD_OF_ENV.items()
    if name.startswith("UPG_")
}
"""UPG_* variable -> (Settings attribute, help): read from the declarations above."""


def load_settings(env: Mapping[str, str] | None = None) -> Settings:
    """Read and validate settings from the environment (or the mapping given)."""
    env = os.environ if env is None else env
    given = {name: value for name, value in env.items() if name in _FIELD_OF_ENV and value != ""}
    try:
        return Settings.model_validate(given)
    except ValidationError as exc:
        raise _invalid(exc.errors()[0]) from None


def _invalid(error: ErrorDetails) -> Invalid:
    """The first validation error as upg says it: the variable, the rule, the value."""
    name = str(error["loc"][0])
    raw = error["input"]
    field = Settings.model_fields.get(_FIELD_OF_ENV.get(name, name))
    # Field bounds are annotated_types' Ge(ge=1), Le(le=65535)...: keyed here by class name.
    rules = field.metadata if field is not None else []
    bounds = {
        type(rule).__name__: getattr(rule, type(rule).__name__.lower(), None) for rule in rules
    }
    kind = error["type"]
    if kind in {"int_parsing", "int_from_float", "int_type"}:
        reason = f"must be a whole number, got {raw!r}"
    elif kind in {"float_parsing", "float_type"}:
        reason = f"must be a number, got {raw!r}"
    elif kind == "bool_parsing":
        reason = f"must be true or false, got {raw!r}"
    elif kind in {"greater_than_equal", "less_than_equal"}:
        reason = f"must be between {bounds.get('Ge')} and {bounds.get('Le')}, got {raw}"
    elif kind == "greater_than" and "Lt" not in bounds:
        reason = f"must be positive, got {raw}"
    elif kind in {"greater_than", "less_than"}:
        reason = f"must be between {bounds.get('Gt')} and {bounds.get('Lt')}, got {raw}"
    elif kind == "literal_error" and field is not None:
        choices = get_args(field.annotation)
        reason = f"must be {', '.join(choices[:-1])} or {choices[-1]}, got {raw!r}"
    else:
        reason = f"is not valid: {error['msg']}"
    return Invalid(f"{name} {reason}", field=name)
