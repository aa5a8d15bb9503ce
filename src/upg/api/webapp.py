"""The web app (`web/`, built by Vite into `web/dist`) at `/`, beside the API at `/graphql`.

Files of the build are served as they are: hashed assets (`/assets/...`) cached for a year,
`index.html` never cached (it names the current assets). A path under one of the app's PAGES
(`/products`, `/milestones/<id>`) gets `index.html` and the app's router (web/src/router.ts)
draws it, so deep links and reloads work; any other path is 404 (a route switched off, like
`/metrics` in production, stays 404). When the app is not built, `/` and the pages answer 404
with how to build it; the API works either way. From a checkout the app is web/dist; installed
(the Docker image) it is `<prefix>/share/upg/web`, where the Dockerfile copies the build.
"""

from __future__ import annotations

import sys
from pathlib import Path, PurePosixPath

from starlette.requests import Request
from starlette.responses import FileResponse, HTMLResponse, PlainTextResponse, Response
from starlette.routing import Route

CHECKOUT_DIST = Path(__file__).resolve().parents[3] / "web" / "dist"
"""Where `npm run build` (in web/) writes the app, in a checkout."""
INSTALLED_DIST = Path(sys.prefix) / "share" / "upg" / "web"
"""Where an installed upg finds the built app (the Dockerfile copies web/dist there)."""
DIST = CHECKOUT_DIST if (CHECKOUT_DIST.parent / "package.json").is_file() else INSTALLED_DIST
"""The app served: the checkout's build when upg runs from a checkout, else the installed one."""

NOT_BUILT = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>upg: the web app is not built</title></head>
<body style="font-family: system-ui, sans-serif; max-width: 40em; margin: 3em auto">
<h1>The web app is not built</h1>
<p>The API is up at <a href="/graphql">/graphql</a>. To build the app, from the checkout:</p>
<pre>cd web &amp;&amp; npm ci &amp;&amp; npm run build</pre>
<p>(<code>make run</code> does it for you), then reload this page.</p>
</body></html>
"""

SECURITY_HEADERS = {
    # The app only talks to its own origin (the API) and runs only its own scripts.
    "Content-Security-Policy": (
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "object-src 'none'; base-uri 'none'; frame-ancestors 'none'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
}
IMMUTABLE = "public, max-age=31536000, immutable"
ANY_METHOD = ["GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"]
PAGES = frozenset({"products", "health-scores", "milestones", "search", "accounts"})
"""The first path segment of every page of the app (web/src/router.ts has the same list)."""


def routes(dist: Path = DIST) -> list[Route]:
    """The app's routes; add them after every other route (the last one matches any path)."""

    async def page(request: Request) -> Response:
        path = PurePosixPath("/", request.path_params.get("path", ""))
        if request.method not in ("GET", "HEAD") or ".." in path.parts:
            return PlainTextResponse("Not Found", 404)
        relative = str(path).lstrip("/")
        index = dist / "index.html"
        if not index.is_file():
            if relative and path.parts[1] not in PAGES:
                return PlainTextResponse("Not Found", 404)
            return HTMLResponse(NOT_BUILT, 404, headers=SECURITY_HEADERS)
        found = (dist / relative).resolve() if relative else index
        if relative and found.is_file() and found.is_relative_to(dist.resolve()):
            cache = IMMUTABLE if relative.startswith("assets/") else "no-cache"
            return FileResponse(found, headers={**SECURITY_HEADERS, "Cache-Control": cache})
        if relative and (path.parts[1] not in PAGES or path.suffix):
            return PlainTextResponse("Not Found", 404)
        return FileResponse(index, headers={**SECURITY_HEADERS, "Cache-Control": "no-cache"})

    return [
        # Every method: the others get 404 as from a server without these routes, not 405.
        Route("/", page, methods=ANY_METHOD),
        Route("/{path:path}", page, methods=ANY_METHOD),
    ]
