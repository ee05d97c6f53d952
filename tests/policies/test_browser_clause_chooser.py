"""The clause chooser in a real browser: an owner maps a new agreement to the SLA
item of 8.3.3 by filtering and one tick, with the keyboard too, under the enforced
Content-Security-Policy, and the Document control tab passes axe's WCAG checks."""

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import expect

from policies.models import AgreementPage, DocumentLibraryPage
from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

SLA = "8.3.3: Service level agreement(s)"
CLAUSE = "8.3.3 Service level management"
FILTER = "Filter clauses and documented information"
WCAG = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}


def new_agreement(browser, demo):  # noqa: F811
    """The owner's editor for a new agreement, title and purpose filled in."""
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    log_in(page, demo, "owner", next_path="/admin/")
    section = DocumentLibraryPage.objects.get(slug="governance")
    page.goto(f"{demo}/admin/pages/add/policies/agreementpage/{section.pk}/")
    page.get_by_role("textbox", name="Title*").fill("Payroll service level agreement")
    page.locator("#id_purpose").fill("What the payroll service promises customers.")
    return page


def test_owner_maps_an_agreement_to_the_sla_in_two_clicks(browser, demo, tmp_path):  # noqa: F811
    page = new_agreement(browser, demo)
    chooser = page.locator("[data-clause-chooser]")
    families = chooser.locator("[data-clause-chooser-family]")

    page.get_by_role("tab", name="Document control").click()
    expect(chooser.locator("[data-clause-chooser-summary]")).to_have_text(
        "Nothing chosen yet."
    )
    expect(families.locator("[open]")).to_have_count(0)
    expect(families).to_have_count(7)
    chooser.screenshot(path=tmp_path / "clause-chooser-closed.png")
    page.get_by_label(FILTER).fill("service level")
    # Only the family with matches is shown, and it is open.
    expect(families.filter(visible=True)).to_have_count(1)
    expect(families.filter(visible=True)).to_have_attribute("open", "")
    expect(chooser.locator("[data-clause-chooser-matches]")).to_contain_text(
        "1 clause and 1 item of documented information match."
    )
    page.get_by_label(SLA).check()

    # The item's clause is ticked with it, and the summary says both.
    expect(page.get_by_label(CLAUSE)).to_be_checked()
    expect(chooser.locator("[data-clause-chooser-summary]")).to_have_text(
        f"Chosen: clause 8.3.3; documented information {SLA}."
    )
    chooser.screenshot(path=tmp_path / "clause-chooser-chosen.png")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messages")).to_contain_text("created")
    agreement = AgreementPage.objects.get(title="Payroll service level agreement")
    draft = agreement.get_latest_revision_as_object()
    assert [clause.number for clause in draft.clauses.all()] == ["8.3.3"]
    assert [item.code for item in draft.required_items.all()] == ["sla"]
    # Reopened, the family holding the choice is open and says so.
    open_family = families.and_(page.locator("[open]"))
    expect(open_family).to_have_count(1)
    expect(open_family).to_contain_text("8 Operation of the service management system")
    expect(open_family.locator("[data-clause-chooser-count]")).to_have_text("2 chosen")


def test_the_filter_and_the_choices_work_from_the_keyboard(browser, demo):  # noqa: F811
    page = new_agreement(browser, demo)
    page.get_by_role("tab", name="Document control").click()
    add_url = page.url
    page.get_by_label(FILTER).focus()
    page.keyboard.type("sla")
    page.keyboard.press("Enter")  # does not send the page's form
    expect(page).to_have_url(add_url)

    page.keyboard.press("Tab")  # the open family's heading
    page.keyboard.press("Tab")
    expect(page.get_by_label(CLAUSE)).to_be_focused()
    page.keyboard.press("Tab")
    expect(page.get_by_label(SLA)).to_be_focused()
    page.keyboard.press("Space")
    expect(page.get_by_label(SLA)).to_be_checked()
    expect(page.get_by_label(CLAUSE)).to_be_checked()

    # Unticking the clause unticks its item, which would map it again.
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Space")
    expect(page.get_by_label(SLA)).not_to_be_checked()

    # Escape clears the filter and shows every family again, closed.
    page.get_by_label(FILTER).press("Escape")
    families = page.locator("[data-clause-chooser-family]")
    expect(families.filter(visible=True)).to_have_count(7)
    expect(families.and_(page.locator("[open]"))).to_have_count(0)


def test_the_document_control_tab_passes_the_wcag_aa_checks_of_axe(browser, demo):  # noqa: F811
    page = new_agreement(browser, demo)
    page.get_by_role("tab", name="Document control").click()
    tab = page.get_by_role("tabpanel", name="Document control")
    expect(tab).to_be_visible()
    axe = Axe()
    reports = {"closed": axe.run(page, options=WCAG)}
    page.get_by_label(FILTER).fill("incident")
    page.get_by_label("8.6.1 Incident management").check()
    reports["filtered"] = axe.run(page, options=WCAG)

    failures = {
        name: report.generate_report()
        for name, report in reports.items()
        if report.violations_count
    }
    assert failures == {}
