"""The image builds the web app and installs it where an installed upg serves it from (checked
statically: Docker is not needed to run the tests)."""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path

from upg.api import webapp

REPO = Path(__file__).resolve().parents[2]


def _stages(dockerfile: str) -> dict[str, str]:
    """Each build stage's text by its name (the last, unnamed one is 'runtime')."""
    stages: dict[str, str] = {}
    for block in re.split(r"^(?=FROM )", dockerfile, flags=re.MULTILINE)[1:]:
        named = re.match(r"FROM \S+ AS (\w+)", block)
        stages[named.group(1) if named else "runtime"] = block
    return stages


def test_a_node_stage_builds_the_app_as_make_web_does() -> None:
    web = _stages((REPO / "Dockerfile").read_text())["web"]
    image = re.match(r"FROM node:(\d+)-", web)
    engines = json.loads((REPO / "web" / "package.json").read_text())["engines"]["node"]
    minimum = re.match(r">=(\d+)", engines)
    assert image is not None and minimum is not None
    assert int(image.group(1)) >= int(minimum.group(1))
    assert "npm ci" in web and "RUN scripts/build-web\n" in web
    for source in re.findall(r"^COPY (\S+(?: \S+)*) \S+$", web, flags=re.MULTILINE):
        for path in source.split():
            assert (REPO / path).exists(), path  # the sources it copies are in the checkout


def test_the_runtime_copies_the_build_where_installed_upg_serves_it() -> None:
    runtime = _stages((REPO / "Dockerfile").read_text())["runtime"]
    assert runtime.startswith("FROM python:3.11-slim")  # its sys.prefix is /usr/local
    served = Path("/usr/local") / webapp.INSTALLED_DIST.relative_to(sys.prefix)
    assert f"COPY --from=web /src/web/dist {served}\n" in runtime
    # A checkout serves its own web/dist (make run, the web tests).
    assert webapp.DIST == webapp.CHECKOUT_DIST == REPO / "web" / "dist"


def test_the_build_context_leaves_out_local_builds_and_modules() -> None:
    ignored = (REPO / ".dockerignore").read_text().split()
    assert {"web/node_modules", "web/dist", "web/src/generated"} <= set(ignored)
    compose = (REPO / "docker-compose.yml").read_text()
    assert "    build: .\n" in compose and "web app at http://localhost:8000/" in compose
