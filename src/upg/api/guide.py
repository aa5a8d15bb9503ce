"""The Neo4j Browser guide: `:play http://localhost:8000/browser-guide`.

The page is the Jinja template `cypher/browser/guide.html` (autoescaped), given the files the
service layer runs (`cypher/audit/*.cypher`), the schema registry and the demo's ids, so the
guide cannot drift from the code. `GET /browser-guide?file=upg.grass` serves the Browser style
sheet that the guide's first slide loads with `:style <url>`.

Browser fetches guides and style sheets from another origin (its own page is on port 7474) with
`pragma` and `cache-control` headers, so the browser sends a CORS preflight first: both answers
carry CORS headers, and OPTIONS is answered here too.
"""

from __future__ import annotations

import re
from functools import cache

import jinja2
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
def _template() -> jinja2.Template:
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(cypher.cypher_root() / "browser"),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    return env.get_template("guide.html")


def render_guide(*, guide_url: str, style_url: str) -> str:
    """The guide's HTML (an unknown name in the template is an error, not an empty string)."""
    page = _template().render(
        file=_raw,
        query=cypher.load,
        scoped=lambda name, param, type_key, title: _scoped(name, param, demo_id(type_key, title)),
        style_url=style_url,
        guide_url=guide_url,
        node_types=NODE_TYPES,
        edge_types=EDGE_TYPES,
    )
    return page.strip() + "\n"


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
