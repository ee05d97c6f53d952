"""E-mail to the right people at each step of a document's approval.

Replaces Wagtail's generic workflow e-mails for controlled documents: ours name the
document number, title and version, and go to the people who can act on the task
(never the draft's own authors) or who own the document."""

from django.conf import settings
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse

from policies.models import ControlledDocumentPage


def absolute(path):
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def send(recipients, subject, template, context):
    """One message per recipient with an address, sent once the transaction that
    caused it commits (a rolled-back approval announces nothing)."""
    recipients = {user for user in recipients if user.is_active and user.email}
    body = render_to_string(template, context)
    messages = [
        (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
        for user in sorted(recipients, key=lambda user: user.pk)
    ]
    # robust: a mail outage is logged; it never turns a committed approval into an
    # error page.
    transaction.on_commit(
        lambda: send_mass_mail(messages, fail_silently=False), robust=True
    )


def describe(document):
    version = document.current_version_label or "not yet issued"
    return f"{document.document_number} {document.title} (version {version})"


def task_assigned(sender, instance, user=None, **kwargs):
    task_state = instance
    from .models import ControlledDocumentTask, approval_authority, draft_author_ids

    task = task_state.task.specific
    if not isinstance(task, ControlledDocumentTask):
        return
    document = task_state.revision.as_object()
    send(
        task.eligible_users(approval_authority(document)).exclude(
            pk__in=draft_author_ids(document)
        ),
        f"[{document.document_number}] {task.name} needed: {document.title}",
        "workflows/email/task_assigned.txt",
        {
            "document": document,
            "description": describe(ControlledDocumentPage.objects.get(pk=document.pk)),
            "task": task,
            "revision": task_state.revision,
            "link": absolute(reverse("wagtailadmin_pages:edit", args=(document.pk,))),
        },
    )


def workflow_approved(sender, instance, user=None, **kwargs):
    workflow_state = instance
    document = ControlledDocumentPage.objects.get(pk=workflow_state.object_id)
    send(
        {document.document_owner, workflow_state.requested_by} - {None},
        f"[{document.document_number}] Issued as version "
        f"{document.current_version_label}: {document.title}",
        "workflows/email/approved.txt",
        {
            "document": document,
            "description": describe(document),
            "approved_by": user,
            "link": absolute(document.url),
        },
    )


def workflow_rejected(sender, instance, user=None, **kwargs):
    workflow_state = instance
    document = ControlledDocumentPage.objects.get(pk=workflow_state.object_id)
    task_state = workflow_state.current_task_state
    send(
        {document.document_owner, workflow_state.requested_by} - {None},
        f"[{document.document_number}] Changes requested: {document.title}",
        "workflows/email/changes_requested.txt",
        {
            "document": document,
            "description": describe(document),
            "task": task_state.task,
            "by": user,
            "comment": task_state.comment,
            "link": absolute(reverse("wagtailadmin_pages:edit", args=(document.pk,))),
        },
    )


def document_withdrawn(document, user, reason):
    send(
        {document.document_owner},
        f"[{document.document_number}] Withdrawn: {document.title}",
        "workflows/email/withdrawn.txt",
        {
            "description": describe(document),
            "by": user,
            "reason": reason,
            "link": absolute(reverse("wagtailadmin_pages:edit", args=(document.pk,))),
        },
    )
