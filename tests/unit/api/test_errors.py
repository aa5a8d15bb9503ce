"""Error mapping: upg's tree by code, GraphQL's own errors by phase, the rest masked."""

from __future__ import annotations

import logging
import re
import time

import pytest
from graphql import GraphQLError, GraphQLSyntaxError, Source

from upg.api.errors import (
    MAX_MESSAGE_CHARS,
    capped,
    graphql_name,
    map_error,
    without_suggestions,
)
from upg.errors import Conflict, Forbidden, Invalid, LocalDbError, NotFound, Unavailable, UpgError


def _raised(exc: Exception) -> GraphQLError:
    return GraphQLError(str(exc), path=["products"], original_error=exc)


@pytest.mark.parametrize(
    ("exc", "code"),
    [
        (Invalid("title: must not be blank", field="title"), "BAD_USER_INPUT"),
        (NotFound("no node with id x", field="id"), "NOT_FOUND"),
        (Conflict("a node with this id already exists", field="id"), "CONFLICT"),
        (Forbidden("not yours"), "FORBIDDEN"),
        (Unavailable("Neo4j is unavailable; try again shortly"), "UNAVAILABLE"),
    ],
)
def test_upg_errors_keep_their_message_and_code(exc: UpgError, code: str) -> None:
    mapped = map_error(_raised(exc), "r1", executing=True)
    assert mapped.message == exc.message
    assert mapped.extensions == (
        {"code": code, "field": exc.field} if exc.field else {"code": code}
    )
    assert mapped.path == ["products"]


def test_fields_get_their_graphql_names() -> None:
    exc = Invalid("milestone_type: must be one of trial, adoption", field="milestone_type")
    mapped = map_error(_raised(exc), "r1", executing=True)
    assert mapped.message == "milestoneType: must be one of trial, adoption"
    assert mapped.extensions == {"code": "BAD_USER_INPUT", "field": "milestoneType"}


@pytest.mark.parametrize(
    ("field", "name"),
    [
        ("title", "title"),
        ("target_date", "targetDate"),
        ("tags.3", "tags.3"),
        ("fromId", "fromId"),
        ("id_in", "id_in"),
        ("tags_includes_any", "tags_includes_any"),
        ("milestoneType_in", "milestoneType_in"),
    ],
)
def test_graphql_name(field: str, name: str) -> None:
    assert graphql_name(field) == name


@pytest.mark.parametrize(
    "exc",
    [
        RuntimeError("MATCH (n) RETURN n; password=hunter2"),
        UpgError("cannot find the cypher/ folder"),
        LocalDbError("java not found"),
    ],
)
def test_everything_else_is_masked_and_logged(
    exc: Exception, caplog: pytest.LogCaptureFixture
) -> None:
    with caplog.at_level(logging.ERROR, logger="upg.api"):
        mapped = map_error(_raised(exc), "req-7", executing=True)
    assert mapped.message == "Internal server error"
    assert mapped.extensions == {"code": "INTERNAL_SERVER_ERROR", "requestId": "req-7"}
    assert mapped.original_error is None
    record = caplog.records[-1]
    assert "req-7" in record.getMessage()
    assert record.exc_info is not None and record.exc_info[1] is exc


def test_graphql_errors_by_phase() -> None:
    syntax = GraphQLSyntaxError(Source("{"), 1, "Expected Name")
    assert map_error(syntax, "r", executing=False).extensions == {"code": "GRAPHQL_PARSE_FAILED"}
    invalid = GraphQLError("Cannot query field 'nope' on type 'Query'.")
    assert map_error(invalid, "r", executing=False).extensions == {
        "code": "GRAPHQL_VALIDATION_FAILED"
    }
    variable = GraphQLError("Variable '$first' got invalid value 'x'; Int cannot represent it")
    assert map_error(variable, "r", executing=True).extensions == {"code": "BAD_USER_INPUT"}


def test_a_non_null_violation_is_masked() -> None:
    error = GraphQLError(
        "Cannot return null for non-nullable field Query.x.",
        path=["x"],
        original_error=TypeError("Cannot return null"),
    )
    extensions = map_error(error, "r", executing=True).extensions
    assert extensions is not None and extensions["code"] == "INTERNAL_SERVER_ERROR"


def test_mapping_twice_changes_nothing() -> None:
    once = map_error(_raised(NotFound("gone", field="id")), "r", executing=True)
    assert map_error(once, "r", executing=False) is once


@pytest.mark.parametrize(
    "message",
    [
        "Cannot query field 'nam' on type 'Product'. Did you mean 'name'?",
        "Unknown argument 'frist' on field 'Query.products'. Did you mean 'first'? Other.",
        "Did you mean 'a'? Did you mean 'b'? tail",
        "no hint at all",
        "Did you mean never closed",
        "x Did you mean 'a'? y Did you mean unclosed",
        "",
    ],
)
def test_suggestions_go_as_the_old_pattern_removed_them(message: str) -> None:
    assert without_suggestions(message) == re.sub(r" ?Did you mean [^?]*\?", "", message)


def test_removing_suggestions_takes_linear_time() -> None:
    hostile = "Int cannot represent non-integer value: " + "Did you mean " * 80_000  # ~1 MB
    started = time.perf_counter()
    assert without_suggestions(hostile) == hostile
    assert time.perf_counter() - started < 0.1


def test_long_messages_are_capped() -> None:
    assert capped("short") == "short"
    long = capped("x" * 10 * MAX_MESSAGE_CHARS)
    assert len(long) == MAX_MESSAGE_CHARS
    assert long.endswith("\u2026")
    error = GraphQLError("Int cannot represent non-integer value: " + "y" * 5_000)
    mapped = map_error(error, "r1", executing=False)
    assert len(mapped.message) == MAX_MESSAGE_CHARS
