from io import StringIO

import pytest
import reversion
from django.core.management import call_command
from django.urls import reverse
from reversion.models import Version

from search.loading import load_guidance
from search.models import GuidanceEntry
from tests.workflows.helpers import client_for


@pytest.mark.django_db
def test_the_corpus_loads_once_with_a_version_for_each_entry():
    assert load_guidance() == 77
    assert GuidanceEntry.objects.count() == 77
    entry = GuidanceEntry.objects.get(clauses__number="8.5.1")
    assert entry.process_area.slug == "change-management"
    assert Version.objects.get_for_object(entry).count() == 1
    assert load_guidance() == 0, "loading again adds nothing"


@pytest.mark.django_db
def test_an_edit_in_the_admin_is_kept_and_the_earlier_text_restorable(admin_user):
    load_guidance()
    entry = GuidanceEntry.objects.get(clauses__number="7.5.3")
    original = entry.what_to_do
    client = client_for(admin_user)
    response = client.post(
        reverse("wagtailsnippets_search_guidanceentry:edit", args=(entry.pk,)),
        {
            "title": entry.title,
            "clauses": [c.pk for c in entry.clauses.all()],
            "process_area": entry.process_area_id or "",
            "what_to_do": "Rewritten advice.",
            "why_it_matters": entry.why_it_matters,
            "further_considerations": entry.further_considerations,
        },
    )
    assert response.status_code == 302
    versions = Version.objects.get_for_object(entry)
    assert versions.count() == 2
    assert versions.first().revision.user == admin_user
    with reversion.create_revision():
        versions.last().revision.revert()
    entry.refresh_from_db()
    assert entry.what_to_do == original


@pytest.mark.django_db
def test_owners_read_guidance_in_the_admin_but_cannot_change_it(owner):
    load_guidance()
    client = client_for(owner)
    listing = client.get(reverse("wagtailsnippets_search_guidanceentry:list"))
    assert listing.status_code == 200
    assert not owner.has_perm("search.change_guidanceentry")


@pytest.mark.django_db
def test_seed_demo_loads_the_guidance(db):
    call_command("seed_demo", stdout=StringIO())
    assert GuidanceEntry.objects.count() == 77
