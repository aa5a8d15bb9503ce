"""The web app's routes: built files as they are, pages of the app get index.html (deep links),
everything else 404; without a build, `/` says how to build it."""

from __future__ import annotations

from pathlib import Path

import httpx
import pytest
from starlette.applications import Starlette
from starlette.routing import Route

from upg.api import webapp
from upg.api.webapp import PAGES

INDEX = "<!doctype html><title>app</title>"


async def send(dist: Path, path: str, method: str = "GET") -> httpx.Response:
    async def api(request: object) -> None:  # pragma: no cover - never reached
        raise AssertionError

    app = Starlette(routes=[Route("/graphql", api), *webapp.routes(dist)])
    transport = httpx.ASGITransport(app=app)
    async with httpx.AsyncClient(transport=transport, base_url="http://upg.test") as client:
        return await client.request(method, path)


@pytest.fixture
def dist(tmp_path: Path) -> Path:
    (tmp_path / "assets").mkdir()
    (tmp_path / "index.html").write_text(INDEX)
    (tmp_path / "assets" / "index-abc123.js").write_text("console.log(1)")
    (tmp_path / "favicon.svg").write_text("<svg/>")
    (tmp_path.parent / "secret.txt").write_text("no")
    return tmp_path


@pytest.mark.parametrize(
    "path",
    ["/", "/products", "/products/3f1c", "/health-scores", "/milestones/abc", "/search?q=x y"],
)
async def test_pages_get_the_app(dist: Path, path: str) -> None:
    response = await send(dist, path)
    assert (response.status_code, response.text) == (200, INDEX)
    assert response.headers["cache-control"] == "no-cache"
    assert "default-src 'self'" in response.headers["content-security-policy"]


async def test_files_are_served_and_assets_cached_for_good(dist: Path) -> None:
    asset = await send(dist, "/assets/index-abc123.js")
    assert (asset.status_code, asset.text) == (200, "console.log(1)")
    assert "immutable" in asset.headers["cache-control"]
    assert (await send(dist, "/favicon.svg")).headers["cache-control"] == "no-cache"


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/metrics"),  # a route switched off stays 404, not the app
        ("GET", "/browser-guide"),
        ("GET", "/assets/missing.js"),
        ("GET", "/products/x.js"),
        ("GET", "/../secret.txt"),
        ("GET", "/assets/../../secret.txt"),
        ("GET", "/%2e%2e/secret.txt"),
        ("POST", "/products"),
        ("OPTIONS", "/browser-guide"),
    ],
)
async def test_anything_else_is_404(dist: Path, method: str, path: str) -> None:
    response = await send(dist, path, method)
    assert response.status_code == 404
    assert response.text == "Not Found"


async def test_without_a_build_the_pages_say_how_to_build_it(tmp_path: Path) -> None:
    for path in ("/", "/products"):
        response = await send(tmp_path / "dist", path)
        assert response.status_code == 404
        assert "npm ci &amp;&amp; npm run build" in response.text
        assert "make run" in response.text
    assert (await send(tmp_path / "dist", "/metrics")).text == "Not Found"


def test_the_app_and_the_server_agree_on_the_pages() -> None:
    router = (Path(__file__).resolve().parents[3] / "web" / "src" / "router.ts").read_text()
    line = next(x for x in router.splitlines() if x.startswith("export const PAGES"))
    listed = {part.strip(' "') for part in line.split("[")[1].split("]")[0].split(",")}
    assert listed == PAGES
