"""The import layout's rows checked by the API's rules, ids, and analytics events (pure)."""

from __future__ import annotations

import uuid
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

import pytest

from upg.errors import Invalid
from upg.services.analytics_events import read_events
from upg.services.analytics_import import load_mapping
from upg.services.import_layout import BY_STEM, NAMESPACE, node_id
from upg.services.importer_rows import check_row, iso_time


def _check(stem: str, row: dict[str, Any]) -> dict[str, Any]:
    return check_row(BY_STEM[stem], row)


def test_uuid_ids_stay_and_keys_map_to_uuid5_per_type() -> None:
    given = "0F8FAD5B-D9CB-469F-A165-70867728950E"
    assert node_id("PRODUCT", given) == (given.lower(), None)
    assert node_id("PRODUCT", "docflow") == (
        str(uuid.uuid5(NAMESPACE, "PRODUCT:docflow")),
        "docflow",
    )
    assert node_id("PRODUCT", "x")[0] != node_id("OUTCOME", "x")[0]
    assert node_id("ACCOUNT", "acct-1") == ("acct-1", None)
    with pytest.raises(Invalid, match="id: must be at most 128 characters"):
        node_id("PRODUCT", "k" * 129)


def test_a_milestone_row_is_checked_like_the_api_input() -> None:
    row = _check(
        "milestones",
        {
            "id": "m",
            "title": " Go ",
            "status": "done",
            "tags": "a|b|a",
            "target_date": "2026-03-31",
        },
    )
    assert row["props"] == {
        "type": "SUCCESS_MILESTONE",
        "title": "Go",
        "tags": ["a", "b"],
        "target_date": date(2026, 3, 31),
        "status": "done",
        "achieved": True,
        "external_id": "m",
    }
    assert row["defaults"] == {"status": "todo", "tags": [], "achieved": False}


@pytest.mark.parametrize(
    ("row", "field", "reason"),
    [
        ({"id": "m", "title": None}, "title", "is required"),
        ({"id": "m", "title": "T", "status": "active"}, "status", "must be one of todo"),
        ({"id": "m", "title": "T", "milestone_type": "growth"}, "milestone_type", "one of trial"),
        ({"id": "m", "title": "T", "target_date": "20260331"}, "target_date", "YYYY-MM-DD"),
        ({"id": "m", "title": "T", "window_days": "0"}, "window_days", "greater than or equal"),
        ({"id": "m", "title": "T", "achieved": "true"}, "achieved", "give the status too"),
        ({"id": "m", "title": "T", "tags": ["a", 1]}, "tags", "list of strings"),
        ({"id": "", "title": "T"}, "id", "is required"),
        ({"id": "m", "title": "T\x1b"}, "title", "control characters"),
    ],
)
def test_bad_milestone_rows_name_field_and_reason(
    row: dict[str, Any], field: str, reason: str
) -> None:
    with pytest.raises(Invalid) as caught:
        _check("milestones", row)
    assert caught.value.field == field
    assert reason in caught.value.message


@pytest.mark.parametrize("weight", ["0", "-1", "nan", "inf", "heavy"])
def test_contains_weight_must_be_a_finite_number_above_zero(weight: str) -> None:
    with pytest.raises(Invalid, match="weight: must be"):
        _check("contains", {"source": "hs", "target": "m", "weight": weight})


def test_edge_rows_map_ends_by_type_and_default_weight() -> None:
    row = _check("contains", {"source": "hs", "target": "m", "weight": None})
    assert row["source"] == node_id("CUSTOMER_HEALTH_SCORE", "hs")[0]
    assert row["target"] == node_id("SUCCESS_MILESTONE", "m")[0]
    assert row["weight"] == 1.0
    fact = _check("reached", {"source": "a", "target": "m", "at": "2026-01-02", "times": None})
    assert fact["source"] == "a"
    assert fact["times"] == ["2026-01-02T00:00:00+00:00"]


def test_iso_time_reads_dates_and_offsets_and_refuses_others() -> None:
    assert iso_time("2026-01-02", "at") == "2026-01-02T00:00:00+00:00"
    assert iso_time("2026-01-02T03:04:05", "at") == "2026-01-02T03:04:05+00:00"
    assert iso_time("2026-01-02T03:04:05.123456789Z", "at") == "2026-01-02T03:04:05.123456789Z"
    with pytest.raises(Invalid, match="at: not an ISO date"):
        iso_time("02/01/2026", "at")


def test_mixpanel_times_are_unix_seconds_or_milliseconds(tmp_path: Path) -> None:
    path = tmp_path / "m.jsonl"
    path.write_text(
        '{"event": "A", "properties": {"time": 1767693600, "distinct_id": "x"}}\n'
        '{"event": "A", "properties": {"time": 1767693600000, "distinct_id": "x"}}\n'
        "not json\n"
    )
    found = list(read_events(path, "mixpanel"))
    expected = datetime(2026, 1, 6, 10, 0, tzinfo=UTC)
    assert [getattr(e, "at", None) for _, e in found[:2]] == [expected, expected]
    assert isinstance(found[2][1], Invalid) and found[2][0] == 3


def test_mapping_rules_filter_on_properties(tmp_path: Path) -> None:
    path = tmp_path / "m.toml"
    path.write_text(
        'source = "segment"\n[[reached]]\nevent = "Invited"\nmilestone = "m"\n'
        'where = { role = ["admin", "editor"], "plan.tier" = 2 }\n'
    )
    mapping = load_mapping(path)
    (rule,) = mapping.rules["Invited"]
    assert rule.matches({"role": "admin", "plan": {"tier": 2}})
    assert rule.matches({"role": "editor", "plan": {"tier": "2"}})
    assert not rule.matches({"role": "viewer", "plan": {"tier": 2}})
    assert not rule.matches({"role": "admin"})
