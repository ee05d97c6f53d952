"""The API's documentation page in a real browser, under the enforced CSP."""

import pytest
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


def test_a_signed_in_user_reads_the_api_documentation_and_tries_a_call(
    browser,  # noqa: F811
    demo,  # noqa: F811
):
    page = browser.new_page()
    log_in(page, demo, "staff", next_path="/api/v1/docs/")
    expect(page.get_by_text("ITSMS document library API").first).to_be_visible()
    operation = page.locator("#operations-documents-documents_retrieve")
    expect(operation).to_be_visible()
    operation.locator("button").first.click()
    page.get_by_role("button", name="Try it out").click()
    page.get_by_placeholder("number").fill("PRC-004")
    page.get_by_role("button", name="Execute").click()
    body = page.locator(".live-responses-table .response-col_description pre").first
    expect(body).to_contain_text('"number": "PRC-004"')
    expect(body).to_contain_text("Incident management procedure")
