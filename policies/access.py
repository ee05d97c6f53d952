"""Who may read a document (ISO/IEC 20000-1 7.5.3: protected from loss of
confidentiality, available to those who need it).

Public and internal documents are for every signed-in user. A confidential document
is for its named readers (people and groups), its owner, the owners its section is
shared with, and the people who review, approve and audit documents; for everyone
else it does not exist (404). The one place that decides it: pages, records, lists,
search, files and exports all ask here."""

from django.contrib.auth.models import Group
from django.db.models import Exists, F, OuterRef, Q, QuerySet
from django.db.models.functions import Length, Substr

from .fields import Classification
from .models import ControlledDocumentPage, SectionShare
from .roles import (
    APPROVERS,
    AUDITORS,
    REVIEWERS,
    groups_of_roles,
    has_role,
    sees_drafts,
)

PRIVILEGED = (AUDITORS, APPROVERS, REVIEWERS)


def reads_everything(user) -> bool:
    """Reviewers, approvers and auditors: the people in every document's
    workflow and audit (superusers too)."""
    return has_role(user, *PRIVILEGED)


def confidential_readable_by(user) -> QuerySet:
    """The ids of the confidential documents `user` may read, as a subquery with
    no query of its own (lists and search stay one query on every backend)."""
    if not user.is_authenticated:
        return ControlledDocumentPage.objects.none().values_list("pk", flat=True)
    groups = user.groups.all()
    # A share covers the section and everything below it: the document's tree path
    # starts with the section's.
    shares = (
        SectionShare.objects.filter(Q(user=user) | Q(group__in=groups))
        .annotate(prefix=Substr(OuterRef("path"), 1, Length("section__path")))
        .filter(prefix=F("section__path"))
    )
    privileged = user.groups.filter(groups_of_roles(*PRIVILEGED))
    return ControlledDocumentPage.objects.filter(
        Q(Exists(privileged))
        | Q(document_owner=user)
        | Q(reader_users=user)
        | Q(reader_groups__in=groups)
        | Exists(shares),
        classification=Classification.CONFIDENTIAL,
    ).values_list("pk", flat=True)


def unreadable_by(user) -> QuerySet:
    """The ids of the confidential documents `user` may not read (a subquery)."""
    if user.is_superuser:
        return ControlledDocumentPage.objects.none().values_list("pk", flat=True)
    return (
        ControlledDocumentPage.objects.filter(
            classification=Classification.CONFIDENTIAL
        )
        .exclude(pk__in=confidential_readable_by(user))
        .values_list("pk", flat=True)
    )


def readable(documents: QuerySet, user) -> QuerySet:
    """`documents` without those `user` may not read: one exclusion by id, which
    every search backend applies as a filter (never as part of the score).
    Superusers, reviewers, approvers and auditors read every document: no
    exclusion at all (the subquery would exclude nothing, at the cost of a scan)."""
    if reads_everything(user):
        return documents
    return documents.exclude(id__in=unreadable_by(user))


def readable_ids(user, classifications: dict) -> set:
    """The ids of `classifications` ({document id: classification}) that `user`
    may read, for a few documents picked by id (search's candidates), where
    readable() would first list every unreadable document of the library. Only
    a confidential document can be unreadable: no query unless there is one
    and the user does not read everything."""
    confidential = {
        pk
        for pk, classification in classifications.items()
        if classification == Classification.CONFIDENTIAL
    }
    ids = set(classifications)
    if not confidential or reads_everything(user):
        return ids
    allowed = confidential_readable_by(user).filter(pk__in=confidential)
    return ids - confidential | set(allowed)


def visible(documents: QuerySet, user) -> QuerySet:
    """Readable, and never-issued drafts only for those who see drafts (owners,
    reviewers, approvers, auditors): for staff a draft does not exist yet."""
    documents = readable(documents, user)
    if not sees_drafts(user):
        documents = documents.exclude(current_version_label="")
    return documents


def readers_among(users: QuerySet, document) -> QuerySet:
    """`users` without those who may not read `document`, the inverse of
    `confidential_readable_by`: one query whatever the number of users, so
    distribution to an audience of thousands stays a single query."""
    if document.classification != Classification.CONFIDENTIAL:
        return users
    shared = SectionShare.objects.filter(
        section_id__in=document.get_ancestors().values("pk")
    )
    return users.filter(
        Q(is_superuser=True)
        | Q(groups__in=Group.objects.filter(groups_of_roles(*PRIVILEGED)))
        | Q(pk=document.document_owner_id)
        | Q(pk__in=document.reader_users.values("pk"))
        | Q(groups__in=document.reader_groups.values("pk"))
        | Q(pk__in=shared.values("user"))
        | Q(groups__in=shared.values("group"))
    ).distinct()


def may_read(user, document) -> bool:
    if document.classification != Classification.CONFIDENTIAL:
        return user.is_authenticated
    if user.is_superuser:
        return True
    return confidential_readable_by(user).filter(pk=document.pk).exists()


def may_read_all(user, documents) -> set[int]:
    """The ids among `documents` that `user` may read: one query."""
    ids = [document.pk for document in documents]
    return set(
        readable(ControlledDocumentPage.objects.filter(pk__in=ids), user).values_list(
            "pk", flat=True
        )
    )
