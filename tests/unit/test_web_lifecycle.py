"""The web app's copy of the milestone lifecycle (web/src/lifecycle.json) is the model's: the
API tells a client the status, not the moves allowed from it, so the app carries the rule."""

from __future__ import annotations

import json
from pathlib import Path

from upg.model.lifecycle import WORK_ITEM

WEB_LIFECYCLE = Path(__file__).resolve().parents[2] / "web" / "src" / "lifecycle.json"


def test_the_web_apps_lifecycle_is_the_models() -> None:
    copy = json.loads(WEB_LIFECYCLE.read_text(encoding="utf-8"))
    assert copy == {
        "name": WORK_ITEM.name,
        "initial": WORK_ITEM.initial,
        "done": WORK_ITEM.done,
        "transitions": {state: sorted(to) for state, to in WORK_ITEM.transitions.items()},
    }
