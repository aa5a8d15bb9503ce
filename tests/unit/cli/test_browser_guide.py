"""The Neo4j Browser guide endpoint and style sheet (served by the API at /browser-guide)."""

from __future__ import annotations

import html
import re

import httpx
from starlette.applications import Starlette

from upg.api import guide
from upg.graph import cypher
from upg.model.registry import (
    ACCOUNT_EDGE_TYPES,
    ACCOUNT_LABEL,
    BASE_LABEL,
    EDGE_TYPES,
    NODE_TYPES,
)
from upg.services import demo

BROWSER = "http://localhost:7474"


def client() -> httpx.AsyncClient:
    transport = httpx.ASGITransport(app=Starlette(routes=guide.routes))
    return httpx.AsyncClient(transport=transport, base_url="http://localhost:8000")


async def get(
    path: str, headers: dict[str, str] | None = None, params: dict[str, str] | None = None
) -> httpx.Response:
    async with client() as http:
        return await http.get(path, headers=headers, params=params)


async def test_guide_is_a_browser_guide_with_cors() -> None:
    response = await get("/browser-guide", headers={"Origin": BROWSER})
    assert response.status_code == 200
    assert response.headers["content-type"].startswith("text/html")
    assert response.headers["access-control-allow-origin"] == "*"
    page = response.text
    assert page.startswith('<article class="guide">')
    assert "{{" not in page and "<!--" not in page
    assert page.count("<slide ") == 10
    assert 'class="pre-scrollable code runnable"' in page
    assert ":style http://localhost:8000/browser-guide?file=upg.grass" in page
    assert ":play http://localhost:8000/browser-guide" in page


async def test_browser_preflight_is_allowed() -> None:
    async with client() as http:
        response = await http.options(
            "/browser-guide",
            headers={
                "Origin": BROWSER,
                "Access-Control-Request-Method": "GET",
                "Access-Control-Request-Headers": "pragma,cache-control",
            },
        )
    assert response.status_code == 204
    assert response.headers["access-control-allow-origin"] == "*"
    allowed = response.headers["access-control-allow-headers"]
    assert "pragma" in allowed and "cache-control" in allowed


async def test_style_sheet_is_served_with_cors() -> None:
    response = await get("/browser-guide", params={"file": "upg.grass"})
    assert response.status_code == 200
    assert response.headers["access-control-allow-origin"] == "*"
    assert response.text == (cypher.cypher_root() / "browser" / "upg.grass").read_text()
    assert (await get("/browser-guide", params={"file": "../x"})).status_code == 404


def runnable_blocks(page: str) -> list[str]:
    blocks = re.findall(
        r'<pre mode="cypher" class="pre-scrollable code runnable">(.*?)</pre>', page, re.S
    )
    return [html.unescape(block) for block in blocks]


async def test_audit_queries_come_from_the_cypher_files() -> None:
    page = (await get("/browser-guide")).text
    blocks = runnable_blocks(page)
    for name in cypher.names("audit"):
        raw = (cypher.cypher_root() / f"{name}.cypher").read_text().strip()
        assert raw in blocks, f"{name}.cypher is not in the guide as written"
    for name in cypher.names("browser"):
        raw = (cypher.cypher_root() / f"{name}.cypher").read_text().strip()
        assert raw in blocks, f"{name}.cypher is not in the guide as written"
    scoped = [b for b in blocks if f":param productId => '{demo.DOCFLOW.id}';" in b]
    assert len(scoped) == 2  # vanity milestones and milestone audit, for DocFlow
    assert any(f":param healthScoreId => '{demo.TRIAL_HEALTH.id}';" in b for b in blocks)
    assert "CALL db.schema.visualization()" in blocks
    assert any(":param accountId => 'journey-1-stalled-docflow-00000';" in b for b in blocks)
    assert (cypher.cypher_root() / "accounts" / "route.cypher").read_text().strip() in blocks


async def test_model_slide_lists_the_registry() -> None:
    page = html.unescape((await get("/browser-guide")).text)
    for node in NODE_TYPES:
        assert f":{node.label}" in page
    for edge in EDGE_TYPES:
        assert f"(:{edge.source})-[:{edge.type}]->(:{edge.target})" in page


def parse_grass(text: str) -> dict[str, dict[str, str]]:
    """Neo4j Browser's grass parser (graphStyle.ts), transcribed: only single quotes are strings,
    rules cannot nest, a value cannot hold ':' or ';'."""
    rules: dict[str, str] = {}
    inside_string = inside_props = False
    keyword = props = ""
    for char in text:
        if char == "{" and not inside_string:
            inside_props = True
            continue
        if char == "}" and not inside_string:
            inside_props = False
            rules[keyword] = props
            keyword = props = ""
            continue
        if char == "'":
            inside_string = not inside_string
            continue
        if inside_props:
            props += char
        elif not char.isspace():
            keyword += char
    parsed: dict[str, dict[str, str]] = {}
    for selector, body in rules.items():
        parsed[selector] = {}
        for prop in body.split(";"):
            parts = prop.split(":")
            if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
                parsed[selector][parts[0].strip()] = parts[1].strip()
    return parsed


def test_grass_styles_every_label_and_relationship() -> None:
    sheet = parse_grass(guide.grass())
    assert set(sheet) == {
        "node",
        f"node.{BASE_LABEL}",  # else Browser picks a colour for it that hides the others
        "relationship",
        *(f"node.{t.label}" for t in NODE_TYPES),
        *(f"relationship.{e.type}" for e in EDGE_TYPES),
        f"node.{ACCOUNT_LABEL}",
        *(f"relationship.{e.type}" for e in ACCOUNT_EDGE_TYPES),
    }
    assert sheet[f"node.{ACCOUNT_LABEL}"]["caption"] == "{name}"
    colours = set()
    for node in NODE_TYPES:
        rule = sheet[f"node.{node.label}"]
        assert rule["caption"] == "{title}"
        assert re.fullmatch(r"#[0-9A-F]{6}", rule["color"])
        colours.add(rule["color"])
    assert len(colours) == len(NODE_TYPES)
    assert sheet["relationship"]["caption"] == "<type>"
    assert sheet["relationship.CONTAINS"]["caption"] == "{weight}"
    order = list(sheet)
    assert all(
        order.index(f"node.{BASE_LABEL}") < order.index(f"node.{t.label}") for t in NODE_TYPES
    )
    assert '"' not in guide.grass()  # Browser's parser only knows single quotes
