"""Records in a real browser: the demo owner files a record with a file, the
auditor finds it by its kind and opens it; the records pages pass axe's WCAG 2.1
AA checks and never scroll sideways on a phone (the browser fixture fails on any
Content-Security-Policy violation)."""

import re
from datetime import date, timedelta

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from playwright.sync_api import expect

from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)
from tests.factories import file_record, make_user
from workflows.actions.disposition import (
    DecideDispositionAction,
    RequestDispositionAction,
)
from workflows.actions.records import PlaceLegalHoldAction
from workflows.models import Record

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

PHONE, LAPTOP = {"width": 360, "height": 740}, {"width": 1366, "height": 800}
AUDIT_KIND = "9.2: Audit programme and audit results"


def page_at(browser, demo, viewport, username, next_path="/"):  # noqa: F811
    page = browser.new_context(viewport=viewport).new_page()
    log_in(page, demo, username, next_path)
    return page


def sideways(page):
    return page.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )


def test_the_owner_files_a_record_and_the_auditor_finds_it_by_kind(
    browser,  # noqa: F811
    demo,  # noqa: F811
    tmp_path,
):
    evidence = tmp_path / "audit-findings.txt"
    evidence.write_text("Finding 1: two changes closed without review.\n")
    period_end = date.today() - timedelta(days=7)

    page = page_at(browser, demo, LAPTOP, "owner", "/records/")
    page.get_by_role("link", name="File a record").click()
    page.get_by_label("Title").fill("Internal audit of the service desk")
    page.get_by_label("Kind").select_option(label=AUDIT_KIND)
    # Choosing the kind selected its clause.
    assert page.eval_on_selector(
        "#id_clauses", "select => [...select.selectedOptions].map(o => o.value)"
    ) == ["9.2"]
    page.get_by_label("Period from").fill((period_end - timedelta(days=30)).isoformat())
    page.get_by_label("Period to").fill(period_end.isoformat())
    page.get_by_label("Entry").fill(
        "<h3>Findings</h3><ul><li>Two changes closed without review.</li></ul>"
    )
    page.get_by_label("File", exact=False).set_input_files(evidence)
    page.get_by_role("button", name="File the record").click()

    # Numbered after the demo's own records.
    number = Record.objects.latest("pk").number
    expect(page.get_by_role("heading", level=1)).to_contain_text(number)
    expect(page.locator(".messages")).to_contain_text(f"Filed {number}")
    expect(page.get_by_role("link", name="Download audit-findings.txt")).to_be_visible()
    assert Record.objects.get(number=number).owner.username == "owner"

    auditor = page_at(browser, demo, PHONE, "auditor", "/records/")
    auditor.get_by_label("Kind").select_option(label=AUDIT_KIND)
    auditor.get_by_role("button", name="Show").click()
    expect(auditor).to_have_url(re.compile(r"kind=audit-results"))
    # The demo's own audit report and the new one.
    expect(auditor.locator("table.records tbody tr")).to_have_count(2)
    auditor.get_by_role("link", name=number).click()
    expect(auditor.get_by_role("heading", level=1)).to_contain_text(
        "Internal audit of the service desk"
    )
    expect(auditor.get_by_role("heading", name="Findings")).to_be_visible()
    with auditor.expect_download() as download:
        auditor.get_by_role("link", name="Download audit-findings.txt").click()
    assert download.value.suggested_filename == "audit-findings.txt"
    assert sideways(auditor) == 0


def records_to_see():
    """What the pages show: a record with a file under a legal hold, one due,
    one whose disposition awaits a decision, and one disposed of."""
    users = get_user_model().objects.in_bulk(
        ["owner", "approver"], field_name="username"
    )
    owner, approver = users["owner"], users["approver"]
    held = file_record(
        owner,
        title="Supplier performance review, Northwind, Q4 2014 to Q1 2015",
        file=SimpleUploadedFile("northwind-review.txt", b"Scores and actions."),
        body="<p>Scores:</p><table><tr><th>Measure</th><th>Score</th></tr>"
        "<tr><td>Availability</td><td>99.95 %</td></tr></table>",
    )
    PlaceLegalHoldAction(
        user=approver, record=held, reason="Contract dispute with Northwind."
    ).execute()
    file_record(owner, title="Continuity test report 2015")
    asked = file_record(owner, title="Management review minutes 2015")
    RequestDispositionAction(
        asked, user=owner, method="archive", reason="Six years have passed."
    ).execute()
    gone = file_record(owner, title="Corrective action log 2015")
    disposition = RequestDispositionAction(
        gone, user=approver, method="destroy", reason="Six years have passed."
    ).execute()
    DecideDispositionAction(
        disposition, user=make_user("Approvers", username="approver2"), approve=True
    ).execute()
    return held, gone


def pages(held, gone):
    return [
        ("register", "/records/"),
        ("record with hold and file", f"/records/{held.number}/"),
        ("filing form", "/records/new/"),
        ("due for disposition", "/records/disposition/"),
        ("tombstone", f"/records/{gone.number}/"),
    ]


def test_the_records_pages_pass_axe_and_fit_a_phone(browser, demo):  # noqa: F811
    held, gone = records_to_see()
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    reports, wide = {}, {}
    for viewport in (PHONE, LAPTOP):
        page = page_at(browser, demo, viewport, "approver")
        for name, path in pages(held, gone):
            page.goto(f"{demo}{path}")
            page.evaluate(
                "document.querySelectorAll('details').forEach(d => d.open = true)"
            )
            reports[f"{name} at {viewport['width']}px"] = axe.run(page, options=options)
            if overflow := sideways(page):
                wide[f"{name} at {viewport['width']}px"] = overflow
        page.goto(f"{demo}/records/new/")
        page.get_by_role("button", name="File the record").click()
        expect(page.locator(".field-error").first).to_be_visible()
        reports[f"form with errors at {viewport['width']}px"] = axe.run(
            page, options=options
        )
        if overflow := sideways(page):
            wide[f"form with errors at {viewport['width']}px"] = overflow
    failures = {
        name: report.generate_report()
        for name, report in reports.items()
        if report.violations_count
    }
    assert failures == {}
    assert wide == {}
