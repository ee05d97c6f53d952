import pytest
from django.urls import reverse

from policies.models import Clause, ProcessArea


@pytest.mark.django_db
def test_catalogue_holds_clauses_4_to_10_in_order():
    numbers = list(Clause.objects.values_list("number", flat=True))
    assert len(numbers) == 77
    assert numbers[0] == "4"
    assert numbers[-3:] == ["10", "10.1", "10.2"]
    assert numbers.index("9.4") < numbers.index("10")
    assert sorted({c.section for c in Clause.objects.all()}) == [4, 5, 6, 7, 8, 9, 10]


@pytest.mark.django_db
def test_clauses_know_their_parent_and_documented_information():
    clause = Clause.objects.get(number="8.7.2")
    assert clause.title == "Service continuity management"
    assert clause.parent.number == "8.7"
    assert clause.maintained_documents == ["Service continuity plan(s)"]
    assert clause.retained_records == ["Continuity test results"]
    assert Clause.objects.get(number="6.2.1").uncertain


@pytest.mark.django_db
def test_process_areas_are_tied_to_their_clauses():
    change = ProcessArea.objects.get(slug="change-management")
    assert list(change.clauses.values_list("number", flat=True)) == [
        "8.5.1",
        "8.5.1.1",
        "8.5.1.2",
        "8.5.1.3",
    ]
    assert ProcessArea.objects.count() == 23


@pytest.mark.django_db
def test_clause_number_format_is_validated():
    with pytest.raises(Exception) as error:
        Clause(number="8.x", title="Bad").full_clean()
    assert "digits separated by dots" in str(error.value)


@pytest.mark.django_db
def test_document_owner_browses_and_searches_the_catalogue_in_the_admin(owner_client):
    url = reverse("wagtailsnippets_policies_clause:list")
    response = owner_client.get(url, {"q": "continuity"})
    content = response.content.decode()
    assert response.status_code == 200
    assert "Service continuity management" in content
    assert "Incident management" not in content
    clause = Clause.objects.get(number="8.7.2")
    inspect = owner_client.get(
        reverse("wagtailsnippets_policies_clause:inspect", args=(clause.pk,))
    )
    assert "Continuity test results" in inspect.content.decode()
