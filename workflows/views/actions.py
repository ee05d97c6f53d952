"""The admin form of each controlled action a person chooses on a document."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from wagtail.actions.registry import action_registry

from policies.models import ControlledDocumentPage

from ..actions.registry import DOCUMENT_ACTIONS


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


def after_action_url(document: ControlledDocumentPage, user) -> str:
    """Back to the document's section for those who may open it in the explorer;
    approvers, who hold no page permissions, to their dashboard (never a success
    message followed by a permission error)."""
    parent = document.get_parent()
    if parent.permissions_for_user(user).can_add_subpage():
        return reverse("wagtailadmin_explore", args=(parent.pk,))
    return reverse("wagtailadmin_home")


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
            return redirect(after_action_url(document, request.user))
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
