"""`upg serve`: the GraphQL API under uvicorn."""

from __future__ import annotations

import click

from upg.config import load_settings
from upg.observability import logs


@click.command()
@click.option("--host", default=None, help="Address to listen on (default: UPG_HOST or 127.0.0.1).")
@click.option(
    "--port", type=click.IntRange(1, 65535), default=None, help="Port (default: UPG_PORT or 8000)."
)
def serve(host: str | None, port: int | None) -> None:
    """Serve the GraphQL API at /graphql and the web app at / (with /healthz and /readyz)."""
    import uvicorn

    from upg.api.app import create_app

    settings = load_settings()
    if settings.anonymous_read:
        click.secho(
            "WARNING: UPG_ANONYMOUS_READ is on: anyone who reaches this port can query the graph "
            "without a token (read-only). For local development only.",
            fg="yellow",
            bold=True,
            err=True,
        )
    # The process's logging: set up here, where the process starts, not in create_app (a
    # library call must not reconfigure the logging of whoever embeds the app).
    logs.setup(settings.log_format)
    uvicorn.run(
        create_app(settings),
        host=host or settings.host,
        port=port or settings.port,
        log_level="info",
        log_config=logs.uvicorn_config(settings.log_format),
        # upg logs a line per /graphql request (with more in it); JSON logs keep that line only.
        access_log=settings.log_format == "text",
    )
