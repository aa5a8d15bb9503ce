"""Headless Chromium (Debian's `chromium` package) driven by Playwright's Python API.

Playwright never downloads a browser here: it launches the system Chromium. A missing Chromium
or Playwright fails the test with what to install; it never skips.
"""

from __future__ import annotations

import shutil
from collections.abc import AsyncIterator
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

# The CLI fixtures (test Neo4j environment, demo graph, in-process `upg audit`).
from tests.integration.cli.conftest import cli_env, demo_graph, run

if TYPE_CHECKING:
    from playwright.async_api import Page

__all__ = ["ARTIFACTS", "cli_env", "demo_graph", "page", "run"]

REPO = Path(__file__).resolve().parents[3]
ARTIFACTS = REPO / ".upg" / "test-artifacts"
"""Screenshots the browser tests leave behind for people to look at."""

CHROMIUM_FLAGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
CHROMIUM_CANDIDATES = ("chromium", "chromium-browser")
INSTALL_HINT = (
    "install Debian's Chromium: `apt-get install chromium` (scripts/install does it when "
    "UPG_INSTALL_CHROMIUM=1)"
)


def chromium_executable() -> str:
    for name in CHROMIUM_CANDIDATES:
        found = shutil.which(name)
        if found:
            return found
    if Path("/usr/bin/chromium").is_file():
        return "/usr/bin/chromium"
    pytest.fail(f"Chromium is needed for the browser tests and was not found: {INSTALL_HINT}")


@pytest.fixture
async def page(tmp_path: Path) -> AsyncIterator[Page]:
    """A page of a fresh headless Chromium (its own profile directory)."""
    try:
        from playwright.async_api import async_playwright
    except ImportError:
        pytest.fail("Playwright is needed for the browser tests: pip install -e '.[dev]'")
    executable = chromium_executable()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    async with async_playwright() as playwright:
        context = await playwright.chromium.launch_persistent_context(
            str(tmp_path / "chromium-profile"),
            executable_path=executable,
            args=CHROMIUM_FLAGS,
            headless=True,
            viewport={"width": 1280, "height": 900},
        )
        try:
            yield context.pages[0] if context.pages else await context.new_page()
        finally:
            await context.close()
