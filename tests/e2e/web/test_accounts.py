"""The Accounts page, an account's route, the backtest panel and the activation trend, against
the real server and Neo4j (what `upg demo cohort` loads, evidence stored).

Screenshots land in .upg/test-artifacts/ (web-accounts.png, web-accounts-filtered.png,
web-account.png, web-backtest.png, web-activation.png).
"""

from __future__ import annotations

import re
from urllib.parse import quote

import pytest

from tests.e2e.web.conftest import Browser
from upg.model.journey import RouteStatus
from upg.services import demo
from upg.services.cohort_journeys import JourneySummary

PAGE_SIZE = 25
ROWS = "tr.account"


async def _ids(browser: Browser) -> list[str]:
    ids: list[str] = await browser.page.eval_on_selector_all(
        ROWS, "rows => rows.map(r => r.dataset.id)"
    )
    return ids


async def _statuses(browser: Browser) -> set[str]:
    statuses = await browser.page.eval_on_selector_all(
        ROWS, "rows => rows.map(r => r.dataset.status)"
    )
    return set(statuses)


async def test_accounts_list_statuses_filter_and_page_with_cursors(
    browser: Browser, journeys_graph: JourneySummary
) -> None:
    page = browser.page
    await browser.open("/accounts")
    await browser.sign_in("reader")
    await page.locator(ROWS).nth(PAGE_SIZE - 1).wait_for()
    first = await _ids(browser)
    assert len(first) == PAGE_SIZE == len(set(first))
    assert await _statuses(browser) <= {s.value for s in RouteStatus} | {""}
    assert await page.locator(f"{ROWS} .badge.status").count() > 0
    await browser.shot("web-accounts.png")
    # The next page (its cursor in the URL) shows other accounts; Back returns to the first.
    await page.get_by_role("link", name="Next page").click()
    await page.wait_for_url(re.compile(r"/accounts\?after="))
    await page.get_by_role("link", name="First page").wait_for()
    await page.locator(ROWS).first.wait_for()
    second = await _ids(browser)
    assert second and not set(second) & set(first)
    await page.go_back()
    await page.wait_for_url(re.compile(r"/accounts$"))
    await page.locator(ROWS).nth(PAGE_SIZE - 1).wait_for()
    assert await _ids(browser) == first
    # Filters: status STUCK (submitted from the keyboard): every row is STUCK, the journey's
    # stalled accounts among them.
    await page.select_option("#filter-status", "STUCK")
    await page.get_by_role("button", name="Filter").focus()
    await page.keyboard.press("Enter")
    await page.wait_for_url(re.compile(r"/accounts\?status=STUCK$"))
    await page.locator(f"{ROWS}[data-status=STUCK]").first.wait_for()
    assert await _statuses(browser) == {"STUCK"}
    stalled = {i for i, s in journeys_graph.expected.items() if s is RouteStatus.STUCK}
    assert stalled, "the journeys plan stalled accounts"
    # Product and play: Lumen's accounts that reached an expansion milestone.
    await page.select_option("#filter-status", "")
    await page.select_option("#filter-product", label=demo.LUMEN.title)
    await page.select_option("#filter-play", "EXPANSION")
    await page.get_by_role("button", name="Filter").click()
    await page.wait_for_url(re.compile(rf"/accounts\?product={demo.LUMEN.id}&play=EXPANSION$"))
    await page.locator(ROWS).first.wait_for()
    products = await page.eval_on_selector_all(
        f"{ROWS} td:nth-child(3)", "cells => cells.map(c => c.textContent)"
    )
    assert products and all(demo.LUMEN.title in p for p in products)
    expanding = set(journeys_graph.expanding_now)
    shown = set(await _ids(browser))
    assert expanding & shown or len(shown) == PAGE_SIZE
    await browser.shot("web-accounts-filtered.png")
    # A filter no account matches says so.
    await browser.open(f"/accounts?product={demo.PIPEMAIL.id}&play=ADVOCACY&status=ARRIVED")
    await page.locator(".empty, tr.account").first.wait_for()
    browser.assert_no_console_errors()


async def test_an_account_route_shows_reached_due_and_next(
    browser: Browser, journeys_graph: JourneySummary
) -> None:
    page = browser.page
    stalled = sorted(
        i
        for i, s in journeys_graph.expected.items()
        if s is RouteStatus.STUCK and "-stalled-docflow-" in i
    )[0]
    await browser.open(f"/accounts?status=STUCK&product={demo.DOCFLOW.id}")
    await browser.sign_in("reader")
    link = page.locator(f'{ROWS}[data-id="{stalled}"] a')
    await page.locator(ROWS).first.wait_for()
    if await link.count() == 0:  # not on the first page: a deep link reaches it too
        await browser.open(f"/accounts/{quote(stalled)}")
    else:
        await link.focus()
        await page.keyboard.press("Enter")  # keyboard alone
    await page.wait_for_url(re.compile(rf"/accounts/{re.escape(quote(stalled))}$"))
    account = page.locator(".account-page[data-status=STUCK]")
    await account.wait_for()
    assert (
        await page.locator(".destination strong").get_attribute("data-outcome")
        == demo.TRIAL_CONVERTS.title
    )
    next_step = page.locator("[data-step='Next step']")
    assert demo.SECOND_EDITOR.title in await next_step.inner_text()
    assert await next_step.locator("[data-state]").get_attribute("data-state") == "OVERDUE"
    assert "due 20" in await next_step.inner_text()
    steps = page.locator("tr.route-step")
    states = await steps.evaluate_all("rows => rows.map(r => r.dataset.state)")
    assert "OVERDUE" in states
    due = await page.locator("tr.route-step .due-at").all_inner_texts()
    assert due and all(re.fullmatch(r"\d{4}-\d{2}-\d{2}", d) for d in due)
    trial = page.locator(f'tr.account-score[data-title="{demo.TRIAL_HEALTH.title}"] .value')
    value = float(await trial.inner_text())
    assert 0 <= value <= 100
    await browser.shot("web-account.png")
    await page.go_back()
    await page.wait_for_url(re.compile(r"/accounts\?"))
    await page.locator(ROWS).first.wait_for()
    # An arrived account: its route's milestone reached, with when.
    arrived = sorted(i for i in journeys_graph.expected if "-arrived-docflow-" in i)[0]
    await browser.open(f"/accounts/{quote(arrived)}")
    await page.locator(".account-page[data-status=ARRIVED]").wait_for()
    reached = page.locator("tr.route-step[data-state=REACHED]")
    assert await reached.count() >= 1
    when = await reached.first.locator(".reached-at").inner_text()
    assert re.fullmatch(r"\d{4}-\d{2}-\d{2}", when)
    assert await page.locator("ol.reached li").count() >= 1
    browser.assert_no_console_errors()


@pytest.mark.usefixtures("cohort_graph")
async def test_the_backtest_panel_shows_a_verdict_and_roc_curves(browser: Browser) -> None:
    page = browser.page
    await browser.open(f"/health-scores/{demo.TRIAL_HEALTH.id}")
    await browser.sign_in("reader")
    verdict = page.locator(".backtest [data-verdict]")
    await verdict.wait_for()
    assert await verdict.get_attribute("data-verdict") in {
        "PREDICTIVE",
        "WEAK",
        "NOT_PREDICTIVE",
    }
    variants = await page.eval_on_selector_all(
        "figure.variant", "figures => figures.map(f => f.dataset.variant)"
    )
    assert variants == ["AS_WEIGHTED", "WITHOUT_VANITY", "SUGGESTED"]
    points = await page.eval_on_selector_all(
        "svg.roc polyline.curve", "lines => lines.map(l => l.points.numberOfItems)"
    )
    assert len(points) == 3 and all(n > 2 for n in points)
    bins = await page.eval_on_selector_all(
        "svg.calibration", "charts => charts.map(c => c.querySelectorAll('rect.observed').length)"
    )
    assert len(bins) == 3 and all(n >= 2 for n in bins)  # tied scores share a decile
    auc = await page.locator("figure.variant[data-variant=AS_WEIGHTED] .auc").inner_text()
    assert 0.5 < float(auc.split()[0]) <= 1
    await browser.shot("web-backtest.png")
    browser.assert_no_console_errors()


@pytest.mark.usefixtures("cohort_graph")
async def test_the_milestone_activation_trend_is_drawn(browser: Browser) -> None:
    page = browser.page
    await browser.open(f"/milestones/{demo.SECOND_EDITOR.id}")
    await browser.sign_in("reader")
    bars = page.locator("svg.activation g.cohort rect.reach")
    await bars.first.wait_for()
    rates = await page.eval_on_selector_all(
        "svg.activation g.cohort", "cohorts => cohorts.map(c => c.dataset.reachRate)"
    )
    reached = [float(r) for r in rates if r]
    assert reached and all(0 <= r <= 1 for r in reached) and max(reached) > 0
    assert await bars.count() == len(reached)
    assert await page.locator("svg.activation polyline.outcome-line").count() == 1
    medians = await page.locator(".activation-table td.median").all_inner_texts()
    assert any(m != "n/a" and float(m) >= 0 for m in medians)
    await page.locator("#activation").scroll_into_view_if_needed()
    await browser.shot("web-activation.png")
    browser.assert_no_console_errors()
