import pytest

from upg.errors import Invalid
from upg.model.registry import (
    ACCOUNT_EDGE_TYPES,
    ACCOUNT_LABEL,
    EDGE_TYPES,
    NODE_TYPES,
    account_edge_type,
    check_endpoint,
    edge_type,
    labels,
    node_type,
)


def test_node_types_of_the_customer_success_region() -> None:
    assert labels() == ("Product", "Outcome", "CustomerHealthScore", "SuccessMilestone")
    assert node_type("SUCCESS_MILESTONE").lifecycle.name == "WORK_ITEM"


def test_edge_types_with_endpoints_and_kinds() -> None:
    assert [(e.type, e.source, e.target, e.kind) for e in EDGE_TYPES] == [
        ("CELEBRATES_VIA", "Product", "SuccessMilestone", "hierarchy"),
        ("CONTAINS", "CustomerHealthScore", "SuccessMilestone", "hierarchy"),
        ("VALIDATES", "SuccessMilestone", "Outcome", "cross-domain"),
    ]
    assert [e.type for e in EDGE_TYPES if e.weighted] == ["CONTAINS"]


def test_domain_card_names() -> None:
    assert {e.name for e in EDGE_TYPES} == {
        "product_celebrates_via_success_milestone",
        "customer_health_score_contains_success_milestone",
        "success_milestone_validates_outcome",
    }


def test_unknown_types_are_invalid_and_list_the_known_ones() -> None:
    with pytest.raises(Invalid, match="CELEBRATES_VIA, CONTAINS, VALIDATES"):
        edge_type("LIKES")
    with pytest.raises(Invalid, match="PRODUCT"):
        node_type("Person")


def test_labels_are_safe_identifiers() -> None:
    # Labels and types reach Cypher from here as parameters: they must be plain identifiers.
    for name in [*labels(), *(e.type for e in EDGE_TYPES)]:
        assert name.isidentifier()


def test_endpoint_check() -> None:
    validates = edge_type("VALIDATES")
    check_endpoint(validates, "toId", "x", "OUTCOME", "Outcome")
    with pytest.raises(Invalid) as caught:
        check_endpoint(validates, "toId", "x", "PRODUCT", "Outcome")
    assert caught.value.field == "toId"
    assert "VALIDATES goes from SuccessMilestone to Outcome" in caught.value.message
    assert len(NODE_TYPES) == 4


def test_account_edges_are_registered_apart_from_the_linkable_ones() -> None:
    assert [(e.type, e.source, e.target) for e in ACCOUNT_EDGE_TYPES] == [
        ("USES", ACCOUNT_LABEL, "Product"),
        ("REACHED", ACCOUNT_LABEL, "SuccessMilestone"),
        ("ACHIEVED", ACCOUNT_LABEL, "Outcome"),
        ("DESIRES", ACCOUNT_LABEL, "Outcome"),
    ]
    assert account_edge_type("DESIRES").name == "account_desires_outcome"
    assert not {e.type for e in ACCOUNT_EDGE_TYPES} & {e.type for e in EDGE_TYPES}
    with pytest.raises(Invalid, match="DESIRES"):
        account_edge_type("CONTAINS")
