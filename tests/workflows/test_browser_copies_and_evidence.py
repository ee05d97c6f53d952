"""The pages of issue 14 in a real browser: the check page of a printout,
controlled copies, evidence packs and the Word import form fit a phone, pass
axe's WCAG 2.1 AA rules and break no Content-Security-Policy rule."""

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
PAGES = {
    "approver": [
        ("check page of a superseded issue", "/check/PRC-004/1.0/"),
        ("document's copies", "/documents/PRC-004/copies/"),
        ("copies register", "/copies/"),
        ("evidence packs", "/evidence/"),
    ],
    "ingrid": [
        ("my copies", "/copies/mine/"),
        ("import a new document", "/documents/import/"),
        ("import into a document", "/documents/PRC-004/import/"),
    ],
}


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360px", "1366px"])
def test_the_new_pages_fit_the_screen_and_pass_axe(browser, demo, viewport):  # noqa: F811
    axe, failures, wide = Axe(), {}, {}
    for username, pages in PAGES.items():
        page = browser.new_context(viewport=viewport).new_page()
        log_in(page, demo, username)
        for name, path in pages:
            response = page.goto(f"{demo}{path}")
            assert response.status == 200, (name, response.status)
            if overflow := page.evaluate(
                "document.documentElement.scrollWidth"
                " - document.documentElement.clientWidth"
            ):
                wide[name] = overflow
            report = axe.run(page, options=AXE_OPTIONS)
            if report.violations_count:
                failures[name] = report.generate_report()
    assert (wide, failures) == ({}, {})


def test_the_check_page_says_in_one_line_that_a_printout_is_superseded(
    browser,  # noqa: F811
    demo,  # noqa: F811
):
    page = browser.new_context(viewport=PHONE).new_page()
    log_in(page, demo, "staff", next_path="/check/PRC-004/1.0/")
    expect(page.get_by_text("superseded", exact=False).first).to_be_visible()
    page.get_by_role("link", name="2.0", exact=False).first.click()
    expect(page.locator(".document-header")).to_contain_text("2.0")
