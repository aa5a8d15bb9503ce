"""`upg evidence import --events`: Segment, Amplitude, Mixpanel and CSV events to REACHED and
ACHIEVED edges with the first time, every distinct time and a count."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from tests.integration.importing.conftest import REPO, SAMPLE, Invoke
from upg.config import Settings

EVENTS = REPO / "docs" / "samples" / "events"
FILES = {
    "segment": ("segment.jsonl", 11),
    "amplitude": ("amplitude.jsonl", 10),
    "mixpanel": ("mixpanel.jsonl", 10),
    "csv": ("events.csv", 11),
}
"""Each sample and the line of its one event from an unknown account."""
_NODE_FILES = ("products", "outcomes", "health_scores", "milestones", "accounts")

Edges = dict[tuple[str, str, str], tuple[int, str, list[str]]]


@pytest.fixture
async def nodes(invoke: Invoke) -> None:
    """The sample graph's nodes and accounts, without its REACHED / ACHIEVED edges."""
    result = await invoke("import", *(str(SAMPLE / f"{stem}.csv") for stem in _NODE_FILES))
    assert result.exit_code == 0, result.output


async def _edges(driver: AsyncDriver, settings: Settings) -> Edges:
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account)-[r:REACHED|ACHIEVED]->(x) "
        "RETURN a.id AS a, type(r) AS type, x.external_id AS x, r.count AS n, "
        "toString(r.at) AS at, [t IN r.times | toString(t)] AS times",
        database_=settings.neo4j_database,
    )
    return {(r["a"], r["type"], r["x"]): (r["n"], r["at"], r["times"]) for r in records}


EXPECTED: Edges = {
    ("acct-001", "REACHED", "first-doc"): (
        2,
        "2026-01-06T10:00:00Z",
        ["2026-01-06T10:00:00Z", "2026-01-08T15:30:00Z"],
    ),
    ("acct-002", "REACHED", "first-doc"): (1, "2026-01-11T09:12:00Z", ["2026-01-11T09:12:00Z"]),
    ("acct-002", "REACHED", "invite-team"): (1, "2026-01-12T08:00:00Z", ["2026-01-12T08:00:00Z"]),
    ("acct-001", "ACHIEVED", "paid"): (1, "2026-02-04T17:45:00Z", ["2026-02-04T17:45:00Z"]),
}
"""The same for every format: a repeated event counts once, filters drop the viewer invite
and the free order, the page view maps to nothing."""


@pytest.mark.parametrize("source", sorted(FILES))
async def test_each_format_maps_events_with_first_time_and_count(
    invoke: Invoke,
    driver: AsyncDriver,
    settings: Settings,
    nodes: None,
    tmp_path: Path,
    source: str,
) -> None:
    name, bad_line = FILES[source]
    args = ["evidence", "import", "--events", str(EVENTS / name)]
    args += ["--mapping", str(EVENTS / f"{source}.toml"), "--rejects", str(tmp_path / "r.csv")]
    result = await invoke(*args)
    assert result.exit_code == 1, result.output
    assert "9 mapped" not in result.output
    assert "3 account-milestone and 1 account-outcome pairs merged" in result.output
    with (tmp_path / "r.csv").open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    assert [(r["file"], r["line"]) for r in rows] == [(name, str(bad_line))]
    assert "unknown account acct-999" in rows[0]["reason"]
    assert await _edges(driver, settings) == EXPECTED

    again = await invoke(*args)
    assert again.exit_code == 1
    assert await _edges(driver, settings) == EXPECTED


async def test_csv_facts_count_distinct_times_and_keep_the_first(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, nodes: None, tmp_path: Path
) -> None:
    milestone = "2a39d2c5-0000-0000-0000-000000000000"
    records, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone {external_id: 'first-doc'}) RETURN m.id AS id",
        database_=settings.neo4j_database,
    )
    milestone = records[0]["id"]
    accounts = tmp_path / "accounts.csv"
    accounts.write_text("id,name,signed_up_at\nacct-001,Acme Ltd,2026-01-05\n")
    first = tmp_path / "reached.csv"
    first.write_text(f"account_id,milestone_id,at\nacct-001,{milestone},2026-01-08\n")
    assert (await invoke("evidence", "import", str(accounts), str(first))).exit_code == 0
    later = tmp_path / "reached_more.csv"
    later.write_text(
        "account_id,milestone_id,at\n"
        f"acct-001,{milestone},2026-01-06\n"
        f"acct-001,{milestone},2026-01-08T00:00:00+00:00\n"
        f"acct-001,{milestone},2026-01-09T02:00:00+02:00\n"
    )
    assert (await invoke("evidence", "import", str(accounts), str(later))).exit_code == 0
    assert (await invoke("evidence", "import", str(accounts), str(later))).exit_code == 0
    edges = await _edges(driver, settings)
    assert edges[("acct-001", "REACHED", "first-doc")] == (
        3,
        "2026-01-06T00:00:00Z",
        ["2026-01-08T00:00:00Z", "2026-01-06T00:00:00Z", "2026-01-09T00:00:00Z"],
    )


async def test_a_bad_mapping_is_a_usage_error(invoke: Invoke, nodes: None, tmp_path: Path) -> None:
    mapping = tmp_path / "m.toml"
    mapping.write_text('source = "segment"\n[[reached]]\nevent = "X"\nmilestone = "nope"\n')
    events = str(EVENTS / "segment.jsonl")
    result = await invoke("evidence", "import", "--events", events, "--mapping", str(mapping))
    assert result.exit_code == 2
    assert "no SuccessMilestone with id" in result.output
    mapping.write_text('source = "segment"\n[[reached]]\nevent = "X"\nmilstone = "first-doc"\n')
    result = await invoke("evidence", "import", "--events", events, "--mapping", str(mapping))
    assert result.exit_code == 2
    assert "mapping: reached[0]: unknown keys milstone; known: event, milestone, where" in (
        result.output
    )
