"""API tokens in a real browser: a staff member makes a token, copies it from the
page that shows it once, and revokes it; the token pages pass axe's WCAG 2.1 AA
checks and never scroll sideways on a phone (the browser fixture fails on any
Content-Security-Policy violation)."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from api.models import ApiToken
from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE = {"width": 360, "height": 740}
AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


def sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_staff_make_copy_and_revoke_a_token_on_a_phone(browser, demo):  # noqa: F811
    page = browser.new_context(viewport=PHONE).new_page()
    log_in(page, demo, "staff", "/account/api-tokens/")
    axe, reports = Axe(), {}
    reports["list, empty"] = axe.run(page, options=AXE_OPTIONS)
    page.get_by_role("link", name="New API token").click()
    reports["new"] = axe.run(page, options=AXE_OPTIONS)
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("Give the token a name: what it is for.")).to_be_visible()
    reports["new, refused"] = axe.run(page, options=AXE_OPTIONS)
    page.get_by_label("Name").fill("Service desk")
    page.get_by_label("Expires after").select_option("30")
    page.get_by_role("button", name="Make the token").click()
    expect(page.get_by_text("it will not be shown again")).to_be_visible()
    secret = page.get_by_role("textbox").input_value()
    assert re.fullmatch(r"itsms_[A-Za-z0-9_-]{43}", secret)
    reports["created"] = axe.run(page, options=AXE_OPTIONS)
    assert sideways(page) <= 0
    page.get_by_role("link", name="Back to your API tokens").click()
    expect(page.get_by_role("cell", name="Service desk", exact=True)).to_be_visible()
    assert secret not in page.content()
    reports["list"] = axe.run(page, options=AXE_OPTIONS)
    assert sideways(page) <= 0
    page.get_by_role("link", name="Revoke Service desk").click()
    reports["revoke"] = axe.run(page, options=AXE_OPTIONS)
    page.get_by_role("button", name="Revoke the token").click()
    expect(page.get_by_text("no longer gives access to the API")).to_be_visible()
    assert not ApiToken.objects.get().is_active
    failures = {
        name: report.generate_report()
        for name, report in reports.items()
        if report.violations_count
    }
    assert failures == {}
