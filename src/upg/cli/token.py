"""`upg token`: create, list and revoke API keys (straight on Neo4j: run it where upg runs)."""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from datetime import datetime
from typing import TypeVar

import click

from upg.bootstrap import run
from upg.cli.errors import UpgGroup
from upg.model.auth import ApiToken, Role
from upg.services import tokens as token_service
from upg.services.ports import TokenStore

T = TypeVar("T")


def _with_tokens(work: Callable[[TokenStore], Awaitable[T]]) -> T:
    return run(lambda upg: work(upg.tokens))


def _line(token: ApiToken) -> str:
    created = token.created_at.isoformat(timespec="seconds") if token.created_at else "-"
    state = f"revoked {token.revoked_at.isoformat(timespec='seconds')}" if token.revoked_at else ""
    return f"{token.id}  {token.role.value:<6}  {token.hint}…  {created}  {token.name}  {state}"


@click.group(cls=UpgGroup)
def token() -> None:
    """API keys for the GraphQL API (only their hashes are stored)."""


@token.command("create")
@click.option("--name", required=True, help="Who or what uses it, e.g. `ci-audit`.")
@click.option(
    "--role",
    type=click.Choice([role.value for role in Role]),
    default=Role.READER.value,
    show_default=True,
    help="reader: queries; editor: also mutations; admin: also tokens and stored evidence.",
)
def create(name: str, role: str) -> None:
    """Create an API key and print its secret: the only time it is shown."""
    created, secret = _with_tokens(lambda store: token_service.create_token(store, name, role))
    click.echo(secret)
    click.echo(
        f"Created {created.role.value} token {created.name!r} (id {created.id}). "
        "Store the secret now: upg keeps only its hash. "
        "Send it as `Authorization: Bearer <secret>`.",
        err=True,
    )


@token.command("list")
def list_() -> None:
    """Every API key: id, role, secret hint, created, name, revoked."""
    tokens = _with_tokens(token_service.list_tokens)
    if not tokens:
        click.echo("No API tokens yet: `upg token create --name NAME --role reader`.", err=True)
    for item in tokens:
        click.echo(_line(item).rstrip())


@token.command("revoke")
@click.argument("ref", required=False)
@click.option("--jti", help="Revoke JWTs with this `jti` claim instead of an API key.")
@click.option(
    "--expires-at",
    type=click.DateTime(["%Y-%m-%dT%H:%M:%S%z", "%Y-%m-%dT%H:%M:%S", "%Y-%m-%d"]),
    help="With --jti: the JWT's expiry (UTC unless an offset is given), to prune it sooner.",
)
def revoke(ref: str | None, jti: str | None, expires_at: datetime | None) -> None:
    """Revoke the API keys with this id or name, or with --jti a JWT (other replicas follow
    within UPG_TOKEN_CACHE_SECONDS)."""
    if jti is not None and ref is None:
        revoked = run(
            lambda upg: token_service.revoke_jwt(
                upg.tokens, jti, upg.settings.jwt_max_ttl_s, expires_at
            )
        )
        until = revoked.expires_at.isoformat(timespec="seconds")
        click.echo(f"Revoked JWT jti {revoked.jti!r} (kept until {until})")
    elif ref is not None and jti is None and expires_at is None:
        for item in _with_tokens(lambda store: token_service.revoke_token(store, ref)):
            click.echo(f"Revoked: {_line(item).rstrip()}")
    else:
        raise click.UsageError(
            "give either REF (an API key's id or name) or --jti JTI [--expires-at TIME], not both"
        )
