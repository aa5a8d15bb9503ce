"""`upg demo`: load the demo graph."""

from __future__ import annotations

import asyncio

import click

from upg.config import load_settings
from upg.graph.driver import connected
from upg.services.demo import load_demo


@click.group()
def demo() -> None:
    """Demo data: the DocFlow worked example and two more products."""


@demo.command("load")
def load() -> None:
    """Load the demo graph (idempotent: loading twice changes nothing)."""

    async def run() -> tuple[int, int]:
        async with connected(load_settings()) as repo:
            return await load_demo(repo)

    nodes, edges = asyncio.run(run())
    if nodes or edges:
        click.echo(f"Demo graph loaded: {nodes} nodes and {edges} edges created.")
    else:
        click.echo("Demo graph already loaded: nothing changed.")
