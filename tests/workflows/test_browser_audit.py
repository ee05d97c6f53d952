"""An auditor's tools in a real browser: Audit from the navigation, a history
reached through the register, two issues compared with the picker, the audit trail
downloaded through its form, and axe's WCAG 2.1 AA checks of those pages."""

import csv
import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, LAPTOP = {"width": 360, "height": 740}, {"width": 1366, "height": 800}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


def test_the_auditor_compares_two_issues_reached_from_audit_and_the_register(
    browser,  # noqa: F811
    demo,  # noqa: F811
    tmp_path,
):
    # The demo's incident procedure has three issues: 1.0, 1.1 and 2.0.
    page = browser.new_context(viewport=LAPTOP).new_page()
    log_in(page, demo, "auditor")
    page.get_by_role("navigation", name="Main").get_by_role(
        "link", name="Audit", exact=True
    ).click()
    expect(page.get_by_role("heading", name="Audit", exact=True)).to_be_visible()
    page.screenshot(path=tmp_path / "audit.png", full_page=True)

    page.get_by_role("link", name="The register today").click()
    page.get_by_role("link", name="PRC-004", exact=True).click()
    expect(page).to_have_url(f"{demo}/documents/PRC-004/history/")
    page.screenshot(path=tmp_path / "history.png", full_page=True)
    # A sign-off time in words, its exact value kept for machines.
    signed = page.locator(".sign-offs time").first
    expect(signed).to_have_text(re.compile(r"^\d{1,2} \w{3} \d{4}, \d\d:\d\d$"))
    expect(signed).to_have_attribute("datetime", re.compile(r"T\d\d:\d\d.*[+-]\d\d:"))

    picker = page.get_by_role("group", name="Compare two issues")
    picker.get_by_label("From").select_option("1.0")
    picker.get_by_label("To").select_option("1.1")
    picker.get_by_role("button", name="Compare").click()
    expect(page).to_have_url(f"{demo}/documents/PRC-004/diff/1.0/1.1/")
    expect(page.locator("h1")).to_contain_text("1.0 → 1.1")
    expect(page.locator("ins").first).to_be_visible()

    page.go_back()
    page.get_by_role("link", name=re.compile("Compare with previous")).first.click()
    expect(page).to_have_url(f"{demo}/documents/PRC-004/diff/1.1/2.0/")


def test_the_auditor_downloads_one_documents_trail_through_the_form(
    browser,  # noqa: F811
    demo,  # noqa: F811
):
    page = browser.new_context(viewport=LAPTOP).new_page()
    log_in(page, demo, "auditor", next_path="/audit/")
    form = page.get_by_role("group", name="Download the audit trail")
    form.get_by_label("Document number").fill("PRC-004")
    form.get_by_label("Format").select_option("csv")
    with page.expect_download() as download:
        form.get_by_role("button", name="Download").click()
    with open(download.value.path(), newline="", encoding="utf-8") as file:
        rows = list(csv.DictReader(file))
    assert rows
    assert {row["document"] for row in rows} == {"PRC-004"}


def test_the_audit_page_and_history_pass_axe_and_fit_a_phone(
    browser,  # noqa: F811
    demo,  # noqa: F811
):
    axe, failures, wide = Axe(), {}, {}
    for viewport in (PHONE, LAPTOP):
        page = browser.new_context(viewport=viewport).new_page()
        log_in(page, demo, "auditor")
        for name, path in [
            ("audit", "/audit/"),
            ("history", "/documents/PRC-004/history/"),
        ]:
            page.goto(f"{demo}{path}")
            where = f"{name} at {viewport['width']}px"
            report = axe.run(page, options=AXE_OPTIONS)
            if report.violations_count:
                failures[where] = report.generate_report()
            if overflow := page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            ):
                wide[where] = overflow
    assert failures == {}
    assert wide == {}
