"""The Neo4j Browser guide: `:play http://localhost:8000/browser-guide`.

The page is `cypher/browser/guide.html` with its placeholders filled from the files the service
layer runs (`cypher/audit/*.cypher`), the schema registry and the demo's ids, so the guide cannot
drift from the code. `GET /browser-guide?file=upg.grass` serves the Browser style sheet that the
guide's first slide loads with `:style <url>`.

Browser fetches guides and style sheets from another origin (its own page is on port 7474) with
`pragma` and `cache-control` headers, so the browser sends a CORS preflight first: both answers
carry CORS headers, and OPTIONS is answered here too.
"""

from __future__ import annotations

import re
from functools import cache
from html import escape

from starlette.requests import Request
from starlette.responses import PlainTextResponse, Response
from starlette.routing import Route

from upg.graph import cypher
from upg.model.registry import EDGE_TYPES, NODE_TYPES
from upg.services.demo import demo_id

GUIDE_PATH = "/browser-guide"
STYLE_FILE = "upg.grass"

CORS_HEADERS = {
    "Access-Control-Allow-Origin": "*",
    "Access-Control-Allow-Methods": "GET, HEAD, OPTIONS",
    # Browser adds pragma and cache-control, and sometimes Sentry's sentry-trace and baggage.
    "Access-Control-Allow-Headers": (
        "pragma, cache-control, content-type, authorization, sentry-trace, baggage"
    ),
    "Access-Control-Max-Age": "600",
}

_PLACEHOLDER = re.compile(r"\{\{([a-z_]+)(?::([^{}]*))?\}\}")
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)


async def browser_guide(request: Request) -> Response:
    """The guide page (or, with `?file=upg.grass`, the Browser style sheet), with CORS headers."""
    if request.method == "OPTIONS":
        return Response(status_code=204, headers=CORS_HEADERS)
    wanted = request.query_params.get("file")
    if wanted == STYLE_FILE:
        return PlainTextResponse(grass(), headers=CORS_HEADERS)
    if wanted is not None:
        return PlainTextResponse(f"no such file: {wanted}", status_code=404, headers=CORS_HEADERS)
    guide_url = str(request.url.replace(query="", fragment=""))
    page = render_guide(guide_url=guide_url, style_url=f"{guide_url}?file={STYLE_FILE}")
    return Response(page, media_type="text/html; charset=utf-8", headers=CORS_HEADERS)


routes = [Route(GUIDE_PATH, browser_guide, methods=["GET", "HEAD", "OPTIONS"])]
"""Mount with `Starlette(routes=[..., *guide.routes])`: OPTIONS answers Browser's preflight."""


@cache
def grass() -> str:
    """cypher/browser/upg.grass."""
    return (cypher.cypher_root() / "browser" / STYLE_FILE).read_text(encoding="utf-8")


@cache
def _template() -> str:
    text = (cypher.cypher_root() / "browser" / "guide.html").read_text(encoding="utf-8")
    return _COMMENT.sub("", text).strip() + "\n"


def render_guide(*, guide_url: str, style_url: str) -> str:
    """The guide's HTML with every placeholder filled (a KeyError names an unknown one)."""

    def fill(match: re.Match[str]) -> str:
        name, arg = match.group(1), match.group(2)
        if name == "file":
            return escape(_raw(arg))
        if name == "query":
            return escape(cypher.load(arg))
        if name == "scoped":
            file, param, type_key, title = arg.split(":", 3)
            return escape(_scoped(file, param, demo_id(type_key, title)))
        if name == "style_url":
            return escape(style_url)
        if name == "guide_url":
            return escape(guide_url)
        if name == "model":
            return model_tables()
        raise KeyError(f"unknown placeholder {match.group(0)} in guide.html")

    return _PLACEHOLDER.sub(fill, _template())


def _raw(name: str) -> str:
    """A .cypher file as written: comments and `:param` lines kept, for pasting into Browser."""
    path = cypher.cypher_root() / f"{name}.cypher"
    return path.read_text(encoding="utf-8").strip()


def _scoped(name: str, param: str, value: str) -> str:
    """The file as written, with `:param <param>` set to `value` (a demo id) instead of null."""
    pattern = re.compile(rf"^:param {re.escape(param)} =>.*$", re.MULTILINE)
    text, count = pattern.subn(f":param {param} => '{value}';", _raw(name))
    if count != 1:
        raise KeyError(f"{name}.cypher has no `:param {param}` line")
    return text


def model_tables() -> str:
    """The registry's node and relationship types as two small HTML tables."""
    nodes = "".join(
        f"<tr><td><code>:{escape(t.label)}</code></td><td>{escape(t.description)}</td>"
        f"<td>{escape(t.lifecycle.name)}: {escape(', '.join(t.lifecycle.states))}</td></tr>"
        for t in NODE_TYPES
    )
    edges = "".join(
        f"<tr><td><code>(:{escape(e.source)})-[:{escape(e.type)}]->(:{escape(e.target)})</code>"
        f"</td><td>{escape(e.description)}</td></tr>"
        for e in EDGE_TYPES
    )
    return (
        '<table class="table table-condensed"><thead><tr><th>Label</th><th>What it is</th>'
        f"<th>Status lifecycle</th></tr></thead><tbody>{nodes}</tbody></table>"
        '<table class="table table-condensed"><thead><tr><th>Relationship</th>'
        f"<th>Meaning</th></tr></thead><tbody>{edges}</tbody></table>"
    )
