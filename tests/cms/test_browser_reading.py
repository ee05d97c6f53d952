"""Reading on any screen, in a real browser: no sideways scrolling on a phone, the
menu, contents and guidance beside the text on a laptop, and the journey from My
reading to an acknowledgement."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)
from workflows.models import Acknowledgement

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, LAPTOP = {"width": 360, "height": 740}, {"width": 1366, "height": 800}
STAFF_PAGES = [
    ("home", "/"),
    ("library", "/library/"),
    ("long procedure", "/documents/PRC-004/"),
    ("search", "/search/?q=major+incident+escalation"),
    ("history", "/documents/PRC-004/history/"),
    ("my reading", "/reading/"),
]


def page_at(browser, demo, viewport, username="staff"):  # noqa: F811
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, demo, username)
    return page


def sideways(page):
    """How many pixels the page is wider than the screen."""
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360px", "1366px"])
def test_no_page_staff_read_scrolls_sideways(browser, demo, viewport):  # noqa: F811
    page = page_at(browser, demo, viewport)
    wide = {}
    for name, path in STAFF_PAGES:
        page.goto(f"{demo}{path}")
        if overflow := sideways(page):
            wide[name] = overflow
    assert wide == {}


def test_on_a_phone_the_menu_folds_and_the_header_is_compact(browser, demo):  # noqa: F811
    page = page_at(browser, demo, PHONE)
    menu = page.get_by_role("button", name="Menu")
    search = page.get_by_role("link", name="Search", exact=True)
    expect(menu).to_be_visible()
    expect(search).to_be_hidden()
    menu.click()
    expect(menu).to_have_attribute("aria-expanded", "true")
    expect(page.get_by_role("button", name="Log out")).to_be_visible()
    search.click()
    expect(
        page.get_by_role("heading", name="Search documents and guidance")
    ).to_be_visible()

    page.goto(f"{demo}/documents/PRC-004/")
    header = page.locator(".document-header").bounding_box()
    # Number, version, status and the rest in two columns: the text starts on the
    # first screen, not after a page of metadata.
    assert header["height"] < PHONE["height"], header
    contents = page.locator("details.toc--narrow")
    contents.locator("summary").click()
    contents.get_by_role("link").nth(2).click()
    assert page.evaluate("window.scrollY") > header["height"]


def test_on_a_laptop_contents_and_guidance_sit_beside_the_text(browser, demo):  # noqa: F811
    page = page_at(browser, demo, LAPTOP)
    page.goto(f"{demo}/documents/PRC-004/")
    text = page.locator("article").bounding_box()
    guidance = page.get_by_role("complementary", name="Related guidance")
    contents = page.get_by_role("navigation", name="Contents")
    expect(contents).to_be_visible()
    expect(guidance).to_be_visible()
    side = guidance.bounding_box()
    assert side["x"] >= text["x"] + text["width"], (side, text)
    assert side["y"] < LAPTOP["height"], "guidance on the first screen"
    expect(page.locator("details.toc--narrow")).to_be_hidden()
    # Reading far down, the contents are still at hand.
    last = contents.get_by_role("link").last
    heading = last.inner_text()
    last.click()
    expect(page.get_by_role("heading", name=heading, exact=True)).to_be_in_viewport()
    expect(contents).to_be_in_viewport()


def test_staff_read_and_acknowledge_from_my_reading(browser, demo):  # noqa: F811
    page = page_at(browser, demo, PHONE)
    page.goto(f"{demo}/reading/")
    due = page.locator(".reading-list").first
    expect(due).to_contain_text("POL-002")
    expect(due).to_contain_text("Overdue since")
    due.get_by_role("link", name="POL-002 Information security policy").click()
    notice = page.locator(".reading-notice")
    expect(notice).to_contain_text("Please read version 1.0")
    notice.get_by_role("button", name="I have read and understood version 1.0").click()
    expect(page.locator(".messages")).to_contain_text("you have read and understood")
    expect(page.locator(".reading-notice")).to_contain_text(
        "You have read and acknowledged version 1.0"
    )
    assert Acknowledgement.objects.filter(
        user__username="staff", issue__document__document_number="POL-002"
    ).exists()
    page.goto(f"{demo}/reading/")
    expect(page.locator(".reading-list").first).not_to_contain_text("POL-002")


def test_the_reading_pages_pass_the_wcag_aa_checks_of_axe(browser, demo):  # noqa: F811
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    reports = {}
    for username, pages in [
        (
            "staff",
            [("my reading", "/reading/"), ("asked to read", "/documents/POL-002/")],
        ),
        (
            "auditor",
            [
                ("who read it", "/documents/POL-001/reading/"),
                ("evidence chooser", "/reading/as-of/"),
                ("as of a date", "/reading/as-of/?document=POL-001"),
                ("one person", "/reading/people/?user=staff"),
            ],
        ),
    ]:
        for viewport in (PHONE, LAPTOP):
            page = page_at(browser, demo, viewport, username)
            for name, path in pages:
                page.goto(f"{demo}{path}")
                reports[f"{name} at {viewport['width']}px"] = axe.run(
                    page, options=options
                )
    failures = {
        name: report.generate_report()
        for name, report in reports.items()
        if report.violations_count
    }
    assert failures == {}
