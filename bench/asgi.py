"""`uvicorn bench.asgi:create --factory`: upg's app exactly as `upg serve` builds it.

A factory (rather than `upg serve` itself) so the bench can pass uvicorn flags `upg serve` does
not expose: several workers, no access log.
"""

from __future__ import annotations

from starlette.applications import Starlette

from upg.api.app import create_app
from upg.config import load_settings
from upg.observability import logs


def create() -> Starlette:
    settings = load_settings()
    logs.setup(settings.log_format)
    return create_app(settings)


def create_unobserved() -> Starlette:
    """The same app without metrics, request logs or traces (bench/observability.py's baseline)."""
    settings = load_settings()
    logs.setup(settings.log_format)
    return create_app(settings, observe=False)
