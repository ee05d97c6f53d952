"""How workflows plugs into Wagtail: actions, admin URLs, buttons, reports, the
dashboard, log formatters, and what it adds to a document's page."""

from django.contrib import messages
from django.db.models import OuterRef, Subquery
from django.db.models.functions import Substr
from django.http import Http404
from django.shortcuts import redirect
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import SnippetViewSet

from policies.extensions import LIBRARY_CONTEXT, PAGE_CONTEXT
from policies.models import ControlledDocumentPage, RequiredItem
from policies.roles import is_approver

from . import document_page
from .actions import restart
from .actions.issue import LOG_ACTION as ISSUE_LOG_ACTION
from .actions.registry import DOCUMENT_ACTIONS, available_actions
from .components import (
    awaiting_sign_off_panel,
    my_reading_panel,
    reviews_due_panel,
    reviews_to_confirm_panel,
)
from .file_access import may_download
from .models import ControlledDocumentTask, DocumentIssue, RetentionPeriod
from .reading_selectors import open_reading
from .records_forms import RetentionPeriodForm
from .selectors import awaiting_sign_off
from .views import actions as action_views
from .views import reports, sign_off
from .views.compare import ControlledDocumentViewSet

hooks.register(LIBRARY_CONTEXT, document_page.add_approval_states)
hooks.register(PAGE_CONTEXT, document_page.add_control_actions)
hooks.register(PAGE_CONTEXT, document_page.add_reading_notice)
hooks.register(PAGE_CONTEXT, document_page.add_issue_signatures)

LOG_ACTIONS = [
    (
        ISSUE_LOG_ACTION,
        "Issue approved",
        "Issued version {label} ({significance}), effective {effective_from}: "
        "{change_summary}",
    ),
    ("itsms.withdraw", "Withdraw", "Withdrawn: {reason}"),
    ("itsms.reinstate", "Reinstate", "Reinstated: {reason}"),
    (
        "itsms.review_recorded",
        "Review recorded",
        "Reviewed, no change needed: {comment}",
    ),
    (
        "itsms.review_confirmed",
        "Review confirmed",
        "Review confirmed; next review due {next_review_due}",
    ),
    ("itsms.acknowledge", "Acknowledge", "Read and understood version {label}"),
    (
        "itsms.reading_reminder",
        "Reading reminder",
        "Reminded {to} to read version {label} (due {due_on})",
    ),
    (
        restart.LOG_ACTION,
        "Review restarted",
        "The draft changed during approval: sign-offs void, review starts again",
    ),
    ("itsms.record_filed", "Record filed", "Filed {number} ({kind})"),
    (
        "itsms.copy_issued",
        "Controlled copy issued",
        "Issued controlled copy {number} of version {label} to {to}",
    ),
    (
        "itsms.copy_exchanged",
        "Controlled copy exchanged",
        "Copy {number} replaced with version {label}, the old one destroyed",
    ),
    ("itsms.legal_hold", "Legal hold placed", "Legal hold placed: {reason}"),
    (
        "itsms.legal_hold_released",
        "Legal hold released",
        "Legal hold released: {reason}",
    ),
    (
        "itsms.disposition_requested",
        "Disposition requested",
        "Disposition of {subject} asked for: {reason}",
    ),
    ("itsms.disposed", "Disposed of", "{subject} disposed of. {comment}"),
    (
        "itsms.disposition_refused",
        "Disposition refused",
        "Disposition of {subject} refused: {comment}",
    ),
]


class DocumentControlLogFormatter(LogFormatter):
    template = ""

    def format_message(self, log_entry):
        return self.template.format(**log_entry.data)


@hooks.register("register_log_actions")
def register_document_control_log_actions(actions):
    for action, label, template in LOG_ACTIONS:
        formatter = type(
            "DocumentControlLogFormatter",
            (DocumentControlLogFormatter,),
            {"label": label, "template": template},
        )
        actions.register_action(action)(formatter)


class RetentionPeriodViewSet(SnippetViewSet):
    """Administrators set how long a kind of documented information is kept
    (Settings → Retention periods); settings.RETENTION_YEARS decides the rest."""

    model = RetentionPeriod
    icon = "time"
    menu_label = "Retention periods"
    add_to_settings_menu = True
    list_display = ["subject_label", "years"]
    copy_view_enabled = False
    edit_handler = ObjectList(
        [FieldPanel("subject"), FieldPanel("years")],
        base_form_class=RetentionPeriodForm,
    )

    def get_queryset(self, request):
        kinds = RequiredItem.objects.filter(
            code=Substr(OuterRef("subject"), len("record:") + 1)
        )
        return RetentionPeriod.objects.annotate(
            kind_item=Subquery(kinds.values("item")[:1]),
            kind_clause=Subquery(kinds.values("clause__number")[:1]),
        )


register_snippet(RetentionPeriodViewSet)


@hooks.register("before_serve_document")
def serve_files_only_to_those_who_may_read_them(file, request):
    if not may_download(request.user, file):
        raise Http404


@hooks.register("register_admin_viewset")
def register_document_page_viewset():
    return ControlledDocumentViewSet("controlled_documents")


@hooks.register("register_actions")
def register_document_actions(registry):
    for action_class in DOCUMENT_ACTIONS:
        registry.register(ControlledDocumentPage, action_class)


@hooks.register("register_page_header_buttons")
def document_control_buttons(page, user, view_name=None, next_url=None):
    document = page.specific_deferred
    if not isinstance(document, ControlledDocumentPage):
        return []
    buttons = [
        Button(
            wording.button,
            reverse("document_action", args=(page.pk, action.action_name)),
            icon_name=wording.icon,
            priority=60 + position,
        )
        for position, (action, wording) in enumerate(available_actions(document, user))
    ]
    task_state = page.current_workflow_task_state
    if task_state is not None:
        task = task_state.task.specific
        if isinstance(task, ControlledDocumentTask) and not task.sign_off_refusal(
            task_state, user
        ):
            buttons.append(
                Button(
                    "Sign off",
                    reverse("sign_off", args=(task_state.pk,)),
                    icon_name="tick",
                    priority=40,
                )
            )
    if document.current_version_label and document.has_unpublished_changes:
        buttons.append(
            Button(
                f"Compare draft with {document.current_version_label}",
                reverse(
                    "document_diff",
                    args=(
                        document.document_number,
                        document.current_version_label,
                        "draft",
                    ),
                ),
                icon_name="history",
                priority=50,
            )
        )
    return buttons


@hooks.register("after_edit_page")
def restart_review_when_the_draft_changes(request, page):
    """A draft resubmitted after changes were requested resumes at the task that
    asked for them; the sign-offs given on the earlier revision are void, so review
    starts again (the restart for an edit during approval already happened when the
    revision was saved). Either way the editor is told."""
    if not isinstance(page, ControlledDocumentPage):
        return
    restarted = restart.RestartReviewAction(
        page, user=request.user, latest_revision_id=page.latest_revision_id
    ).execute()
    if restarted or restart.RestartReviewAction.restarted_for(page):
        messages.warning(
            request,
            "The draft changed during approval: the sign-offs given so far are void "
            "and review starts again.",
        )


@hooks.register("after_edit_page")
def return_signers_to_the_dashboard(request, page):
    """After a review or approval Wagtail shows the page's section in the explorer,
    which reviewers and approvers (who hold no page permissions) may not open."""
    if request.POST.get("action-workflow-action") and not (
        page.get_parent().permissions_for_user(request.user).can_add_subpage()
    ):
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_edit_page")
def warn_a_signer_before_they_edit(request, page):
    """A reviewer or approver who may sign this draft is told, before saving, that
    editing it makes them an author (segregation of duties) and restarts review."""
    task_state = page.current_workflow_task_state
    if request.method != "GET" or task_state is None:
        return
    task = task_state.task.specific
    if isinstance(task, ControlledDocumentTask) and not task.sign_off_refusal(
        task_state, request.user
    ):
        messages.warning(
            request,
            "You may sign off this draft. Saving a change to it makes you an author "
            "of this draft: you could no longer sign it, and review would start "
            "again. To ask for changes, use the sign-off page instead.",
        )


@hooks.register("before_edit_page")
def refuse_to_edit_a_withdrawn_document(request, page):
    # The page passed in is the latest draft; the withdrawal lives on the page row.
    if ControlledDocumentPage.objects.filter(pk=page.pk, withdrawn=True).exists():
        messages.error(
            request,
            "This document is withdrawn: an approver must reinstate it before it "
            "can be edited.",
        )
        return redirect("wagtailadmin_explore", page.get_parent().pk)
    return None


@hooks.register("before_delete_page")
def refuse_to_delete_an_issued_document(request, page):
    """Issued documents are withdrawn, never deleted: their history must remain."""
    if DocumentIssue.objects.filter(document_id=page.pk).exists():
        messages.error(
            request,
            "This document has been issued: withdraw it instead; its history is kept.",
        )
        return redirect("wagtailadmin_home")
    return None


@hooks.register("before_bulk_action")
def refuse_to_bulk_delete_issued_documents(
    request, action_type, objects, action_class_instance
):
    if (
        action_type == "delete"
        and DocumentIssue.objects.filter(
            document__in=[obj.pk for obj in objects]
        ).exists()
    ):
        messages.error(request, "Issued documents are withdrawn, never deleted.")
        return redirect("wagtailadmin_home")
    return None


@hooks.register("construct_homepage_panels")
def replace_wagtails_review_panel(request, panels):
    panels[:] = [
        panel
        for panel in panels
        if getattr(panel, "name", "") != "workflow_objects_to_moderate"
    ]
    if rows := awaiting_sign_off(request.user):
        panels.append(awaiting_sign_off_panel(rows))


@hooks.register("construct_homepage_panels")
def add_my_reading_panel(request, panels):
    if items := list(open_reading(request.user)[:20]):
        panels.append(my_reading_panel(items))


@hooks.register("construct_homepage_panels")
def add_reviews_to_confirm_panel(request, panels):
    if is_approver(request.user) and (
        reviews := reports.reviews_to_confirm(request.user)
    ):
        panels.append(reviews_to_confirm_panel(reviews))


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    documents = list(reports.reviews_due_for(request.user))
    if documents:
        panels.append(reviews_due_panel(documents, timezone.localdate()))


@hooks.register("register_admin_urls")
def register_admin_urls():
    return [
        path(
            "documents/<int:page_id>/<slug:action>/",
            action_views.document_action,
            name="document_action",
        ),
        path("sign-off/<int:task_state_id>/", sign_off.sign_off, name="sign_off"),
        path(
            "sign-off/page/<int:page_id>/",
            sign_off.sign_off_for_page,
            name="sign_off_for_page",
        ),
        path(
            "reports/reviews-due/",
            reports.reviews_due_report,
            name="reviews_due_report",
        ),
        path(
            "reports/withdrawn/",
            reports.withdrawn_documents_report,
            name="withdrawn_documents_report",
        ),
    ]


@hooks.register("register_reports_menu_item")
def register_reviews_due_report_menu_item():
    return MenuItem(
        "Reviews due", reverse("reviews_due_report"), icon_name="date", order=100
    )


@hooks.register("register_reports_menu_item")
def register_withdrawn_report_menu_item():
    return MenuItem(
        "Withdrawn documents",
        reverse("withdrawn_documents_report"),
        icon_name="cross",
        order=101,
    )
