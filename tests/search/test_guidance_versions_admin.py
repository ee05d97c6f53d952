"""Editors see every django-reversion version of a guidance entry in the admin and
restore an earlier one, as a new version, through the real admin views."""

import pytest
import reversion
from django.contrib.auth.models import Permission
from django.test import Client
from django.urls import reverse
from reversion.models import Version
from wagtail.models import ModelLogEntry

from policies.models import Clause, ProcessArea
from search.actions import RESTORE_ACTION
from search.models import GuidanceEntry
from search.versions import version_date
from tests.factories import make_user
from tests.workflows.helpers import client_for

pytestmark = pytest.mark.django_db

VERSIONS_PAGE_QUERY_BUDGET = 15


def make_editor(**fields):
    """A document owner who may also change guidance (owners only read it)."""
    user = make_user("Document owners", **fields)
    user.user_permissions.add(
        Permission.objects.get(
            content_type__app_label="search", codename="change_guidanceentry"
        )
    )
    return user


@pytest.fixture
def editor(db):
    return make_editor(username="editor", first_name="Edith", last_name="Editor")


@pytest.fixture
def editor_client(editor):
    return client_for(editor)


def make_entry(title="Keep the service catalogue current", clauses=("8.2.4",)):
    """An entry as the corpus loader creates it: one version, no user."""
    with reversion.create_revision():
        entry = GuidanceEntry.objects.create(
            title=title,
            process_area=ProcessArea.objects.get(slug="change-management"),
            what_to_do="Loaded advice.",
            why_it_matters="Loaded reason.",
            further_considerations="Loaded considerations.",
        )
        entry.clauses.set(Clause.objects.filter(number__in=clauses))
        reversion.set_comment("Loaded from the shipped guidance corpus.")
    return entry


@pytest.fixture
def entry(db):
    return make_entry()


def edit_url(entry):
    return reverse("wagtailsnippets_search_guidanceentry:edit", args=(entry.pk,))


def versions_url(entry):
    return reverse("wagtailsnippets_search_guidanceentry:versions", args=(entry.pk,))


def restore_url(entry, version):
    return reverse(
        "wagtailsnippets_search_guidanceentry:restore_version",
        args=(entry.pk, version.pk),
    )


def edit(client, entry, *, clauses, **changes):
    """Save the entry through the admin edit view, as an editor does."""
    entry.refresh_from_db()
    data = {
        "title": entry.title,
        "clauses": [c.pk for c in Clause.objects.filter(number__in=clauses)],
        "process_area": entry.process_area_id or "",
        "what_to_do": entry.what_to_do,
        "why_it_matters": entry.why_it_matters,
        "further_considerations": entry.further_considerations,
        **changes,
    }
    response = client.post(edit_url(entry), data)
    assert response.status_code == 302, response.context["form"].errors
    return Version.objects.get_for_object(entry).first()


@pytest.fixture
def edited_twice(entry, editor_client):
    """The entry after two admin edits: returns (first edit, second edit)."""
    first = edit(
        editor_client, entry, clauses=["8.2.4"], what_to_do="First edited advice."
    )
    second = edit(
        editor_client,
        entry,
        clauses=["8.2.4", "8.5.1"],
        title="Keep the catalogue and changes current",
        what_to_do="Second edited advice.",
    )
    return first, second


def clause_numbers(entry):
    return sorted(entry.clauses.values_list("number", flat=True))


def restore_logs(entry):
    return ModelLogEntry.objects.for_instance(entry).filter(action=RESTORE_ACTION)


def test_the_versions_page_lists_every_version_newest_first_with_its_user(
    entry, edited_twice, editor_client
):
    first, second = edited_twice
    response = editor_client.get(versions_url(entry))
    assert response.status_code == 200
    rows = list(response.context["object_list"])
    assert [v.pk for v in rows] == [
        second.pk,
        first.pk,
        Version.objects.get_for_object(entry).last().pk,
    ]
    assert [v.revision.user for v in rows] == [first.revision.user] * 2 + [None]
    assert rows[0].changes == "Title, Clauses, What to do"
    assert rows[1].changes == "What to do"
    assert rows[2].changes == "First version"
    html = response.content.decode()
    assert "Edith Editor" in html
    assert "Loaded from the shipped guidance corpus." in html
    assert restore_url(entry, first) in html
    assert restore_url(entry, second) not in html, "the latest is not offered"


def test_the_edit_view_and_the_listing_link_to_the_versions(
    entry, edited_twice, editor_client
):
    assert versions_url(entry) in editor_client.get(edit_url(entry)).content.decode()
    listing = editor_client.get(reverse("wagtailsnippets_search_guidanceentry:list"))
    assert versions_url(entry) in listing.content.decode()


def test_restoring_the_first_edit_brings_back_its_fields_and_clauses_as_a_new_version(
    entry, edited_twice, editor, editor_client
):
    first, second = edited_twice

    response = editor_client.post(restore_url(entry, first), follow=True)

    assert response.redirect_chain == [(edit_url(entry), 302)]
    assert "Restored the version of" in response.content.decode()
    entry.refresh_from_db()
    assert entry.title == "Keep the service catalogue current"
    assert entry.what_to_do == "First edited advice."
    assert clause_numbers(entry) == ["8.2.4"]
    versions = Version.objects.get_for_object(entry)
    assert versions.count() == 4, "the restore is a version of its own"
    restored = versions.first()
    assert restored.revision.user == editor
    assert restored.revision.comment == (
        f"Restored the version of {version_date(first)}"
    )
    assert restored.field_dict["what_to_do"] == "First edited advice."
    assert sorted(restored.field_dict["clauses"]) == sorted(first.field_dict["clauses"])
    assert versions.filter(pk=second.pk).exists(), "the newer text is kept"
    assert second.field_dict["what_to_do"] == "Second edited advice."
    [log_entry] = restore_logs(entry)
    assert log_entry.user == editor
    assert log_entry.data["version_id"] == first.pk
    assert log_entry.message == f"Restored the version of {version_date(first)}"


def test_restoring_touches_no_other_entry_saved_since(entry, edited_twice, editor):
    first, _ = edited_twice
    other = make_entry(title="Another entry", clauses=["8.5.1"])
    editor_client = client_for(editor)
    edit(editor_client, other, clauses=["8.5.1"], what_to_do="Other advice.")

    editor_client.post(restore_url(entry, first))

    other.refresh_from_db()
    assert other.what_to_do == "Other advice."
    assert GuidanceEntry.objects.filter(pk=other.pk).exists()


def test_getting_the_restore_page_asks_for_confirmation_and_changes_nothing(
    entry, edited_twice, editor_client
):
    first, _ = edited_twice
    versions_before = Version.objects.get_for_object(entry).count()

    response = editor_client.get(restore_url(entry, first))

    assert response.status_code == 200
    html = response.content.decode()
    assert "First edited advice." in html
    assert "8.2.4" in html
    assert 'method="post"' in html
    assert "csrfmiddlewaretoken" in html
    entry.refresh_from_db()
    assert entry.what_to_do == "Second edited advice."
    assert Version.objects.get_for_object(entry).count() == versions_before
    assert not restore_logs(entry).exists()


def test_restoring_needs_the_csrf_token(entry, edited_twice, editor):
    first, _ = edited_twice
    client = Client(enforce_csrf_checks=True)
    client.force_login(editor)

    assert client.post(restore_url(entry, first)).status_code == 403
    entry.refresh_from_db()
    assert entry.what_to_do == "Second edited advice."

    client.get(restore_url(entry, first))
    token = client.cookies["csrftoken"].value
    response = client.post(restore_url(entry, first), {"csrfmiddlewaretoken": token})
    assert response.status_code == 302
    entry.refresh_from_db()
    assert entry.what_to_do == "First edited advice."


def test_readers_see_the_versions_but_may_not_restore(
    entry, edited_twice, owner_client
):
    first, _ = edited_twice

    versions = owner_client.get(versions_url(entry))
    assert versions.status_code == 200
    assert [v.pk for v in versions.context["object_list"]][1] == first.pk
    assert restore_url(entry, first) not in versions.content.decode()
    assert owner_client.get(restore_url(entry, first)).status_code == 403
    assert owner_client.post(restore_url(entry, first)).status_code == 403

    entry.refresh_from_db()
    assert entry.what_to_do == "Second edited advice."
    assert not restore_logs(entry).exists()
    listing = owner_client.get(reverse("wagtailsnippets_search_guidanceentry:list"))
    assert listing.status_code == 200
    assert versions_url(entry) in listing.content.decode()


def test_a_version_of_another_entry_or_none_at_all_is_not_found(
    entry, edited_twice, editor_client
):
    other = make_entry(title="Another entry", clauses=["8.5.1"])
    foreign = Version.objects.get_for_object(other).get()
    unknown = Version.objects.order_by("-pk").first().pk + 1

    assert editor_client.get(restore_url(entry, foreign)).status_code == 404
    assert editor_client.post(restore_url(entry, foreign)).status_code == 404
    url = reverse(
        "wagtailsnippets_search_guidanceentry:restore_version",
        args=(entry.pk, unknown),
    )
    assert editor_client.post(url).status_code == 404
    other.refresh_from_db()
    entry.refresh_from_db()
    assert other.what_to_do == "Loaded advice."
    assert entry.what_to_do == "Second edited advice."


def test_an_unknown_entry_is_not_found(entry, editor_client):
    url = reverse("wagtailsnippets_search_guidanceentry:versions", args=(entry.pk + 1,))
    assert editor_client.get(url).status_code == 404


def add_versions(entry, count, users):
    for n in range(count):
        with reversion.create_revision():
            entry.what_to_do = f"Advice number {n}."
            entry.save()
            reversion.set_user(users[n % len(users)])
            reversion.set_comment(f"Change {n}")


def test_the_versions_page_costs_the_same_queries_for_2_or_20_versions(
    editor_client, editor, django_assert_max_num_queries
):
    users = [editor, make_editor(), make_editor()]
    few, many = make_entry(title="Few"), make_entry(title="Many")
    add_versions(few, 1, users)
    add_versions(many, 19, users)
    counts = []
    for entry, expected in ((few, 2), (many, 20)):
        with django_assert_max_num_queries(VERSIONS_PAGE_QUERY_BUDGET) as queries:
            response = editor_client.get(versions_url(entry))
        assert len(response.context["object_list"]) == expected
        counts.append(len(queries.captured_queries))
    assert counts[0] == counts[1], counts


def test_the_oldest_version_on_a_page_still_says_what_it_changed(editor_client, editor):
    entry = make_entry()
    add_versions(entry, 20, [editor])  # 21 versions: a full page and one more

    first_page = editor_client.get(versions_url(entry)).context["object_list"]
    second_page = editor_client.get(versions_url(entry), {"p": 2})

    assert len(first_page) == 20
    assert first_page[-1].changes == "What to do"
    [oldest] = second_page.context["object_list"]
    assert oldest.changes == "First version"
    assert not oldest.is_latest
