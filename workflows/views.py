"""Admin views for the controlled actions outside approval."""

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse

from policies.models import ControlledDocumentPage

from . import control


class ReasonForm(forms.Form):
    reason = forms.CharField(widget=forms.Textarea(attrs={"rows": 4}), max_length=2000)


ACTIONS = {
    "withdraw": {
        "title": "Withdraw {number}",
        "label": "Reason for withdrawal",
        "help": "The document leaves the library and search; its issues stay in its "
        "history. Nobody can edit it again until an approver reinstates it.",
        "run": lambda document, user, reason: control.withdraw_document(
            document, user=user, reason=reason
        ),
        "done": "{number} is withdrawn.",
    },
    "reinstate": {
        "title": "Reinstate {number}",
        "label": "Reason for reinstatement",
        "help": "The document can be edited again. It returns to the library only "
        "when a new draft is approved.",
        "run": lambda document, user, reason: control.reinstate_document(
            document, user=user, reason=reason
        ),
        "done": "{number} is reinstated and can be edited again.",
    },
    "record-review": {
        "title": "Record the review of {number}",
        "label": "What you checked, and why no change is needed",
        "help": "An approver confirms the review; the next review date then moves by "
        "the review interval, without a new version.",
        "run": lambda document, user, reason: control.record_review(
            document, user=user, comment=reason
        ),
        "done": "Review of {number} recorded; an approver will confirm it.",
    },
    "confirm-review": {
        "title": "Confirm the review of {number}",
        "label": "Comment",
        "help": "Confirm that the document was reviewed and needs no change.",
        "run": lambda document, user, reason: control.confirm_review(
            control.pending_review(document) or _no_pending(document),
            user=user,
            comment=reason,
        ),
        "done": "Review of {number} confirmed; next review moved.",
    },
}


def _no_pending(document):
    raise ValidationError(
        f"No review of {document.document_number} awaits confirmation."
    )


def document_action(request, page_id, action):
    spec = ACTIONS.get(action)
    if spec is None:
        raise PermissionDenied
    document = get_object_or_404(ControlledDocumentPage, pk=page_id)
    number = document.document_number
    form = ReasonForm(request.POST or None)
    form.fields["reason"].label = spec["label"]
    if request.method == "POST" and form.is_valid():
        try:
            spec["run"](document, request.user, form.cleaned_data["reason"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, spec["done"].format(number=number))
            return redirect(
                reverse("wagtailadmin_explore", args=(document.get_parent().pk,))
            )
    return TemplateResponse(
        request,
        "workflows/document_action.html",
        {
            "document": document,
            "form": form,
            "title": spec["title"].format(number=number),
            "help": spec["help"],
        },
    )
