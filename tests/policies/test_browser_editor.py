"""The document editor in a real browser, with the body's block definition packed
once per process (policies.block_widget): an owner adds procedure steps to a
draft twice, and each new step gets its own id when it is saved."""

import pytest
from playwright.sync_api import expect

from policies.models import ControlledDocumentPage
from tests.cms.test_browser import (  # noqa: F401 - fixtures
    browser,
    demo,
    log_in,
)

pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]


def add_steps(page, text):
    """Append a "Procedure steps" block to the body and describe its first step."""
    page.locator("#panel-child-content-body-content .c-sf-add-button").last.click()
    page.get_by_role("option", name="Procedure steps").click()
    page.locator("textarea[name$='-value-steps-0-value-text']").last.fill(text)
    page.locator("input[name$='-value-steps-0-value-responsible_role']").last.fill(
        "Risk owner"
    )
    page.get_by_role("button", name="Save draft").click()
    expect(page.locator(".messages")).to_contain_text("updated")


def test_new_steps_added_in_two_sessions_get_their_own_ids(browser, demo):  # noqa: F811
    document = ControlledDocumentPage.objects.get(slug="risk-management-procedure")
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    log_in(page, demo, "owner", next_path="/admin/")
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))

    for text in ("Log the risk.", "Review the risk."):
        page.goto(f"{demo}/admin/pages/{document.pk}/edit/")
        add_steps(page, text)

    document.refresh_from_db()
    body = document.get_latest_revision_as_object().body
    steps = [
        child.value["steps"].bound_blocks[0]
        for child in body
        if child.block_type == "steps"
    ]
    added = [
        step
        for step in steps
        if step.value["text"] in {"Log the risk.", "Review the risk."}
    ]
    assert [step.value["text"] for step in added] == [
        "Log the risk.",
        "Review the risk.",
    ]
    first, second = (step.id for step in added)
    assert first and second and first != second
    assert errors == []
