"""User journeys in a real browser: Debian's Chromium driven by Playwright."""

import re

import pytest
from axe_playwright_python.sync_playwright import Axe
from django.core.management import call_command
from playwright.sync_api import expect, sync_playwright

from policies.models import ControlledDocumentPage, PolicyPage
from search.models import GuidanceEntry
from workflows.models import DocumentIssue

# The live server runs in its own thread; serialized_rollback restores the data that
# migrations load (clause catalogue, groups, site tree) after the flush.
pytestmark = [
    pytest.mark.browser,
    pytest.mark.django_db(transaction=True, serialized_rollback=True),
]

CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PASSWORD = "itsms-demo-2026"


@pytest.fixture
def browser(demo, monkeypatch):
    # Started per test, after the database is set up: while Playwright's event loop
    # runs, Django's connection handler sees a different context.
    # Playwright's sync API keeps an event loop in this thread; the ORM calls the test
    # makes here are still synchronous and safe.
    monkeypatch.setenv("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium", args=CHROMIUM_ARGS
        )
        violations = watch_for_csp_violations(browser)
        yield browser
        browser.close()
    # The Content-Security-Policy is enforced: anything it blocked broke something.
    assert violations == [], violations


def watch_for_csp_violations(browser):
    """Record what the enforced Content-Security-Policy refused, on every page the
    test opens."""
    violations = []

    def watch(context):
        context.on(
            "console",
            lambda message: (
                violations.append(
                    f"{message.page.url if message.page else ''}: {message.text}"
                )
                if "Content Security Policy" in message.text
                else None
            ),
        )
        return context

    new_context = browser.new_context

    def new_context_watched(*args, **kwargs):
        return watch(new_context(*args, **kwargs))

    def new_page_watched(*args, **kwargs):
        return new_context_watched(*args, **kwargs).new_page()

    browser.new_context = new_context_watched
    browser.new_page = new_page_watched
    return violations


@pytest.fixture
def demo(db, live_server):
    call_command("seed_demo", verbosity=0)
    return live_server.url


def log_in(page, base_url, username, next_path="/"):
    page.goto(f"{base_url}{next_path}")
    expect(page).to_have_url(f"{base_url}/accounts/login/?next={next_path}")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(PASSWORD)
    page.get_by_role("button", name="Log in").click()


def test_staff_find_a_procedure_and_read_it_with_the_keyboard(browser, demo, tmp_path):
    page = browser.new_page()
    log_in(page, demo, "staff")
    page.get_by_role("link", name="Document library", exact=True).click()
    page.get_by_role("link", name="Processes and procedures").click()
    page.get_by_role("link", name="Incident management procedure").click()

    header = page.locator(".document-header")
    expect(header.locator("h1")).to_contain_text("Incident management procedure")
    expect(header).to_contain_text("2.0")
    expect(header).to_contain_text("Current")
    expect(header).to_contain_text("8.6.1")

    page.keyboard.press("Tab")
    skip_link = page.get_by_role("link", name="Skip to main content")
    expect(skip_link).to_be_focused()
    expect(skip_link).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.screenshot(path=tmp_path / "document.png", full_page=True)

    page.emulate_media(media="print")
    expect(page.locator(".print-header")).to_be_visible()
    expect(page.locator(".print-header")).to_contain_text("Uncontrolled when printed")
    expect(page.locator(".site-header")).to_be_hidden()
    page.pdf(path=tmp_path / "document.pdf")


def test_staff_search_read_the_highlights_filter_and_open_related_guidance(
    browser, demo, tmp_path
):
    page = browser.new_page()
    log_in(page, demo, "staff")
    page.get_by_role("link", name="Search", exact=True).click()
    page.get_by_label("Search for").fill("incidents escalation")
    page.get_by_label("Search for").press("Enter")

    results = page.locator(".search-result")
    expect(results.first).to_be_visible()
    # Stemming: the plural query marks the singular in the snippets.
    expect(page.locator(".search-result__snippet mark").first).to_be_visible()
    assert "incident" in [
        text.lower()
        for text in page.locator(".search-result__snippet mark").all_inner_texts()
    ]
    page.screenshot(path=tmp_path / "search.png", full_page=True)

    # The filter applies as soon as it changes (search/static filters script).
    page.get_by_label("Type").select_option("procedure")
    expect(page).to_have_url(re.compile(r"[?&]type=procedure"))
    expect(results.first.locator(".badge")).to_have_text("Procedure")
    assert set(results.locator(".badge").all_inner_texts()) == {"Procedure"}

    results.get_by_role("link", name="Incident management procedure").click()
    related = page.get_by_role("complementary", name="Related guidance")
    expect(related).to_contain_text("For this document's clauses")
    related.get_by_role("link").first.click()
    expect(page.get_by_role("heading", name="What to do")).to_be_visible()
    expect(page.locator(".clause-list")).to_contain_text("8.6")


def test_owner_creates_a_policy_in_the_wagtail_admin(browser, demo, tmp_path):
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    log_in(page, demo, "owner", next_path="/admin/")
    library = PolicyPage.objects.first().get_parent()
    page.goto(f"{demo}/admin/pages/add/policies/policypage/{library.pk}/")

    page.get_by_role("textbox", name="Title*").fill("Acceptable use policy")
    page.locator("#id_purpose").fill("Rules for using our IT services.")
    page.get_by_role("tab", name="Document control").click()
    # Pickers show full names; a new document is its creator's already.
    expect(page.locator("#id_document_owner option:checked")).to_have_text(
        "Olivia Owens"
    )
    page.locator("#id_review_interval_months").fill("12")
    page.get_by_role("button", name="Save draft").click()

    expect(page.locator(".messages")).to_contain_text("created")
    expect(page.locator(".messages")).to_contain_text("is POL-004")
    page.screenshot(path=tmp_path / "admin-created.png", full_page=True)
    policy = PolicyPage.objects.get(title="Acceptable use policy")
    assert policy.document_number == "POL-004"
    assert not policy.live
    assert policy.document_owner.username == "owner"


def test_pages_staff_use_pass_the_wcag_aa_checks_of_axe(browser, demo):
    """axe-core's WCAG 2.x A and AA rules, colour contrast included."""
    page = browser.new_page()
    axe = Axe()
    options = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21aa"]}}
    page.goto(f"{demo}/accounts/login/")
    reports = {"login": axe.run(page, options=options)}
    log_in(page, demo, "staff")
    for name, path in [
        ("home", "/"),
        ("library", "/library/processes-and-procedures/"),
        ("procedure", "/documents/PRC-004/"),
        ("external document", "/documents/EXT-001/"),
        ("register", "/register/"),
        ("compliance", "/compliance/"),
        ("history", "/documents/PRC-004/history/"),
        ("search", "/search/?q=major+incidents"),
        ("search with no result", "/search/?q=zzzz&type=policy"),
        ("guidance index", "/guidance/"),
        ("guidance entry", f"/guidance/{GuidanceEntry.objects.first().pk}/"),
    ]:
        page.goto(f"{demo}{path}")
        reports[name] = axe.run(page, options=options)
    failures = {
        name: report.generate_report()
        for name, report in reports.items()
        if report.violations_count
    }
    assert failures == {}


SENTENCE = " Duplicate contacts are linked to the first record."


def test_owner_adds_a_sentence_reviewer_and_approver_sign_staff_read_the_new_issue(
    browser, demo, tmp_path
):
    """The whole approval journey through the real Wagtail admin: the sign-off
    page shows exactly the sentence added, each signer signs with their password,
    and the history shows both signatures with meaning and role."""
    document = ControlledDocumentPage.objects.get(document_number="PRC-004")
    edit_url = f"{demo}/admin/pages/{document.pk}/edit/"

    def person(username):
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        page = context.new_page()
        log_in(page, demo, username, next_path="/admin/")
        return page

    owner = person("ingrid")  # the demo's incident and problem manager owns it
    owner.goto(edit_url)
    # A click right of the last line of the first paragraph puts the caret at its
    # end, as a person would.
    editor = owner.locator(".public-DraftEditor-content").first
    paragraph = editor.locator('[data-block="true"]').first
    expect(paragraph).to_be_visible()
    box = paragraph.bounding_box()
    owner.mouse.click(box["x"] + box["width"] - 2, box["y"] + box["height"] - 4)
    expect(editor).to_be_focused()
    owner.keyboard.type(SENTENCE)
    expect(paragraph).to_contain_text(SENTENCE.strip())
    # Draftail writes the editor's state into the form shortly after typing.
    expect(owner.locator('input[name="body-0-value-body"]')).to_have_value(
        re.compile("Duplicate contacts")
    )
    owner.locator("#id_change_summary").fill("Linked duplicate contacts.")
    owner.locator("#id_significance").select_option("minor")
    owner.locator("footer .w-dropdown__toggle").click()
    owner.get_by_role("button", name="Submit to Document approval").click()
    expect(owner.locator(".messages")).to_contain_text("submitted for approval")
    owner.screenshot(path=tmp_path / "1-owner-submitted.png")

    for step, username, meaning in [
        ("2-review", "reviewer", "Reviewed for accuracy and suitability"),
        ("3-approval", "approver", "Approved for issue"),
    ]:
        signer = person(username)
        panel = signer.locator("#awaiting-sign-off-section")
        panel.get_by_role("link", name="Open sign-off page").click()
        changes = signer.locator(".sign-off__changes")
        expect(changes.locator("dd ins")).to_have_count(1)
        expect(changes.locator("dd ins")).to_have_text(SENTENCE)
        expect(changes.locator("dd del")).to_have_count(0)
        expect(changes.locator("li.diff-block--changed")).to_have_count(1)
        expect(signer.locator(".sign-off__facts")).to_contain_text("version 2.1")
        signer.screenshot(path=tmp_path / f"{step}-sign-off-page.png", full_page=True)
        signer.get_by_label(meaning).check()
        signer.get_by_label("Your password, to sign").fill(PASSWORD)
        signer.get_by_role("button", name="Sign").click()
        expect(signer.locator(".messages")).to_contain_text(f"Signed: {meaning}")
        expect(signer.locator(".messages")).not_to_contain_text("permission")

    staff = browser.new_page()
    log_in(staff, demo, "staff", next_path="/documents/PRC-004/")
    header = staff.locator(".document-header")
    expect(header).to_contain_text("2.1")
    expect(header).to_contain_text("Current")
    expect(staff.locator(".document-body")).to_contain_text(SENTENCE.strip())
    staff.screenshot(path=tmp_path / "4-staff-reads-2.1.png", full_page=True)
    staff.goto(f"{demo}/documents/PRC-004/history/")
    signatures = staff.locator("tbody tr").first.locator(".sign-offs")
    expect(signatures).to_contain_text(
        "Ravi Raman (reviewer), as Reviewers: Reviewed for accuracy and suitability"
    )
    expect(signatures).to_contain_text(
        "Amara Adeyemi (approver), as Approvers: Approved for issue"
    )
    issue = DocumentIssue.objects.get(document=document, major=2, minor=1)
    assert [s["username"] for s in issue.sign_offs] == ["reviewer", "approver"]
    assert {s["content_hash"] for s in issue.sign_offs} == {issue.content_hash}
