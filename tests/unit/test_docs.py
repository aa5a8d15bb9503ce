"""The README documents every setting (upg.config.DOCUMENTED)."""

from __future__ import annotations

from pathlib import Path

import pytest

from upg.config import DOCUMENTED

README = Path(__file__).resolve().parents[2] / "README.md"


@pytest.mark.parametrize("name", sorted(DOCUMENTED))
def test_readme_documents_setting(name: str) -> None:
    assert f"`{name}`" in README.read_text(encoding="utf-8"), f"README.md lacks {name}"
