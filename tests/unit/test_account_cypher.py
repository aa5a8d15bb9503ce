"""The accounts statements that share text stay equal: filters and fact projections."""

from upg.graph.cypher import load


def _between(name: str, start: str, end: str | None) -> str:
    text = load(name)
    body = text[text.index(start) :]
    return body if end is None else body[: body.index(end)]


def test_pages_and_count_filter_alike() -> None:
    filters = {
        name: _between(name, "WHERE a.signed_up_at", "\nWITH" if "page" in name else "\nRETURN")
        for name in ("accounts/page", "accounts/page_desc", "accounts/count")
    }
    assert len(set(filters.values())) == 1
    assert "a.route_state = $state" in filters["accounts/count"]


def test_pages_project_the_facts_as_the_facts_statement_does() -> None:
    facts = _between("accounts/facts", "RETURN a.id AS id", None)
    for name in ("accounts/page", "accounts/page_desc"):
        assert _between(name, "RETURN a.id AS id", None) == facts
    assert "ORDER BY a.signed_up_at DESC, a.id DESC" in load("accounts/page_desc")
    assert "ORDER BY a.signed_up_at, a.id" in load("accounts/page")
