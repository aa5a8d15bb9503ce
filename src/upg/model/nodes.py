"""Node records read from the graph, and the validated inputs that write them."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Annotated, Any, Literal, TypeVar
from uuid import UUID

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    StringConstraints,
    ValidationError,
    field_validator,
)

from upg.errors import Invalid

TITLE_MAX = 200
DESCRIPTION_MAX = 10_000
TAG_MAX = 64
TAGS_MAX = 50

MILESTONE_TYPES = ("trial", "onboarding", "adoption", "expansion", "renewal", "advocacy")
"""The customer-lifecycle phases a success milestone can track."""

MilestoneType = Literal["trial", "onboarding", "adoption", "expansion", "renewal", "advocacy"]

PLAYS = ("CONVERSION", "EXPANSION", "ADVOCACY")
"""The moment a milestone opens for the customer team (`upg.model.journey.Play`)."""

PlayName = Literal["CONVERSION", "EXPANSION", "ADVOCACY"]

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
"""Unicode category Cc: ESC, BEL, NUL... would reach terminals, logs and CSV files verbatim."""
_CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
"""Cc but tab, line feed and carriage return, which a multi-line description needs."""


def _no_control(pattern: re.Pattern[str], allowed: str) -> Any:
    def check(value: str) -> str:
        found = pattern.search(value)
        if found is not None:
            code = f"U+{ord(found.group()):04X}"
            raise ValueError(f"must not contain control characters{allowed} (found {code})")
        return value

    return AfterValidator(check)


Title = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TITLE_MAX),
    _no_control(_CONTROL, ""),
]
Tag = Annotated[
    str,
    StringConstraints(strip_whitespace=True, min_length=1, max_length=TAG_MAX),
    _no_control(_CONTROL, ""),
]
Description = Annotated[
    str,
    StringConstraints(max_length=DESCRIPTION_MAX),
    _no_control(_CONTROL_IN_TEXT, " other than tab, line feed and carriage return"),
]
_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _iso_date(value: Any) -> Any:
    """A date, or text in ISO form: pydantic alone would read "0" or "20260331" as timestamps."""
    if isinstance(value, date) or (isinstance(value, str) and _ISO_DATE.fullmatch(value)):
        return value
    raise ValueError("must be a date as YYYY-MM-DD")


TargetDate = Annotated[date, BeforeValidator(_iso_date)]
WindowDays = Annotated[int, Field(ge=1, le=3650)]
"""Days after sign-up within which reaching a milestone counts as a hit (evidence)."""


@dataclass(frozen=True)
class Node:
    """A node as stored: base fields for every type, milestone fields where they apply."""

    id: str
    type: str
    title: str
    status: str
    description: str | None = None
    tags: tuple[str, ...] = ()
    created_at: datetime | None = None
    updated_at: datetime | None = None
    milestone_type: str | None = None
    target_date: date | None = None
    achieved: bool = False
    window_days: int | None = None
    play: str | None = None
    extra: dict[str, Any] = field(default_factory=dict, compare=False)


def same_content(node: Node, props: dict[str, Any]) -> bool:
    """The stored node holds exactly these properties: a create sent again is a replay."""
    for key, value in props.items():
        stored = getattr(node, key) if hasattr(node, key) else node.extra.get(key)
        if key == "tags":
            stored, value = tuple(stored or ()), tuple(value or ())
        if stored != value:
            return False
    return True


def _dedupe(tags: list[str]) -> list[str]:
    return list(dict.fromkeys(tags))


class NodeInput(BaseModel):
    """Fields every node type accepts on create."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    id: UUID | None = None
    title: Title
    description: Description | None = None
    status: str | None = None
    tags: list[Tag] = Field(default_factory=list, max_length=TAGS_MAX)

    _dedupe_tags = field_validator("tags")(_dedupe)


class SuccessMilestoneInput(NodeInput):
    """A success milestone adds the phase it tracks and when it should be reached."""

    milestone_type: MilestoneType | None = None
    target_date: TargetDate | None = None
    window_days: WindowDays | None = None
    play: PlayName | None = None


class NodeUpdate(BaseModel):
    """A partial update: only the fields set are written; `None` clears an optional field."""

    model_config = ConfigDict(extra="forbid", frozen=True)

    title: Title | None = None
    description: Description | None = None
    status: str | None = None
    tags: list[Tag] | None = Field(default=None, max_length=TAGS_MAX)
    milestone_type: MilestoneType | None = None
    target_date: TargetDate | None = None
    window_days: WindowDays | None = None
    play: PlayName | None = None

    @field_validator("tags")
    @classmethod
    def _tags(cls, tags: list[str] | None) -> list[str] | None:
        return None if tags is None else _dedupe(tags)


M = TypeVar("M", bound=BaseModel)


def validate(model: type[M], data: dict[str, Any]) -> M:
    """Build `model` from `data`, turning the first validation error into Invalid(field, reason)."""
    try:
        return model.model_validate(data)
    except ValidationError as exc:
        first = exc.errors()[0]
        location = ".".join(str(part) for part in first["loc"]) or "input"
        reason = _reason(first, location)
        raise Invalid(f"{location}: {reason}", field=location) from None


def _reason(error: Any, location: str = "") -> str:
    kind = error["type"]
    ctx = error.get("ctx") or {}
    if kind == "string_too_short":
        return "must not be blank" if ctx.get("min_length") == 1 else error["msg"].lower()
    if kind == "string_too_long":
        return f"must be at most {ctx.get('max_length')} characters"
    if kind in {"greater_than_equal", "less_than_equal"}:
        return str(error["msg"]).lower()
    if kind == "too_long":
        return f"must have at most {ctx.get('max_length')} items"
    if kind == "literal_error" and location.endswith("play"):
        return f"must be one of {', '.join(PLAYS)}"
    if kind == "literal_error":
        return f"must be one of {', '.join(MILESTONE_TYPES)}"
    if kind == "extra_forbidden":
        return "is not a field of this type"
    if kind == "value_error":
        return str(ctx.get("error"))
    if kind == "missing":
        return "is required"
    return str(error["msg"]).lower()
