"""Translates driver errors into upg's error tree (the only place that knows neo4j's)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from neo4j import exceptions as neo4j_errors

from upg.errors import Conflict, TimedOut, Unavailable, UpgError


@asynccontextmanager
async def translating() -> AsyncIterator[None]:
    """Re-raise driver errors as Conflict / Unavailable / UpgError with a safe message."""
    try:
        yield
    except UpgError:
        raise
    except neo4j_errors.ConstraintError as exc:
        raise Conflict(_constraint_message(exc), field="id") from exc
    except (neo4j_errors.ServiceUnavailable, neo4j_errors.SessionExpired) as exc:
        raise Unavailable("Neo4j is unavailable; try again shortly") from exc
    except neo4j_errors.AuthError as exc:
        raise Unavailable("Neo4j refused upg's credentials (check UPG_NEO4J_PASSWORD)") from exc
    except neo4j_errors.Neo4jError as exc:
        if (exc.code or "").endswith("Security.AuthenticationRateLimit"):
            # After a few wrong passwords Neo4j refuses every login for a few seconds: the same
            # cause as an AuthError, and retrying later can succeed.
            raise Unavailable(
                "Neo4j refused upg's credentials too many times in a row (check "
                "UPG_NEO4J_PASSWORD); try again in a few seconds"
            ) from exc
        if "TransactionTimedOut" in (exc.code or ""):
            raise TimedOut(
                "Neo4j stopped the query: it ran longer than the transaction timeout "
                "(UPG_NEO4J_TX_TIMEOUT); ask for less"
            ) from exc
        if isinstance(exc, neo4j_errors.TransientError):
            raise Unavailable("Neo4j could not complete the request in time; try again") from exc
        raise
    except OSError as exc:
        raise Unavailable(f"Neo4j is unreachable: {exc.strerror or exc}") from exc


def _constraint_message(exc: neo4j_errors.ConstraintError) -> str:
    text = exc.message or ""
    if "already exists" in text and "id" in text:
        return "a node with this id already exists"
    return "the write breaks a uniqueness rule of the graph"
