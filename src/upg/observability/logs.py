"""upg's log lines: one per request (and a slow-request line), as text or JSON.

Everything upg logs goes through the `upg` logger; `setup` gives it one handler that writes to
stderr in the format UPG_LOG_FORMAT names. Process entry points call it (`upg serve`,
`upg --verbose`, the bench's app factory), never `create_app`: embedding the app must not
reconfigure the embedder's logging. Fields travel in `extra={"upg": {...}}`: the JSON
formatter puts them at the top level, the text formatter appends them as `key=value`.
"""

from __future__ import annotations

import json
import logging
import sys
from datetime import UTC, datetime
from typing import Any, TextIO

from upg.observability.record import RequestRecord

ROOT = "upg"
requests_logger = logging.getLogger("upg.request")


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, then the record's fields."""

    def format(self, record: logging.LogRecord) -> str:
        line: dict[str, Any] = {
            "time": _time(record),
            "level": record.levelname.lower(),
            "logger": record.name,
            "message": record.getMessage(),
        }
        fields = getattr(record, ROOT, None)
        if isinstance(fields, dict):
            line.update(fields)
        if record.exc_info:
            line["exception"] = self.formatException(record.exc_info)
        return json.dumps(line, default=str, ensure_ascii=False)


class TextFormatter(logging.Formatter):
    """`time level logger: message key=value ...` for a terminal."""

    def __init__(self) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")

    def format(self, record: logging.LogRecord) -> str:
        text = super().format(record)
        fields = getattr(record, ROOT, None)
        if not isinstance(fields, dict) or not fields:
            return text
        pairs = " ".join(f"{key}={_text(value)}" for key, value in fields.items())
        head, newline, tail = text.partition("\n")
        return f"{head} {pairs}{newline}{tail}"


def _time(record: logging.LogRecord) -> str:
    stamp = datetime.fromtimestamp(record.created, UTC)
    return stamp.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def _text(value: object) -> str:
    if isinstance(value, dict):
        return ":".join(_text(item) for item in value.values())
    if isinstance(value, list):
        return ",".join(_text(item) for item in value) or "-"
    return "-" if value is None else str(value)


def formatter(log_format: str) -> logging.Formatter:
    """The formatter for UPG_LOG_FORMAT (`text` or `json`)."""
    return JsonFormatter() if log_format == "json" else TextFormatter()


class _Stderr(logging.StreamHandler[TextIO]):
    """Writes to whatever sys.stderr is at the time (test runners swap it)."""

    def __init__(self) -> None:
        super().__init__(sys.stderr)

    @property
    def stream(self) -> TextIO:
        return sys.stderr

    @stream.setter
    def stream(self, value: TextIO) -> None:
        pass


def setup(log_format: str, level: int = logging.INFO) -> None:
    """Send the `upg` logger's records to stderr as `log_format` says (idempotent)."""
    logger = logging.getLogger(ROOT)
    for handler in [h for h in logger.handlers if getattr(h, "_upg", False)]:
        logger.removeHandler(handler)
    handler = _Stderr()
    handler._upg = True  # type: ignore[attr-defined]
    handler.setFormatter(formatter(log_format))
    logger.addHandler(handler)
    logger.setLevel(level)


def uvicorn_config(log_format: str) -> dict[str, Any]:
    """uvicorn's `log_config`: its own lines in the same format as upg's."""
    factory = f"{__name__}.{'JsonFormatter' if log_format == 'json' else 'TextFormatter'}"
    handler = {"class": "logging.StreamHandler", "formatter": "upg", "stream": "ext://sys.stderr"}
    return {
        "version": 1,
        "disable_existing_loggers": False,
        "formatters": {"upg": {"()": factory}},
        "handlers": {"upg": handler},
        "loggers": {
            "uvicorn": {"handlers": ["upg"], "level": "INFO", "propagate": False},
            "uvicorn.access": {"handlers": ["upg"], "level": "INFO", "propagate": False},
        },
    }


def request_fields(record: RequestRecord, seconds: float) -> dict[str, Any]:
    """The fields of a request's log line (never a secret: the token's name, not its value)."""
    return {
        "requestId": record.request_id,
        "method": record.method,
        "operation": record.operation if record.identified else None,
        "operationType": record.operation_type if record.identified else None,
        "tokenName": record.token_name,
        "tokenKind": record.token_kind,
        "role": record.role,
        "status": record.status,
        "errorCodes": list(dict.fromkeys(record.codes)),
        "refusal": record.refusal,
        "durationMs": round(seconds * 1000, 3),
        "cost": record.cost,
        "roundTrips": len(record.statements),
        "neo4jMs": round(record.transaction_s * 1000, 3),
    }


def log_request(record: RequestRecord, seconds: float, slow_ms: int) -> None:
    """The request's line, and a slow-request line naming its statements past `slow_ms`."""
    slow = slow_ms > 0 and seconds * 1000 >= slow_ms
    if not slow and not requests_logger.isEnabledFor(logging.INFO):
        return
    fields = request_fields(record, seconds)
    requests_logger.info("request", extra={ROOT: fields})
    if slow:
        statements = [
            {"name": s.name, "rows": s.rows, "ms": round(s.seconds * 1000, 3), "failed": s.failed}
            for s in record.statements
        ]
        requests_logger.warning(
            "slow request", extra={ROOT: {**fields, "slowMs": slow_ms, "statements": statements}}
        )
