"""Settings: defaults, validation naming the variable, external Neo4j."""

from __future__ import annotations

from pathlib import Path

import pytest

from upg.config import DEFAULT_PASSWORD, DOCUMENTED, Settings, load_settings
from upg.config_values import LOCAL_HOSTS
from upg.errors import Invalid


def test_defaults_suit_local_use(tmp_path: Path) -> None:
    settings = load_settings({})
    assert settings.neo4j_uri == "bolt://127.0.0.1:7687"
    assert settings.neo4j_user == "neo4j"
    # A home without a password file (before `upg db start`, or older than the file).
    assert load_settings({"UPG_HOME": str(tmp_path)}).neo4j_password == DEFAULT_PASSWORD
    assert settings.neo4j_database == "neo4j"
    assert settings.home == Path(".upg").resolve()
    assert (settings.bolt_port, settings.http_port) == (7687, 7474)
    assert (settings.host, settings.port) == ("127.0.0.1", 8000)
    assert settings.graphiql and not settings.production
    assert not settings.uri_is_external
    assert settings.java_home is None and settings.system_java_home is None


def test_local_ports_shape_the_uri() -> None:
    settings = load_settings({"UPG_NEO4J_BOLT_PORT": "17687", "UPG_NEO4J_HTTP_PORT": "17474"})
    assert settings.neo4j_uri == "bolt://127.0.0.1:17687"
    assert settings.http_port == 17474
    assert not settings.uri_is_external


def test_external_uri_is_marked_external() -> None:
    settings = load_settings({"UPG_NEO4J_URI": "neo4j+s://db.example.com:7687"})
    assert settings.neo4j_uri == "neo4j+s://db.example.com:7687"
    assert settings.uri_is_external


def test_empty_values_mean_defaults() -> None:
    assert load_settings({"UPG_NEO4J_URI": "", "UPG_PORT": ""}) == load_settings({})


def test_java_homes() -> None:
    settings = load_settings({"UPG_JAVA_HOME": "/opt/jdk21", "JAVA_HOME": "/opt/jdk25"})
    assert settings.java_home == "/opt/jdk21"
    assert settings.system_java_home == "/opt/jdk25"


PRODUCTION = {"UPG_ENV": "production", "UPG_NEO4J_PASSWORD": "a-real-secret"}


def test_production_turns_graphiql_off_unless_asked() -> None:
    assert not load_settings(PRODUCTION).graphiql
    assert load_settings({**PRODUCTION, "UPG_GRAPHIQL": "yes"}).graphiql


def test_production_refuses_anonymous_reads_and_the_local_password() -> None:
    with pytest.raises(Invalid) as caught:
        load_settings({**PRODUCTION, "UPG_ANONYMOUS_READ": "true"})
    assert caught.value.field == "UPG_ANONYMOUS_READ"
    with pytest.raises(Invalid) as caught:
        load_settings({"UPG_ENV": "production"})
    assert caught.value.field == "UPG_NEO4J_PASSWORD"
    assert load_settings({"UPG_ANONYMOUS_READ": "on"}).anonymous_read


def test_jwts_need_an_issuer_and_an_audience() -> None:
    secret = {"UPG_JWT_SECRET": "s" * 32}
    with pytest.raises(Invalid) as caught:
        load_settings(secret)
    assert caught.value.field == "UPG_JWT_ISSUER"
    settings = load_settings({**secret, "UPG_JWT_ISSUER": "idp", "UPG_JWT_AUDIENCE": "upg"})
    assert (settings.jwt_algorithm, settings.jwt_key) == ("HS256", "s" * 32)
    assert load_settings({}).jwt_key is None


def test_rs256_reads_the_public_key_from_a_file(tmp_path: Path) -> None:
    pem = "-----BEGIN PUBLIC KEY-----\nMIIB\n-----END PUBLIC KEY-----\n"
    (tmp_path / "key.pem").write_text(pem)
    env = {
        "UPG_JWT_ALGORITHM": "rs256",
        "UPG_JWT_PUBLIC_KEY": str(tmp_path / "key.pem"),
        "UPG_JWT_ISSUER": "idp",
        "UPG_JWT_AUDIENCE": "upg",
    }
    assert load_settings(env).jwt_key == pem
    with pytest.raises(Invalid) as caught:
        load_settings({**env, "UPG_JWT_PUBLIC_KEY": str(tmp_path / "missing.pem")})
    assert caught.value.field == "UPG_JWT_PUBLIC_KEY"


@pytest.mark.parametrize(
    ("name", "value"),
    [
        ("UPG_NEO4J_BOLT_PORT", "seven"),
        ("UPG_NEO4J_HTTP_PORT", "0"),
        ("UPG_PORT", "70000"),
        ("UPG_NEO4J_TIMEOUT", "-1"),
        ("UPG_NEO4J_TIMEOUT", "soon"),
        ("UPG_GRAPHIQL", "maybe"),
        ("UPG_ENV", "staging"),
        ("UPG_NEO4J_PASSWORD", "short"),
        ("UPG_NEO4J_URI", "http://localhost:7474"),
        ("UPG_JWT_SECRET", "too-short"),
        ("UPG_JWT_ALGORITHM", "none"),
        ("UPG_RATE_LIMIT", "-5"),
        ("UPG_MAX_QUERY_COST", "0"),
        ("UPG_NEO4J_TX_TIMEOUT", "0"),
        ("UPG_ANONYMOUS_READ", "perhaps"),
    ],
)
def test_bad_values_name_the_variable(name: str, value: str) -> None:
    with pytest.raises(Invalid) as caught:
        load_settings({name: value})
    assert caught.value.field == name
    assert name in caught.value.message


def test_every_documented_variable_maps_to_a_setting() -> None:
    fields = set(Settings.model_fields)
    assert {attribute for attribute, _ in DOCUMENTED.values()} <= fields
    assert all(name.startswith("UPG_") for name in DOCUMENTED)


def test_allowed_hosts_default_to_localhost_names() -> None:
    assert load_settings({}).allowed_hosts == ("localhost", "127.0.0.1", "[::1]")
    assert load_settings({"UPG_ALLOWED_HOSTS": " "}).allowed_hosts == LOCAL_HOSTS


def test_allowed_hosts_are_read_trimmed_lowercased_and_bracketed() -> None:
    settings = load_settings({"UPG_ALLOWED_HOSTS": "Localhost, ::1 ,upg,*.corp.example,10.0.0.7"})
    assert settings.allowed_hosts == ("localhost", "[::1]", "upg", "*.corp.example", "10.0.0.7")


@pytest.mark.parametrize("value", ["localhost:8000", "a b", "evil*.example", "http://x", ","])
def test_bad_allowed_hosts_are_refused_by_name(value: str) -> None:
    with pytest.raises(Invalid) as caught:
        load_settings({"UPG_ALLOWED_HOSTS": value})
    assert caught.value.field == "UPG_ALLOWED_HOSTS"


def test_the_browser_guide_is_off_in_production_unless_asked() -> None:
    assert load_settings({}).browser_guide
    assert not load_settings(PRODUCTION).browser_guide
    assert load_settings({**PRODUCTION, "UPG_BROWSER_GUIDE": "true"}).browser_guide
    assert not load_settings({"UPG_BROWSER_GUIDE": "off"}).browser_guide


def test_jwt_max_ttl() -> None:
    assert load_settings({}).jwt_max_ttl_s == 86_400
    assert load_settings({"UPG_JWT_MAX_TTL": "3600"}).jwt_max_ttl_s == 3600
    with pytest.raises(Invalid) as caught:
        load_settings({"UPG_JWT_MAX_TTL": "0"})
    assert caught.value.field == "UPG_JWT_MAX_TTL"
