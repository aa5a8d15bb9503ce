"""Audit rows and formats: stable names, sorted lists, one row per line or record."""

from __future__ import annotations

import csv
import io
import json

from upg.audit import display
from upg.cli import listings, output
from upg.model.audit import MilestoneAuditEntry, MilestoneClass, Ref, ScoreAudit, VanityMilestone
from upg.model.nodes import Node


def milestone(
    id_: str, title: str, tags: tuple[str, ...] = (), milestone_type: str | None = None
) -> Node:
    return Node(
        id=id_,
        type="SUCCESS_MILESTONE",
        title=title,
        status="todo",
        tags=tags,
        milestone_type=milestone_type,
    )


def test_vanity_rows_sort_refs_and_lists() -> None:
    items = [
        VanityMilestone(
            milestone("b", "Beta", tags=("x",), milestone_type="trial"),
            (Ref("p2", "Zed"), Ref("p1", "Alpha")),
            (Ref("s2", "Zed score", 2.0), Ref("s1", "A score", 0.5)),
        ),
        VanityMilestone(milestone("a", "Alpha"), (), ()),
    ]
    listing = listings.vanity_listing(items)
    assert [row["title"] for row in listing.rows] == ["Alpha", "Beta"]
    beta = listing.rows[1]
    assert beta["products"] == [{"id": "p1", "title": "Alpha"}, {"id": "p2", "title": "Zed"}]
    assert [s["title"] for s in beta["scores"]] == ["A score", "Zed score"]
    assert beta["weight"] == 2.5
    assert listing.rows[0]["weight"] == 0.0


def test_json_envelope_ndjson_and_csv() -> None:
    listing = listings.outcome_listing(
        [
            Node(
                id="o1",
                type="OUTCOME",
                title='Say "hi", then, go',
                status="active",
                tags=("a", "b"),
            )
        ]
    )
    assert json.loads(output.render(listing, "json")) == {
        "unmeasured_outcomes": [
            {"id": "o1", "title": 'Say "hi", then, go', "status": "active", "tags": ["a", "b"]}
        ],
        "count": 1,
    }
    assert output.render(listing, "ndjson").count("\n") == 1
    rows = list(csv.reader(io.StringIO(output.render(listing, "csv"))))
    assert rows == [
        ["title", "status", "tags", "id"],
        ['Say "hi", then, go', "active", "a; b", "o1"],
    ]
    assert output.render(listings.outcome_listing([]), "ndjson") == ""
    assert json.loads(output.render(listings.outcome_listing([]), "json"))["count"] == 0


def test_unicode_is_kept_as_is() -> None:
    listing = listings.outcome_listing([Node(id="o", type="OUTCOME", title="Café ✓", status="x")])
    assert "Café ✓" in output.render(listing, "json")
    assert "Café ✓" in output.render(listing, "table")


def test_score_rows_and_share() -> None:
    audit = ScoreAudit(
        Node(id="s", type="CUSTOMER_HEALTH_SCORE", title="S", status="active"),
        8.0,
        2.0,
        (Ref("m", "M", 2.0),),
    )
    [row] = listings.score_listing([audit]).rows
    assert row == {
        "id": "s",
        "title": "S",
        "total_weight": 8.0,
        "vanity_weight": 2.0,
        "vanity_share": 0.25,
        "vanity_milestones": [{"id": "m", "title": "M", "weight": 2.0}],
    }
    text = output.render(listings.score_listing([audit], 0.2), "table")
    assert "25.0%" in text


def test_milestone_rows() -> None:
    entry = MilestoneAuditEntry(
        milestone("m", "M", milestone_type="adoption"),
        MilestoneClass.UNTRACKED,
        (Ref("p", "P"),),
        (),
        (Ref("o", "O"),),
    )
    [row] = listings.milestone_listing([entry]).rows
    assert row["classification"] == "UNTRACKED"
    assert row["outcomes"] == [{"id": "o", "title": "O"}]
    assert list(row) == [
        "id",
        "title",
        "classification",
        "milestone_type",
        "status",
        "tags",
        "products",
        "scores",
        "outcomes",
    ]


def test_numbers_and_empty_tables() -> None:
    assert display.number(5.0) == "5"
    assert display.number(2.5) == "2.5"
    assert display.number(None) == ""
    assert display.percent(2 / 7) == "28.6%"
    assert "No vanity milestones" in output.render(listings.vanity_listing([]), "table")
