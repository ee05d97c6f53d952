from django.contrib import messages
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.ui.components import Component
from wagtail.admin.widgets import Button
from wagtail.log_actions import LogFormatter
from wagtail.models import TaskState, WorkflowState

from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, has_role

from . import control, views
from .models import DocumentIssue, restart_workflow
from .selectors import documents_due_for_review

LOG_ACTIONS = [
    (
        "itsms.issue",
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


@hooks.register("after_edit_page")
def restart_review_when_the_draft_changes(request, page):
    """A draft edited during approval (reviewers and approvers may edit it), or
    resubmitted after a rejection, voids the sign-offs given so far: the workflow
    starts again from review on the new revision (design.md invariant 2)."""
    state = page.current_workflow_state
    if state is None or state.status != WorkflowState.STATUS_IN_PROGRESS:
        return
    latest = page.get_latest_revision().pk
    signed_elsewhere = state.task_states.exclude(revision_id=latest).filter(
        status__in=[TaskState.STATUS_APPROVED, TaskState.STATUS_IN_PROGRESS]
    )
    if signed_elsewhere.exists():
        restart_workflow(state, request.user)
        messages.warning(
            request,
            "The draft changed during approval: the sign-offs given so far are void "
            "and review starts again.",
        )


@hooks.register("register_admin_urls")
def register_document_action_urls():
    return [
        path(
            "documents/<int:page_id>/<slug:action>/",
            views.document_action,
            name="document_action",
        )
    ]


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


@hooks.register("register_page_header_buttons")
def document_control_buttons(page, user, view_name=None, next_url=None):
    document = page.specific_deferred
    if not isinstance(document, ControlledDocumentPage):
        return []
    buttons = []

    def button(action, label, icon, priority):
        buttons.append(
            Button(
                label,
                reverse("document_action", args=(page.pk, action)),
                icon_name=icon,
                priority=priority,
            )
        )

    if control.is_approver(user):
        if document.withdrawn:
            button("reinstate", "Reinstate", "undo", 60)
        else:
            button("withdraw", "Withdraw", "cross", 60)
            if control.pending_review(document):
                button("confirm-review", "Confirm review", "tick", 61)
    if user.pk == document.document_owner_id and document.live:
        button("record-review", "Record review: no change needed", "tick", 62)
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


class ReviewsDuePanel(Component):
    """Documents whose periodic review is overdue or due within 30 days: the owner's
    own, or every document for approvers and auditors."""

    name = "reviews_due"
    template_name = "workflows/reviews_due_panel.html"
    order = 60

    def __init__(self, documents, today):
        self.documents, self.today = documents, today

    def get_context_data(self, parent_context):
        return {"documents": self.documents, "today": self.today}


def reviews_due_for(user):
    if has_role(user, APPROVERS, AUDITORS):
        return documents_due_for_review()
    return documents_due_for_review(owner=user)


@hooks.register("construct_homepage_panels")
def add_reviews_due_panel(request, panels):
    documents = list(reviews_due_for(request.user))
    if documents:
        panels.append(ReviewsDuePanel(documents, timezone.localdate()))


def reviews_due_report(request):
    return TemplateResponse(
        request,
        "workflows/reviews_due_report.html",
        {
            "documents": reviews_due_for(request.user),
            "today": timezone.localdate(),
        },
    )


@hooks.register("register_admin_urls")
def register_reviews_due_report_url():
    return [path("reports/reviews-due/", reviews_due_report, name="reviews_due_report")]


@hooks.register("register_reports_menu_item")
def register_reviews_due_report_menu_item():
    return MenuItem(
        "Reviews due", reverse("reviews_due_report"), icon_name="date", order=100
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


def withdrawn_documents_report(request):
    return TemplateResponse(
        request,
        "workflows/withdrawn_report.html",
        {
            "documents": ControlledDocumentPage.objects.filter(withdrawn=True)
            .select_related("document_owner")
            .order_by("document_number"),
            "may_reinstate": control.is_approver(request.user),
        },
    )


@hooks.register("register_admin_urls")
def register_withdrawn_report_url():
    return [
        path(
            "reports/withdrawn/",
            withdrawn_documents_report,
            name="withdrawn_documents_report",
        )
    ]


@hooks.register("register_reports_menu_item")
def register_withdrawn_report_menu_item():
    return MenuItem(
        "Withdrawn documents",
        reverse("withdrawn_documents_report"),
        icon_name="cross",
        order=101,
    )
