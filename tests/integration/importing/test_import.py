"""`upg import`: the sample graph in, re-imports, changed rows, bad rows, bad headers, dry runs."""

from __future__ import annotations

import csv
import json
import uuid
from pathlib import Path

from neo4j import AsyncDriver

from tests.integration.importing.conftest import SAMPLE, Invoke, count, snapshot
from upg.config import Settings
from upg.services.import_layout import NAMESPACE

_NODES = "MATCH (n) WHERE NOT n:UpgMigration RETURN count(n)"


def _id(type_key: str, key: str) -> str:
    return str(uuid.uuid5(NAMESPACE, f"{type_key}:{key}"))


async def test_sample_imports_with_keys_mapped_and_classes_kept(
    invoke: Invoke, driver: AsyncDriver, settings: Settings
) -> None:
    result = await invoke("import", str(SAMPLE))
    assert result.exit_code == 0, result.output
    assert "26 created, 0 updated" in result.output
    records, _, _ = await driver.execute_query(
        "MATCH (m:SuccessMilestone) RETURN m.id AS id, m.external_id AS key, "
        "m.milestone_class AS class, m.achieved AS achieved, m.status AS status",
        database_=settings.neo4j_database,
    )
    found = {r["key"]: r for r in records}
    assert found["first-doc"]["id"] == _id("SUCCESS_MILESTONE", "first-doc")
    assert {key: r["class"] for key, r in found.items()} == {
        "first-doc": "VALIDATED",
        "logins-10": "VANITY",
        "invite-team": "UNTRACKED",
        "api-key": "ORPHAN",
    }
    assert (found["first-doc"]["status"], found["first-doc"]["achieved"]) == ("done", True)
    assert (found["logins-10"]["status"], found["logins-10"]["achieved"]) == ("todo", False)
    reached, _, _ = await driver.execute_query(
        "MATCH (:Account {id: 'acct-002'})-[r:REACHED]->() "
        "RETURN r.count AS n, toString(r.at) AS at",
        database_=settings.neo4j_database,
    )
    assert (reached[0]["n"], reached[0]["at"]) == (2, "2026-01-10T09:00:00Z")
    verify = await invoke("db", "verify")
    assert verify.exit_code == 0 and "no drift" in verify.output


async def test_reimport_changes_nothing_and_changed_rows_update(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, sample: Path
) -> None:
    assert (await invoke("import", str(sample))).exit_code == 0
    before = await snapshot(driver, settings.neo4j_database)
    again = await invoke("import", str(sample))
    assert again.exit_code == 0 and "0 created, 0 updated" in again.output
    assert await snapshot(driver, settings.neo4j_database) == before

    products = sample / "products.csv"
    products.write_text(products.read_text().replace("DocFlow,", "DocFlow Cloud,"))
    changed = await invoke("import", str(products))
    assert changed.exit_code == 0 and "0 created, 1 updated" in changed.output
    records, _, _ = await driver.execute_query(
        "MATCH (p:Product {external_id: 'docflow'}) "
        "RETURN p.title AS title, p.created_at < p.updated_at AS moved",
        database_=settings.neo4j_database,
    )
    assert (records[0]["title"], records[0]["moved"]) == ("DocFlow Cloud", True)


def _write(path: Path, rows: list[list[str]]) -> None:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows(rows)


async def test_bad_rows_are_listed_and_written_nowhere(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, tmp_path: Path
) -> None:
    _write(
        tmp_path / "products.csv",
        [
            ["id", "title", "status"],
            ["ok", "Fine product", "active"],
            ["blank", "  ", "active"],
            ["odd", "Odd status", "done"],
            ["ok", "Same id again", "active"],
        ],
    )
    _write(
        tmp_path / "milestones.csv",
        [
            ["id", "title", "status", "target_date", "window_days", "achieved"],
            ["m1", "Good", "todo", "2026-03-31", "7", "false"],
            ["m2", "Bad date", "todo", "31/03/2026", "", ""],
            ["m3", "No window", "todo", "", "0", ""],
            ["m4", "Says achieved", "todo", "", "", "true"],
        ],
    )
    _write(
        tmp_path / "contains.csv",
        [["source", "target", "weight"], ["hs", "m1", "1"]],
    )
    _write(
        tmp_path / "celebrates_via.csv",
        [
            ["source", "target"],
            ["ok", "m1"],
            ["ok", "m2"],
            ["blank", "m1"],
            ["ok", _id("PRODUCT", "ok")],
        ],
    )
    rejects = tmp_path / "rejects.csv"
    result = await invoke("import", str(tmp_path), "--rejects", str(rejects))
    assert result.exit_code == 1, result.output
    with rejects.open(encoding="utf-8") as handle:
        listed = {(r["file"], r["line"], r["field"]): r["reason"] for r in csv.DictReader(handle)}
    ok_id = _id("PRODUCT", "ok")
    assert listed == {
        ("products.csv", "3", "title"): "must not be blank",
        ("products.csv", "4", "status"): "must be one of planned, active, sunset, retired; "
        "got 'done'",
        ("products.csv", "5", "id"): "repeats line 2",
        ("milestones.csv", "3", "target_date"): "must be a date as YYYY-MM-DD",
        ("milestones.csv", "4", "window_days"): "input should be greater than or equal to 1",
        ("milestones.csv", "5", "achieved"): "is false for status todo",
        (
            "contains.csv",
            "2",
            "source",
        ): "no CustomerHealthScore with id hs",
        (
            "celebrates_via.csv",
            "3",
            "target",
        ): "no SuccessMilestone with id m2",
        ("celebrates_via.csv", "4", "source"): "no Product with id blank",
        ("celebrates_via.csv", "5", "target"): "CELEBRATES_VIA goes from Product to "
        f"SuccessMilestone; {ok_id} is a Product",
    }
    assert "Rejected 10 rows:" in result.output
    assert "products.csv:3: title: must not be blank" in result.output
    assert await count(driver, settings.neo4j_database, _NODES) == 2
    assert await count(driver, settings.neo4j_database, "MATCH ()-[r]->() RETURN count(r)") == 1


async def test_unknown_column_refused_before_any_write(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, sample: Path
) -> None:
    milestones = sample / "milestones.csv"
    lines = milestones.read_text().splitlines()
    milestones.write_text(
        "\n".join([lines[0] + ",colour", *(line + ",red" for line in lines[1:])]) + "\n"
    )
    result = await invoke("import", str(sample))
    assert result.exit_code == 2
    assert (
        "milestones.csv: unknown columns colour; known: id, title, description, status, tags, "
        "created_at, updated_at, milestone_type, target_date, achieved, window_days"
    ) in result.output
    assert await count(driver, settings.neo4j_database, _NODES) == 0


async def test_unknown_file_is_a_usage_error(invoke: Invoke, tmp_path: Path) -> None:
    (tmp_path / "widgets.csv").write_text("id,title\nw,Widget\n")
    result = await invoke("import", str(tmp_path / "widgets.csv"))
    assert result.exit_code == 2
    assert "widgets.csv: not a file of the layout" in result.output


async def test_dry_run_checks_and_writes_nothing(
    invoke: Invoke, driver: AsyncDriver, settings: Settings
) -> None:
    result = await invoke("import", str(SAMPLE), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "26 accepted, nothing written (--dry-run)" in result.output
    assert await count(driver, settings.neo4j_database, _NODES) == 0


async def test_desires_file_imports_since_checks_ends_and_keeps_route_marks(
    invoke: Invoke, driver: AsyncDriver, settings: Settings, sample: Path, tmp_path: Path
) -> None:
    (sample / "desires.csv").unlink()
    assert (await invoke("import", str(sample))).exit_code == 0
    docflow = _id("PRODUCT", "docflow")
    desires = tmp_path / "desires.jsonl"
    desires.write_text(
        "\n".join(
            [
                '{"source": "acct-001", "target": "renews", "since": "2026-01-20"}',
                '{"source": "acct-002", "target": "paid", "since": "2026-02-03T10:00:00+02:00"}',
                json.dumps({"source": "acct-001", "target": docflow, "since": "2026-01-20"}),
                '{"source": "nobody", "target": "paid", "since": "2026-01-20"}',
                '{"source": "acct-002", "target": "renews", "since": "next week"}',
                '{"source": "acct-002", "target": "renews"}',
                '{"source": "acct-001", "target": "renews", "since": "2026-01-21"}',
            ]
        )
        + "\n",
        encoding="utf-8",
    )
    rejects = tmp_path / "rejects.csv"
    result = await invoke("import", str(desires), "--rejects", str(rejects))
    assert result.exit_code == 1, result.output
    with rejects.open(encoding="utf-8") as handle:
        listed = {(r["line"], r["field"]): r["reason"] for r in csv.DictReader(handle)}
    assert listed == {
        ("3", "target"): f"DESIRES goes from Account to Outcome; {docflow} is a Product",
        ("4", "source"): "no Account with id nobody",
        ("5", "since"): "not an ISO date or date-time: 'next week'",
        ("6", "since"): "not an ISO date or date-time: ''",
        ("7", "source"): "repeats line 1",
    }
    records, _, _ = await driver.execute_query(
        "MATCH (a:Account)-[d:DESIRES]->(o:Outcome) "
        "RETURN a.id AS a, o.external_id AS o, toString(d.since) AS since, "
        "a.route_state AS state ORDER BY a",
        database_=settings.neo4j_database,
    )
    assert [(r["a"], r["o"], r["since"]) for r in records] == [
        ("acct-001", "renews", "2026-01-20T00:00:00Z"),
        ("acct-002", "paid", "2026-02-03T10:00:00+02:00"),
    ]
    # `upg import` keeps the route marks of the accounts it touched (listing by status reads them).
    assert all(r["state"] in {"OPEN", "ARRIVED", "NONE"} for r in records)
