"""The editor's Guidance tab fills itself when opened, in a real browser."""

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


def test_the_owner_opens_the_guidance_tab_and_reads_the_suggestions(
    browser,  # noqa: F811
    demo,  # noqa: F811
):
    document = ControlledDocumentPage.objects.get(document_number="PRC-004")
    page = browser.new_page()
    log_in(page, demo, "ingrid", next_path=f"/admin/pages/{document.pk}/edit/")
    page.get_by_role("tab", name="Guidance").click()
    tab = page.locator(".w-related-guidance")
    expect(tab.get_by_role("heading", name="For the mapped clauses")).to_be_visible()
    expect(tab.get_by_role("link").first).to_be_visible()
