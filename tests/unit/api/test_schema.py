"""The exported SDL matches the live schema; enums follow the registry; limits are on."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from upg.api import types as t
from upg.api.schema import LIMITS, schema, sdl
from upg.cli.schema import schema as schema_cli
from upg.model.lifecycle import WORK_ITEM
from upg.model.registry import ACCOUNT_KEY, EDGE_TYPES, NODE_TYPES

REPO = Path(__file__).resolve().parents[3]
SDL_FILE = REPO / "graphql" / "schema.graphql"


def test_checked_in_sdl_is_the_live_schema() -> None:
    assert SDL_FILE.read_text(encoding="utf-8") == sdl(), (
        "graphql/schema.graphql is stale: run `upg schema export`"
    )


def test_export_writes_and_check_detects_drift(tmp_path: Path) -> None:
    target = tmp_path / "schema.graphql"
    runner = CliRunner()
    assert runner.invoke(schema_cli, ["export", "-o", str(target)]).exit_code == 0
    assert target.read_text(encoding="utf-8") == sdl()
    assert runner.invoke(schema_cli, ["export", "--check", "-o", str(target)]).exit_code == 0
    target.write_text(sdl() + "# edited by hand\n", encoding="utf-8")
    result = runner.invoke(schema_cli, ["export", "--check", "-o", str(target)])
    assert result.exit_code == 1
    assert "upg schema export" in result.output
    assert (
        runner.invoke(
            schema_cli, ["export", "--check", "-o", str(tmp_path / "missing.graphql")]
        ).exit_code
        == 1
    )


def test_enums_follow_the_registry() -> None:
    # Accounts are nodes of the API (node(id:)), not created through the registry's inputs.
    assert [e.value for e in t.NodeType] == [*(n.key for n in NODE_TYPES), ACCOUNT_KEY]
    assert [e.name for e in t.EdgeType] == [e.type for e in EDGE_TYPES]
    assert {e.value for e in t.MilestoneStatus} == set(WORK_ITEM.states)


def test_contract_names() -> None:
    text = sdl()
    for line in [
        "interface Node {",
        "type SuccessMilestone implements Node {",
        "  isVanity: Boolean!",
        "  node(id: ID!): Node",
        "  vanityMilestones(productId: ID, healthScoreId: ID, first: Int = 20, after: String): "
        "SuccessMilestoneConnection!",
        "  healthScoreAudit(id: ID!): HealthScoreAudit",
        "  milestoneAudit(productId: ID, first: Int = 20, after: String): "
        "MilestoneAuditEntryConnection!",
        "  healthScoreAudits(first: Int = 20, after: String): HealthScoreAuditConnection!",
        "  unmeasuredOutcomes(first: Int = 20, after: String): OutcomeConnection!",
        "  link(fromId: ID!, toId: ID!, type: EdgeType!, weight: Float): Edge!",
        "  transitionMilestone(id: ID!, to: MilestoneStatus!): SuccessMilestone!",
        "  updateNode(id: ID!, input: UpdateNodeInput!): Node!",
        "  deleteNode(id: ID!): ID!",
        "  unlink(fromId: ID!, toId: ID!, type: EdgeType!): Boolean!",
        "  milestoneType_in: [String!]",
        "  tags_includes_any: [String!]",
    ]:
        assert line in text, line


def test_every_request_is_limited() -> None:
    names = {type(make()).__name__ for make in schema.extensions}
    assert {"MaxTokensLimiter", "AddValidationRules"} <= names
    rules = {rule.__name__ for rule in LIMITS}
    assert rules == {"DepthLimitValidator", "MaxAliasesValidator"}
