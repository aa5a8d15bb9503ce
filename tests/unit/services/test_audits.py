from tests.unit.fakes import InMemoryRepository
from upg.model.audit import MilestoneClass
from upg.model.registry import edge_type
from upg.services import audits, demo


async def test_demo_tells_the_worked_example() -> None:
    repo = InMemoryRepository()
    assert await demo.load_demo(repo) == (len(demo.NODES), len(demo.EDGES))
    assert await demo.load_demo(repo) == (0, 0)

    vanity = await audits.vanity_milestones(repo)
    assert {v.milestone.title for v in vanity.items} == demo.VANITY_TITLES

    trial = await audits.health_score_audit(repo, demo.TRIAL_HEALTH.id)
    assert (trial.total_weight, trial.vanity_weight) == (7.0, 2.0)
    heaviest = max(
        (await repo.neighbours([demo.TRIAL_HEALTH.id], edge_type("CONTAINS"), True, 0, None))[
            demo.TRIAL_HEALTH.id
        ].items,
        key=lambda linked: linked.weight or 0,
    )
    assert heaviest.node.title == demo.SECOND_EDITOR.title

    classes = {e.milestone.title: e.classification for e in await audits.milestone_audit(repo)}
    assert set(classes.values()) == set(MilestoneClass)
    assert classes[demo.SECOND_EDITOR.title] is MilestoneClass.VALIDATED
    assert classes[demo.DARK_MODE.title] is MilestoneClass.ORPHAN
    gaps = await audits.unmeasured_outcomes(repo)
    assert {o.title for o in gaps.items} == {demo.SELF_SERVE.title, demo.SECOND_DEPARTMENT.title}
