"""Search that answers, in a real browser: filters that apply as soon as they
change and say how many results each choice gives, a way back from filters that
leave nothing, and results that open at the passage they quote."""

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
QUESTION = "/search/?q=who+approves+emergency+changes"


def staff_page(browser, demo, viewport=LAPTOP):  # noqa: F811
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, demo, "staff")
    return page


def count_in(option_text):
    return int(re.search(r"\((\d+)\)$", option_text).group(1))


def test_a_filter_applies_when_changed_and_its_count_is_what_it_gives(browser, demo):  # noqa: F811
    page = staff_page(browser, demo)
    page.goto(f"{demo}/search/?q=incident")
    procedure = page.locator("#s-type option[value=procedure]")
    expected = count_in(procedure.inner_text())
    assert expected > 1

    page.get_by_label("Type").select_option("procedure")  # no button pressed
    expect(page).to_have_url(re.compile(r"[?&]type=procedure"))
    expect(page.locator(".search-count")).to_contain_text(f"{expected} results")
    badges = page.locator(".search-result .badge").all_inner_texts()
    assert set(badges) == {"Procedure"}
    assert len(badges) == min(expected, 20)
    # The keyboard user carries on from the filter they changed.
    expect(page.get_by_label("Type")).to_be_focused()


def test_filters_that_leave_nothing_offer_to_clear_them(browser, demo):  # noqa: F811
    page = staff_page(browser, demo)
    page.goto(f"{demo}{QUESTION}")
    unfiltered = page.locator(".search-result").count()
    page.goto(f"{demo}{QUESTION}&type=externaldocument")

    empty = page.locator(".search-empty")
    expect(empty).to_contain_text("with these filters")
    expect(empty).to_contain_text(f"Without filters there are {unfiltered} results")
    empty.get_by_role("link", name="Clear filters").click()
    expect(page).not_to_have_url(re.compile("type="))
    expect(page.locator(".search-result")).to_have_count(unfiltered)


def test_opening_a_result_scrolls_to_the_passage_it_quotes(browser, demo):  # noqa: F811
    page = staff_page(browser, demo)
    page.goto(f"{demo}{QUESTION}")
    first = page.locator(".search-result").first
    quoted = first.locator(".search-result__snippet mark").first.inner_text()

    first.locator(".search-result__title a").click()
    expect(page.locator(".document-header h1")).to_be_visible()
    # Chromium scrolls to the text fragment once the page has loaded.
    page.wait_for_function("window.scrollY > 0")
    seen = page.evaluate(
        """(word) => {
            const main = document.querySelector("main");
            const walker = document.createTreeWalker(main, NodeFilter.SHOW_TEXT);
            const shown = [];
            while (walker.nextNode()) {
                const node = walker.currentNode;
                if (!node.textContent.toLowerCase().includes(word)) continue;
                const box = node.parentElement.getBoundingClientRect();
                if (box.height && box.top >= 0 && box.bottom <= innerHeight)
                    shown.push(node.parentElement.tagName);
            }
            return shown;
        }""",
        quoted.lower(),
    )
    assert seen, "the passage the result quoted is not on the screen"


@pytest.mark.parametrize("viewport", [PHONE, LAPTOP], ids=["360px", "1366px"])
def test_search_fits_the_screen_and_passes_axe(browser, demo, viewport):  # noqa: F811
    page = staff_page(browser, demo, viewport)
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    failures, wide = {}, {}
    for name, path in [
        ("question", QUESTION),
        ("filtered", f"{QUESTION}&type=policy&clause=8.5.1"),
        ("filtered to nothing", f"{QUESTION}&type=externaldocument"),
    ]:
        page.goto(f"{demo}{path}")
        if overflow := page.evaluate(
            "document.documentElement.scrollWidth"
            " - document.documentElement.clientWidth"
        ):
            wide[name] = overflow
        report = axe.run(page, options=options)
        if report.violations_count:
            failures[name] = report.generate_report()
    assert (wide, failures) == ({}, {})
