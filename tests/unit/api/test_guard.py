"""Which role an operation needs, from its root fields (fragments included)."""

from __future__ import annotations

import pytest
from graphql import parse

from upg.api.guard import needed_role, refusal
from upg.model.auth import Principal, Role


@pytest.mark.parametrize(
    ("document", "role"),
    [
        ("{ products { totalCount } }", Role.READER),
        ("query { vanityMilestones { totalCount } }", Role.READER),
        ("{ apiTokens { name } }", Role.ADMIN),
        ('mutation { deleteNode(id: "x") }', Role.EDITOR),
        ("mutation { computeEvidence { pairs { totalCount } } }", Role.ADMIN),
        ('mutation { createApiToken(name: "n", role: READER) { secret } }', Role.ADMIN),
        (
            "fragment F on Mutation { computeEvidence { pairs { totalCount } } } mutation { ...F }",
            Role.ADMIN,
        ),
        ("query { ... on Query { apiTokens { name } } }", Role.ADMIN),
    ],
)
def test_needed_role(document: str, role: Role) -> None:
    assert needed_role(parse(document), None)[0] is role


def test_a_reader_may_not_mutate_and_is_told_why() -> None:
    reader = Principal("dash", Role.READER, "jwt", "jwt:dash")
    error = refusal(reader, parse('mutation { deleteNode(id: "x") }'), None)
    assert error is not None
    assert error.extensions == {"code": "FORBIDDEN", "requiredRole": "editor"}
    assert "mutation needs the editor role; dash has reader" in error.message
    editor = Principal("ci", Role.EDITOR, "api_key", "api_key:1")
    assert refusal(editor, parse('mutation { deleteNode(id: "x") }'), None) is None
    assert refusal(editor, parse("mutation { computeEvidence { asOf } }"), None) is not None


def test_nobody_may_run_anything() -> None:
    error = refusal(None, parse("{ products { totalCount } }"), None)
    assert error is not None and error.extensions == {"code": "UNAUTHENTICATED"}
