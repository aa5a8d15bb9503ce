"""Asking a started server whether it answers: Bolt (with upg's credentials) and HTTP."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from pathlib import Path

from neo4j import GraphDatabase
from neo4j import exceptions as neo4j_errors

from upg.config import Settings
from upg.errors import LocalDbError


def bolt_ready(settings: Settings, data: Path, password_source: str) -> bool:
    """True once the database answers a query; a refused password or database is an error."""
    with GraphDatabase.driver(
        settings.neo4j_uri,
        auth=(settings.neo4j_user, settings.neo4j_password),
        connection_timeout=2.0,
        connection_acquisition_timeout=5.0,
        max_transaction_retry_time=0.0,
        notifications_min_severity="OFF",
    ) as driver:
        try:
            driver.execute_query("RETURN 1", database_=settings.neo4j_database)
        except neo4j_errors.AuthError as exc:
            raise LocalDbError(
                f"the local Neo4j refused the password from {password_source}; it was set on "
                "the first start (from UPG_NEO4J_PASSWORD or the password file): restore that "
                f"value, or stop the server and delete {data} to start afresh"
            ) from exc
        except (
            neo4j_errors.ServiceUnavailable,
            neo4j_errors.SessionExpired,
            neo4j_errors.TransientError,
            OSError,
        ):
            return False
        except neo4j_errors.ClientError as exc:
            if exc.code == "Neo.ClientError.Database.DatabaseNotFound":
                raise LocalDbError(
                    f"the local Neo4j has no database {settings.neo4j_database!r} "
                    "(UPG_NEO4J_DATABASE is fixed when the data folder is created)"
                ) from exc
            raise
    return True


def http_version(port: int) -> str | None:
    """The version the HTTP connector reports at its root (None when it does not answer)."""
    url = f"http://127.0.0.1:{port}/"
    try:
        with urllib.request.urlopen(url, timeout=2.0) as response:
            version = json.load(response).get("neo4j_version")
    except (OSError, urllib.error.URLError, ValueError):
        return None
    return str(version) if version else None
