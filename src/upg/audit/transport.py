"""How the audit CLI reaches a running API: whether a token would cross the network in clear."""

from __future__ import annotations

from ipaddress import ip_address
from urllib.parse import urlsplit


def sends_token_in_clear(url: str, token: str | None) -> bool:
    """A token would travel over plain HTTP to a host other than this machine (loopback)."""
    parts = urlsplit(url)
    if not token or parts.scheme != "http":
        return False
    host = (parts.hostname or "").rstrip(".").lower()
    if host == "localhost" or host.endswith(".localhost"):
        return False
    try:
        return not ip_address(host).is_loopback
    except ValueError:
        return True
