"""Admin views: the form of each controlled action, and the reports of reviews due
and of withdrawn documents."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from wagtail.actions.registry import action_registry

from policies.models import ControlledDocumentPage
from policies.roles import APPROVERS, AUDITORS, has_role, is_approver

from .actions.registry import DOCUMENT_ACTIONS
from .actions.withdrawal import ReinstateDocumentAction
from .selectors import documents_due_for_review


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


def document_action(request, page_id, action):
    document = get_object_or_404(ControlledDocumentPage, pk=page_id)
    action_class = action_registry.get_action_class(ControlledDocumentPage, action)
    if action_class not in DOCUMENT_ACTIONS:
        raise PermissionDenied
    wording = DOCUMENT_ACTIONS[action_class]
    number = document.document_number
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = wording.field
    try:
        action_class(document, user=request.user).check()
    except ValidationError as error:
        form.add_error(None, error)
    if request.method == "POST" and form.is_valid():
        try:
            action_class(
                document, user=request.user, reason=form.cleaned_data["reason"]
            ).execute()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, wording.done.format(number=number))
            return redirect(
                reverse("wagtailadmin_explore", args=(document.get_parent().pk,))
            )
    return TemplateResponse(
        request,
        "workflows/document_action.html",
        {
            "document": document,
            "form": form,
            "title": wording.title.format(number=number),
            "help": wording.help,
        },
    )


def reviews_due_for(user):
    if has_role(user, APPROVERS, AUDITORS):
        return documents_due_for_review()
    return documents_due_for_review(owner=user)


def reviews_due_report(request):
    return TemplateResponse(
        request,
        "workflows/reviews_due_report.html",
        {
            "documents": reviews_due_for(request.user),
            "today": timezone.localdate(),
        },
    )


def withdrawn_documents_report(request):
    documents = list(
        ControlledDocumentPage.objects.filter(withdrawn=True)
        .select_related("document_owner")
        .order_by("document_number")
    )
    may_reinstate = is_approver(request.user)
    for document in documents:
        document.may_reinstate = may_reinstate and (
            ReinstateDocumentAction(document, user=request.user).is_available()
        )
    return TemplateResponse(
        request,
        "workflows/withdrawn_report.html",
        {"documents": documents, "may_reinstate": may_reinstate},
    )
