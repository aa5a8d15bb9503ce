"""Who may do what over HTTP: tokens, roles, anonymous reads, rate limits, production mode."""

from __future__ import annotations

import asyncio
import time

import httpx
from click.testing import CliRunner
from neo4j import AsyncDriver

from tests.auth import bearer, jwt_for
from tests.e2e.api.conftest import Api, AppClient
from upg.cli.main import cli
from upg.config import Settings

PRODUCTS = "{ products { totalCount } }"
CREATE = 'mutation { createProduct(input: {title: "Written"}) { id } }'
COUNT = "MATCH (n:UpgNode) RETURN count(n) AS n"


async def nodes(driver: AsyncDriver, settings: Settings) -> int:
    records, _, _ = await driver.execute_query(COUNT, database_=settings.neo4j_database)
    count: int = records[0]["n"]
    return count


async def post(
    client: httpx.AsyncClient, query: str, headers: dict[str, str] | None = None
) -> httpx.Response:
    return await client.post("/graphql", json={"query": query}, headers=headers)


async def test_no_token_is_401_and_names_the_scheme(
    anonymous: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    for query in (PRODUCTS, CREATE):
        response = await post(anonymous, query)
        assert response.status_code == 401
        assert response.headers["www-authenticate"] == 'Bearer realm="upg"'
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}
        assert "Authorization: Bearer" in error["message"]
    assert await nodes(driver, settings) == 0


async def test_bad_tokens_are_401(anonymous: httpx.AsyncClient, settings: Settings) -> None:
    expired = jwt_for(settings, "admin", exp=1)
    for header in ("Bearer upg_forged", f"Bearer {expired}", "Basic YTpi", "Bearer x.y.z"):
        response = await post(anonymous, PRODUCTS, headers={"Authorization": header})
        assert response.status_code == 401, header
        assert response.json()["errors"][0]["extensions"]["code"] == "UNAUTHENTICATED"


async def test_a_reader_queries_but_may_not_write(
    anonymous: httpx.AsyncClient, settings: Settings, driver: AsyncDriver
) -> None:
    reader = bearer(jwt_for(settings, "reader"))
    assert (await post(anonymous, PRODUCTS, headers=reader)).json()["data"] == {
        "products": {"totalCount": 0}
    }
    response = await post(anonymous, CREATE, headers=reader)
    assert response.status_code == 403
    body = response.json()
    assert body["data"] is None
    assert body["errors"][0]["extensions"] == {"code": "FORBIDDEN", "requiredRole": "editor"}
    assert await nodes(driver, settings) == 0


async def test_an_editor_writes_but_may_not_store_evidence_or_manage_tokens(
    anonymous: httpx.AsyncClient, settings: Settings
) -> None:
    editor = bearer(jwt_for(settings, "editor"))
    assert "errors" not in (await post(anonymous, CREATE, headers=editor)).json()
    for query in (
        "mutation { computeEvidence { asOf } }",
        "{ apiTokens { name } }",
        'mutation { createApiToken(name: "x", role: ADMIN) { secret } }',
    ):
        body = (await post(anonymous, query, headers=editor)).json()
        assert body["errors"][0]["extensions"]["code"] == "FORBIDDEN", query
        assert body["errors"][0]["extensions"]["requiredRole"] == "admin"


async def test_api_keys_created_over_graphql_work_until_revoked(
    api: Api, anonymous: httpx.AsyncClient, driver: AsyncDriver, settings: Settings
) -> None:
    created = await api.data(
        'mutation { createApiToken(name: "dashboards", role: EDITOR) '
        "{ secret token { id name role hint revokedAt } } }"
    )
    secret = created["createApiToken"]["secret"]
    token = created["createApiToken"]["token"]
    assert token["role"] == "EDITOR" and secret.startswith(token["hint"])
    assert "errors" not in (await post(anonymous, CREATE, headers=bearer(secret))).json()

    # Only the hash is stored: no property of any node holds the secret.
    records, _, _ = await driver.execute_query(
        "MATCH (n) UNWIND keys(n) AS k WITH n[k] AS v WHERE v = $secret RETURN count(*) AS c",
        secret=secret,
        database_=settings.neo4j_database,
    )
    assert records[0]["c"] == 0
    listed = (await api.data("{ apiTokens { name hint revokedAt } }"))["apiTokens"]
    assert listed == [{"name": "dashboards", "hint": token["hint"], "revokedAt": None}]

    revoked = await api.data(f'mutation {{ revokeApiToken(ref: "{token["id"]}") {{ revokedAt }} }}')
    assert revoked["revokeApiToken"][0]["revokedAt"] is not None
    refused = await post(anonymous, PRODUCTS, headers=bearer(secret))
    assert refused.status_code == 401
    missing = await api.error('mutation { revokeApiToken(ref: "nobody") { id } }')
    assert missing["extensions"] == {"code": "NOT_FOUND", "field": "ref"}


async def test_tokens_from_the_cli(
    anonymous: httpx.AsyncClient, settings: Settings, driver: AsyncDriver
) -> None:
    runner = CliRunner()

    def upg(*args: str) -> tuple[int, str, str]:
        """Exit code, stdout, and stderr with the upg error `main()` would print."""
        result = runner.invoke(cli, list(args))
        error = getattr(result.exception, "message", "")
        return result.exit_code, result.stdout, result.stderr + error

    code, out, err = await asyncio.to_thread(
        upg, "token", "create", "--name", "ci", "--role", "reader"
    )
    assert code == 0, err
    secret = out.strip()
    assert secret.startswith("upg_") and "only its hash" in err
    assert (await post(anonymous, PRODUCTS, headers=bearer(secret))).status_code == 200
    assert (await post(anonymous, CREATE, headers=bearer(secret))).status_code == 403

    code, out, _ = await asyncio.to_thread(upg, "token", "list")
    assert code == 0 and " reader " in out and out.rstrip().endswith("ci") and secret not in out
    code, out, _ = await asyncio.to_thread(upg, "token", "revoke", "ci")
    assert code == 0 and out.startswith("Revoked: ")
    code, _, err = await asyncio.to_thread(upg, "token", "create", "--name", " ", "--role", "admin")
    assert code != 0 and "name: must not be empty" in err


async def test_anonymous_reads_when_enabled_but_never_writes(
    app_client: AppClient, driver: AsyncDriver, settings: Settings
) -> None:
    async with app_client(anonymous_read=True) as client:
        assert (await post(client, PRODUCTS)).json()["data"] == {"products": {"totalCount": 0}}
        response = await post(client, CREATE)
        assert response.status_code == 403
    assert await nodes(driver, settings) == 0


async def test_rate_limits_answer_429_with_retry_after(
    app_client: AppClient, settings: Settings
) -> None:
    one = bearer(jwt_for(settings, "reader", subject="one"))
    other = bearer(jwt_for(settings, "reader", subject="other"))
    async with app_client(rate_limit_per_min=6, rate_limit_burst=2) as client:
        statuses = [(await post(client, PRODUCTS, headers=one)).status_code for _ in range(3)]
        assert statuses == [200, 200, 429]
        limited = await post(client, PRODUCTS, headers=one)
        assert limited.headers["retry-after"] == "10"
        assert limited.json()["errors"][0]["extensions"] == {"code": "RATE_LIMITED"}
        assert (await post(client, PRODUCTS, headers=other)).status_code == 200
        # Failed authentications are limited per address too.
        bad = [(await post(client, PRODUCTS)).status_code for _ in range(3)]
        assert bad == [401, 401, 429]


async def test_the_query_cost_budget(app_client: AppClient, auth_headers: dict[str, str]) -> None:
    nested = "{ products(first: 100) { edges { node { milestones(first: 100) { totalCount } } } } }"
    async with app_client(max_query_cost=10_000, headers=auth_headers) as client:
        body = (await post(client, nested)).json()
        assert body["errors"][0]["extensions"] == {
            "code": "COST_LIMIT_EXCEEDED",
            "cost": 10_100,
            "limit": 10_000,
        }
        assert "ask for smaller pages" in body["errors"][0]["message"]
        strict = await post(client, nested, headers={"Accept": "application/graphql-response+json"})
        assert strict.status_code == 400
        ok = await post(client, nested.replace("first: 100) { total", "first: 99) { total"))
        assert ok.json()["extensions"]["queryCost"] == 100 + 9_900


async def test_production_hides_the_schema(
    app_client: AppClient, auth_headers: dict[str, str]
) -> None:
    async with app_client(env="production", graphiql=False, headers=auth_headers) as client:
        introspection = (await post(client, "{ __schema { types { name } } }")).json()
        assert introspection["errors"][0]["extensions"]["code"] == "GRAPHQL_VALIDATION_FAILED"
        assert "introspection" in introspection["errors"][0]["message"].lower()
        typo = (await post(client, "{ prodcts { totalCount } }")).json()
        assert "Cannot query field 'prodcts'" in typo["errors"][0]["message"]
        assert "Did you mean" not in typo["errors"][0]["message"]
        assert (await client.get("/graphql", headers={"Accept": "text/html"})).status_code == 404
    async with app_client(headers=auth_headers) as client:
        typo = (await post(client, "{ prodcts { totalCount } }")).json()
        assert "Did you mean 'products'?" in typo["errors"][0]["message"]


async def test_neo4j_credentials_never_reach_a_client(
    app_client: AppClient, auth_headers: dict[str, str], settings: Settings
) -> None:
    async with app_client(
        neo4j_password="wrong-password-123", neo4j_timeout_s=2.0, headers=auth_headers
    ) as client:
        response = await post(client, PRODUCTS)
        assert response.status_code == 503
        assert "wrong-password-123" not in response.text
        assert settings.neo4j_password not in response.text
        assert response.json()["errors"][0]["extensions"] == {"code": "UNAVAILABLE"}


# JWT lifetime and revocation (issue #12) ------------------------------------------------------

REVOKE_JWT = "mutation($jti: String!) { revokeJwt(jti: $jti) { jti revokedAt expiresAt } }"


async def test_a_jwt_without_iat_or_living_too_long_is_401(
    anonymous: httpx.AsyncClient, settings: Settings
) -> None:
    now = int(time.time())
    cases = {
        "no iat": (jwt_for(settings, "admin", iat=None), '"iat"'),
        "a year": (jwt_for(settings, "admin", exp=now + 365 * 86_400), "UPG_JWT_MAX_TTL"),
        "max + 1": (
            jwt_for(settings, "admin", iat=now - 10, exp=now - 10 + settings.jwt_max_ttl_s + 1),
            "UPG_JWT_MAX_TTL",
        ),
    }
    for name, (token, reason) in cases.items():
        response = await post(anonymous, PRODUCTS, headers=bearer(token))
        assert response.status_code == 401, name
        [error] = response.json()["errors"]
        assert error["extensions"] == {"code": "UNAUTHENTICATED"}, name
        assert reason in error["message"], (name, error["message"])
    within = jwt_for(settings, "reader", iat=now, exp=now + settings.jwt_max_ttl_s)
    assert (await post(anonymous, PRODUCTS, headers=bearer(within))).status_code == 200


async def test_a_revoked_jti_is_refused_before_it_expires(
    api: Api, anonymous: httpx.AsyncClient, settings: Settings, driver: AsyncDriver
) -> None:
    leaked = bearer(jwt_for(settings, "editor", subject="laptop", jti="leaked-jti-1"))
    other = bearer(jwt_for(settings, "editor", subject="laptop", jti="fresh-jti-2"))
    assert (await post(anonymous, PRODUCTS, headers=leaked)).status_code == 200

    revoked = (await api.data(REVOKE_JWT, {"jti": "leaked-jti-1"}))["revokeJwt"]
    assert revoked["jti"] == "leaked-jti-1" and revoked["revokedAt"] is not None
    refused = await post(anonymous, CREATE, headers=leaked)
    assert refused.status_code == 401
    assert "revoked" in refused.json()["errors"][0]["message"]
    assert await nodes(driver, settings) == 0
    assert (await post(anonymous, PRODUCTS, headers=other)).status_code == 200

    records, _, _ = await driver.execute_query(
        "MATCH (r:RevokedJwt {jti: $jti}) RETURN r.expires_at > datetime() AS live",
        jti="leaked-jti-1",
        database_=settings.neo4j_database,
    )
    assert [r["live"] for r in records] == [True]


async def test_only_admins_revoke_jwts(anonymous: httpx.AsyncClient, settings: Settings) -> None:
    editor = bearer(jwt_for(settings, "editor"))
    response = await anonymous.post(
        "/graphql", json={"query": REVOKE_JWT, "variables": {"jti": "x"}}, headers=editor
    )
    assert response.status_code == 403
    assert response.json()["errors"][0]["extensions"] == {
        "code": "FORBIDDEN",
        "requiredRole": "admin",
    }


async def test_a_bad_jti_is_bad_user_input(api: Api) -> None:
    error = await api.error(REVOKE_JWT, {"jti": "  "})
    assert error["extensions"] == {"code": "BAD_USER_INPUT", "field": "jti"}


async def test_a_jti_revoked_from_the_cli_is_refused_by_a_running_api(
    app_client: AppClient, settings: Settings
) -> None:
    leaked = bearer(jwt_for(settings, "reader", jti="cli-leaked-3"))
    async with app_client(token_cache_s=0, headers=leaked) as client:
        assert (await post(client, PRODUCTS)).status_code == 200
        result = await asyncio.to_thread(
            CliRunner().invoke, cli, ["token", "revoke", "--jti", "cli-leaked-3"]
        )
        assert result.exit_code == 0, result.output
        assert result.stdout.startswith("Revoked JWT jti 'cli-leaked-3'")
        refused = await post(client, PRODUCTS)
        assert refused.status_code == 401
        assert "revoked" in refused.json()["errors"][0]["message"]
    both = await asyncio.to_thread(CliRunner().invoke, cli, ["token", "revoke", "x", "--jti", "y"])
    assert both.exit_code != 0 and "not both" in both.output
