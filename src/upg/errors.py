"""One error tree for the whole service.

The domain and services raise these; the repository translates driver errors into them;
the API and CLI map them to error codes and exit codes at the edge.
"""

from __future__ import annotations


class UpgError(Exception):
    """Base of every error upg raises on purpose."""

    code = "INTERNAL"

    def __init__(self, message: str, *, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.field = field


class Invalid(UpgError):
    """Input broke a rule: names the field and the reason."""

    code = "BAD_USER_INPUT"


class NotFound(UpgError):
    """The node or edge named does not exist."""

    code = "NOT_FOUND"


class Conflict(UpgError):
    """The write clashes with the graph: duplicate id, illegal lifecycle transition."""

    code = "CONFLICT"


class Forbidden(UpgError):
    """The caller may not do this."""

    code = "FORBIDDEN"


class Unauthenticated(UpgError):
    """No credentials where they are required, or credentials that do not verify."""

    code = "UNAUTHENTICATED"


class RateLimited(UpgError):
    """The caller sent more requests than its rate allows; `retry_after_s` says when to retry."""

    code = "RATE_LIMITED"

    def __init__(self, message: str, *, retry_after_s: int) -> None:
        super().__init__(message)
        self.retry_after_s = retry_after_s


class Unavailable(UpgError):
    """Neo4j cannot be reached (or timed out)."""

    code = "UNAVAILABLE"


class TimedOut(Unavailable):
    """Neo4j stopped a transaction that ran longer than its time limit."""


class LocalDbError(UpgError):
    """The local Neo4j could not be installed, started or stopped."""

    code = "LOCAL_DB"
