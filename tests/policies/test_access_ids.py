"""readable_ids (the access rules asked of a few candidates by id) must let
through exactly what readable() does, for every way of reading a
confidential document and for those who may not."""

import pytest
from django.contrib.auth.models import AnonymousUser, Group

from policies.access import readable, readable_ids
from policies.models import ControlledDocumentPage, PolicyPage, SectionShare
from tests.factories import library_root, make_document, make_section, make_user


@pytest.mark.django_db
def test_readable_ids_lets_through_what_readable_does_for_every_reader(
    library, owner, staff, auditor, approver
):
    section = make_section(library_root(), "Security")
    shared_user, group_reader, named_reader = (make_user("Staff") for _ in range(3))
    readers = Group.objects.create(name="Security readers")
    group_reader.groups.add(readers)
    SectionShare.objects.create(section=section, user=shared_user)
    public = make_document(PolicyPage, owner=owner)
    confidential = make_document(
        PolicyPage, section, owner=owner, classification="confidential"
    )
    named = make_document(PolicyPage, owner=owner, classification="confidential")
    named.reader_users.set([named_reader])
    named.save()  # readers are parental: saved with the page
    grouped = make_document(PolicyPage, owner=owner, classification="confidential")
    grouped.reader_groups.set([readers])
    grouped.save()
    documents = ControlledDocumentPage.objects.filter(
        pk__in=[public.pk, confidential.pk, named.pk, grouped.pk]
    )
    people = [owner, staff, auditor, approver, shared_user, group_reader]
    people += [named_reader, make_user(is_superuser=True), AnonymousUser()]
    seen = []
    for person in people:
        expected = set(readable(documents, person).values_list("pk", flat=True))
        classifications = dict(documents.values_list("pk", "classification"))
        each = readable_ids(person, classifications)
        assert each == expected, person
        seen.append(expected)
    everything = {public.pk, confidential.pk, named.pk, grouped.pk}
    assert seen == [
        everything,  # the owner
        {public.pk},  # staff
        everything,  # auditor
        everything,  # approver
        {public.pk, confidential.pk},  # shared the section
        {public.pk, grouped.pk},  # a reader by group
        {public.pk, named.pk},  # a named reader
        everything,  # a superuser
        {public.pk},  # anonymous (pages refuse them before asking)
    ]
