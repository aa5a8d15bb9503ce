"""docs/audit-cli.md and docs/browser.md cannot drift from the code they describe."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click
import pytest

from upg.api.guide import GUIDE_PATH, STYLE_FILE
from upg.cli import listings, output
from upg.cli.audit import audit
from upg.graph import cypher
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, ScoreAudit, VanityMilestone
from upg.model.evidence import Table, evaluate
from upg.model.nodes import Node
from upg.services.evidence import EvidenceRow

DOCS = Path(__file__).resolve().parents[3] / "docs"
AUDIT_DOC = (DOCS / "audit-cli.md").read_text(encoding="utf-8")
BROWSER_DOC = (DOCS / "browser.md").read_text(encoding="utf-8")

NODE = Node(id="n", type="SUCCESS_MILESTONE", title="N", status="todo")
LISTINGS = [
    listings.vanity_listing([VanityMilestone(NODE, (), ())]),
    listings.score_listing([ScoreAudit(NODE, 1.0, 0.0, ())]),
    listings.outcome_listing([NODE]),
    listings.milestone_listing([MilestoneAuditEntry(NODE, MilestoneClass.ORPHAN, (), (), ())]),
    listings.evidence_listing(
        [EvidenceRow(evaluate([("n", "o", Table(5, 5, 1, 9))])[0], NODE, NODE, True)],
        datetime(2026, 11, 23, tzinfo=UTC),
    ),
]


@pytest.mark.parametrize("listing", LISTINGS, ids=lambda listing: listing.key)
def test_every_json_field_is_documented(listing: listings.Listing) -> None:
    section = AUDIT_DOC.split(f"→ `{listing.key}`", 1)[1].split("\n### ", 1)[0]
    for field in listing.rows[0]:
        assert f"| `{field}` |" in section, f"{listing.key}.{field} is not documented"
    assert f"`{listing.key}`" in AUDIT_DOC.split("## Where", 1)[0]


def test_every_command_and_option_is_documented() -> None:
    assert isinstance(audit, click.Group)
    for name, command in audit.commands.items():
        assert f"`upg audit {name}" in AUDIT_DOC, name
        for param in command.params:
            for opt in param.opts:
                if opt.startswith("--") and opt != "--help":
                    assert f"`{opt}" in AUDIT_DOC or f"{opt} " in AUDIT_DOC, (name, opt)
    for fmt in output.FORMATS:
        assert f"`{fmt}`" in AUDIT_DOC
    for code in ("| 0 |", "| 1 |", "| 2 |"):
        assert code in AUDIT_DOC
    for cls in MilestoneClass:
        assert f"`{cls.value}`" in AUDIT_DOC


def test_browser_doc_names_the_guide_the_style_and_every_browser_query() -> None:
    assert f":play http://localhost:8000{GUIDE_PATH}" in BROWSER_DOC
    assert f":style http://localhost:8000{GUIDE_PATH}?file={STYLE_FILE}" in BROWSER_DOC
    assert ":style reset" in BROWSER_DOC
    for name in cypher.names("browser") + cypher.names("audit"):
        assert Path(name).name in BROWSER_DOC, name
