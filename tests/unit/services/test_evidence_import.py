from datetime import UTC, datetime
from pathlib import Path

import pytest

from upg.errors import Invalid
from upg.services.evidence import check_account, check_fact, parse_time
from upg.services.row_files import read_rows

KNOWN = {"p1": "Product", "m1": "SuccessMilestone", "o1": "Outcome", "a1": "Account"}


def test_times() -> None:
    assert parse_time("2026-01-05", "at") == datetime(2026, 1, 5, tzinfo=UTC)
    assert parse_time("2026-01-05T10:00:00+02:00", "at").utcoffset() is not None
    with pytest.raises(Invalid, match="at: not an ISO date"):
        parse_time("05/01/2026", "at")


def test_account_rows() -> None:
    row = check_account(
        {"id": "a2", "name": "Acme", "signed_up_at": "2026-01-05", "products": "p1"}, KNOWN
    )
    assert row["products"] == ["p1"]
    with pytest.raises(Invalid, match="products: unknown Product id p9"):
        check_account({"id": "a2", "signed_up_at": "2026-01-05", "products": "p1;p9"}, KNOWN)
    with pytest.raises(Invalid, match="id: is required"):
        check_account({"signed_up_at": "2026-01-05"}, KNOWN)


def test_fact_rows() -> None:
    row = check_fact(
        {"account_id": "a1", "milestone_id": "m1", "at": "2026-01-06"},
        KNOWN,
        "milestone_id",
        "SuccessMilestone",
    )
    assert row["target_id"] == "m1"
    with pytest.raises(Invalid, match="milestone_id: o1 is a Outcome, not a SuccessMilestone"):
        check_fact(
            {"account_id": "a1", "milestone_id": "o1", "at": "2026-01-06"},
            KNOWN,
            "milestone_id",
            "SuccessMilestone",
        )
    with pytest.raises(Invalid, match="account_id: unknown Account id zz"):
        check_fact(
            {"account_id": "zz", "outcome_id": "o1", "at": "2026-01-06"},
            KNOWN,
            "outcome_id",
            "Outcome",
        )


def test_read_rows_numbers_lines(tmp_path: Path) -> None:
    csv_file = tmp_path / "reached.csv"
    csv_file.write_text("account_id,milestone_id,at\na1,m1,2026-01-06\na1,m1,2026-01-07\n")
    assert [line for line, _ in read_rows(csv_file)] == [2, 3]
    jsonl = tmp_path / "reached.jsonl"
    jsonl.write_text('{"account_id": "a1"}\n\nnot json\n[1]\n')
    rows = list(read_rows(jsonl))
    assert [line for line, _ in rows] == [1, 3, 4]
    assert "__error__" in rows[1][1] and "__error__" in rows[2][1]
