"""The `upg audit` commands on the in-memory demo graph: rows, scopes, exit codes."""

from __future__ import annotations

import asyncio
import csv
import io
import json
import sys
from pathlib import Path

import pytest
from click.testing import Result

from tests.unit.cli.conftest import Run, invoke
from tests.unit.fakes import InMemoryRepository
from upg.cli.output import pick_format
from upg.services import demo
from upg.services.nodes import create_node, link

ALL_VANITY = sorted(demo.VANITY_TITLES)


async def test_vanity_lists_the_demo_vanity_milestones_as_json(run: Run) -> None:
    result = await run("vanity")  # not a terminal: json by default
    assert result.exit_code == 0, result.output
    body = json.loads(result.stdout)
    assert body["count"] == len(demo.VANITY_TITLES)
    assert [row["title"] for row in body["vanity_milestones"]] == ALL_VANITY
    profile = next(r for r in body["vanity_milestones"] if r["title"] == "Profile completed")
    assert profile == {
        "id": demo.PROFILE_COMPLETED.id,
        "title": "Profile completed",
        "milestone_type": "onboarding",
        "status": "done",
        "tags": ["onboarding"],
        "products": [{"id": demo.DOCFLOW.id, "title": "DocFlow"}],
        "scores": [{"id": demo.TRIAL_HEALTH.id, "title": "Trial health", "weight": 1.0}],
        "weight": 1.0,
    }


async def test_vanity_scopes_by_product_title_id_score_and_tag(run: Run) -> None:
    def titles(result: Result) -> list[str]:
        return [row["title"] for row in json.loads(result.stdout)["vanity_milestones"]]

    docflow = ["Profile completed", "Watched the tutorial"]
    assert titles(await run("vanity", "--product", "DocFlow")) == docflow
    assert titles(await run("vanity", "--product", "docflow")) == docflow
    assert titles(await run("vanity", "--product", demo.DOCFLOW.id)) == docflow
    assert titles(await run("vanity", "--score", "Renewal readiness")) == [demo.SEATS.title]
    assert titles(await run("vanity", "--tag", "education")) == ["Watched the tutorial"]
    assert titles(await run("vanity", "--product", "PipeMail", "--tag", "engagement")) == [
        demo.STREAK.title
    ]


async def test_unknown_or_partial_titles_exit_2_with_one_line(run: Run) -> None:
    for args in (
        ("vanity", "--product", "Doc"),  # contains, but no exact match
        ("vanity", "--product", "Nope"),
        ("vanity", "--score", "DocFlow"),  # a product, not a score
        ("vanity", "--product", demo.TRIAL_HEALTH.id),  # a score's id, not a product's
        ("vanity", "--product", "00000000-0000-4000-8000-000000000000"),
        ("milestones", "--product", "Nope"),
    ):
        result = await run(*args)
        assert result.exit_code == 2, (args, result.output)
        assert result.stdout == ""
        lines = result.stderr.splitlines()
        assert len(lines) == 1 and lines[0].startswith("upg: error: "), result.stderr


async def test_ambiguous_title_names_the_ids() -> None:
    repo = InMemoryRepository()
    first = await create_node(repo, "PRODUCT", {"title": "Twin"})
    second = await create_node(repo, "PRODUCT", {"title": "twin"})
    result = await asyncio.to_thread(invoke, repo, "vanity", "--product", "TWIN")
    assert result.exit_code == 2
    assert first.id in result.stderr and second.id in result.stderr
    assert "pass the id" in result.stderr


async def test_fail_on_vanity_exits_1_on_the_demo_and_0_without_vanity(
    demo_repo: InMemoryRepository, run: Run
) -> None:
    result = await run("vanity", "--fail-on-vanity")
    assert result.exit_code == 1
    assert json.loads(result.stdout)["count"] == 6
    assert result.stderr.strip() == "upg: 6 vanity milestone(s) found (--fail-on-vanity)"
    assert (await run("milestones", "--fail-on-vanity")).exit_code == 1

    for node in demo.NODES:
        if node.title in demo.VANITY_TITLES:
            await link(demo_repo, node.id, demo.ACCOUNT_RENEWS.id, "VALIDATES")
    clean = await run("vanity", "--fail-on-vanity")
    assert clean.exit_code == 0, clean.output
    assert json.loads(clean.stdout) == {"vanity_milestones": [], "count": 0}
    assert (await run("milestones", "--fail-on-vanity")).exit_code == 0
    assert (await run("scores", "--max-vanity-share", "0")).exit_code == 0


async def test_max_vanity_share_exits_1_above_the_threshold(run: Run) -> None:
    # Demo shares: Analytics 2/7, CRM 4/11, Renewal 2/6, Trial 2/7.
    assert (await run("scores", "--max-vanity-share", "0.4")).exit_code == 0
    over = await run("scores", "--max-vanity-share", "0.3")
    assert over.exit_code == 1
    assert "CRM adoption health (36.4%)" in over.stderr
    assert "Renewal readiness (33.3%)" in over.stderr
    assert "Trial health" not in over.stderr
    assert (await run("scores", "--max-vanity-share", "1.5")).exit_code == 2


async def test_scores_rows(run: Run) -> None:
    body = json.loads((await run("scores")).stdout)
    assert body["count"] == 4
    trial = next(r for r in body["health_scores"] if r["title"] == "Trial health")
    assert trial == {
        "id": demo.TRIAL_HEALTH.id,
        "title": "Trial health",
        "total_weight": 7.0,
        "vanity_weight": 2.0,
        "vanity_share": 2.0 / 7.0,
        "vanity_milestones": [
            {"id": demo.PROFILE_COMPLETED.id, "title": "Profile completed", "weight": 1.0},
            {"id": demo.WATCHED_TUTORIAL.id, "title": "Watched the tutorial", "weight": 1.0},
        ],
    }


async def test_outcomes_and_milestones_rows(run: Run) -> None:
    outcomes = json.loads((await run("outcomes")).stdout)
    assert outcomes == {
        "unmeasured_outcomes": [
            {
                "id": demo.SELF_SERVE.id,
                "title": "Onboarded without a call",
                "status": "active",
                "tags": ["experience"],
            },
            {
                "id": demo.SECOND_DEPARTMENT.id,
                "title": "Second department adopts",
                "status": "active",
                "tags": ["expansion"],
            },
        ],
        "count": 2,
    }
    milestones = json.loads((await run("milestones", "--product", "Lumen Analytics")).stdout)
    classes = {row["title"]: row["classification"] for row in milestones["milestones"]}
    assert classes == {
        "Dark mode enabled": "ORPHAN",
        "Data warehouse connected": "VANITY",
        "First dashboard shared with a stakeholder": "VALIDATED",
        "Results presented to the board": "VALIDATED",
        "Seats added after the first quarter": "VANITY",
        "Weekly report scheduled": "UNTRACKED",
    }
    board = next(r for r in milestones["milestones"] if r["title"] == demo.BOARD.title)
    assert set(board) == {
        "id",
        "title",
        "classification",
        "milestone_type",
        "status",
        "tags",
        "products",
        "scores",
        "outcomes",
    }
    assert [s["title"] for s in board["scores"]] == ["Analytics engagement", "Renewal readiness"]
    assert board["outcomes"] == [{"id": demo.ACCOUNT_RENEWS.id, "title": "Account renews"}]


async def test_every_format(run: Run) -> None:
    as_json = json.loads((await run("vanity", "--format", "json")).stdout)["vanity_milestones"]
    ndjson = (await run("vanity", "--format", "ndjson")).stdout.splitlines()
    assert [json.loads(line) for line in ndjson] == as_json

    rows = list(csv.DictReader(io.StringIO((await run("vanity", "-f", "csv")).stdout)))
    assert [r["title"] for r in rows] == ALL_VANITY
    assert rows[0].keys() == {
        "title",
        "milestone_type",
        "status",
        "products",
        "scores",
        "weight",
        "tags",
        "id",
    }
    assert rows[0]["scores"] == "Analytics engagement (2)"

    table = (await run("vanity", "--format", "table")).stdout
    assert "Vanity milestones" in table
    for title in ("Profile completed", "Watched the tutorial"):
        assert title in table
    for command in ("scores", "outcomes", "milestones"):
        for fmt in ("table", "json", "csv", "ndjson"):
            result = await run(command, "--format", fmt)
            assert result.exit_code == 0 and result.stdout, (command, fmt)


async def test_output_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "vanity.csv"
    result = await run("vanity", "--format", "csv", "--output", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert "wrote 6 vanity milestones" in result.stderr
    assert target.read_text(encoding="utf-8").startswith("title,milestone_type,")
    default = tmp_path / "vanity.out"
    await run("vanity", "-o", str(default))  # a file is not a terminal: json
    assert json.loads(default.read_text(encoding="utf-8"))["count"] == 6
    bad = await run("vanity", "-o", str(tmp_path / "missing" / "x.json"))
    assert bad.exit_code == 2 and bad.stderr.startswith("upg: error: cannot write")


async def test_report_writes_html(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = await run("report", "--html", str(target))
    assert result.exit_code == 0, result.output
    page = target.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    for title in demo.VANITY_TITLES:
        assert title in page
    assert (await run("report", "--html", str(target), "--fail-on-vanity")).exit_code == 1
    assert (await run("report", "--html", "-")).stdout.startswith("<!DOCTYPE html>")


async def test_token_needs_api(run: Run) -> None:
    result = await run("vanity", "--token", "secret")
    assert result.exit_code == 2
    assert result.stderr.strip() == "upg: error: --token is only used with --api URL"


async def test_usage_errors_exit_2(run: Run) -> None:
    assert (await run("vanity", "--format", "nope")).exit_code == 2
    assert (await run("report")).exit_code == 2  # --html is required


async def test_help_documents_formats_and_fields(run: Run) -> None:
    group = " ".join((await run("--help")).stdout.split())
    assert "Exit codes: 0 ran; 1 a threshold was crossed" in group
    vanity = " ".join((await run("vanity", "--help")).stdout.split())
    assert "table when stdout is a terminal, json otherwise" in vanity
    assert '{"vanity_milestones": [row...], "count": N}' in vanity
    assert "{id, title, milestone_type, status, tags: [str]," in vanity


async def test_empty_graph(run: Run) -> None:
    repo = InMemoryRepository()
    await create_node(repo, "PRODUCT", {"title": "Empty"})
    result = await asyncio.to_thread(invoke, repo, "vanity", "--format", "table")
    assert result.exit_code == 0
    assert "No vanity milestones" in result.stdout
    report = await asyncio.to_thread(invoke, repo, "report", "--html", "-")
    assert "This product celebrates no milestone yet." in report.stdout


def test_default_format_is_table_on_a_terminal_only(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(sys.stdout, "isatty", lambda: True)
    assert pick_format(None, None) == "table"
    assert pick_format(None, "-") == "table"
    assert pick_format(None, "out.json") == "json"  # a file is not a terminal
    assert pick_format("csv", None) == "csv"
    monkeypatch.setattr(sys.stdout, "isatty", lambda: False)
    assert pick_format(None, None) == "json"
