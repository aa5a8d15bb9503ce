import pytest

from upg.model.audit import MilestoneClass, ScoreAudit, classify, vanity_share
from upg.model.nodes import Node


@pytest.mark.parametrize(
    ("feeds", "validates", "expected"),
    [
        (True, True, MilestoneClass.VALIDATED),
        (True, False, MilestoneClass.VANITY),
        (False, True, MilestoneClass.UNTRACKED),
        (False, False, MilestoneClass.ORPHAN),
    ],
)
def test_classify(feeds: bool, validates: bool, expected: MilestoneClass) -> None:
    assert classify(feeds, validates) is expected


def test_vanity_share() -> None:
    assert vanity_share(7.0, 2.0) == pytest.approx(2 / 7)
    assert vanity_share(0.0, 0.0) == 0.0


def test_score_audit_share() -> None:
    score = Node(id="s", type="CUSTOMER_HEALTH_SCORE", title="Trial health", status="active")
    assert ScoreAudit(score, 8.0, 2.0, ()).vanity_share == 0.25
