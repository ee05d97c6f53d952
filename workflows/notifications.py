"""E-mail to the right people at each step of a document's control, as notifier
classes in the manner of Wagtail's own (wagtail.admin.mail).

Ours replace Wagtail's generic workflow e-mails for controlled documents only
(signal_handlers keeps Wagtail's for everything else): they name the document
number, title and version, and go to the people who can act on the task (never the
draft's own authors) or who own the document. Mail leaves once the transaction that
caused it commits (a rolled-back approval announces nothing), and a mail outage is
logged, never turned into an error page."""

from django.conf import settings
from django.contrib.auth import get_user_model
from django.core.mail import send_mass_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from wagtail.admin.mail import Notifier
from wagtail.models import TaskState, WorkflowState

from policies.models import ControlledDocumentPage

from .authority import approval_authority
from .models import DocumentIssue
from .selectors import current_issue, next_label, who_may_sign


def absolute(path: str) -> str:
    return settings.WAGTAILADMIN_BASE_URL.rstrip("/") + path


def describe(document: ControlledDocumentPage) -> str:
    version = document.current_version_label or "not yet issued"
    return f"{document.document_number} {document.title} (version {version})"


def is_controlled_document(state: WorkflowState) -> bool:
    """Whether a workflow concerns a controlled document (no query: the content
    type is cached)."""
    model = state.content_type.model_class()
    return model is not None and issubclass(model, ControlledDocumentPage)


def edit_link(document: ControlledDocumentPage) -> str:
    return absolute(reverse("wagtailadmin_pages:edit", args=(document.pk,)))


class DocumentNotifier(Notifier):
    """One plain-text message per recipient with an address."""

    template_directory = "workflows/email/"
    # Review reminders send at once, so that a failed send is retried next run.
    on_commit = True

    def get_valid_recipients(self, instance, **kwargs):
        return {
            user
            for user in self.get_recipient_users(instance, **kwargs)
            if user and user.is_active and user.email
        }

    def get_recipient_users(self, instance, **kwargs):
        raise NotImplementedError

    def get_template_set(self, instance, **kwargs):
        return {"text": f"{self.template_directory}{self.notification}.txt"}

    def get_subject(self, context) -> str:
        raise NotImplementedError

    def send_notifications(self, template_set, context, recipients, **kwargs):
        # One line, whatever a title or name holds: a line break in a header would
        # make Django refuse the whole message.
        subject = " ".join(self.get_subject(context).split())
        body = render_to_string(template_set["text"], context)
        messages = [
            (subject, body, settings.DEFAULT_FROM_EMAIL, [user.email])
            for user in sorted(recipients, key=lambda user: user.pk)
        ]
        if self.on_commit:
            transaction.on_commit(
                lambda: send_mass_mail(messages, fail_silently=False), robust=True
            )
        else:
            send_mass_mail(messages, fail_silently=False)
        return True


class TaskAssignedNotifier(DocumentNotifier):
    """A review or approval task started: to those who may act on it."""

    notification = "task_assigned"

    def __init__(self):
        super().__init__((TaskState,))

    def can_handle(self, instance, **kwargs):
        return (
            super().can_handle(instance, **kwargs)
            and is_controlled_document(instance.workflow_state)
            and getattr(instance.task.specific, "sign_off_role", None) is not None
        )

    def __call__(self, instance=None, **kwargs):
        # The draft as submitted, built once for recipients and message alike.
        if not self.can_handle(instance, **kwargs):
            return False
        document = instance.revision.as_object()
        if not who_may_sign(instance, document).exists():
            return NobodyCanSignNotifier()(instance, document=document, **kwargs)
        return super().__call__(instance, document=document, **kwargs)

    def get_recipient_users(self, task_state, document=None, **kwargs):
        return who_may_sign(task_state, document)

    def get_context(self, task_state, document=None, **kwargs):
        significance = task_state.revision.content.get("significance", "")
        return {
            "document": document,
            "description": describe(ControlledDocumentPage.objects.get(pk=document.pk)),
            "task": task_state.task.specific,
            "revision": task_state.revision,
            "next_label": next_label(current_issue(document), significance),
            "link": absolute(reverse("sign_off", args=(task_state.pk,))),
        }

    def get_subject(self, context):
        document = context["document"]
        return (
            f"[{document.document_number}] {context['task'].name} needed: "
            f"{document.title}"
        )


class WorkflowOutcomeNotifier(DocumentNotifier):
    """The end of a document's workflow: to its owner and whoever submitted it."""

    def __init__(self):
        super().__init__((WorkflowState,))

    def can_handle(self, instance, **kwargs):
        return super().can_handle(instance, **kwargs) and is_controlled_document(
            instance
        )

    def get_recipient_users(self, workflow_state, **kwargs):
        document = ControlledDocumentPage.objects.get(pk=workflow_state.object_id)
        return {document.document_owner, workflow_state.requested_by}


class IssuedNotifier(WorkflowOutcomeNotifier):
    notification = "approved"

    def get_context(self, workflow_state, user=None, **kwargs):
        document = ControlledDocumentPage.objects.get(pk=workflow_state.object_id)
        return {
            "document": document,
            "description": describe(document),
            "approved_by": user,
            "issue": current_issue(document),
            "link": absolute(document.url),
        }

    def get_subject(self, context):
        document = context["document"]
        return (
            f"[{document.document_number}] Issued as version "
            f"{document.current_version_label}: {document.title}"
        )


class ChangesRequestedNotifier(WorkflowOutcomeNotifier):
    notification = "changes_requested"

    def get_context(self, workflow_state, user=None, **kwargs):
        document = ControlledDocumentPage.objects.get(pk=workflow_state.object_id)
        task_state = workflow_state.current_task_state
        return {
            "document": document,
            "description": describe(document),
            "task": task_state.task,
            "by": user,
            "comment": task_state.comment,
            "link": edit_link(document),
        }

    def get_subject(self, context):
        document = context["document"]
        return f"[{document.document_number}] Changes requested: {document.title}"


class WithdrawnNotifier(DocumentNotifier):
    """A document was withdrawn: to its owner."""

    notification = "withdrawn"

    def __init__(self):
        super().__init__((ControlledDocumentPage,))

    def get_recipient_users(self, document, **kwargs):
        return {document.document_owner}

    def get_context(self, document, user=None, reason="", **kwargs):
        return {
            "document": document,
            "description": describe(document),
            "by": user,
            "reason": reason,
            "link": edit_link(document),
        }

    def get_subject(self, context):
        document = context["document"]
        return f"[{document.document_number}] Withdrawn: {document.title}"


class ReviewDueNotifier(DocumentNotifier):
    """The documents an owner must review soon or is late with, in one message."""

    notification = "review_due"
    on_commit = False

    def __init__(self):
        super().__init__((list,))

    def get_recipient_users(self, documents, **kwargs):
        return {documents[0].document_owner}

    def get_context(self, documents, today=None, **kwargs):
        return {
            "owner": documents[0].document_owner,
            "today": today,
            "documents": [(document, absolute(document.url)) for document in documents],
        }

    def get_subject(self, context):
        return f"{len(context['documents'])} document(s) due for review"


class NobodyCanSignNotifier(DocumentNotifier):
    """A task started that nobody may sign (everyone eligible wrote or edited the
    draft, or signed it in an earlier step): to the owner and to everyone eligible,
    with the way out."""

    notification = "nobody_can_sign"

    def __init__(self):
        super().__init__((TaskState,))

    def get_recipient_users(self, task_state, document=None, **kwargs):
        owner = ControlledDocumentPage.objects.get(pk=document.pk).document_owner
        eligible = task_state.task.specific.eligible_users(approval_authority(document))
        return {owner, *eligible}

    def get_context(self, task_state, document=None, **kwargs):
        return {
            "document": document,
            "task": task_state.task.specific,
            "link": absolute(reverse("sign_off", args=(task_state.pk,))),
        }

    def get_subject(self, context):
        document = context["document"]
        return (
            f"[{document.document_number}] Nobody left to sign the "
            f"{context['task'].name.lower()}: {document.title}"
        )


class ReviewRecordedNotifier(DocumentNotifier):
    """The owner recorded a periodic review that found no change needed: to the
    approvers of the document, who confirm it."""

    notification = "review_recorded"

    def __init__(self):
        super().__init__((ControlledDocumentPage,))

    def get_recipient_users(self, document, user=None, approvers=(), **kwargs):
        return {approver for approver in approvers if approver != user}

    def get_context(self, document, user=None, comment="", **kwargs):
        return {
            "document": document,
            "description": describe(document),
            "by": user,
            "comment": comment,
            "link": absolute(
                reverse("document_action", args=(document.pk, "confirm-review"))
            ),
        }

    def get_subject(self, context):
        document = context["document"]
        return f"[{document.document_number}] Review to confirm: {document.title}"


class IssueRecipientsNotifier(DocumentNotifier):
    """About an issue, to the people whose ids the sender names (`user_ids`)."""

    def __init__(self):
        super().__init__((DocumentIssue,))

    def get_recipient_users(self, issue, user_ids=(), **kwargs):
        return (
            get_user_model()
            .objects.filter(pk__in=user_ids)
            .only("pk", "email", "is_active")
        )


class ReadingRequestedNotifier(IssueRecipientsNotifier):
    """An issue came into force that these people must read: one message each."""

    notification = "reading_requested"

    def get_context(self, issue, due_on=None, **kwargs):
        document = issue.document
        return {
            "issue": issue,
            "document": document,
            "due_on": due_on,
            "link": absolute(document.url or ""),
            "reading": absolute(reverse("my_reading")),
        }

    def get_subject(self, context):
        document, issue = context["document"], context["issue"]
        return (
            f"[{document.document_number}] Please read version {issue.label}: "
            f"{document.title}"
        )


class DigestNotifier(DocumentNotifier):
    """One message to one person about a list of reading requests, sent at once
    (the reminder command records it in the same transaction)."""

    on_commit = False

    def __init__(self):
        super().__init__((list,))

    def get_recipient_users(self, items, user=None, **kwargs):
        return {user}


class OverdueReadingNotifier(DigestNotifier):
    """A person's overdue reading, in one digest."""

    notification = "reading_overdue"

    def get_context(self, items, user=None, today=None, **kwargs):
        return {
            "items": [
                (item, absolute(item.issue.document.url or "")) for item in items
            ],
            "today": today,
            "reading": absolute(reverse("my_reading")),
        }

    def get_subject(self, context):
        return f"{len(context['items'])} document(s) overdue to read and acknowledge"


class OverdueReadersNotifier(DigestNotifier):
    """An owner's documents with readers overdue, and who."""

    notification = "readers_overdue"

    def get_context(self, items, user=None, today=None, **kwargs):
        return {"items": items, "today": today}

    def get_subject(self, context):
        documents = {item.issue.document_id for item in context["items"]}
        return f"Overdue readers on {len(documents)} of your document(s)"
