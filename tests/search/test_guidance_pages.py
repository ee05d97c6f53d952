"""The guidance pages staff reach from search and from documents."""

import pytest

from policies.models import ProcedurePage
from search.loading import load_guidance
from search.models import GuidanceEntry
from tests.factories import make_document

pytestmark = pytest.mark.django_db


def test_an_entry_shows_its_three_parts_and_the_current_documents_for_its_clauses(
    staff_client, incident_procedure, library, owner
):
    load_guidance()
    make_document(
        ProcedurePage,
        library,
        owner=owner,
        title="Unissued incident draft",
        clauses=list(incident_procedure.clauses.all()),
        publish=False,
    )
    entry = GuidanceEntry.objects.get(clauses__number="8.6.1")
    response = staff_client.get(f"/guidance/{entry.pk}/")
    assert response.status_code == 200
    html = response.content.decode()
    for heading in ("What to do", "Why it matters", "Further considerations"):
        assert f">{heading}</h2>" in html
    assert entry.what_to_do.split("\n")[0][:60] in html
    assert [doc.title for doc in response.context["documents"]] == [
        "Incident handling procedure"
    ]


def test_the_index_lists_every_entry_under_its_clause(staff_client):
    load_guidance()
    response = staff_client.get("/guidance/")
    assert response.status_code == 200
    assert response.context["count"] == GuidanceEntry.objects.count() >= 70
    listed = sum(len(entries) for entries in response.context["by_clause"].values())
    assert listed == GuidanceEntry.objects.count()


def test_an_unknown_entry_is_not_found(staff_client):
    assert staff_client.get("/guidance/999999/").status_code == 404


def test_paragraphs_and_lists_of_guidance_text_are_rendered_escaped(staff_client):
    entry = GuidanceEntry.objects.create(
        title="Lists",
        what_to_do="Do these things:\n- first <thing>\n- second & last\n\nThen stop.",
        why_it_matters="Because.",
        further_considerations="None.",
    )
    html = staff_client.get(f"/guidance/{entry.pk}/").content.decode()
    assert (
        "<p>Do these things:</p><ul><li>first &lt;thing&gt;</li>"
        "<li>second &amp; last</li></ul><p>Then stop.</p>"
    ) in html
