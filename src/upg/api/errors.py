"""Maps errors to GraphQL `extensions.code`: upg's error tree by name, everything else masked.

Expected errors keep their message and say which field they are about (its GraphQL name).
Anything else becomes "Internal server error" with a request id, and the real exception is
logged with that id: no stack traces, Cypher or credentials ever reach a client.
"""

from __future__ import annotations

import logging
import re
from collections.abc import Iterator
from typing import Any

from graphql import GraphQLError, GraphQLSyntaxError
from strawberry.extensions import SchemaExtension

from upg.errors import UpgError

logger = logging.getLogger("upg.api")

PUBLIC_CODES = frozenset({"BAD_USER_INPUT", "NOT_FOUND", "CONFLICT", "FORBIDDEN", "UNAVAILABLE"})
"""Codes of upg's error tree that clients see as they are."""
BAD_USER_INPUT = "BAD_USER_INPUT"
UNAVAILABLE = "UNAVAILABLE"
PARSE_FAILED = "GRAPHQL_PARSE_FAILED"
VALIDATION_FAILED = "GRAPHQL_VALIDATION_FAILED"
INTERNAL = "INTERNAL_SERVER_ERROR"
MASKED_MESSAGE = "Internal server error"
MAX_MESSAGE_CHARS = 500
"""Longest message a client gets: graphql-core copies the caller's literals into its messages."""
SUGGESTION = "Did you mean "

_SNAKE = re.compile(r"_([a-z])")
_FILTER = re.compile(r"[A-Za-z]+_(?:in|contains|includes_any)")
"""Filter names keep the contract's spelling (`id_in`, `tags_includes_any`)."""


def graphql_name(field: str) -> str:
    """The GraphQL spelling of a service-side field path (`milestone_type` -> `milestoneType`)."""
    return ".".join(
        part if _FILTER.fullmatch(part) else _SNAKE.sub(lambda m: m.group(1).upper(), part)
        for part in field.split(".")
    )


def capped(message: str) -> str:
    """The message cut to MAX_MESSAGE_CHARS (an ellipsis marks the cut)."""
    if len(message) <= MAX_MESSAGE_CHARS:
        return message
    return message[: MAX_MESSAGE_CHARS - 1] + "\u2026"


def without_suggestions(message: str) -> str:
    """The message without its " Did you mean ...?" hints, in one pass over it.

    Only `str.find`, never a regular expression: a pattern like ` ?Did you mean [^?]*\\?` takes
    quadratic time on a message holding many hints and no `?`, which any caller can send.
    """
    kept: list[str] = []
    start = 0
    while (hint := message.find(SUGGESTION, start)) != -1:
        end = message.find("?", hint)
        if end == -1:
            break  # no hint after this one can end either
        cut = hint - 1 if hint > start and message[hint - 1] == " " else hint
        kept.append(message[start:cut])
        start = end + 1
    kept.append(message[start:])
    return "".join(kept)


def _public(error: GraphQLError, exc: UpgError) -> GraphQLError:
    extensions: dict[str, Any] = {"code": exc.code}
    message = exc.message
    if exc.field:
        name = graphql_name(exc.field)
        extensions["field"] = name
        if message.startswith(f"{exc.field}:"):
            message = name + message[len(exc.field) :]
    return _copy(error, message, extensions, exc)


def _copy(
    error: GraphQLError,
    message: str,
    extensions: dict[str, Any],
    original: Exception | None = None,
) -> GraphQLError:
    return GraphQLError(
        capped(message),
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        original_error=original,
        extensions={**(error.extensions or {}), **extensions},
    )


def map_error(error: GraphQLError, request_id: str, *, executing: bool) -> GraphQLError:
    """The error as the client sees it. `executing`: raised after validation passed."""
    if (error.extensions or {}).get("code"):
        return error
    original = error.original_error
    if isinstance(original, UpgError) and original.code in PUBLIC_CODES:
        logger.debug(
            "request %s: %s %s",
            request_id,
            original.code,
            original.message,
            extra={"upg": {"requestId": request_id, "code": original.code}},
        )
        return _public(error, original)
    if error.path is None and not isinstance(original, UpgError):
        if isinstance(error, GraphQLSyntaxError):
            return _copy(error, error.message, {"code": PARSE_FAILED})
        if executing and error.message.startswith("Variable '$"):
            return _copy(error, error.message, {"code": BAD_USER_INPUT})
        if not executing and (original is None or isinstance(original, ValueError | TypeError)):
            return _copy(error, error.message, {"code": VALIDATION_FAILED})
    return mask(error, request_id)


def mask(error: GraphQLError, request_id: str) -> GraphQLError:
    """The anonymous stand-in of an unexpected error; the real one goes to the log."""
    original = error.original_error or error
    path = ".".join(str(p) for p in error.path or ()) or "(operation)"
    logger.error(
        "request %s: internal error at %s",
        request_id,
        path,
        exc_info=(type(original), original, original.__traceback__),
        extra={"upg": {"requestId": request_id, "path": path, "code": INTERNAL}},
    )
    return GraphQLError(
        MASKED_MESSAGE,
        nodes=error.nodes,
        source=error.source,
        positions=error.positions,
        path=error.path,
        extensions={"code": INTERNAL, "requestId": request_id},
    )


def _request_id(context: object) -> str:
    return str(getattr(context, "request_id", "-"))


class ErrorCodes(SchemaExtension):
    """Runs `map_error` on every error of an operation's result."""

    def __init__(self) -> None:
        self._executing = False

    def on_execute(self) -> Iterator[None]:
        self._executing = True
        yield

    def on_operation(self) -> Iterator[None]:
        self._executing = False
        yield
        result = self.execution_context.result
        errors = getattr(result, "errors", None)
        if result is not None and errors:
            request_id = _request_id(self.execution_context.context)
            result.errors = [map_error(e, request_id, executing=self._executing) for e in errors]
