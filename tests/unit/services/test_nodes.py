import pytest

from tests.unit.fakes import InMemoryRepository
from upg.errors import Conflict, Invalid, NotFound
from upg.model.query import NodeFilter, Order
from upg.services import nodes


@pytest.fixture
def repo() -> InMemoryRepository:
    return InMemoryRepository()


async def test_create_sets_initial_status_and_server_id(repo: InMemoryRepository) -> None:
    milestone = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "Profile completed"})
    assert milestone.status == "todo"
    assert milestone.achieved is False
    assert len(milestone.id) == 36
    product = await nodes.create_node(repo, "PRODUCT", {"title": "DocFlow"})
    assert product.status == "active"


async def test_created_done_milestone_is_achieved(repo: InMemoryRepository) -> None:
    milestone = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "m", "status": "done"})
    assert milestone.achieved is True


async def test_create_refuses_a_status_outside_the_lifecycle(repo: InMemoryRepository) -> None:
    with pytest.raises(Invalid) as caught:
        await nodes.create_node(repo, "PRODUCT", {"title": "p", "status": "todo"})
    assert caught.value.field == "status"
    assert repo.nodes == {}


async def test_transition_keeps_achieved_in_step(repo: InMemoryRepository) -> None:
    m = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "m"})
    m = await nodes.transition_milestone(repo, m.id, "in_progress")
    assert (m.status, m.achieved) == ("in_progress", False)
    m = await nodes.transition_milestone(repo, m.id, "done")
    assert (m.status, m.achieved) == ("done", True)
    with pytest.raises(Conflict):
        await nodes.transition_milestone(repo, m.id, "cancelled")
    m = await nodes.transition_milestone(repo, m.id, "in_progress")
    assert m.achieved is False


async def test_transition_only_moves_milestones(repo: InMemoryRepository) -> None:
    p = await nodes.create_node(repo, "PRODUCT", {"title": "p"})
    with pytest.raises(Invalid, match="not a success milestone"):
        await nodes.transition_milestone(repo, p.id, "done")


async def test_update_rules(repo: InMemoryRepository) -> None:
    p = await nodes.create_node(repo, "PRODUCT", {"title": "p", "description": "d"})
    updated = await nodes.update_node(repo, p.id, {"description": None, "tags": ["x", "x"]})
    assert updated.description is None
    assert updated.tags == ("x",)
    with pytest.raises(Invalid) as caught:
        await nodes.update_node(repo, p.id, {"milestone_type": "trial"})
    assert caught.value.field == "milestone_type"
    with pytest.raises(Invalid) as caught:
        await nodes.update_node(repo, p.id, {"title": None})
    assert caught.value.field == "title"
    with pytest.raises(Conflict):
        await nodes.update_node(repo, p.id, {"status": "planned"})
    retired = await nodes.update_node(repo, p.id, {"status": "retired"})
    assert retired.status == "retired"


async def test_ids_must_be_uuids(repo: InMemoryRepository) -> None:
    with pytest.raises(Invalid) as caught:
        await nodes.get_node(repo, "42")
    assert caught.value.field == "id"
    with pytest.raises(NotFound):
        await nodes.get_node(repo, "00000000-0000-4000-8000-000000000000")


async def test_link_checks_types_and_weights(repo: InMemoryRepository) -> None:
    score = await nodes.create_node(repo, "CUSTOMER_HEALTH_SCORE", {"title": "s"})
    milestone = await nodes.create_node(repo, "SUCCESS_MILESTONE", {"title": "m"})
    outcome = await nodes.create_node(repo, "OUTCOME", {"title": "o"})
    edge = await nodes.link(repo, score.id, milestone.id, "CONTAINS")
    assert edge.weight == 1.0
    edge = await nodes.link(repo, score.id, milestone.id, "CONTAINS", 3)
    assert edge.weight == 3
    assert len(repo.edges) == 1
    for bad in (0, -1, float("nan"), float("inf")):
        with pytest.raises(Invalid) as caught:
            await nodes.link(repo, score.id, milestone.id, "CONTAINS", bad)
        assert caught.value.field == "weight"
    with pytest.raises(Invalid) as caught:
        await nodes.link(repo, milestone.id, outcome.id, "VALIDATES", 2)
    assert caught.value.field == "weight"
    with pytest.raises(Invalid) as caught:
        await nodes.link(repo, outcome.id, milestone.id, "VALIDATES")
    assert caught.value.field == "fromId"
    with pytest.raises(Invalid) as caught:
        await nodes.link(repo, milestone.id, outcome.id, "LIKES")
    assert caught.value.field == "type"


async def test_page_bounds(repo: InMemoryRepository) -> None:
    for first in (0, 101):
        with pytest.raises(Invalid) as caught:
            await nodes.list_nodes(repo, "PRODUCT", NodeFilter(), [], first, 0)
        assert caught.value.field == "first"
    with pytest.raises(Invalid) as caught:
        await nodes.list_nodes(repo, "PRODUCT", NodeFilter(), [Order("colour")], 5, 0)
    assert caught.value.field == "orderBy"


async def test_a_create_sent_again_with_its_id_is_a_replay(repo: InMemoryRepository) -> None:
    data = {
        "id": "6f1c2a52-3a7e-4f6e-9d55-1c7f0f7f3c01",
        "title": "Second editor",
        "tags": ["collab", "collab"],
        "milestone_type": "trial",
        "target_date": "2026-12-01",
    }
    first = await nodes.create_node(repo, "SUCCESS_MILESTONE", dict(data))
    again = await nodes.create_node(repo, "SUCCESS_MILESTONE", dict(data))
    assert again == first and len(repo.nodes) == 1
    with pytest.raises(Conflict) as caught:
        await nodes.create_node(repo, "SUCCESS_MILESTONE", {**data, "title": "Other"})
    assert caught.value.field == "id" and "other content" in caught.value.message
    with pytest.raises(Conflict):
        await nodes.create_node(repo, "PRODUCT", {"id": data["id"], "title": "Second editor"})
