"""The HTML report: self-contained, escaped, vanity in red, one picture per product."""

from __future__ import annotations

import re
from datetime import UTC, datetime
from html.parser import HTMLParser

from tests.unit.fakes import InMemoryRepository
from upg.audit.graph_source import GraphSource
from upg.audit.snapshot import AuditSnapshot, snapshot
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref
from upg.model.evidence import StoredEvidence, Table, Verdict, evaluate
from upg.model.nodes import Node
from upg.report.html import render
from upg.report.layout import wrap
from upg.services import demo


class _Collect(HTMLParser):
    """Tags, attributes and text of a page (checks it parses and what it would fetch)."""

    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.text: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))

    def handle_data(self, data: str) -> None:
        self.text.append(data)


def parse(page: str) -> _Collect:
    collected = _Collect()
    collected.feed(page)
    collected.close()
    return collected


async def demo_page() -> str:
    repo = InMemoryRepository()
    await demo.load_demo(repo)
    return render(await snapshot(GraphSource(repo)))


async def test_one_picture_per_product_with_vanity_in_red() -> None:
    page = await demo_page()
    parsed = parse(page)
    svgs = [attrs for tag, attrs in parsed.tags if tag == "svg"]
    assert len(svgs) == 3
    vanity_boxes = {
        attrs["data-title"]
        for tag, attrs in parsed.tags
        if tag == "g" and "vanity" in (attrs.get("class") or "").split()
    }
    assert vanity_boxes == demo.VANITY_TITLES
    text = "".join(parsed.text)
    for title in demo.VANITY_TITLES | {demo.SELF_SERVE.title, demo.SECOND_DEPARTMENT.title}:
        assert title in text
    assert "28.6%" in text and "36.4%" in text  # the score table's vanity shares


async def test_self_contained() -> None:
    page = await demo_page()
    parsed = parse(page)
    assert not [tag for tag, _ in parsed.tags if tag in {"script", "link", "img", "iframe"}]
    urls = re.findall(r"(?:src|href)\s*=", page)
    assert urls == []
    assert set(re.findall(r"https?://[^\s\"'<>]+", page)) == {"http://www.w3.org/2000/svg"}


async def test_same_graph_same_bytes() -> None:
    assert await demo_page() == await demo_page()


def test_every_text_is_escaped() -> None:
    evil = '<script>alert("x")</script> & "quotes"'
    entry = MilestoneAuditEntry(
        Node(id='id"><u>', type="SUCCESS_MILESTONE", title=evil, status="todo", tags=(evil,)),
        MilestoneClass.VANITY,
        (Ref("p", evil),),
        (Ref("s", evil, 1.0),),
        (),
    )
    page = render(AuditSnapshot((Ref("p", evil),), (entry,), (), ()), title=evil)
    assert "<script" not in page
    assert "<u>" not in page
    assert "&lt;script&gt;" in page
    parse(page)


def test_milestones_without_product_get_their_own_picture() -> None:
    entry = MilestoneAuditEntry(
        Node(id="m", type="SUCCESS_MILESTONE", title="Lonely", status="todo"),
        MilestoneClass.ORPHAN,
        (),
        (),
        (),
    )
    page = render(AuditSnapshot((), (entry,), (), ()))
    assert "Milestones no product celebrates" in page
    assert page.count("<svg") == 1


def test_stored_evidence_shows_as_badges_and_a_table() -> None:
    evil = '<u>"Outcome"</u>'
    milestone = Node(id="m", type="SUCCESS_MILESTONE", title="Second editor", status="done")
    entry = MilestoneAuditEntry(
        milestone, MilestoneClass.VALIDATED, (Ref("p", "DocFlow"),), (), (Ref("o", evil),)
    )
    [computed] = evaluate([("m", "o", Table(290, 210, 45, 455))])
    assert computed.verdict is Verdict.VALIDATED
    stored = StoredEvidence(computed, datetime(2026, 11, 23, tzinfo=UTC))
    page = render(AuditSnapshot((Ref("p", "DocFlow"),), (entry,), (), (), (stored,)))
    parse(page)
    assert "<u>" not in page and "&lt;u&gt;" in page
    assert page.count('<span class="verdict VALIDATED" title="58.0% vs 9.0%, n=1000">') == 2
    assert '<h2 id="evidence">Evidence (1)</h2>' in page
    assert "+49.0 pts" in page and "2026-11-23" in page
    assert 'path class="edge validates VALIDATED"' in page
    without = render(AuditSnapshot((Ref("p", "DocFlow"),), (entry,), (), ()))
    assert "No evidence stored yet" in without
    assert 'class="verdict VALIDATED"' not in without


def test_wrap() -> None:
    assert wrap("Short", 200) == ["Short"]
    lines = wrap("Second teammate edits a shared document within 3 days", 290)
    assert len(lines) == 2 and " ".join(lines).startswith("Second teammate")
    long = wrap("word " * 40, 100)
    assert len(long) == 2 and long[-1].endswith("…")
