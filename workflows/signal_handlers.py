"""Every signal receiver of workflows, registered from WorkflowsConfig.ready(), each
filtered to the senders it cares about."""

from django.core.exceptions import PermissionDenied
from django.db.models.signals import post_delete, post_save, pre_save
from wagtail.admin import mail as wagtail_mail
from wagtail.documents import get_document_model
from wagtail.models import Page, Revision, TaskState, WorkflowState
from wagtail.signals import (
    task_submitted,
    workflow_approved,
    workflow_rejected,
    workflow_submitted,
)

from policies.models import Clause, ControlledDocumentPage, RequiredItem

from .actions.restart import RestartReviewAction
from .coverage_cache import forget_on_delete, forget_on_save
from .hashing import canonical_hash
from .models import Disposition, DocumentIssue, Record
from .notifications import (
    ChangesRequestedNotifier,
    IssuedNotifier,
    TaskAssignedNotifier,
    is_controlled_document,
)
from .seals import is_sealed, seal_file


def refuse_to_change_a_sealed_file(sender, instance, **kwargs):
    """pre_save of Wagtail's document (file) model: the bytes of a sealed file, one
    that a submitted or issued revision carries, never change (docs/invariants.md,
    7). Its title and tags may; its file may not, by any route."""
    if instance.pk is None or not is_sealed(instance):
        return
    stored = (
        type(instance)
        .objects.filter(pk=instance.pk)
        .values("file", "file_hash", "file_size")
        .first()
    )
    if stored and (
        stored["file"] != instance.file.name
        or (instance.file_hash and stored["file_hash"] != instance.file_hash)
        or (instance.file_size and stored["file_size"] != instance.file_size)
    ):
        raise PermissionDenied(
            "This file is part of a submitted or issued revision: its content cannot "
            "change. Upload a new file and change the document instead."
        )


def seal_the_submitted_file(sender, instance, **kwargs):
    """task_submitted: a draft under approval carries its file's bytes as they are
    now; the reviewers and approvers sign those."""
    if is_controlled_document(instance.workflow_state):
        seal_file(instance.revision)


def restart_review_when_a_draft_is_saved(sender, instance, update_fields=None, **kw):
    """post_save of a controlled document whose latest revision just changed (Wagtail
    saves the page right after creating a revision): a new draft of a document under
    approval voids the sign-offs given so far, however it was saved."""
    if update_fields and "latest_revision" in update_fields:
        RestartReviewAction(
            instance,
            user=instance.latest_revision.user,
            latest_revision_id=instance.latest_revision_id,
        ).execute()


def refuse_to_rewrite_a_bound_revision(sender, instance, **kwargs):
    """pre_save of Revision. Wagtail may save over an existing revision (autosave's
    overwrite_revision_id); a revision that tasks are bound to or that was issued must
    keep what reviewers and approvers saw (docs/invariants.md, 2 and 4)."""
    if instance.pk is None:
        return
    bound = (
        TaskState.objects.filter(revision_id=instance.pk).exists()
        or DocumentIssue.objects.filter(revision_id=instance.pk).exists()
    )
    if not bound:
        return
    stored = (
        Revision.objects.filter(pk=instance.pk)
        .values_list("content", flat=True)
        .first()
    )
    if stored is not None and canonical_hash(stored) != canonical_hash(
        instance.content
    ):
        raise PermissionDenied(
            "This revision was submitted for approval or issued and cannot be "
            "rewritten: save a new revision instead."
        )


class ExceptControlledDocuments:
    """Wagtail's own workflow e-mail, for everything but controlled documents, which
    get ours (workflows.notifications)."""

    def can_handle(self, instance, **kwargs):
        state = instance if isinstance(instance, WorkflowState) else None
        if isinstance(instance, TaskState):
            state = instance.workflow_state
        if state is not None and is_controlled_document(state):
            return False
        return super().can_handle(instance, **kwargs)


def except_controlled_documents(notifier_class):
    return type(
        notifier_class.__name__,
        (ExceptControlledDocuments, notifier_class),
        {"__doc__": notifier_class.__doc__},
    )()


# Signals hold their receivers weakly: the notifiers live here, as Wagtail's live in
# wagtail.admin.signal_handlers.
task_assigned_notifier = TaskAssignedNotifier()
issued_notifier = IssuedNotifier()
changes_requested_notifier = ChangesRequestedNotifier()

# (signal, sender, Wagtail's dispatch_uid, Wagtail's notifier for the rest)
WAGTAIL_NOTIFIERS = [
    (
        task_submitted,
        TaskState,
        "group_approval_task_submitted_email_notification",
        except_controlled_documents(
            wagtail_mail.GroupApprovalTaskStateSubmissionEmailNotifier
        ),
    ),
    (
        workflow_submitted,
        WorkflowState,
        "workflow_state_submitted_email_notification",
        except_controlled_documents(wagtail_mail.WorkflowStateSubmissionEmailNotifier),
    ),
    (
        workflow_rejected,
        WorkflowState,
        "workflow_state_rejected_email_notification",
        except_controlled_documents(wagtail_mail.WorkflowStateRejectionEmailNotifier),
    ),
    (
        workflow_approved,
        WorkflowState,
        "workflow_state_approved_email_notification",
        except_controlled_documents(wagtail_mail.WorkflowStateApprovalEmailNotifier),
    ),
]


def register() -> None:
    for model in ControlledDocumentPage.document_types().values():
        post_save.connect(
            restart_review_when_a_draft_is_saved,
            sender=model,
            dispatch_uid=f"itsms_restart_review_{model._meta.model_name}",
        )
    # What compliance counts: coverage remembered before is out of date.
    # Page too: Wagtail saves some pages as plain Page objects (moves, say).
    documents = [Page, *ControlledDocumentPage.document_types().values()]
    for model in [*documents, Record, Disposition, Clause, RequiredItem]:
        uid = f"itsms_coverage_{model._meta.label_lower}"
        post_save.connect(forget_on_save, sender=model, dispatch_uid=f"{uid}_saved")
        post_delete.connect(forget_on_delete, sender=model, dispatch_uid=f"{uid}_gone")
    pre_save.connect(
        refuse_to_change_a_sealed_file,
        sender=get_document_model(),
        dispatch_uid="itsms_sealed_files_keep_their_bytes",
    )
    task_submitted.connect(
        seal_the_submitted_file, sender=TaskState, dispatch_uid="itsms_seal_on_submit"
    )
    pre_save.connect(
        refuse_to_rewrite_a_bound_revision,
        sender=Revision,
        dispatch_uid="itsms_bound_revisions_are_immutable",
    )
    # Wagtail's receivers were connected in wagtail.admin's ready(), which runs
    # before ours: the same dispatch_uid replaces each with a copy that leaves
    # controlled documents to our notifiers.
    for signal, sender, uid, notifier in WAGTAIL_NOTIFIERS:
        signal.disconnect(sender=sender, dispatch_uid=uid)
        signal.connect(notifier, sender=sender, dispatch_uid=uid)
    task_submitted.connect(
        task_assigned_notifier, sender=TaskState, dispatch_uid="itsms_task_assigned"
    )
    workflow_approved.connect(
        issued_notifier, sender=WorkflowState, dispatch_uid="itsms_workflow_approved"
    )
    workflow_rejected.connect(
        changes_requested_notifier,
        sender=WorkflowState,
        dispatch_uid="itsms_workflow_rejected",
    )
