"""`upg audit` on the real Neo4j: the demo's answers, formats, files and exit codes."""

from __future__ import annotations

import csv
import io
import json
import re
from pathlib import Path

import pytest
from neo4j import AsyncDriver

from tests.integration.cli.conftest import Run, Upg
from upg.graph import cypher
from upg.graph.repository import Neo4jRepository
from upg.services import demo
from upg.services.nodes import create_node, link

pytestmark = pytest.mark.usefixtures("demo_graph")


async def test_vanity_json_lists_exactly_the_demo_vanity_milestones(upg: Upg) -> None:
    done = await upg("audit", "vanity", "--format", "json")
    assert done.returncode == 0, done.stderr
    body = json.loads(done.stdout)
    titles = [row["title"] for row in body["vanity_milestones"]]
    assert titles == sorted(demo.VANITY_TITLES)
    assert body["count"] == len(demo.VANITY_TITLES)
    assert done.stderr == ""


async def test_default_format_when_piped_is_json(run: Run) -> None:
    result = await run("scores")
    assert json.loads(result.stdout)["count"] == 4


async def test_fail_on_vanity_exits_1_on_the_demo(upg: Upg) -> None:
    done = await upg("audit", "vanity", "--fail-on-vanity")
    assert done.returncode == 1
    assert done.stderr == "upg: 6 vanity milestone(s) found (--fail-on-vanity)\n"
    assert json.loads(done.stdout)["count"] == 6


async def test_fail_on_vanity_exits_0_once_every_milestone_validates_an_outcome(
    demo_graph: Neo4jRepository, run: Run, upg: Upg
) -> None:
    for node in demo.NODES:
        if node.title in demo.VANITY_TITLES:
            await link(demo_graph, node.id, demo.ACCOUNT_RENEWS.id, "VALIDATES")
    done = await upg("audit", "vanity", "--fail-on-vanity")
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout) == {"vanity_milestones": [], "count": 0}
    assert (await run("milestones", "--fail-on-vanity")).exit_code == 0
    assert (await run("scores", "--max-vanity-share", "0")).exit_code == 0


async def test_max_vanity_share(run: Run) -> None:
    over = await run("scores", "--max-vanity-share", "0.2")
    assert over.exit_code == 1
    assert over.stderr.startswith("upg: 4 health score(s) above vanity share 20.0%: ")
    assert (await run("scores", "--max-vanity-share", "0.5")).exit_code == 0


@pytest.mark.parametrize("command", ["vanity", "scores", "outcomes", "milestones"])
async def test_every_format(run: Run, command: str) -> None:
    as_json = json.loads((await run(command, "--format", "json")).stdout)
    [key] = [k for k in as_json if k != "count"]
    rows = as_json[key]
    assert as_json["count"] == len(rows) > 0

    ndjson = (await run(command, "--format", "ndjson")).stdout
    assert [json.loads(line) for line in ndjson.splitlines()] == rows

    table = list(csv.DictReader(io.StringIO((await run(command, "--format", "csv")).stdout)))
    assert [r["id"] for r in table] == [r["id"] for r in rows]
    assert [r["title"] for r in table] == [r["title"] for r in rows]

    text = (await run(command, "--format", "table")).stdout
    assert f"({len(rows)})" in text.splitlines()[0]
    assert rows[0]["title"] in text


async def test_output_file(run: Run, tmp_path: Path) -> None:
    target = tmp_path / "milestones.ndjson"
    result = await run("milestones", "-f", "ndjson", "-o", str(target))
    assert result.exit_code == 0
    assert result.stdout == ""
    assert result.stderr == f"upg: wrote 16 milestones to {target} (ndjson)\n"
    lines = target.read_text(encoding="utf-8").splitlines()
    classes = {json.loads(line)["classification"] for line in lines}
    assert len(lines) == 16 and classes == {"VALIDATED", "VANITY", "UNTRACKED", "ORPHAN"}


async def test_scopes_resolve_titles_and_ids(run: Run) -> None:
    async def titles(*args: str) -> list[str]:
        result = await run("vanity", *args)
        assert result.exit_code == 0, result.output
        return [r["title"] for r in json.loads(result.stdout)["vanity_milestones"]]

    assert await titles("--product", "pipemail") == [demo.TEMPLATES.title, demo.STREAK.title]
    assert await titles("--product", demo.PIPEMAIL.id) == [demo.TEMPLATES.title, demo.STREAK.title]
    assert await titles("--score", "Analytics engagement") == [demo.WAREHOUSE.title]
    assert await titles("--tag", "onboarding") == sorted(
        [demo.PROFILE_COMPLETED.title, demo.WATCHED_TUTORIAL.title, demo.TEMPLATES.title]
    )
    milestones = json.loads((await run("milestones", "--product", "DocFlow")).stdout)
    assert milestones["count"] == 5


async def test_unknown_product_exits_2_with_one_line(upg: Upg) -> None:
    done = await upg("audit", "vanity", "--product", "No such product")
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr == (
        "upg: error: no product titled 'No such product' (pass its exact title or its id)\n"
    )


async def test_ambiguous_product_exits_2(demo_graph: Neo4jRepository, run: Run) -> None:
    twin = await create_node(demo_graph, "PRODUCT", {"title": "docflow"})
    result = await run("vanity", "--product", "DocFlow")
    assert result.exit_code == 2
    assert demo.DOCFLOW.id in result.stderr and twin.id in result.stderr


async def test_unreachable_neo4j_exits_2_with_one_line(upg: Upg) -> None:
    done = await upg("audit", "vanity", env={"UPG_NEO4J_URI": "bolt://127.0.0.1:1"})
    assert done.returncode == 2
    assert done.stdout == ""
    assert done.stderr.count("\n") == 1, done.stderr
    assert done.stderr.startswith("upg: error: cannot reach Neo4j at bolt://127.0.0.1:1")
    assert "Traceback" not in done.stderr


async def test_unreachable_api_exits_2_with_one_line(run: Run) -> None:
    result = await run("outcomes", "--api", "http://127.0.0.1:1")
    assert result.exit_code == 2
    assert result.stderr.startswith("upg: error: cannot reach the upg API at http://127.0.0.1:1/")
    assert result.stderr.count("\n") == 1


async def test_usage_errors_exit_2(upg: Upg) -> None:
    done = await upg("audit", "vanity", "--format", "nope")
    assert done.returncode == 2
    assert "Traceback" not in done.stderr
    assert "'nope' is not one of" in done.stderr


async def test_report_html(upg: Upg, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    done = await upg("audit", "report", "--html", str(target))
    assert done.returncode == 0, done.stderr
    assert done.stderr == f"upg: wrote the report to {target} (3 products, 6 vanity milestones)\n"
    page = target.read_text(encoding="utf-8")
    vanity = set(
        re.findall(r'<g class="milestone VANITY vanity" data-id="[^"]+" data-title="([^"]+)"', page)
    )
    assert vanity == demo.VANITY_TITLES


BROWSER_QUERIES = cypher.names("browser")


def test_there_are_browser_queries() -> None:
    assert BROWSER_QUERIES == [
        "browser/account_route_graph",
        "browser/products_graph",
        "browser/success_gaps_graph",
        "browser/vanity_graph",
    ]


async def test_vanity_graph_shows_exactly_the_vanity_milestones(driver: AsyncDriver) -> None:
    records, _, _ = await driver.execute_query(cypher.load("browser/vanity_graph"))
    assert {r["m"]["title"] for r in records} == demo.VANITY_TITLES
    assert {r["contains"].type for r in records} == {"CONTAINS"}


async def test_products_graph_and_gaps_graph(driver: AsyncDriver) -> None:
    everything, _, _ = await driver.execute_query(
        cypher.load("browser/products_graph"), productTitle=None
    )
    assert {r["p"]["title"] for r in everything} == {"DocFlow", "PipeMail", "Lumen Analytics"}
    docflow, _, _ = await driver.execute_query(
        cypher.load("browser/products_graph"), productTitle="DocFlow"
    )
    assert {r["m"]["title"] for r in docflow} == {
        m.title
        for src, edge, m, _ in demo.EDGES
        if src is demo.DOCFLOW and edge == "CELEBRATES_VIA"
    }
    gaps, _, _ = await driver.execute_query(cypher.load("browser/success_gaps_graph"))
    alone = {r["o"]["title"] for r in gaps if r["m"] is None}
    assert alone == {demo.SELF_SERVE.title, demo.SECOND_DEPARTMENT.title}
