"""Guidance beside every document: on its page (the issue in force) and in the
editor's Guidance tab (the draft as it stands). Runs on every backend."""

import re

import pytest
from django.contrib.auth.models import User
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from wagtail.test.utils.form_data import rich_text, streamfield

from policies.models import Clause, PolicyPage
from search.loading import load_guidance
from search.models import GuidanceEntry
from search.related import guidance_rarity, related_guidance
from tests.factories import (
    add_url,
    document_form,
    make_document,
    make_user,
    new_issue,
)
from tests.search.conftest import section
from tests.workflows.helpers import client_for, edit_data

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def corpus(db):
    load_guidance()


def entry_for(clause):
    return GuidanceEntry.objects.get(clauses__number=clause)


def listed(html, heading):
    """Titles of the guidance links under `heading` in the related-guidance list."""
    part = html.split(f"<h3>{heading}</h3>", 1)[1].split("</ul>", 1)[0]
    return re.findall(r'<a href="/guidance/\d+/"[^>]*>([^<]+)', part)


def test_the_document_page_lists_guidance_for_its_clauses_then_related_entries(
    staff_client, incident_procedure
):
    html = staff_client.get(incident_procedure.url).content.decode()
    assert "Related guidance" in html
    assert listed(html, "For this document's clauses") == [entry_for("8.6.1").title]
    also = listed(html, "Also relevant")
    assert also, "no full-text related guidance"
    assert entry_for("8.6.1").title not in also
    assert any("incident" in title.lower() for title in also), also


def test_mapped_clauses_come_in_clause_order(library, owner):
    document = make_document(
        PolicyPage,
        library,
        owner=owner,
        clauses=[Clause.objects.get(number="8.6.1"), Clause.objects.get(number="4.1")],
    )
    related = related_guidance(document)
    assert [entry.clauses.get().number for entry in related.mapped] == ["4.1", "8.6.1"]


def test_an_unmapped_document_still_gets_guidance_from_its_text(library, owner):
    document = make_document(
        PolicyPage,
        library,
        owner=owner,
        title="Supplier contract management",
        purpose="How supplier contracts are agreed, monitored and reviewed.",
        body=section(
            "Every supplier contract names a contract manager, who reviews the "
            "supplier's performance against the contract each quarter."
        ),
    )
    related = related_guidance(document)
    assert related.mapped == []
    assert {"8.3.4", "8.3.4.1", "8.3.4.2"} & {
        clause.number for entry in related.similar for clause in entry.clauses.all()
    }


def test_the_editor_guidance_tab_follows_the_draft_while_the_site_shows_the_issue(
    owner_client, staff_client, incident_procedure, owner
):
    edit_url = reverse("wagtailadmin_pages:edit", args=(incident_procedure.pk,))
    html = owner_client.get(edit_url).content.decode()
    assert 'href="#tab-guidance"' in html
    # The tab loads its content when opened, from the address it names.
    tab_url = reverse("search_draft_guidance", args=(incident_procedure.pk,))
    assert f'data-guidance-url="{tab_url}"' in html
    html = owner_client.get(tab_url).content.decode()
    assert listed(html, "For the mapped clauses") == [entry_for("8.6.1").title]

    supplier_text = (
        "Suppliers are chosen by tender. Every supplier contract names the supplier "
        "manager, and supplier performance is reviewed against the contract."
    )
    data = edit_data(
        incident_procedure,
        owner,
        purpose="How suppliers and their contracts are chosen and reviewed.",
        body=streamfield(
            [("section", {"heading": "Suppliers", "body": rich_text(supplier_text)})]
        ),
    )
    data["clauses"] = [Clause.objects.get(number="8.3.4.1").pk]
    response = owner_client.post(edit_url, data)
    assert response.status_code == 302

    html = owner_client.get(tab_url).content.decode()
    assert listed(html, "For the mapped clauses") == [entry_for("8.3.4.1").title]
    assert any(
        "supplier" in title.lower()
        for title in listed(html, "Also relevant to the text")
    )
    # The page readers see is still the approved issue, with its own guidance.
    site = staff_client.get(incident_procedure.url).content.decode()
    assert listed(site, "For this document's clauses") == [entry_for("8.6.1").title]
    # The tab's content is for those who may edit the document: staff do not
    # reach the admin; another owner finds nothing there.
    assert staff_client.get(tab_url).url.startswith("/accounts/login/")
    other_owner = client_for(make_user("Document owners"))
    assert other_owner.get(tab_url).status_code == 404


def test_related_guidance_costs_the_same_queries_for_1_or_20_clauses(
    library, owner, django_assert_max_num_queries
):
    few = make_document(
        PolicyPage, library, owner=owner, clauses=list(Clause.objects.all()[:1])
    )
    many = make_document(
        PolicyPage, library, owner=owner, clauses=list(Clause.objects.all()[:20])
    )
    few, many = (PolicyPage.objects.get(pk=doc.pk) for doc in (few, many))
    guidance_rarity()  # cached for an hour in a running site
    with django_assert_max_num_queries(6) as small:
        assert related_guidance(few).mapped
    with django_assert_max_num_queries(6) as large:
        assert len(related_guidance(many).mapped) >= 12
    assert len(small.captured_queries) == len(large.captured_queries)


def test_guidance_on_neighbouring_clauses_is_suggested(incident_procedure):
    # Mapped to 8.6.1 (incident management): the entries beside it in 8.6 are
    # about the same work.
    related = related_guidance(incident_procedure)
    suggested = {c.number for entry in related.similar for c in entry.clauses.all()}
    assert {"8.6", "8.6.2", "8.6.3"} & suggested, suggested


def test_the_live_preview_shows_guidance_for_the_unsaved_form(
    owner_client, incident_procedure, owner
):
    preview_url = reverse(
        "wagtailadmin_pages:preview_on_edit", args=(incident_procedure.pk,)
    )
    data = edit_data(incident_procedure, owner)
    data["clauses"] = [Clause.objects.get(number="9.2").pk]
    response = owner_client.post(preview_url, data)
    assert response.json()["is_valid"]

    response = owner_client.get(preview_url, {"mode": "guidance"})
    assert response.status_code == 200
    html = response.content.decode()
    assert listed(html, "For this document's clauses") == [entry_for("9.2").title]
    # Nothing was saved: the draft still maps 8.6.1.
    draft = incident_procedure.get_latest_revision_as_object()
    assert [clause.number for clause in draft.clauses.all()] == ["8.6.1"]


def test_previewing_a_new_document_before_its_first_save_works(owner_client, library):
    preview_url = add_url(PolicyPage, library) + "preview/"
    owner = User.objects.get(username="owner")
    response = owner_client.post(preview_url, document_form(owner))
    assert response.json()["is_valid"]
    for mode in ("", "guidance"):
        response = owner_client.get(preview_url, {"mode": mode})
        assert response.status_code == 200, mode
        assert "Access control procedure" in response.content.decode()


def test_the_page_remembers_its_guidance_until_the_guidance_changes(
    staff_client, incident_procedure, owner, approver
):
    # Steps as the demo once stored them: list items without ids of their own.
    steps = {
        "type": "steps",
        "value": {
            "heading": "Steps",
            "steps": [
                {"text": "Log the incident.", "responsible_role": "Service desk"},
                {"text": "Classify it.", "responsible_role": "Service desk"},
            ],
        },
    }
    new_issue(
        incident_procedure,
        owner,
        approver,
        purpose=incident_procedure.purpose,
        changes={"body": [*incident_procedure.body.raw_data, steps]},
    )
    first = staff_client.get(incident_procedure.url).content.decode()
    with CaptureQueriesContext(connection) as queries:
        again = staff_client.get(incident_procedure.url).content.decode()
    assert listed(again, "For this document's clauses") == listed(
        first, "For this document's clauses"
    )
    assert not any("MATCH" in q["sql"] or "@@" in q["sql"] for q in queries)
    entry = GuidanceEntry.objects.create(
        title="Aardvark handling of incidents",
        what_to_do="Log it.",
        why_it_matters="Because.",
        further_considerations="None.",
    )
    entry.clauses.set([Clause.objects.get(number="8.6.1")])
    changed = staff_client.get(incident_procedure.url).content.decode()
    assert "Aardvark handling of incidents" in listed(
        changed, "For this document's clauses"
    )
