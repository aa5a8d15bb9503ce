"""The Host check: requests that name another host get 400 (DNS rebinding).

A web page on `evil.example` whose name is re-pointed at 127.0.0.1 can make the victim's browser
send GET queries to a local API as same-origin requests; the browser still sends
`Host: evil.example`, so refusing unknown hosts closes that door. Health probes are exempt:
load balancers and Kubernetes send the pod's address as Host, and the answers hold nothing.
"""

from __future__ import annotations

from collections.abc import Sequence

from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.types import ASGIApp, Receive, Scope, Send

PROBES = frozenset({"/healthz", "/readyz"})


class HostCheck:
    """Starlette's TrustedHostMiddleware for every path but the health probes."""

    def __init__(self, app: ASGIApp, allowed_hosts: Sequence[str]) -> None:
        self.app = app
        self.checked = TrustedHostMiddleware(app, allowed_hosts=allowed_hosts, www_redirect=False)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] in PROBES:
            await self.app(scope, receive, send)
            return
        await self.checked(scope, receive, send)
