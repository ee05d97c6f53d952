import pytest
from django.urls import reverse

from policies.models import Clause, ProcessArea, RequiredItem


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
    assert [(i.code, i.kind) for i in clause.required_items.all()] == [
        ("continuity-requirements", "M"),
        ("continuity-plan", "M"),
        ("continuity-test-results", "R"),
    ]
    # Both exist in the standard: no longer a best reading.
    assert not Clause.objects.filter(uncertain=True).exists()


@pytest.mark.django_db
def test_the_catalogue_holds_the_required_items_with_the_7_5_4_list():
    assert RequiredItem.objects.filter(kind="M").count() == 17
    assert RequiredItem.objects.filter(kind="R").count() == 17
    # Items a to k of 7.5.4 are each carried by at least one required item.
    letters = {
        code.removeprefix("7.5.4 ")
        for code in RequiredItem.objects.exclude(required_by="").values_list(
            "required_by", flat=True
        )
    }
    assert letters == set("abcdefghijk")
    major = RequiredItem.objects.get(code="major-incident-procedure")
    assert (major.clause.number, major.required_by) == ("8.6.1", "7.5.4 k")
    assert major.satisfiable_by("procedure")
    assert not RequiredItem.objects.get(code="sla").satisfiable_by("procedure")
    for item in ["6.1", "8.7.1"]:
        assert Clause.objects.get(number=item).required_items.filter(kind="M")


@pytest.mark.django_db
def test_amendment_1_2024_is_data_on_4_1_and_4_2():
    amended = Clause.objects.exclude(amendment="").values_list("number", flat=True)
    assert sorted(amended) == ["4.1", "4.2"]
    assert "climate change" in Clause.objects.get(number="4.1").amendment


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
